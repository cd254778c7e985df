"""Property tests for the building blocks: streaks, chains, runs after a predecessor."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from thidua.rules import blocks
from thidua.rules.model import Discipline, Position

YEARS = st.sets(st.integers(min_value=2010, max_value=2030), max_size=15)


@given(YEARS, st.integers(min_value=2010, max_value=2030))
def test_streak_is_consecutive_and_ends_at_end(qualifying: set[int], end: int) -> None:
    years = blocks.streak_ending(qualifying, end)
    assert all(y in qualifying for y in years)
    if years:
        assert years[-1] == end
        assert years == list(range(years[0], end + 1))
        assert years[0] - 1 not in qualifying
    else:
        assert end not in qualifying


@given(YEARS, YEARS, st.integers(min_value=2010, max_value=2030))
def test_bridges_never_shorten_a_streak(qualifying: set[int], bridges: set[int], end: int) -> None:
    plain = blocks.streak_ending(qualifying, end)
    bridged = blocks.streak_ending(qualifying, end, bridges - qualifying)
    assert len(bridged) >= len(plain)
    assert set(bridged) <= qualifying  # bridges are never counted


@given(YEARS, st.integers(min_value=2010, max_value=2030), st.integers(min_value=2010, max_value=2031))
def test_floor_truncates(qualifying: set[int], end: int, floor: int) -> None:
    years = blocks.streak_ending(qualifying, end, (), floor)
    full = blocks.streak_ending(qualifying, end)
    assert years == [y for y in full if y >= floor]


@given(YEARS, st.integers(min_value=2010, max_value=2030), st.integers(min_value=1, max_value=4))
def test_chain_steps(award_years: set[int], end: int, step: int) -> None:
    chain = blocks.chain_ending(award_years, end, step)
    assert all(b - a == step for a, b in zip(chain, chain[1:], strict=False))
    assert (chain[0] - step if chain else end) not in award_years


@given(YEARS, st.integers(min_value=2010, max_value=2030))
def test_run_floor_after_predecessor(preds: set[int], end: int) -> None:
    floor = blocks.run_floor_after(preds, end, inclusive=True)
    before = [y for y in preds if y <= end]
    assert floor == (max(before) + 1 if before else None)


def test_scope_order() -> None:
    assert blocks.scope_at_least("toan_quoc", "tinh") and blocks.scope_at_least("tinh", "tinh")
    assert not blocks.scope_at_least("co_so", "tinh")


def test_discipline_during_year_and_on_date() -> None:
    d = Discipline("CANH_CAO", date(2024, 11, 1), date(2025, 2, 1))
    assert blocks.disciplines_during([d], 2024, "KHIEN_TRACH") == [d]
    assert blocks.disciplines_during([d], 2025, "KHIEN_TRACH") == [d]
    assert blocks.disciplines_during([d], 2026, "KHIEN_TRACH") == []
    assert blocks.disciplines_during([d], 2025, "CACH_CHUC") == []
    assert blocks.disciplines_on([d], date(2025, 2, 2), "KHIEN_TRACH") == []
    open_ended = Discipline("KHIEN_TRACH", date(2025, 5, 1))
    assert blocks.disciplines_on([open_ended], date(2030, 1, 1), "KHIEN_TRACH") == [open_ended]


def test_held_years_merges_overlaps_and_caps_at_date() -> None:
    index = blocks.alias_index({"GIAM_DOC_SO": ["Giám đốc sở"]})
    ps = [Position("Giám đốc Sở", date(2010, 1, 1), date(2015, 12, 31)),
          Position("giam doc so", date(2015, 1, 1), None)]
    assert round(float(blocks.held_years(ps, ["GIAM_DOC_SO"], index, date(2019, 12, 31))), 1) == 10.0
    assert blocks.held_years(ps, ["OTHER"], index, date(2019, 12, 31)) == 0
