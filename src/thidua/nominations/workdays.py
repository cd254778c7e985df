"""Working days: weekends, Vietnamese public holidays and substitute days (``holidays``),
plus the province's own days off and make-up working days (``DayOff`` rows).

``thidua.rules.calendar`` does not exist yet; this is the small local version. Deadlines in
the procedures run "kể từ ngày nhận đủ hồ sơ": the day of receipt is day 0, the next working
day is day 1.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

# Enough for the longest step (30 working days) plus Tết; the loop below stops far earlier.
_MAX_SPAN_DAYS = 3660


@lru_cache(maxsize=64)
def _national(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("VN", years=year)


@dataclass(frozen=True)
class WorkCalendar:
    extra_off: Collection[dt.date] = field(default_factory=frozenset)
    extra_work: Collection[dt.date] = field(default_factory=frozenset)

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_work:
            return True
        if day in self.extra_off:
            return False
        return bool(_national(day.year).is_working_day(day))

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The date ``days`` working days after ``start`` (``start`` itself is day 0)."""
        if days < 0:
            raise ValueError("Số ngày làm việc phải không âm.")
        day, left = start, days
        for _ in range(_MAX_SPAN_DAYS):
            if left == 0:
                return day
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        raise ValueError(f"Không tính được hạn {days} ngày làm việc từ {start:%d/%m/%Y}.")

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end``."""
        count, day = 0, start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


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
