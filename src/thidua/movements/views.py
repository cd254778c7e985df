"""Thin views: public movements pages, registration, cluster scoring and ranking (staff)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import BOARD_ROLES, UNIT_ROLES, role_of
from thidua.core.errors import Refused, flash_refusal
from thidua.org.models import Unit
from thidua.org.scope import people_visible_to, units_visible_to
from thidua.registry import catalog as award_catalog

from . import clusters, selectors, services
from .errors import MovementError
from .models import ScoringSheet

AIM_ROWS = 6


def movement_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(request, "movements/list.html", {
        "movements": selectors.public_movements(today=today),
        "by_movement": selectors.awards_by_movement(),
        "can_manage": role_of(request.user) in BOARD_ROLES | UNIT_ROLES,
    })


def movement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    movement = selectors.public_movements(today=timezone.localdate()).filter(pk=pk).first()
    if movement is None:
        raise Http404(_("Không có phong trào này hoặc phong trào chưa được công bố."))
    return render(request, "movements/detail.html", {"r": selectors.movement_results(movement)})


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("nam") or request.POST.get("nam") or ""
    return int(raw) if raw.isdigit() else timezone.localdate().year


@login_required
def registration(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    units = units_visible_to(request.user)
    raw_unit = request.POST.get("don_vi") or request.GET.get("don-vi") or getattr(request.user, "unit_id", None)
    try:
        unit_id = int(raw_unit) if raw_unit else None
    except (TypeError, ValueError):
        raise Refused(_("Đơn vị đã chọn không hợp lệ.")) from None
    unit = units.filter(pk=unit_id).first() if unit_id else None
    if request.method == "POST" and unit is not None:
        people = {str(p.pk): p for p in people_visible_to(request.user).filter(unit__path__startswith=unit.path)}
        aims = []
        for i in range(AIM_ROWS):
            code = request.POST.get(f"ma_{i}", "").strip()
            if code:
                aims.append(services.Aim(code, person=people.get(request.POST.get(f"ca_nhan_{i}", ""))))
        signed = request.POST.get("ngay_ky", "")
        try:
            services.register(unit=unit, year=year, by=request.user, aims=aims,
                              covenant_signed_on=dt.date.fromisoformat(signed) if signed else None,
                              covenant_text=request.POST.get("giao_uoc", ""),
                              covenant_file=request.FILES.get("tep_giao_uoc"))
        except MovementError as err:
            flash_refusal(request, err)
        except ValueError:
            messages.error(request, _("Ngày ký giao ước không đúng định dạng ngày."))
        else:
            messages.success(request, _("Đã lưu đăng ký thi đua năm %(year)s.") % {"year": year})
            return redirect(f"{request.path}?nam={year}&don-vi={unit.pk}")
    return render(request, "movements/registration.html", {
        "year": year, "unit": unit, "units": units.order_by("path")[:500],
        "codes": sorted(award_catalog.award_codes()), "rows": range(AIM_ROWS),
        "people": people_visible_to(request.user).filter(unit=unit).order_by("search_key")[:300] if unit else [],
        "registrations": selectors.registrations_visible_to(request.user, year=year).filter(unit=unit)
        if unit else [],
        "comparison": selectors.registration_comparison(user=request.user, unit=unit, year=year) if unit else [],
    })


@login_required
def sheets(request: HttpRequest) -> HttpResponse:
    return render(request, "movements/sheets.html", {
        "sheets": selectors.sheets_visible_to(request.user),
        "can_prepare": role_of(request.user) in BOARD_ROLES})


def _sheet_for(request: HttpRequest, pk: int) -> ScoringSheet:
    sheet = selectors.sheets_visible_to(request.user).filter(pk=pk).first()
    if sheet is None:
        raise Http404(_("Không có bảng chấm điểm này trong phạm vi của bạn."))
    return sheet


@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet_for(request, pk)
    members = Unit.objects.filter(pk__in=clusters.members_of(sheet.cluster_id, sheet.year)).order_by("code")
    visible = set(units_visible_to(request.user).filter(pk__in=members).values_list("pk", flat=True))
    scorers = [u for u in members if u.pk in visible]
    scorer = next((u for u in scorers if str(u.pk) == (request.POST.get("don_vi_cham")
                                                      or request.GET.get("don-vi-cham"))), None)
    scorer = scorer or (scorers[0] if scorers else None)
    scored = next((u for u in members if str(u.pk) == (request.POST.get("don_vi_duoc_cham")
                                                      or request.GET.get("don-vi-duoc-cham"))), scorer)
    criteria = list(sheet.criteria.all())
    if request.method == "POST" and scorer is not None and scored is not None:
        points = {c.pk: request.POST.get(f"diem_{c.pk}", "").strip() for c in criteria}
        points = {k: v for k, v in points.items() if v}
        evidence = {c.pk: request.POST.get(f"minh_chung_{c.pk}", "") for c in criteria}
        try:
            if scorer == scored:
                clusters.submit_self_scores(sheet=sheet, unit=scorer, by=request.user, points=points,
                                            evidence=evidence)
            else:
                clusters.submit_cross_scores(sheet=sheet, scorer=scorer, scored=scored, by=request.user,
                                             points=points, evidence=evidence)
        except MovementError as err:
            flash_refusal(request, err)
        else:
            messages.success(request, _("Đã lưu điểm «%(scorer)s» chấm cho «%(scored)s».")
                             % {"scorer": scorer.name, "scored": scored.name})
            return redirect(f"{request.path}?don-vi-cham={scorer.pk}&don-vi-duoc-cham={scored.pk}")
    current = {}
    if scorer is not None and scored is not None:
        current = {s.criterion_id: s for s in sheet.scores.filter(scorer=scorer, scored=scored)}
    rows = [(c, current.get(c.pk)) for c in criteria]
    return render(request, "movements/score.html", {
        "sheet": sheet, "members": members, "scorers": scorers, "scorer": scorer, "scored": scored, "rows": rows,
    })


@login_required
def ranking(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet_for(request, pk)
    return render(request, "movements/ranking.html", {
        "sheet": sheet, "criteria": list(sheet.criteria.all()), "ranked": selectors.sheet_ranking(sheet),
    })


@login_required
@require_POST
def consolidate(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet_for(request, pk)
    try:
        clusters.consolidate(sheet=sheet, by=request.user)
    except PermissionDenied as err:
        messages.error(request, str(err))
    else:
        messages.success(request, _("Đã khóa bảng điểm và ghi nhận kết quả xếp hạng."))
    return redirect("movements:ranking", pk=sheet.pk)

