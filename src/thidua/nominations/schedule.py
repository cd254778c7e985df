"""What a round's deadlines mean on the calendar, and the year's calendar of days off.

A round sets each step's time limit in working days (``Round.step_deadlines``). The office plans
with the latest case: a dossier handed in on the closing date is received, appraised, put to the
council and sent for signature one step after the other, each step counted in working days from
the end of the one before (Vietnamese public holidays and substitute days from ``holidays``, plus
the province's own ``DayOff`` rows). The supplement step only happens when a dossier is returned,
so it is shown apart, counted from the day of the return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import holidays
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thidua.rules import calendar as calendar_rules

from .models import DayOff
from .workdays import WorkCalendar, province_calendar

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

# The steps one after the other from the closing date; "supplement" is a branch, not a link.
CHAIN = ("receive", "appraisal", "council", "signature")
STEP_LABELS: dict[str, StrOrPromise] = {
    "receive": _("Tiếp nhận"),
    "appraisal": _("Thẩm định"),
    "supplement": _("Bổ sung hồ sơ"),
    "council": _("Họp Hội đồng"),
    "signature": _("Trình ký"),
}


@dataclass(frozen=True)
class StepDate:
    step: str
    label: StrOrPromise
    days: int
    due_on: dt.date | None  # None: counted from an event, not from the closing date (supplement)


def round_schedule(closes_on: dt.date, step_deadlines: Mapping[str, int],
                   calendar: WorkCalendar | None = None) -> list[StepDate]:
    """Each step's deadline for a dossier handed in on ``closes_on`` (steps without a limit are skipped)."""
    cal = calendar if calendar is not None else province_calendar()
    out: list[StepDate] = []
    day = closes_on
    for step in CHAIN:
        days = step_deadlines.get(step)
        if not days:
            continue
        day = cal.add_working_days(day, days)
        out.append(StepDate(step, STEP_LABELS[step], days, day))
    if step_deadlines.get("supplement"):
        out.append(StepDate("supplement", STEP_LABELS["supplement"], step_deadlines["supplement"], None))
    return out


class Source:
    NATIONAL = "national"
    NATIONAL_WORKDAY = "national_workday"
    PROVINCE_OFF = "province_off"
    PROVINCE_WORKDAY = "province_workday"


SOURCE_LABELS: dict[str, StrOrPromise] = {
    Source.NATIONAL: _("Nghỉ lễ, Tết (toàn quốc)"),
    Source.NATIONAL_WORKDAY: _("Làm bù (toàn quốc)"),
    Source.PROVINCE_OFF: _("Nghỉ riêng của tỉnh"),
    Source.PROVINCE_WORKDAY: _("Làm bù của tỉnh"),
}


@dataclass(frozen=True)
class CalendarDay:
    day: dt.date
    name: str
    source: str
    is_working_day: bool  # as the deadlines count it, after the province's own entries

    @property
    def source_label(self) -> StrOrPromise:
        return SOURCE_LABELS[self.source]

    @property
    def is_province(self) -> bool:
        return self.source in (Source.PROVINCE_OFF, Source.PROVINCE_WORKDAY)


def _holiday_language() -> str:
    return "en_US" if (get_language() or "vi").startswith("en") else "vi"


def year_calendar(year: int) -> list[CalendarDay]:
    """The year's national holidays (with substitute days off and make-up working days) and the
    province's own days off and working days, by date (one query)."""
    national = holidays.country_holidays("VN", years=year, language=_holiday_language())
    province = list(DayOff.objects.filter(day__year=year))
    cal = WorkCalendar(extra_off=frozenset(r.day for r in province if not r.is_working_day),
                       extra_work=frozenset(r.day for r in province if r.is_working_day))
    rows = [CalendarDay(day, str(name), Source.NATIONAL, cal.is_working_day(day)) for day, name in national.items()]
    rows += [CalendarDay(day, str(_("Ngày làm việc bù (thứ Bảy, Chủ nhật)")), Source.NATIONAL_WORKDAY,
                         cal.is_working_day(day)) for day in calendar_rules.weekend_working_days(year)]
    rows += [CalendarDay(r.day, r.name, Source.PROVINCE_WORKDAY if r.is_working_day else Source.PROVINCE_OFF,
                         r.is_working_day) for r in province]
    return sorted(rows, key=lambda r: (r.day, r.is_province))
