"""The office's screens: launch and edit a movement, its reviews and thematic rounds, the final
review's proposals turned into dossiers, and a cluster's scoring sheet for a year. Thin views: the
rules and the audit live in ``services``, ``proposals`` and ``clusters``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Min, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.permissions import BOARD_ROLES, UNIT_ROLES, require_role, role_of
from thidua.core.errors import Refused
from thidua.org import picker
from thidua.org.models import Cluster, Collective, Unit
from thidua.org.scope import people_visible_to, units_visible_to
from thidua.registry import catalog as award_catalog

from . import clusters, proposals, services
from .forms import MovementForm, ReviewForm, SheetForm, ThematicRoundForm
from .models import LaunchLevel, Movement, Proposal, Review, ReviewKind, ScoringSheet

TREE_DEPTH = 2  # levels of the unit tree offered below the user's top unit (province → department → section)
EXTRA_CRITERIA = 3  # blank criterion rows under last year's
SUBJECT_FIELD = "doi_tuong"  # the add-row form's subject: "u" (the unit), "c<id>" (a collective), "p<id>" (a person)


def _require_office(request: HttpRequest) -> None:
    require_role(request.user, BOARD_ROLES | UNIT_ROLES, "quản lý phong trào thi đua")


def _is_board(request: HttpRequest) -> bool:
    return role_of(request.user) in BOARD_ROLES


def _tree(request: HttpRequest) -> QuerySet[Unit]:
    units = units_visible_to(request.user).filter(valid_to__isnull=True)
    top = units.aggregate(d=Min("depth"))["d"] or 0
    return units.filter(depth__lte=top + TREE_DEPTH).order_by("path")


def managed_movements(user: Any) -> QuerySet[Movement]:
    qs = Movement.objects.select_related("launched_by").order_by("-launched_on", "name")
    if role_of(user) in BOARD_ROLES:
        return qs
    return qs.exclude(level=LaunchLevel.PROVINCE).filter(launched_by__in=units_visible_to(user))


def _movement_for(request: HttpRequest, pk: int) -> Movement:
    movement = managed_movements(request.user).filter(pk=pk).first()
    if movement is None:
        raise Http404(_("Không có phong trào này trong phạm vi quản lý của bạn."))
    return movement


@login_required
def office_list(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    return render(request, "movements/office_list.html", {"movements": managed_movements(request.user)})


def _movement_values(form: MovementForm) -> dict[str, Any]:
    data = dict(form.cleaned_data)
    data.pop("units")
    data.pop("launch_document")
    return data


@login_required
def launch(request: HttpRequest) -> HttpResponse:
    _require_office(request)
    form = MovementForm(request.POST or None, request.FILES or None, units=_tree(request),
                        province_level=_is_board(request),
                        initial={"launched_on": timezone.localdate(), "starts_on": timezone.localdate(),
                                 "is_public": True, "launched_by": getattr(request.user, "unit_id", None)})
    if request.method == "POST" and form.is_valid():
        try:
            movement = services.launch_movement(by=request.user, units=list(form.cleaned_data["units"]),
                                                launch_document=form.cleaned_data["launch_document"],
                                                **_movement_values(form))
        except (ValidationError, Refused) as exc:
            form.add_service_errors(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, _("Đã phát động phong trào «%(name)s».") % {"name": movement.name})
            return redirect("movements:manage", pk=movement.pk)
    return render(request, "movements/movement_form.html", {"form": form, "movement": None})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_office(request)
    movement = _movement_for(request, pk)
    form = MovementForm(request.POST or None, request.FILES or None, units=_tree(request),
                        province_level=_is_board(request), initial=MovementForm.initial_for(movement))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_movement(movement=movement, by=request.user, units=list(form.cleaned_data["units"]),
                                     launch_document=form.cleaned_data["launch_document"], **_movement_values(form))
        except (ValidationError, Refused) as exc:
            form.add_service_errors(exc if isinstance(exc, ValidationError) else ValidationError(str(exc)))
        else:
            messages.success(request, _("Đã lưu phong trào."))
            return redirect("movements:manage", pk=movement.pk)
    return render(request, "movements/movement_form.html", {"form": form, "movement": movement})


def _thematic_codes() -> list[tuple[str, str]]:
    return [(c, award_catalog.award_info(c).name) for c in sorted(award_catalog.award_codes())
            if "thematic" in award_catalog.award_info(c).award_kinds]


@login_required
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    """The movement's page for the office: its facts, reviews (sơ kết, tổng kết) and thematic rounds."""
    _require_office(request)
    movement = _movement_for(request, pk)
    today = timezone.localdate()
    action = request.POST.get("action", "")
    review_form = ReviewForm(request.POST if action == "review" else None,
                             request.FILES if action == "review" else None,
                             initial={"held_on": today, "kind": ReviewKind.MIDTERM})
    round_form = ThematicRoundForm(request.POST if action == "round" else None, codes=_thematic_codes(),
                                   initial={"year": (movement.ends_on or today).year, "opens_on": max(today,
                                            movement.starts_on), "closes_on": movement.ends_on,
                                            "name": _("Khen thưởng tổng kết phong trào «%(name)s»")
                                            % {"name": movement.name}, "accepted_codes": ["BK_TINH"]})
    if action == "review" and review_form.is_valid():
        try:
            review = services.add_review(movement=movement, by=request.user, **review_form.cleaned_data)
        except ValidationError as exc:
            review_form.add_service_errors(exc)
        else:
            messages.success(request, _("Đã ghi %(kind)s ngày %(day)s.")
                             % {"kind": review.get_kind_display().lower(), "day": f"{review.held_on:%d/%m/%Y}"})
            if review.kind == ReviewKind.FINAL:
                return redirect("movements:final_review", pk=review.pk)
            return redirect("movements:manage", pk=movement.pk)
    if action == "round" and round_form.is_valid():
        data = round_form.cleaned_data
        try:
            services.open_thematic_round(movement=movement, by=request.user, name=data["name"], year=data["year"],
                                         accepted_codes=list(data["accepted_codes"]), opens_on=data["opens_on"],
                                         closes_on=data["closes_on"])
        except ValidationError as exc:
            round_form.add_service_errors(exc)
        except PermissionDenied as exc:
            round_form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã mở đợt khen thưởng theo chuyên đề của phong trào."))
            return redirect("movements:manage", pk=movement.pk)
    return render(request, "movements/manage.html", {
        "m": movement, "reviews": list(movement.reviews.all()), "rounds": proposals.rounds_for(movement),
        "review_form": review_form, "round_form": round_form, "units": list(movement.units.order_by("path")),
        "can_open_round": _is_board(request),
    })


