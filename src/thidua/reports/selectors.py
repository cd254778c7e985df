"""The year's statistics, read from the tallies (``models``) and scoped to the user."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.db.models import QuerySet, Sum
from django.utils import timezone

from thidua.org.models import Unit, UnitKind
from thidua.org.scope import units_visible_to
from thidua.registry import catalog
from thidua.registry.models import Award, AwardLevel, AwardStatus

from . import formatting as fmt
from .models import (
    TALLY_MODELS,
    AwardTally,
    EthnicityTally,
    MovementTally,
    ProvinceAwardTally,
    ProvinceEthnicityTally,
    ProvinceMovementTally,
)
from .params import CALENDAR, MODES, STATISTICS, ReportParams, report_params
from .summary_sql import TALLIES

COMMUNE_KINDS = frozenset({UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP})
SUBJECT_LABELS = {"P": "Cá nhân", "C": "Tập thể", "H": "Hộ gia đình"}
SEX_LABELS = {"M": "Nam", "F": "Nữ", "": "Chưa rõ"}
LEVEL_ORDER = [AwardLevel.STATE, AwardLevel.PROVINCE, AwardLevel.GRASSROOTS]


def _level_rank(level: str) -> int:
    return [str(x) for x in LEVEL_ORDER].index(level) if level in LEVEL_ORDER else 9


@dataclass(frozen=True)
class Period:
    year: int
    mode: str = CALENDAR

    def __post_init__(self) -> None:
        if self.mode not in MODES:
            raise ValueError(f"Kỳ báo cáo không hợp lệ: «{self.mode}» (chọn calendar hoặc statistics).")

    def label(self, params: ReportParams) -> str:
        if self.mode == CALENDAR:
            return f"Năm {self.year}"
        start, end = params.stats_year_bounds(self.year)
        return f"Năm thống kê {self.year} ({start:%d/%m/%Y} – {end:%d/%m/%Y})"

    def previous(self) -> Period:
        return Period(self.year - 1, self.mode)


@dataclass(frozen=True)
class Share:
    numerator: int
    denominator: int
    percent: Decimal | None

    @property
    def text(self) -> str:
        return fmt.percent(self.percent)


@dataclass
class Row:
    key: str
    label: str
    count: int
    amount: int = 0


@dataclass
class YearStats:
    period: Period
    label: str
    total: int
    amount: int
    by_level: list[Row]
    by_code: list[Row]
    by_subject: list[Row]
    by_sex: list[Row]
    by_ethnicity: list[Row]
    by_unit: list[Row]
    by_unit_kind: list[Row]
    by_commune: list[Row]
    by_movement: list[Row]
    by_kind: list[Row]
    share: Share
    previous_share: Share
    change_points: Decimal | None
    change_percent: Decimal | None
    level_counts: dict[str, int] = field(default_factory=dict)

    @property
    def change_points_text(self) -> str:
        return fmt.change_points(self.change_points)

    @property
    def change_percent_text(self) -> str:
        return fmt.change_percent(self.change_percent)


def award_label(code: str) -> str:
    """The award's name in the legal version in force today; a code retired before today is its own label."""
    return catalog.award_name_on(code, timezone.localdate())


def _in_period(qs: QuerySet[Any], period: Period, params: ReportParams) -> QuerySet[Any]:
    if period.mode == CALENDAR:
        return qs.filter(year=period.year)
    lo, hi = params.stats_year_ym(period.year)
    return qs.filter(decision_ym__gte=lo, decision_ym__lte=hi)


def _province_wide(user: Any) -> bool:
    return bool(getattr(user, "is_province_wide", False))


def _tally(user: Any, unit_model: type[models.Model], province_model: type[models.Model] | None) -> QuerySet[Any]:
    """The province tier for province-wide users; otherwise the unit tier within the user's units."""
    if _province_wide(user):
        return (province_model or unit_model)._default_manager.all()
    return unit_model._default_manager.filter(unit_id__in=units_visible_to(user).values("id"))


