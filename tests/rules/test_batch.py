"""The columnar evaluator agrees with the scalar engine on random histories."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from thidua.rules.batch import PopulationBuilder, evaluate_population, indices, population_from_cases
from thidua.rules.catalog import load_catalog
from thidua.rules.engine import evaluate
from thidua.rules.model import RATINGS, SCOPES, AwardRecord, Case, Discipline, Initiative, Rating, Subject

FIRST, LAST = 2016, 2025
BATCH_AWARDS = ["LAO_DONG_TIEN_TIEN", "CHIEN_SI_TIEN_TIEN", "CSTD_CO_SO", "CSTD_TINH", "CSTD_TOAN_QUOC",
                "BK_TINH", "BK_TTG", "HC_LAO_DONG_3", "HC_LAO_DONG_2", "HC_LAO_DONG_1", "GIAY_KHEN"]
HISTORY_CODES = ["LAO_DONG_TIEN_TIEN", "CSTD_CO_SO", "CSTD_TINH", "CSTD_TOAN_QUOC", "BK_TINH", "BK_TTG",
                 "HC_LAO_DONG_3", "HC_LAO_DONG_2"]
year_st = st.integers(min_value=FIRST, max_value=LAST)


History = tuple[tuple[Rating, ...], tuple[AwardRecord, ...], tuple[Initiative, ...], tuple[Discipline, ...]]


@st.composite
def histories(draw: st.DrawFn, dense: bool = False) -> History:
    """Random histories; `dense` ones are biased towards long streaks so ladders are reached."""
    good = ["HTXSNV", "HTXSNV", "HTTNV", "HTTNV", "HTTNV", "HTNV", None]
    ratings = []
    for y in range(FIRST, LAST + 1):
        rating = draw(st.sampled_from(good if dense else [None, *RATINGS, "HTXSNV", "HTTNV"]))
        justified = draw(st.booleans()) if rating is None or draw(st.integers(0, 9)) == 0 else False
        absence = draw(st.sampled_from(["maternity", "other"])) if justified else None
        if rating is not None or justified:
            ratings.append(Rating(y, rating, justified, absence))
    if dense:
        pairs = {(c, y) for y in range(FIRST, LAST + 1) for c in ("LAO_DONG_TIEN_TIEN", "CSTD_CO_SO")
                 if draw(st.integers(0, 9)) < 7}
        for code in ("BK_TINH", "BK_TTG", "HC_LAO_DONG_3", "HC_LAO_DONG_2"):
            if draw(st.booleans()):
                pairs.add((code, draw(st.integers(FIRST - 2, FIRST + 4))))
        first_tinh = draw(st.integers(FIRST, FIRST + 3))
        pairs |= {("CSTD_TINH", y) for y in range(first_tinh, LAST + 1, 3) if draw(st.integers(0, 3)) > 0}
        if draw(st.booleans()):
            pairs.add(("CSTD_TOAN_QUOC", draw(year_st)))
    else:
        pairs = draw(st.sets(st.tuples(st.sampled_from(HISTORY_CODES), st.integers(FIRST - 2, LAST)), max_size=12))
    # award kinds: đột xuất / chuyên đề ones do not ground a ladder under NĐ152 (Điều 4 khoản 3)
    awards = tuple(AwardRecord(c, y, None, draw(st.sampled_from(["annual", "annual", "annual", "ad_hoc", "thematic"])))
                   for c, y in sorted(pairs))
    n_ini = 12 if dense else 6
    initiatives = tuple(Initiative(y, s) for y, s in draw(st.lists(st.tuples(year_st, st.sampled_from(SCOPES)), max_size=n_ini)))
    discipline = []
    for _ in range(draw(st.integers(0, 1 if dense else 2))):
        start = date(draw(year_st), draw(st.integers(1, 12)), 1)
        end = None if draw(st.booleans()) else date(start.year + draw(st.integers(0, 1)), draw(st.integers(1, 12)), 28)
        if end is not None and end < start:
            end = start
        discipline.append(Discipline(draw(st.sampled_from(["KHIEN_TRACH", "CANH_CAO"])), start, end))
    return tuple(ratings), awards, initiatives, tuple(discipline)


people_st = st.lists(st.one_of(histories(), histories(dense=True)), min_size=1, max_size=10)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(people_st, st.integers(min_value=LAST - 3, max_value=LAST), st.sampled_from([date(2025, 3, 1), date(2025, 12, 20)]),
       st.lists(st.booleans(), min_size=10, max_size=10))
def test_batch_agrees_with_engine(people: list, year: int, as_of: date, armed: list[bool]) -> None:
    catalog = load_catalog()
    for award in BATCH_AWARDS:
        cases = [Case(award, year, as_of, Subject("individual", armed_forces=armed[k]), r, a, i, d)
                 for k, (r, a, i, d) in enumerate(people)]
        pop = population_from_cases(cases, FIRST, LAST, as_of)
        bits = evaluate_population(pop, award, year, catalog)
        expected = [i for i, c in enumerate(cases) if evaluate(c, catalog).eligible]
        assert indices(bits) == expected, (award, year)


def test_worked_examples_in_batch() -> None:
    b = PopulationBuilder(3, FIRST, LAST, date(2025, 12, 20))
    for y in (2023, 2024, 2025):
        b.add_award(0, "CSTD_CO_SO", y)
        b.add_award(1, "CSTD_CO_SO", y)
    b.add_initiative(0, 2025, "tinh")
    b.add_initiative(1, 2025, "co_so")
    pop = b.build()
    assert indices(evaluate_population(pop, "CSTD_TINH", 2025)) == [0]
    assert indices(evaluate_population(pop, "BK_TINH", 2025)) == [0, 1]
    assert evaluate_population(pop, "TT_LD_TIEN_TIEN", 2025) == 0  # collective title: no individual is eligible


def test_indices() -> None:
    assert indices(0) == []
    assert indices(0b1010_0000_0001) == [0, 9, 11]
    assert indices(1 << 200_001) == [200_001]