def _review_for(request: HttpRequest, pk: int) -> Review:
    review = get_object_or_404(Review.objects.select_related("movement", "round"), pk=pk)
    _movement_for(request, review.movement_id)
    return review


@login_required
def final_review(request: HttpRequest, pk: int) -> HttpResponse:
    """The final review's proposed nominees: pre-fill, add, remove, then the dossiers in one step."""
    _require_office(request)
    review = _review_for(request, pk)
    scope = units_visible_to(request.user).filter(valid_to__isnull=True)
    unit_id = request.POST.get("don_vi") or request.GET.get("don-vi")
    unit = scope.filter(pk=unit_id).first() if unit_id and unit_id.isdigit() else None
    searching = picker.is_search(request, SUBJECT_FIELD)  # the picker's «Tìm» without JavaScript
    if request.method == "POST" and not searching:
        try:
            _proposal_action(request, review, unit)
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            return redirect(f"{request.path}?don-vi={unit.pk}" if unit else request.path)
    rows = list(review.proposals.select_related("unit", "person", "collective", "dossier").order_by("position"))
    posted = request.POST if request.method == "POST" else {}
    chosen = posted.get(SUBJECT_FIELD, "")
    return render(request, "movements/final_review.html", {
        "review": review, "m": review.movement, "rows": rows, "year": proposals.review_year(review),
        "rounds": proposals.rounds_for(review.movement), "dossiers": proposals.existing_dossiers(review),
        "unit": unit, "units": _tree(request),
        "picker": picker.picker_context(request, field=SUBJECT_FIELD, unit=unit, prefix="p") if unit else None,
        "posted": posted, "posted_collective": int(chosen[1:]) if chosen[:1] == "c" and chosen[1:].isdigit() else None,
        "collectives": Collective.objects.filter(unit=unit).order_by("name")[:100] if unit else [],
        "codes": _thematic_codes(),
    })


