"""The year's statistics, read from the summary table and scoped to the user."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone

from thidua.accounts.scope import units_visible_to
from thidua.org.models import Unit, UnitKind
from thidua.registry.models import Award, AwardLevel, AwardStatus

from . import formatting as fmt
from .models import KEY_FIELDS, AwardSummary
from .params import CALENDAR, MODES, STATISTICS, ReportParams, report_params

COMMUNE_KINDS = frozenset({UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP})
SUBJECT_LABELS = {"P": "Cá nhân", "C": "Tập thể", "H": "Hộ gia đình"}
SEX_LABELS = {"M": "Nam", "F": "Nữ", "": "Không áp dụng (tập thể, hộ gia đình)"}
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


@lru_cache(maxsize=1)
def _award_names() -> dict[str, str]:
    from thidua.rules.catalog import default_catalog

    catalog = default_catalog()
    names: dict[str, str] = {}
    view = catalog.for_date(timezone.localdate())
    for code in catalog.award_codes:
        try:
            names[code] = view.award(code).name
        except Exception:  # noqa: BLE001 - a code retired before today: its code is its label
            names[code] = code
    return names


def award_label(code: str) -> str:
    return _award_names().get(code, code)


def summary_rows(user: Any, period: Period, params: ReportParams | None = None) -> QuerySet[AwardSummary]:
    """Summary rows of the period within the user's scope."""
    params = params or report_params()
    qs = AwardSummary.objects.all()
    if period.mode == CALENDAR:
        qs = qs.filter(year=period.year)
    else:
        lo, hi = params.stats_year_ym(period.year)
        qs = qs.filter(decision_ym__gte=lo, decision_ym__lte=hi)
    if not getattr(user, "is_province_wide", False):
        qs = qs.filter(unit_id__in=units_visible_to(user).values("id"))
    return qs


def _qualifies(params: ReportParams, subject: str, direct: bool, grassroots: bool, small: bool) -> bool:
    return ((params.share_grassroots_units and grassroots) or (params.share_small_collectives and small)
            or (params.share_direct_workers and subject == "P" and direct))


def _pct(num: int, den: int, params: ReportParams) -> Decimal | None:
    if den == 0:
        return None
    q = Decimal(1).scaleb(-params.share_decimals)
    return (Decimal(num) * 100 / Decimal(den)).quantize(q, rounding=params.share_rounding)


def share_of(user: Any, period: Period, params: ReportParams | None = None) -> Share:
    params = params or report_params()
    num = den = 0
    qs = summary_rows(user, period, params).filter(level__in=params.share_levels)
    for subject, direct, grassroots, small, c in (
        qs.values_list("subject", "is_direct_worker", "is_grassroots_unit", "is_small_collective")
        .annotate(c=Sum("n")).order_by()
    ):
        den += c
        if _qualifies(params, subject, direct, grassroots, small):
            num += c
    return Share(num, den, _pct(num, den, params))


def _units_map() -> dict[int, tuple[str, str, str]]:
    return {pk: (name, kind, path) for pk, name, kind, path in Unit.objects.values_list("id", "name", "kind", "path")}


def _rows(counter: Counter[Any], amounts: Counter[Any], label: Any, order: list[Any] | None = None) -> list[Row]:
    keys = order if order is not None else sorted(counter, key=lambda k: (-counter[k], str(k)))
    return [Row(str(k), label(k), counter[k], amounts[k]) for k in keys if counter.get(k)]


GROUPING_COLS = ("level", "code", "subject", "unit_id", "kind", "sex", "ethnicity", "movement",
                 "is_direct_worker", "is_grassroots_unit", "is_small_collective")
SETS: dict[str, tuple[str, ...]] = {
    "code": ("level", "code"), "subject": ("subject",), "unit": ("unit_id",), "kind": ("kind",),
    "sex": ("subject", "sex"), "eth": ("subject", "ethnicity"), "movement": ("movement",),
    "share": ("level", "subject", "is_direct_worker", "is_grassroots_unit", "is_small_collective"),
}


def _mask(cols: tuple[str, ...]) -> int:
    n = len(GROUPING_COLS)
    return sum(1 << (n - 1 - i) for i, c in enumerate(GROUPING_COLS) if c not in cols)


def _cut_rows(user: Any, period: Period, params: ReportParams) -> dict[str, list[tuple[Any, ...]]]:
    """Per cut: (its columns…, count, amount). PostgreSQL: one GROUPING SETS query; elsewhere in Python."""
    from django.db import connection

    qs = summary_rows(user, period, params)
    out: dict[str, list[tuple[Any, ...]]] = {name: [] for name in SETS}
    if connection.vendor == "postgresql":
        inner, inner_params = qs.values(*GROUPING_COLS, "n", "amount").query.sql_with_params()
        col_sql = ", ".join(GROUPING_COLS)
        sets = ", ".join("(" + ", ".join(c) + ")" for c in SETS.values())
        sql = (f"SELECT {col_sql}, GROUPING({col_sql}), SUM(n), SUM(amount) FROM ({inner}) s "
               f"GROUP BY GROUPING SETS ({sets}) HAVING SUM(n) <> 0")
        by_mask = {_mask(c): name for name, c in SETS.items()}
        index = {c: i for i, c in enumerate(GROUPING_COLS)}
        with connection.cursor() as cur:
            cur.execute(sql, inner_params)
            for row in cur.fetchall():
                name = by_mask[row[len(GROUPING_COLS)]]
                out[name].append(tuple(row[index[c]] for c in SETS[name]) + (int(row[-2]), int(row[-1])))
        return out
    acc: dict[str, Counter[tuple[Any, ...]]] = {name: Counter() for name in SETS}
    money: dict[str, Counter[tuple[Any, ...]]] = {name: Counter() for name in SETS}
    for row in qs.values_list(*GROUPING_COLS).annotate(c=Sum("n"), a=Sum("amount")).order_by():
        values = dict(zip(GROUPING_COLS, row[:-2], strict=True))
        for name, cols in SETS.items():
            key = tuple(values[c] for c in cols)
            acc[name][key] += row[-2]
            money[name][key] += row[-1]
    for name in SETS:
        out[name] = [k + (c, money[name][k]) for k, c in acc[name].items() if c]
    return out


