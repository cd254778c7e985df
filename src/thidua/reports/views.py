"""Thin views: statistics, charts, XLSX exports and the dashboard per role."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.models import Role
from thidua.accounts.permissions import BOARD_ROLES, UNIT_ROLES
from thidua.core.files import harden

from . import charts, exports
from .params import CALENDAR, MODES, report_params
from .selectors import Period, statutory_rows, trend, year_statistics

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _period(request: HttpRequest) -> tuple[Period, str]:
    """The period the user picked; an unusable value falls back with a Vietnamese message."""
    default_year = timezone.localdate().year - 1
    raw_year, mode = request.GET.get("nam", ""), request.GET.get("ky", CALENDAR)
    error = ""
    try:
        year = int(raw_year) if raw_year else default_year
        if not 1990 <= year <= 2100:
            raise ValueError
    except ValueError:
        error, year = _("Năm «%(v)s» không hợp lệ: nhập năm từ 1990 đến 2100.") % {"v": raw_year}, default_year
    if mode not in MODES:
        error, mode = _("Kỳ báo cáo «%(v)s» không hợp lệ: chọn năm dương lịch hoặc năm thống kê.") % {"v": mode}, CALENDAR
    return Period(year, mode), error


def _stats_context(request: HttpRequest) -> dict[str, Any]:
    period, error = _period(request)
    stats = year_statistics(request.user, period)
    years = list(range(period.year - 7, period.year + 1))
    series = trend(request.user, years=years, mode=period.mode)
    level_names = [(k, str(label)) for k, label in (("state", _("Cấp Nhà nước")), ("province", _("Cấp tỉnh")),
                                                     ("grassroots", _("Cấp cơ sở")))]
    return {
        "stats": stats, "period": period, "error": error, "modes": MODES, "trend": series,
        "query": request.GET.urlencode(),
        "chart_trend": charts.grouped_columns(years, [(name, [c[k] for _, c, _ in series]) for k, name in level_names],
                                              title=_("Số lượt khen thưởng theo năm và cấp khen")),
        "chart_unit_kind": charts.hbar([(r.label, r.count) for r in stats.by_unit_kind],
                                       title=_("Khen thưởng theo loại đơn vị")),
        "chart_commune": charts.hbar([(r.label, r.count) for r in stats.by_commune[:30]],
                                     title=_("Khen thưởng theo xã, phường (30 nơi nhiều nhất)")),
        "chart_level": charts.hbar([(r.label, r.count) for r in stats.by_level], title=_("Khen thưởng theo cấp")),
    }


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/statistics.html", _stats_context(request))


@login_required
def charts_page(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/charts.html", _stats_context(request))


def _attachment(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return harden(response)


@login_required
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    period, _error = _period(request)
    stats = year_statistics(request.user, period)
    return _attachment(exports.statistics_xlsx(stats), f"thong-ke-khen-thuong-{period.year}.xlsx")


@login_required
def statutory_xlsx(request: HttpRequest) -> HttpResponse:
    period, _error = _period(request)
    stats = year_statistics(request.user, period)
    rows = statutory_rows(request.user, period)
    return _attachment(exports.statutory_xlsx(stats, rows), f"bieu-mau-thong-ke-tdkt-{period.year}.xlsx")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from thidua.nominations import selectors as nominations
    from thidua.nominations.workflow import FINAL_STATES, State

    user = request.user
    today = timezone.localdate()
    role = getattr(user, "role", "")
    context: dict[str, Any] = {"role": role, "today": today}
    if role in UNIT_ROLES:
        context["dossiers"] = list(nominations.dossier_list(user)[:20])
        context["deadlines"] = list(nominations.deadlines_due(user, by_date=today + dt.timedelta(days=14))[:20])
        context["open_rounds"] = list(nominations.open_rounds(today))
    elif role in BOARD_ROLES:
        queue = nominations.dossiers_visible_to(user).exclude(
            state__in=[*FINAL_STATES, State.DRAFT, State.RETURNED])
        context["queue"] = list(queue.order_by("step_due_on", "pk")[:50])
        context["deadlines"] = list(nominations.deadlines_due(user, by_date=today + dt.timedelta(days=7))[:20])
    if role in (Role.CHAIR, Role.COUNCIL_MEMBER, Role.ADMIN, Role.UNIT_HEAD):
        period = Period(today.year - 1, CALENDAR)
        context["stats"] = year_statistics(user, period, report_params())
    return render(request, "reports/dashboard.html", context)