def summary_rows(user: Any, period: Period, params: ReportParams | None = None) -> QuerySet[Any]:
    """Award tally rows of the period within the user's scope."""
    return _in_period(_tally(user, AwardTally, ProvinceAwardTally), period, params or report_params())


def ethnicity_rows(user: Any, period: Period, params: ReportParams | None = None) -> QuerySet[Any]:
    return _in_period(_tally(user, EthnicityTally, ProvinceEthnicityTally), period, params or report_params())


def movement_rows(user: Any, period: Period, params: ReportParams | None = None) -> QuerySet[Any]:
    return _in_period(_tally(user, MovementTally, ProvinceMovementTally), period, params or report_params())


def unit_rows(user: Any, period: Period, params: ReportParams | None = None) -> QuerySet[AwardTally]:
    """Unit-tier award rows of the period (every unit for province-wide users)."""
    return _in_period(_tally(user, AwardTally, None), period, params or report_params())


def _qualifies(params: ReportParams, subject: str, direct: bool, grassroots: bool, small: bool) -> bool:
    return ((params.share_grassroots_units and grassroots) or (params.share_small_collectives and small)
            or (params.share_direct_workers and subject == "P" and direct))


def _pct(num: int, den: int, params: ReportParams) -> Decimal | None:
    if den == 0:
        return None
    q = Decimal(1).scaleb(-params.share_decimals)
    return (Decimal(num) * 100 / Decimal(den)).quantize(q, rounding=params.share_rounding)


SHARE_COLS = ("subject", "is_direct_worker", "is_grassroots_unit", "is_small_collective")


def _share(rows: Any, params: ReportParams) -> Share:
    """``rows``: (subject, direct, grassroots, small, count) of the share levels."""
    num = den = 0
    for subject, direct, grassroots, small, c in rows:
        den += c
        if _qualifies(params, subject, direct, grassroots, small):
            num += c
    return Share(num, den, _pct(num, den, params))


def share_of(user: Any, period: Period, params: ReportParams | None = None) -> Share:
    params = params or report_params()
    qs = summary_rows(user, period, params).filter(level__in=params.share_levels)
    return _share(qs.values_list(*SHARE_COLS).annotate(c=Sum("n")).order_by(), params)


def _units_map() -> dict[int, tuple[str, str, str]]:
    return {pk: (name, kind, path) for pk, name, kind, path in Unit.objects.values_list("id", "name", "kind", "path")}


def _rows(counter: Counter[Any], amounts: Counter[Any], label: Any, order: list[Any] | None = None) -> list[Row]:
    keys = order if order is not None else sorted(counter, key=lambda k: (-counter[k], str(k)))
    return [Row(str(k), label(k), counter[k], amounts[k]) for k in keys if counter.get(k)]


GROUPING_COLS = ("level", "code", "subject", "kind", "is_direct_worker", "is_grassroots_unit",
                 "is_small_collective")
MEASURES = ("n", "amount", "n_male", "n_female")
SETS: dict[str, tuple[str, ...]] = {
    "code": ("level", "code"), "subject": ("subject",), "kind": ("kind",),
    "share": ("level", *SHARE_COLS),
}


def _mask(cols: tuple[str, ...]) -> int:
    n = len(GROUPING_COLS)
    return sum(1 << (n - 1 - i) for i, c in enumerate(GROUPING_COLS) if c not in cols)


