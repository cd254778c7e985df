"""Thin views for council meetings: agenda, attendance, the secret ballot, counting, minutes."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from thidua.accounts.models import Role, User
from thidua.accounts.permissions import COUNCIL_ROLES, SECRETARY_ROLES, require_role, role_of
from thidua.core.errors import Refused, flash_refusal
from thidua.nominations.errors import WorkflowError
from thidua.nominations.models import Dossier, Round
from thidua.nominations.workflow import State

from . import selectors, services
from .models import Meeting


def _guard(request: HttpRequest) -> None:
    require_role(request.user, COUNCIL_ROLES, "",
                 message="Chỉ thành viên Hội đồng và Ban Thi đua – Khen thưởng xem được phiên họp.")


@login_required
def meetings(request: HttpRequest) -> HttpResponseBase:
    _guard(request)
    if request.method == "POST":
        try:
            rnd = get_object_or_404(Round, pk=int(request.POST.get("round", "0")))
            members = User.objects.filter(pk__in=[int(x) for x in request.POST.getlist("members") if x.isdigit()])
            dossiers = Dossier.objects.filter(pk__in=[int(x) for x in request.POST.getlist("dossiers")
                                                      if x.isdigit()])
            meeting = services.create_meeting(
                by=request.user, round=rnd, title=request.POST.get("title", "").strip() or "Phiên họp Hội đồng",
                held_on=dt.date.fromisoformat(request.POST.get("held_on") or timezone.localdate().isoformat()),
                members=members, dossiers=dossiers)
        except (Refused, ValueError) as exc:
            flash_refusal(request, exc)
            return redirect("council:meetings")
        return redirect("council:meeting", pk=meeting.pk)
    return render(request, "council/meetings.html", {
        "meetings": selectors.meetings()[:100],
        "dossiers": Dossier.objects.filter(state=State.AT_COUNCIL).select_related("round", "unit"),
        "members": User.objects.filter(is_active=True, role__in=[Role.COUNCIL_MEMBER, Role.CHAIR]).order_by("pk"),
        "today": timezone.localdate(),
    })


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponseBase:
    _guard(request)
    m = get_object_or_404(Meeting.objects.select_related("round"), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "attendance":
                present = User.objects.filter(pk__in=[int(x) for x in request.POST.getlist("present") if x.isdigit()])
                services.set_attendance(meeting=m, by=request.user, present=present)
            elif action == "ballot":
                choices: dict[int, bool | None] = {}
                for item in m.items.all():
                    value = request.POST.get(f"item_{item.pk}", "")
                    choices[item.pk] = True if value == "1" else False if value == "0" else None
                services.cast_ballot(meeting=m, by=request.user, choices=choices)
                messages.success(request, "Đã nhận phiếu của bạn.")
            elif action == "close":
                services.close_meeting(meeting=m, by=request.user)
                messages.success(request, "Đã kiểm phiếu và ghi kết quả vào hồ sơ.")
            else:
                raise WorkflowError("Thao tác không hợp lệ.")
        except Refused as exc:
            flash_refusal(request, exc)
        return redirect("council:meeting", pk=pk)
    is_member = m.members.filter(user_id=request.user.pk or 0).exists()
    return render(request, "council/meeting.html", {
        "meeting": m, "agenda": selectors.agenda_by_award(m), "attendance": selectors.attendance(m),
        "members": m.members.select_related("user"), "is_member": is_member,
        "has_voted": selectors.has_voted(m, request.user),
        "conflicts": services.conflicts(m, request.user) if is_member else {},
        "is_secretary": role_of(request.user) in SECRETARY_ROLES,
    })


@login_required
def minutes(request: HttpRequest, pk: int) -> HttpResponse:
    _guard(request)
    m = get_object_or_404(Meeting.objects.select_related("round"), pk=pk)
    return render(request, "council/minutes.html", {
        "meeting": m, "agenda": selectors.agenda_by_award(m), "attendance": selectors.attendance(m),
        "members": m.members.select_related("user"),
    })