def _proposal_action(request: HttpRequest, review: Review, unit: Unit | None) -> None:
    action = request.POST.get("action", "")
    if action == "prefill":
        result = proposals.prefill(review=review, by=request.user)
        messages.success(request, _("Đã thêm %(n)s dòng từ xếp hạng cụm, khối và đăng ký thi đua.")
                         % {"n": len(result.added)})
        for note in result.skipped:
            messages.info(request, note)
    elif action == "add":
        if unit is None:
            raise ValidationError(_("Đơn vị trình: chưa chọn."))
        subject = request.POST.get(SUBJECT_FIELD, "")
        person = collective = None
        if subject.startswith("p") and subject[1:].isdigit():
            person = people_visible_to(request.user).filter(pk=subject[1:]).first()
        elif subject.startswith("c") and subject[1:].isdigit():
            collective = Collective.objects.filter(unit=unit, pk=subject[1:]).first()
        proposals.add(review=review, by=request.user, unit=unit, award_code=request.POST.get("ma", ""),
                      person=person, collective=collective, whole_unit=subject == "u",
                      reason=request.POST.get("ly_do", ""))
        messages.success(request, _("Đã thêm vào danh sách đề xuất."))
    elif action == "remove":
        row = Proposal.objects.filter(review=review, pk=request.POST.get("dong", "0") or 0).first()
        if row is not None:
            proposals.remove(proposal=row, by=request.user)
        messages.success(request, _("Đã bỏ khỏi danh sách đề xuất."))
    elif action == "dossiers":
        rnd = next((r for r in proposals.rounds_for(review.movement) if str(r.pk) == request.POST.get("dot")), None)
        if rnd is None:
            raise ValidationError(_("Đợt nhận hồ sơ: chọn một đợt mở từ phong trào này."))
        made = proposals.create_dossiers(review=review, by=request.user, round=rnd)
        messages.success(request, _("Đã lập %(n)s hồ sơ đề nghị (bản nháp) cho các đơn vị trình.") % {"n": len(made)})


# ---------------------------------------------------------------- a cluster's scoring sheet for a year

@login_required
def prepare_sheet(request: HttpRequest) -> HttpResponse:
    require_role(request.user, BOARD_ROLES, "lập bảng chấm điểm cụm, khối")
    raw_year = request.POST.get("nam") or request.GET.get("nam") or ""
    year = int(raw_year) if raw_year.isdigit() else timezone.localdate().year
    cluster_id = request.POST.get("cum") or request.GET.get("cum") or ""
    cluster = Cluster.objects.filter(pk=cluster_id).first() if cluster_id.isdigit() else None
    context: dict[str, Any] = {"year": year, "cluster": cluster, "clusters": Cluster.objects.order_by("name")}
    if cluster is None:
        return render(request, "movements/sheet_form.html", context)
    existing = ScoringSheet.objects.filter(cluster=cluster, year=year).first()
    members, leader, deputy, fixed = clusters.role_defaults(cluster, year)
    criteria, certificates = clusters.sheet_defaults(cluster, year)
    member_qs = Unit.objects.filter(pk__in=[u.pk for u in members]).order_by("code")
    form = SheetForm(request.POST or None, members=member_qs, initial={
        "leader": leader, "deputy": deputy, "certificates": certificates,
        "closes_on": dt.date(year, 12, 15)})
    rows = _criteria_rows(request, criteria)
    if request.method == "POST" and existing is None and form.is_valid():
        data = form.cleaned_data
        typed = [(n, p, e) for n, p, e in rows if n.strip() or str(p).strip()]
        try:
            sheet = clusters.prepare_sheet(cluster=cluster, year=year, by=request.user, closes_on=data["closes_on"],
                                           criteria=typed, certificates=data["certificates"],
                                           leader=data["leader"], deputy=data["deputy"])
        except ValidationError as exc:
            form.add_service_errors(exc)
        else:
            messages.success(request, _("Đã lập bảng chấm điểm «%(sheet)s».") % {"sheet": sheet})
            return redirect("movements:ranking", pk=sheet.pk)
    context.update({"form": form, "rows": rows, "members": members, "fixed": fixed, "existing": existing,
                    "copied": bool(criteria)})
    return render(request, "movements/sheet_form.html", context)


def _criteria_rows(request: HttpRequest, last_year: list[tuple[str, Any, str]]) -> list[tuple[str, Any, str]]:
    if request.method != "POST":
        return [*last_year, *[("", "", "")] * EXTRA_CRITERIA]
    count = int(request.POST.get("so_tieu_chi", "0") or 0)
    return [(request.POST.get(f"ten_{i}", ""), request.POST.get(f"diem_{i}", ""),
             request.POST.get(f"minh_chung_{i}", "")) for i in range(min(count, 200))]