def _cut_rows(user: Any, period: Period, params: ReportParams) -> dict[str, list[tuple[Any, ...]]]:
    """Per cut: (its columns…, n, amount, n_male, n_female). PostgreSQL: one GROUPING SETS query;
    elsewhere summed in Python."""
    qs = summary_rows(user, period, params)
    out: dict[str, list[tuple[Any, ...]]] = {name: [] for name in SETS}
    if connection.vendor == "postgresql":
        inner, inner_params = qs.values(*GROUPING_COLS, *MEASURES).query.sql_with_params()
        col_sql = ", ".join(GROUPING_COLS)
        sets = ", ".join("(" + ", ".join(c) + ")" for c in SETS.values())
        sums = ", ".join(f"SUM({m})" for m in MEASURES)
        sql = (f"SELECT {col_sql}, GROUPING({col_sql}), {sums} FROM ({inner}) s "
               f"GROUP BY GROUPING SETS ({sets}) HAVING SUM(n) <> 0")
        by_mask = {_mask(c): name for name, c in SETS.items()}
        index = {c: i for i, c in enumerate(GROUPING_COLS)}
        width = len(GROUPING_COLS)
        with connection.cursor() as cur:
            cur.execute(sql, inner_params)
            for row in cur.fetchall():
                name = by_mask[row[width]]
                out[name].append(tuple(row[index[c]] for c in SETS[name]) + tuple(int(v) for v in row[width + 1:]))
        return out
    acc: dict[str, dict[tuple[Any, ...], list[int]]] = {name: {} for name in SETS}
    for row in qs.values_list(*GROUPING_COLS).annotate(*(Sum(m) for m in MEASURES)).order_by():
        values = dict(zip(GROUPING_COLS, row[:len(GROUPING_COLS)], strict=True))
        for name, cols in SETS.items():
            total = acc[name].setdefault(tuple(values[c] for c in cols), [0] * len(MEASURES))
            for i, v in enumerate(row[len(GROUPING_COLS):]):
                total[i] += v
    for name in SETS:
        out[name] = [k + tuple(v) for k, v in acc[name].items() if v[0]]
    return out


def year_statistics(user: Any, period: Period, params: ReportParams | None = None) -> YearStats:
    params = params or report_params()
    by: dict[str, Counter[Any]] = {n: Counter() for n in
                                   ("level", "code", "subject", "sex", "eth", "unit", "kind", "movement")}
    money: dict[str, Counter[Any]] = {n: Counter() for n in by}
    cuts = _cut_rows(user, period, params)
    for level, code, c, a, _m, _f in cuts["code"]:
        by["level"][level] += c
        money["level"][level] += a
        by["code"][(level, code)] += c
        money["code"][(level, code)] += a
    for name in ("subject", "kind"):
        for key, c, a, _m, _f in cuts[name]:
            by[name][key] += c
            money[name][key] += a
    for subject, c, _a, male, female in cuts["subject"]:
        if subject == "P":
            by["sex"].update({"M": male, "F": female, "": c - male - female})
    share = _share(((s, d, g, sm, c) for lv, s, d, g, sm, c, *_ in cuts["share"] if lv in params.share_levels),
                   params)
    for unit_id, c, a in (unit_rows(user, period, params).values_list("unit_id").annotate(c=Sum("n"), a=Sum("amount"))
                          .order_by().values_list("unit_id", "c", "a")):
        if c:
            by["unit"][unit_id] += c
            money["unit"][unit_id] += a
    for eth, c in (ethnicity_rows(user, period, params).values_list("ethnicity").annotate(c=Sum("n"))
                   .order_by().values_list("ethnicity", "c")):
        by["eth"][eth] += c
    for movement, c, a in (movement_rows(user, period, params).values_list("movement")
                           .annotate(c=Sum("n"), a=Sum("amount")).order_by().values_list("movement", "c", "a")):
        by["movement"][movement] += c
        money["movement"][movement] += a
    units = _units_map()
    unit_kinds: Counter[str] = Counter()
    communes: Counter[int] = Counter()
    kind_label = dict(UnitKind.choices)
    for unit_id, c in by["unit"].items():
        name, kind, path = units.get(unit_id, ("?", "", ""))
        unit_kinds[kind] += c
        for anc in [int(x) for x in path.strip("/").split("/") if x][::-1]:
            if units.get(anc, ("", "", ""))[1] in COMMUNE_KINDS:
                communes[anc] += c
                break
    from thidua.registry.models import AwardKind

    prev = share_of(user, period.previous(), params)
    points = rel = None
    if share.percent is not None and prev.percent is not None:
        points = share.percent - prev.percent
        if prev.percent:
            q = Decimal(1).scaleb(-params.share_decimals)
            rel = (points * 100 / prev.percent).quantize(q, rounding=params.share_rounding)
    level_label = dict(AwardLevel.choices)
    total = sum(by["level"].values())
    return YearStats(
        period=period, label=period.label(params), total=total, amount=sum(money["level"].values()),
        by_level=_rows(by["level"], money["level"], lambda k: str(level_label.get(k, k)), list(LEVEL_ORDER)),
        by_code=[Row(code, award_label(code), by["code"][(lv, code)], money["code"][(lv, code)])
                 for lv, code in sorted(by["code"], key=lambda k: (_level_rank(k[0]), -by["code"][k], k[1]))],
        by_subject=_rows(by["subject"], money["subject"], lambda k: SUBJECT_LABELS.get(k, k), ["P", "C", "H"]),
        by_sex=_rows(by["sex"], Counter(), lambda k: SEX_LABELS.get(k, k or "Chưa rõ")),
        by_ethnicity=_rows(by["eth"], Counter(), lambda k: k or "Chưa rõ"),
        by_unit=_rows(by["unit"], money["unit"], lambda k: units.get(k, ("?",))[0]),
        by_unit_kind=_rows(unit_kinds, Counter(), lambda k: str(kind_label.get(k, k))),
        by_commune=_rows(communes, Counter(), lambda k: units[k][0]),
        by_movement=_rows(by["movement"], money["movement"], lambda k: k),
        by_kind=_rows(by["kind"], money["kind"], lambda k: str(dict(AwardKind.choices).get(k, k))),
        share=share, previous_share=prev, change_points=points, change_percent=rel,
        level_counts={str(k): by["level"][k] for k in LEVEL_ORDER},
    )


