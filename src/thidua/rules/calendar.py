"""Working days in Vietnam: Monday–Friday minus public holidays (Tết and substitute days off
included as the `holidays` package lists them), plus the weekend days worked in exchange
(e.g. Saturday 26/04/2025 for Friday 02/05/2025), minus any extra days off a decision announces."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """Vietnamese public holidays of `year` (holidays.VN)."""
    return frozenset(holidays.country_holidays("VN", years=year))


@lru_cache(maxsize=64)
def weekend_working_days(year: int) -> frozenset[date]:
    """Saturdays and Sundays worked in exchange for a substitute day off (holidays.VN)."""
    national = holidays.country_holidays("VN", years=year)
    return frozenset(d for d in getattr(national, "weekend_workdays", ()) if d.year == year)


def is_working_day(
    day: date, extra_days_off: Collection[date] = (), extra_working_days: Collection[date] = ()
) -> bool:
    if day in extra_working_days:
        return True
    if day in extra_days_off:
        return False
    if day.weekday() >= 5:
        return day in weekend_working_days(day.year)
    return day not in public_holidays(day.year)


def add_working_days(
    start: date, n: int, extra_days_off: Iterable[date] = (), extra_working_days: Iterable[date] = ()
) -> date:
    """The day `n` working days after `start` (before it when n < 0); `start` itself is not counted.

    `add_working_days(d, 0)` is `d`. A deadline "within 10 working days from receipt" is
    `add_working_days(received_on, 10)`.
    """
    off = frozenset(extra_days_off)
    on = frozenset(extra_working_days)
    step = 1 if n >= 0 else -1
    remaining = abs(n)
    day = start
    while remaining:
        day += timedelta(days=step)
        if is_working_day(day, off, on):
            remaining -= 1
    return day


def working_days_between(
    start: date, end: date, extra_days_off: Iterable[date] = (), extra_working_days: Iterable[date] = ()
) -> int:
    """Working days d with start < d <= end (negative when end < start)."""
    if end < start:
        return -working_days_between(end, start, extra_days_off, extra_working_days)
    off = frozenset(extra_days_off)
    on = frozenset(extra_working_days)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, off, on):
            count += 1
    return count
