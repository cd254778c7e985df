"""Building blocks the rules are made of: streaks, runs, counts, scopes, discipline, tenure.

Pure functions of plain values; each is small enough to test against the sentence of the law
it encodes (docs/legal-basis.md).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable, Mapping
from datetime import date
from fractions import Fraction

from thidua.rules.model import DISCIPLINE_RANK, SCOPE_RANK, Discipline, Position


def streak_ending(
    qualifying: Collection[int],
    end: int,
    bridges: Collection[int] = (),
    floor: int | None = None,
) -> list[int]:
    """Years of the consecutive run ending at `end`, ascending.

    A year in `qualifying` counts; a year in `bridges` (a justified absence such as maternity
    leave) neither counts nor breaks the run; any other year breaks it. Years before `floor`
    (e.g. up to and including a predecessor award) are never reached.
    """
    counted: list[int] = []
    year = end
    lowest = floor if floor is not None else min([*qualifying, *bridges, end])
    while year >= lowest:
        if year in qualifying:
            counted.append(year)
        elif year not in bridges:
            break
        year -= 1
    counted.reverse()
    return counted


def chain_ending(award_years: Collection[int], end: int, step: int) -> list[int]:
    """Years of an award repeated every `step` years without a gap, ending at `end`, ascending.

    Used for titles that each cover a multi-year period (CSTĐ cấp tỉnh covers 3 years).
    """
    chain: list[int] = []
    year = end
    while year in award_years:
        chain.append(year)
        year -= step
    chain.reverse()
    return chain


def latest_at_or_before(years: Iterable[int], end: int) -> int | None:
    eligible = [y for y in years if y <= end]
    return max(eligible) if eligible else None


def run_floor_after(years: Iterable[int], end: int, inclusive: bool = False) -> int | None:
    """First year of a run that must follow the latest earlier award (counted from the year after it).

    With `inclusive`, an award in `end` itself also closes the run (ladders: a predecessor
    received this year leaves no run yet).
    """
    previous = [y for y in years if y < end or (inclusive and y == end)]
    return max(previous) + 1 if previous else None


def count_in(years: Iterable[int], window: Collection[int]) -> int:
    """How many entries of `years` (repeats allowed) fall inside `window`."""
    return sum(1 for y in years if y in window)


def scope_at_least(scope: str, required: str) -> bool:
    """Initiative scope comparison: co_so < tinh < toan_quoc."""
    return SCOPE_RANK[scope] >= SCOPE_RANK[required]


def form_at_least(form: str, minimum: str) -> bool:
    return DISCIPLINE_RANK[form] >= DISCIPLINE_RANK[minimum]


def disciplines_during(records: Iterable[Discipline], year: int, minimum: str) -> list[Discipline]:
    """Disciplines of at least `minimum` in force at any time during `year`."""
    return [d for d in records if form_at_least(d.form, minimum) and d.in_force_during(year)]


def disciplines_on(records: Iterable[Discipline], day: date, minimum: str) -> list[Discipline]:
    """Disciplines of at least `minimum` in force on `day`."""
    return [d for d in records if form_at_least(d.form, minimum) and d.in_force_on(day)]


def normalize_title(text: str) -> str:
    """Case- and accent-insensitive key for a position title ("Ủy"/"Uỷ", đ→d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().replace("-", " ").replace("–", " ").split())


def alias_index(aliases: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Normalised title → position code."""
    index: dict[str, str] = {}
    for code, titles in aliases.items():
        index[normalize_title(code.replace("_", " "))] = code
        for title in titles:
            index[normalize_title(title)] = code
    return index


def held_years(positions: Iterable[Position], codes: Collection[str], index: Mapping[str, str], until: date) -> Fraction:
    """Total time (years of 365.25 days) in positions whose code is in `codes`, overlaps merged, up to `until`."""
    spans = []
    for p in positions:
        code = index.get(normalize_title(p.title))
        if code in codes and p.start <= until:
            spans.append((p.start, min(p.end or until, until)))
    spans.sort()
    days = 0
    cur_start: date | None = None
    cur_end: date | None = None
    for start, end in spans:
        if cur_end is not None and start <= cur_end:
            cur_end = max(cur_end, end)
            continue
        if cur_start is not None and cur_end is not None:
            days += (cur_end - cur_start).days + 1
        cur_start, cur_end = start, end
    if cur_start is not None and cur_end is not None:
        days += (cur_end - cur_start).days + 1
    return Fraction(days) / Fraction(1461, 4)


def women_tenure_need(minimum: int, reduction: Mapping[str, object] | None) -> Fraction:
    """Years a woman must hold the post: `minimum` less a number of years (`{"years": 3}`, the old
    rule) or less a share of it (`{"share": "1/3"}`, NĐ 152/2025 Điều 4 khoản 7); never below 0."""
    if reduction is None:
        return Fraction(minimum)
    if "share" in reduction:
        return Fraction(minimum) * (1 - Fraction(str(reduction["share"])))
    years = reduction.get("years", 0)
    if not isinstance(years, int):
        raise ValueError("tenure reduction years must be an integer")
    return Fraction(max(minimum - years, 0))


def position_spans(positions: Iterable[Position], codes: Collection[str], index: Mapping[str, str],
                   until: date) -> list[tuple[date, date]]:
    """(start, end) of each position whose code is in `codes`, cut at `until`."""
    return [
        (p.start, min(p.end or until, until))
        for p in positions
        if index.get(normalize_title(p.title)) in codes and p.start <= until
    ]


def overlaps(start: date, end: date | None, span_start: date, span_end: date) -> bool:
    """A period [start, end] (end None: still running) meets [span_start, span_end]."""
    return start <= span_end and (end is None or end >= span_start)