def trend(user: Any, *, years: list[int], mode: str = CALENDAR,
          params: ReportParams | None = None) -> list[tuple[int, dict[str, int], Share]]:
    """Per year: awards by level and the share (for the trend chart), in one query."""
    params = params or report_params()
    if not years:
        return []
    Period(years[0], mode)  # checks the mode
    qs = _tally(user, AwardTally, ProvinceAwardTally)
    if mode == CALENDAR:
        qs, when = qs.filter(year__in=years), "year"
    else:
        lo, hi = params.stats_year_ym(min(years))[0], params.stats_year_ym(max(years))[1]
        qs, when = qs.filter(decision_ym__gte=lo, decision_ym__lte=hi), "decision_ym"
    counts: dict[int, Counter[str]] = {y: Counter() for y in years}
    shares: dict[int, list[tuple[Any, ...]]] = {y: [] for y in years}
    for at, level, *share_key, c in qs.values_list(when, "level", *SHARE_COLS).annotate(c=Sum("n")).order_by():
        year = at if mode == CALENDAR else params.stats_year_of_ym(at)
        if year not in counts:
            continue
        counts[year][level] += c
        if level in params.share_levels:
            shares[year].append((*share_key, c))
    return [(y, {str(k): int(counts[y][k]) for k in LEVEL_ORDER}, _share(shares[y], params)) for y in years]


# --------------------------------------------------------------------------- the direct count (for checks)
# Which awards a tally counts, written again in Python (``summary_sql`` has it in SQL).
_COUNTS: dict[str, Callable[[dict[str, Any]], bool]] = {
    "true": lambda r: True,
    "subject = 'P'": lambda r: r["subject"] == "P",
    "movement <> ''": lambda r: bool(r["movement"]),
}


