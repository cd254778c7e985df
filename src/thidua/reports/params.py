"""Parameters the province can change, with their defaults (settings.THIDUA_REPORT_PARAMS overrides)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP
from typing import Any

from django.conf import settings

CALENDAR = "calendar"
STATISTICS = "statistics"
MODES = (CALENDAR, STATISTICS)


@dataclass(frozen=True)
class ReportParams:
    # Statistics year (Circular 02/2023/TT-BNV): 1 December of the previous year to 30 November.
    stats_year_start_month: int = 12
    # Share of provincial-level awards to grassroots units, small collectives and direct workers.
    share_levels: tuple[str, ...] = ("province",)
    share_grassroots_units: bool = True
    share_small_collectives: bool = True
    share_direct_workers: bool = True
    # Shares are cut (not rounded up) to two decimals: the seed page's 1 652/2 091 = 79,005…% is "79%".
    share_decimals: int = 2
    share_rounding: str = ROUND_DOWN

    def with_overrides(self, **changes: Any) -> ReportParams:
        return replace(self, **changes)

    def stats_year_bounds(self, year: int) -> tuple[dt.date, dt.date]:
        """First and last day of the statistics year ``year``."""
        m = self.stats_year_start_month
        if m == 1:
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        return dt.date(year - 1, m, 1), dt.date(year, m, 1) - dt.timedelta(days=1)

    def stats_year_ym(self, year: int) -> tuple[int, int]:
        """The same bounds as decision months (year × 100 + month), as the summary stores them."""
        start, end = self.stats_year_bounds(year)
        return start.year * 100 + start.month, end.year * 100 + end.month

    def stats_year_of_ym(self, ym: int) -> int:
        """The statistics year a decision month (year × 100 + month) falls in."""
        year, month = divmod(ym, 100)
        m = self.stats_year_start_month
        return year if m == 1 or month < m else year + 1


ROUNDINGS = (ROUND_DOWN, ROUND_HALF_UP)


def report_params() -> ReportParams:
    raw: dict[str, Any] = dict(getattr(settings, "THIDUA_REPORT_PARAMS", {}) or {})
    known = {f.name for f in fields(ReportParams)}
    unknown = set(raw) - known
    if unknown:
        raise ValueError(f"THIDUA_REPORT_PARAMS: tham số không có: {', '.join(sorted(unknown))}")
    if "share_levels" in raw:
        raw["share_levels"] = tuple(raw["share_levels"])
    return ReportParams(**raw)
