"""Working days for dossier deadlines: ``thidua.rules.calendar`` plus the province's own days off
and make-up working days (``DayOff`` rows).

Deadlines run "kể từ ngày nhận đủ hồ sơ": the day of receipt is day 0, the next working day is
day 1. National holidays and the weekend days worked in exchange for them come from
``thidua.rules.calendar``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field

from thidua.rules import calendar


@dataclass(frozen=True)
class WorkCalendar:
    extra_off: Collection[dt.date] = field(default_factory=frozenset)
    extra_work: Collection[dt.date] = field(default_factory=frozenset)

    def is_working_day(self, day: dt.date) -> bool:
        return calendar.is_working_day(day, frozenset(self.extra_off), frozenset(self.extra_work))

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (``start`` itself is day 0)."""
        if days < 0:
            raise ValueError("Số ngày làm việc phải không âm.")
        return calendar.add_working_days(start, days, frozenset(self.extra_off), frozenset(self.extra_work))

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        return calendar.working_days_between(start, end, frozenset(self.extra_off), frozenset(self.extra_work))


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