def direct_summary() -> Counter[tuple[Any, ...]]:
    """Every tally recomputed straight from registry_award, in Python and independently of the SQL that
    maintains them (slow; for tests and the consistency check). Keys: (table, key…, measure)."""
    out: Counter[tuple[Any, ...]] = Counter()
    for a in Award.objects.filter(status=AwardStatus.VALID).values(
        "year", "decision_date", "level", "code", "kind", "unit_id", "person_id", "collective_id",
        "is_direct_worker", "is_grassroots_unit", "is_small_collective", "person__sex", "person__ethnicity",
        "movement", "amount_vnd",
    ).iterator(chunk_size=10_000):
        r = dict(a, subject="P" if a["person_id"] else "C" if a["collective_id"] else "H",
                 decision_ym=a["decision_date"].year * 100 + a["decision_date"].month,
                 ethnicity=a["person__ethnicity"] or "", sex=a["person__sex"] or "")
        measures = {"n": 1, "amount": a["amount_vnd"] or 0, "n_male": r["subject"] == "P" and r["sex"] == "M",
                    "n_female": r["subject"] == "P" and r["sex"] == "F"}
        for tally in TALLIES:
            if _COUNTS[tally.where](r):
                key = (tally.table, *(r[k] for k in tally.keys))
                for m in tally.measures:
                    out[(*key, m)] += int(measures[m])
    return Counter({k: v for k, v in out.items() if v != 0})


def stored_summary() -> Counter[tuple[Any, ...]]:
    out: Counter[tuple[Any, ...]] = Counter()
    for tally, model in zip(TALLIES, TALLY_MODELS, strict=True):
        width = len(tally.keys)
        for row in model._default_manager.values_list(*tally.keys, *tally.measures).iterator(chunk_size=10_000):
            for measure, value in zip(tally.measures, row[width:], strict=True):
                out[(tally.table, *row[:width], measure)] += value
    return Counter({k: v for k, v in out.items() if v != 0})


def summary_mismatches(limit: int | None = None) -> list[str]:
    """Differences between the tallies and the registry, in Vietnamese ([] when they agree)."""
    direct, stored = direct_summary(), stored_summary()
    out = []
    for key in sorted(set(direct) | set(stored), key=str):
        if direct.get(key, 0) != stored.get(key, 0):
            out.append(f"{key}: sổ khen thưởng {direct.get(key, 0)}, bảng tổng hợp {stored.get(key, 0)}")
            if limit is not None and len(out) >= limit:
                break
    return out


__all__ = ["CALENDAR", "STATISTICS", "Period", "share_of", "summary_mismatches", "trend", "year_statistics"]


@dataclass
class FormRow:
    code: str
    label: str
    kind: str  # "title" (danh hiệu) or "form" (hình thức)
    level: str
    counts: Counter[str]


def statutory_rows(user: Any, period: Period, params: ReportParams | None = None) -> list[FormRow]:
    """Per award code: totals by subject, by award kind, women and direct workers (the report forms' columns)."""
    params = params or report_params()
    catalog_view = catalog.view_on(timezone.localdate())
    rows: dict[tuple[str, str], FormRow] = {}
    for level, code, kind, subject, direct, c, women in (
        summary_rows(user, period, params).values_list("level", "code", "kind", "subject", "is_direct_worker")
        .annotate(c=Sum("n"), women=Sum("n_female")).filter(c__gt=0).order_by()
    ):
        row = rows.get((level, code))
        if row is None:
            try:
                award_kind = catalog_view.award(code).kind
            except Exception:  # noqa: BLE001 - a retired code counts as a form
                award_kind = "form"
            row = rows[(level, code)] = FormRow(code, award_label(code), award_kind, level, Counter())
        row.counts["total"] += c
        row.counts[f"subject_{subject}"] += c
        row.counts[f"kind_{kind}"] += c
        if subject == "P":
            row.counts["women"] += women
        if subject == "P" and direct:
            row.counts["direct"] += c
    return sorted(rows.values(), key=lambda r: (_level_rank(r.level),
                                                -r.counts["total"], r.code))
