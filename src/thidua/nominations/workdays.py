"""Working days for dossier deadlines: ``thidua.rules.calendar`` plus the province's own days off
and make-up working days (``DayOff`` rows).

Deadlines run "kể từ ngày nhận đủ hồ sơ": the day of receipt is day 0, the next working day is
day 1. The Saturdays the ``holidays`` package lists as worked in exchange for a substitute day
off (e.g. 26/04/2025 for 02/05/2025) are passed as working days: ``rules.calendar`` counts every
Saturday as a day off.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

from thidua.rules import calendar


@lru_cache(maxsize=64)
def substitute_workdays(year: int) -> frozenset[dt.date]:
    national = holidays.country_holidays("VN", years=year)
    return frozenset(d for d in getattr(national, "weekend_workdays", ()) if d.year == year)


@dataclass(frozen=True)
class WorkCalendar:
    extra_off: Collection[dt.date] = field(default_factory=frozenset)
    extra_work: Collection[dt.date] = field(default_factory=frozenset)

    def _work(self, start: dt.date, end: dt.date) -> frozenset[dt.date]:
        years = range(start.year, end.year + 1)
        return frozenset(self.extra_work).union(*(substitute_workdays(y) for y in years))

    def is_working_day(self, day: dt.date) -> bool:
        return calendar.is_working_day(day, self.extra_off, self._work(day, day))

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (``start`` itself is day 0)."""
        if days < 0:
            raise ValueError("Số ngày làm việc phải không âm.")
        # A step is at most a few months of working days; cover the years it can reach.
        work = self._work(start, start + dt.timedelta(days=days * 2 + 60))
        return calendar.add_working_days(start, days, frozenset(self.extra_off), work)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        return calendar.working_days_between(start, end, frozenset(self.extra_off), self._work(start, end))


def province_calendar() -> WorkCalendar:
    """The calendar with the province's own ``DayOff`` rows (one query)."""
    from .models import DayOff

    off: set[dt.date] = set()
    work: set[dt.date] = set()
    for day, is_working in DayOff.objects.values_list("day", "is_working_day"):
        (work if is_working else off).add(day)
    return WorkCalendar(extra_off=frozenset(off), extra_work=frozenset(work))


def add_working_days(start: dt.date, days: int) -> dt.date:
    return province_calendar().add_working_days(start, days)
