"""Whole-population evaluation, columnar and bit-sliced.

Layout: for every (fact, year) one Python int whose bit i is person i ("person bitset"). A rule
over 200,000 people is then a few dozen big-int AND/OR operations per year instead of a loop
over people. Explanations are not built here: for the people shown on a page, call
`engine.evaluate` with their case (`explain`). `evaluate_population` agrees with the scalar
engine on the same data (tests/rules/test_batch.py checks it with hypothesis).

Scope: individual subjects and the checks that read ratings, titles, initiatives and
discipline. The tenure path (positions) and member-count checks are not columnar: a path using
them is skipped here (never makes anyone eligible); evaluate those people with the engine.
Ladders need `ladder_run_start = "achievement_year"` (the default).

Build a population with `PopulationBuilder` (one call per registry row, bits set in bytearrays,
then one int per (fact, year)), e.g. from a queryset of ratings/awards/initiatives/discipline.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from thidua.rules import checks_history  # noqa: F401  (checks registered; same names as here)
from thidua.rules.catalog import Catalog, CatalogError, CatalogView, PathDef, choose, default_catalog
from thidua.rules.context import as_codes, as_int
from thidua.rules.engine import applicable_paths
from thidua.rules.model import DISCIPLINE_FORMS, RATING_RANK, RATINGS, SCOPE_RANK, SCOPES, Case, Verdict

INITIATIVE_LAYERS = 3  # counts of initiatives per person-year are kept up to this many
# Award kinds that may not ground a công trạng ladder (NĐ 152/2025 Điều 4 khoản 3, catalog
# `ladder_excluded_kinds`): `awards_core` holds every award of another kind.
NON_CORE_KINDS = frozenset({"thematic", "ad_hoc"})


@dataclass
class Population:
    """Person bitsets per (fact, year) over the window first_year..last_year, judged on `as_of`."""

    n: int
    first_year: int
    last_year: int
    as_of: date
    ratings: dict[str, dict[int, int]] = field(default_factory=dict)  # rating -> year -> bits (exact rating)
    justified: dict[int, int] = field(default_factory=dict)  # year -> bits (justified absence)
    awards: dict[str, dict[int, int]] = field(default_factory=dict)  # code -> achievement year -> bits
    awards_before: dict[str, int] = field(default_factory=dict)  # code -> held before first_year
    # scope -> year -> [bits with >= 1, >= 2, >= 3 initiatives of at least that scope]
    initiatives: dict[str, dict[int, list[int]]] = field(default_factory=dict)
    disciplined_during: dict[str, dict[int, int]] = field(default_factory=dict)  # form -> year -> bits
    disciplined_on_as_of: dict[str, int] = field(default_factory=dict)  # form -> bits
    # Awards of a kind that grounds a ladder (not đột xuất / chuyên đề); None: kinds unknown, every
    # award counts (a population built without kinds).
    awards_core: dict[str, dict[int, int]] | None = None
    awards_core_before: dict[str, int] = field(default_factory=dict)
    maternity: dict[int, int] = field(default_factory=dict)  # year -> bits (justified absence: maternity)
    armed: int = 0  # people of the armed forces (Chiến sĩ tiên tiến, ...)

    @property
    def everyone(self) -> int:
        return (1 << self.n) - 1


class PopulationBuilder:
    """Collects registry rows person by person, then packs them into a `Population`."""

    def __init__(self, n: int, first_year: int, last_year: int, as_of: date) -> None:
        self.n, self.first_year, self.last_year, self.as_of = n, first_year, last_year, as_of
        self._size = (n + 7) // 8
        self._bufs: dict[tuple[str, ...], bytearray] = {}
        self._counts: dict[tuple[str, int, int], int] = {}

    def _set(self, key: tuple[str, ...], i: int) -> None:
        if not 0 <= i < self.n:
            raise IndexError(f"person index {i} outside 0..{self.n - 1}")
        buf = self._bufs.get(key)
        if buf is None:
            buf = self._bufs[key] = bytearray(self._size)
        buf[i >> 3] |= 1 << (i & 7)

    def _in_window(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year

    def add_rating(self, i: int, year: int, rating: str | None, justified_absence: bool = False,
                   absence: str | None = None) -> None:
        if not self._in_window(year):
            return
        if rating is not None:
            self._set(("r", rating, str(year)), i)
        if justified_absence:
            self._set(("j", str(year)), i)
            if absence == "maternity":
                self._set(("m", str(year)), i)

    def add_award(self, i: int, code: str, year: int, kind: str = "annual") -> None:
        core = kind not in NON_CORE_KINDS
        if year < self.first_year:
            self._set(("ab", code), i)
            if core:
                self._set(("cb", code), i)
        elif year <= self.last_year:
            self._set(("a", code, str(year)), i)
            if core:
                self._set(("c", code, str(year)), i)

    def set_armed(self, i: int) -> None:
        self._set(("armed",), i)

    def add_initiative(self, i: int, year: int, scope: str) -> None:
        if not self._in_window(year):
            return
        for s in SCOPES[: SCOPE_RANK[scope] + 1]:
            key = (s, i, year)
            count = self._counts[key] = self._counts.get(key, 0) + 1
            if count <= INITIATIVE_LAYERS:
                self._set(("i", s, str(year), str(count)), i)

    def add_discipline(self, i: int, form: str, start: date, end: date | None) -> None:
        for year in range(max(start.year, self.first_year), min((end or date.max).year, self.last_year) + 1):
            self._set(("dd", form, str(year)), i)
        if start <= self.as_of and (end is None or self.as_of <= end):
            self._set(("dn", form), i)

    def build(self) -> Population:
        pop = Population(self.n, self.first_year, self.last_year, self.as_of)
        pop.awards_core = {}
        for key, buf in self._bufs.items():
            bits = int.from_bytes(buf, "little")
            kind = key[0]
            if kind == "r":
                pop.ratings.setdefault(key[1], {})[int(key[2])] = bits
            elif kind == "j":
                pop.justified[int(key[1])] = bits
            elif kind == "a":
                pop.awards.setdefault(key[1], {})[int(key[2])] = bits
            elif kind == "ab":
                pop.awards_before[key[1]] = bits
            elif kind == "c":
                pop.awards_core.setdefault(key[1], {})[int(key[2])] = bits
            elif kind == "cb":
                pop.awards_core_before[key[1]] = bits
            elif kind == "m":
                pop.maternity[int(key[1])] = bits
            elif kind == "armed":
                pop.armed = bits
            elif kind == "i":
                layers = pop.initiatives.setdefault(key[1], {}).setdefault(int(key[2]), [0] * INITIATIVE_LAYERS)
                layers[int(key[3]) - 1] = bits
            elif kind == "dd":
                pop.disciplined_during.setdefault(key[1], {})[int(key[2])] = bits
            else:
                pop.disciplined_on_as_of[key[1]] = bits
        return pop


def population_from_cases(cases: Sequence[Case], first_year: int, last_year: int, as_of: date) -> Population:
    """Columnar form of scalar cases (tests, small imports)."""
    b = PopulationBuilder(len(cases), first_year, last_year, as_of)
    for i, case in enumerate(cases):
        for r in case.ratings:
            b.add_rating(i, r.year, r.rating, r.justified_absence, r.absence)
        for a in case.awards:
            b.add_award(i, a.code, a.year, a.kind)
        if case.subject.armed_forces:
            b.set_armed(i)
        for ini in case.initiatives:
            b.add_initiative(i, ini.year, ini.scope)
        for d in case.discipline:
            b.add_discipline(i, d.form, d.start, d.end)
    return b.build()


class _Eval:
    """One award on one population: caches of the per-year unions the checks share."""

    def __init__(self, pop: Population, view: CatalogView, award: str, year: int) -> None:
        self.pop, self.view, self.code, self.year = pop, view, award, year
        self.all = pop.everyone
        self._cache: dict[tuple[object, ...], int] = {}

    def _memo(self, key: tuple[object, ...], make: Callable[[], int]) -> int:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]

    def rating_ge(self, minimum: str, y: int) -> int:
        def make() -> int:
            bits = 0
            for r in RATINGS[RATING_RANK[minimum]:]:
                bits |= self.pop.ratings.get(r, {}).get(y, 0)
            return bits

        return self._memo(("r", minimum, y), make)

    def disc_during(self, minimum: str, y: int) -> int:
        def make() -> int:
            bits = 0
            for f in DISCIPLINE_FORMS[DISCIPLINE_FORMS.index(minimum):]:
                bits |= self.pop.disciplined_during.get(f, {}).get(y, 0)
            return bits

        return self._memo(("dd", minimum, y), make)

    def disc_now(self, minimum: str) -> int:
        bits = 0
        for f in DISCIPLINE_FORMS[DISCIPLINE_FORMS.index(minimum):]:
            bits |= self.pop.disciplined_on_as_of.get(f, 0)
        return bits

    def held(self, codes: Iterable[str], y: int) -> int:
        bits = 0
        for c in codes:
            bits |= self.pop.awards.get(c, {}).get(y, 0)
        return bits

    def core_source(self) -> tuple[dict[str, dict[int, int]], dict[str, int]]:
        """Awards that may ground a ladder on this date (`ladder_excluded_kinds`)."""
        excluded = set(as_codes(self.view.param("ladder_excluded_kinds").value, "ladder_excluded_kinds"))
        if not excluded or self.pop.awards_core is None:
            return self.pop.awards, self.pop.awards_before
        if excluded != NON_CORE_KINDS:
            raise CatalogError(f"batch: ladder_excluded_kinds must be empty or {sorted(NON_CORE_KINDS)}")
        return self.pop.awards_core, self.pop.awards_core_before

    def initiatives(self, scope: str, y: int) -> list[int]:
        return self.pop.initiatives.get(scope, {}).get(y, [0] * INITIATIVE_LAYERS)

    def param(self, path: PathDef | None, name: str, required: bool = True) -> object:
        found = choose(self.view, self.code, path.id if path else None, name)
        if found is None:
            if required:
                raise CatalogError(f"{self.code}: thiếu tham số {name} / missing parameter {name}")
            return None
        return found.value

    def walk(
        self,
        need: int,
        qualify: Callable[[int], int],
        stop: Callable[[int], int],
        counters: Sequence[tuple[int, Callable[[int], Sequence[int]], bool]] = (),
    ) -> tuple[int, list[int]]:
        """Consecutive run ending at `year`, bit-sliced.

        Returns (persons whose run counts >= need, [persons whose counter reached its cap, per
        counter]). A counter is (cap, year -> [bits >= 1, bits >= 2, ...], window_last_need): it
        adds over counted years, only the last `need` counted ones when `window_last_need`.
        """
        years = range(self.year, self.pop.first_year - 1, -1)
        alive = self.all
        c = [self.all] + [0] * need
        ec = [[self.all] + [0] * cap for cap, _, _ in counters]
        for y in years:
            alive &= ~stop(y)
            if not alive:
                break
            q_raw = qualify(y)
            q = alive & q_raw
            for (cap, layers_of, windowed), counts in zip(counters, ec, strict=True):
                layers = layers_of(y)
                scope = q & ~c[need] if windowed else q
                for j in range(cap, 0, -1):
                    add = 0
                    for m in range(1, min(j, len(layers)) + 1):
                        add |= counts[j - m] & layers[m - 1] & scope
                    counts[j] |= add
            for j in range(need, 0, -1):
                c[j] |= c[j - 1] & q
            alive &= q_raw | self.pop.justified.get(y, 0)
        return c[need], [counts[-1] for counts in ec]


def _streak_stop(ev: _Eval, path: PathDef | None) -> Callable[[int], int]:
    reset = ev.param(path, "reset_after", required=False)
    codes = as_codes(reset, "reset_after") if reset is not None else []
    return lambda y: ev.held(codes, y) if codes and y < ev.year else 0


def _rating_qualify(ev: _Eval, minimum: str) -> Callable[[int], int]:
    breaking = ev.view.param("streak_discipline_min_form").value
    maternity = ev.view.find("maternity_counts")
    if maternity is not None and maternity.value:
        # a maternity year without a rating counts (NĐ 152/2025 Điều 4 khoản 5)
        return lambda y: (ev.rating_ge(minimum, y) | (ev.pop.maternity.get(y, 0) & ~ev.rating_ge(RATINGS[0], y))) \
            & ~ev.disc_during(breaking, y)
    return lambda y: ev.rating_ge(minimum, y) & ~ev.disc_during(breaking, y)


def _title_stop(ev: _Eval, path: PathDef | None) -> Callable[[int], int]:
    """A title run stops at a reset award and at a year with discipline (achievements count from the
    end of the discipline, NĐ 152/2025 Điều 4 khoản 4)."""
    reset = _streak_stop(ev, path)
    breaking = str(ev.view.param("streak_discipline_min_form").value)
    return lambda y: reset(y) | ev.disc_during(breaking, y)


def _check(ev: _Eval, name: str, path: PathDef | None) -> int | None:
    """Person bitset meeting every reason of check `name`; None when the check is not columnar."""
    y = ev.year
    if name == "discipline_in_year":
        minimum = ev.param(path, "discipline_min_form", required=False) or ev.view.param("title_discipline_min_form").value
        return ev.all & ~ev.disc_during(str(minimum), y)
    if name == "discipline_on_date":
        return ev.all & ~ev.disc_now(ev.view.param("proposal_discipline_min_form").value)
    if name == "prerequisite_in_year":
        return ev.held(as_codes(ev.param(path, "prerequisite_titles"), "prerequisite_titles"), y)
    if name == "rating_in_year":
        return ev.rating_ge(str(ev.param(path, "min_rating")), y)
    if name == "initiative_in_year":
        return ev.initiatives(str(ev.param(path, "min_scope")), y)[0]
    if name == "title_streak":
        codes = as_codes(ev.param(path, "streak_titles"), "streak_titles")
        need = as_int(ev.param(path, "streak_years"), "streak_years")
        scope = ev.param(path, "initiative_scope", required=False)
        counters = [(1, lambda yy: ev.initiatives(str(scope), yy), True)] if scope else []
        ok, extra = ev.walk(need, lambda yy: ev.held(codes, yy), _title_stop(ev, path), counters)
        return ok & extra[0] if scope else ok
    if name == "rating_streak":
        need = as_int(ev.param(path, "streak_years"), "streak_years")
        scope = ev.param(path, "initiative_scope", required=False)
        count = ev.param(path, "initiative_count", required=False)
        cap = as_int(count, "initiative_count") if count is not None else 1
        if cap > INITIATIVE_LAYERS * 8:
            raise CatalogError("initiative_count too large for batch")
        counters = [(cap, lambda yy: ev.initiatives(str(scope), yy), False)] if scope else []
        ok, extra = ev.walk(need, _rating_qualify(ev, str(ev.param(path, "streak_rating"))), _streak_stop(ev, path), counters)
        return ok & extra[0] if scope else ok
    if name == "title_chain":
        code = as_codes(ev.param(path, "chain_title"), "chain_title")[0]
        need = as_int(ev.param(path, "chain_count"), "chain_count")
        step = as_int(ev.param(path, "chain_step_years"), "chain_step_years")
        bits = ev.all
        for k in range(need):
            bits &= ev.held([code], y - k * step)
        scope = ev.param(path, "initiative_scope", required=False)
        if scope:
            any_ini = 0
            for yy in range(y - step * need + 1, y + 1):
                any_ini |= ev.initiatives(str(scope), yy)[0]
            bits &= any_ini
        return bits
    if name == "ladder":
        return _ladder(ev, path)
    return None


def _ladder(ev: _Eval, path: PathDef | None) -> int:
    if ev.view.param("ladder_run_start").value != "achievement_year":
        raise CatalogError("batch: ladder_run_start must be 'achievement_year'")
    preds = as_codes(ev.param(path, "predecessor"), "predecessor")
    core, core_before = ev.core_source()

    def held_core(codes: Iterable[str], yy: int) -> int:
        bits = 0
        for c in codes:
            bits |= core.get(c, {}).get(yy, 0)
        return bits

    has_pred = 0
    for c in preds:
        has_pred |= core_before.get(c, 0)
    for yy in range(ev.pop.first_year, ev.year + 1):
        has_pred |= held_core(preds, yy)
    need = as_int(ev.param(path, "run_years"), "run_years")
    htxs = as_int(ev.param(path, "run_htxs_min"), "run_htxs_min")
    options = ev.param(path, "run_titles")
    if not isinstance(options, list):
        raise CatalogError("run_titles")
    counters: list[tuple[int, Callable[[int], Sequence[int]], bool]] = []
    if htxs > 0:
        counters.append((htxs, lambda yy: [ev.pop.ratings.get(RATINGS[-1], {}).get(yy, 0)], False))
    def held_layers(code: str) -> Callable[[int], Sequence[int]]:
        return lambda yy: [held_core([code], yy)]

    for option in options:
        for code, k in option.items():
            counters.append((as_int(k, "run_titles"), held_layers(str(code)), False))
    ok, extra = ev.walk(need, _rating_qualify(ev, str(ev.param(path, "run_min_rating"))),
                        lambda yy: held_core(preds, yy), counters)
    bits = has_pred & ok
    if htxs > 0:
        bits &= extra[0]
    if options:
        offset = 1 if htxs > 0 else 0
        any_option = 0
        i = offset
        for option in options:
            opt_bits = ev.all
            for _ in option:
                opt_bits &= extra[i]
                i += 1
            any_option |= opt_bits
        bits &= any_option
    return bits


def evaluate_population(
    pop: Population, award: str, year: int, catalog: Catalog | None = None
) -> int:
    """Person bitset of those eligible for `award` in `year` on `pop.as_of` (individual subjects)."""
    if not pop.first_year <= year <= pop.last_year:
        raise ValueError("year outside the population window")
    view = (catalog or default_catalog()).for_date(pop.as_of)
    definition = view.award(award)
    if "individual" not in definition.subjects:
        return 0
    ev = _Eval(pop, view, award, year)
    bits = ev.all
    if definition.serves == "armed_forces":
        bits &= pop.armed
    elif definition.serves == "civilian":
        bits &= ~pop.armed
    for name in definition.checks:
        got = _check(ev, name, None)
        if got is None:
            raise CatalogError(f"batch: check {name!r} is not columnar")
        bits &= got
    any_path = 0
    for path in applicable_paths(definition, "individual"):
        if not path.checks:
            continue
        path_bits = ev.all
        for name in path.checks:
            got = _check(ev, name, path)
            if got is None:  # tenure and member counts are not columnar: the path is skipped
                path_bits = 0
                break
            path_bits &= got
        any_path |= path_bits
    return bits & any_path


def indices(bits: int) -> list[int]:
    """Positions of the set bits, ascending (fast: scans bytes, not bits)."""
    out: list[int] = []
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for byte_index, byte in enumerate(data):
        if byte:
            base = byte_index * 8
            out.extend(base + k for k in range(8) if byte >> k & 1)
    return out


def explain(case: Case, catalog: Catalog | None = None) -> Verdict:
    """The scalar verdict with reasons, for one person shown on a page."""
    from thidua.rules.engine import evaluate

    return evaluate(case, catalog)