def year_statistics(user: Any, period: Period, params: ReportParams | None = None) -> YearStats:
    params = params or report_params()
    by: dict[str, Counter[Any]] = {n: Counter() for n in
                                   ("level", "code", "subject", "sex", "eth", "unit", "kind", "movement")}
    money: dict[str, Counter[Any]] = {n: Counter() for n in by}
    num = den = 0
    cuts = _cut_rows(user, period, params)
    for level, code, c, a in cuts["code"]:
        by["level"][level] += c
        money["level"][level] += a
        by["code"][(level, code)] += c
        money["code"][(level, code)] += a
    for name in ("subject", "unit", "kind", "movement"):
        for key, c, a in cuts[name]:
            if name == "movement" and not key:
                continue
            by[name][key] += c
            money[name][key] += a
    for name in ("sex", "eth"):
        for subject, key, c, _a in cuts[name]:
            if subject == "P":
                by[name][key] += c
    for level, subject, direct, grassroots, small, c, _a in cuts["share"]:
        if level in params.share_levels:
            den += c
            if _qualifies(params, subject, direct, grassroots, small):
                num += c
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

    share = Share(num, den, _pct(num, den, params))
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
    """Per year: awards by level and the share (for the trend chart)."""
    params = params or report_params()
    out = []
    for year in years:
        counts = dict(summary_rows(user, Period(year, mode), params).values_list("level")
                      .annotate(c=Sum("n")).order_by().values_list("level", "c"))
        out.append((year, {str(k): int(counts.get(k, 0) or 0) for k in LEVEL_ORDER},
                    share_of(user, Period(year, mode), params)))
    return out


# --------------------------------------------------------------------------- the direct count (for checks)
def _award_key_qs() -> QuerySet[Award]:
    return Award.objects.filter(status=AwardStatus.VALID)


def direct_summary() -> Counter[tuple[Any, ...]]:
    """The summary recomputed straight from registry_award (slow; for tests and the consistency check)."""
    out: Counter[tuple[Any, ...]] = Counter()
    for a in _award_key_qs().values("year", "decision_date", "level", "code", "kind", "unit_id", "person_id", "collective_id",
                         "is_direct_worker", "is_grassroots_unit", "is_small_collective", "person__sex",
                         "person__ethnicity", "movement", "amount_vnd"):
        subject = "P" if a["person_id"] else "C" if a["collective_id"] else "H"
        key = (a["year"], a["decision_date"].year * 100 + a["decision_date"].month, a["level"], a["code"], a["kind"],
               a["unit_id"], subject, a["is_direct_worker"], a["is_grassroots_unit"], a["is_small_collective"],
               a["person__sex"] or "", a["person__ethnicity"] or "", a["movement"])
        out[key + ("n",)] += 1
        out[key + ("amount",)] += a["amount_vnd"] or 0
    return Counter({k: v for k, v in out.items() if v != 0})


def stored_summary() -> Counter[tuple[Any, ...]]:
    out: Counter[tuple[Any, ...]] = Counter()
    for row in AwardSummary.objects.values(*KEY_FIELDS, "n", "amount"):
        key = tuple(row[f] for f in KEY_FIELDS)
        out[key + ("n",)] += row["n"]
        out[key + ("amount",)] += row["amount"]
    return Counter({k: v for k, v in out.items() if v != 0})


def summary_mismatches() -> list[str]:
    """Differences between the summary and the registry, in Vietnamese ([] when they agree)."""
    direct, stored = direct_summary(), stored_summary()
    out = []
    for key in sorted(set(direct) | set(stored), key=str):
        if direct.get(key, 0) != stored.get(key, 0):
            out.append(f"{key}: sổ khen thưởng {direct.get(key, 0)}, bảng tổng hợp {stored.get(key, 0)}")
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
    from thidua.rules.catalog import default_catalog

    params = params or report_params()
    catalog_view = default_catalog().for_date(timezone.localdate())
    rows: dict[tuple[str, str], FormRow] = {}
    for level, code, kind, subject, sex, direct, c in (
        summary_rows(user, period, params).values_list("level", "code", "kind", "subject", "sex", "is_direct_worker")
        .annotate(c=Sum("n")).filter(c__gt=0).order_by()
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
        if subject == "P" and sex == "F":
            row.counts["women"] += c
        if subject == "P" and direct:
            row.counts["direct"] += c
    return sorted(rows.values(), key=lambda r: (_level_rank(r.level),
                                                -r.counts["total"], r.code))
