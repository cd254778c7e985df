"""Thin views for rounds, dossiers, appraisal, import and notifications: they call selectors
and services, turn refusals into Vietnamese messages and redirect (POST → redirect → GET)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.models import Role
from thidua.accounts.permissions import BOARD_ROLES, COUNCIL_ROLES, UNIT_ROLES, require_role, role_of
from thidua.core.errors import Refused, flash_refusal
from thidua.registry.importing.reader import FileRejected
from thidua.registry.models import AwardKind

from . import dossiers as dossier_services
from . import importing, selectors
from . import rounds as round_services
from .appraisal import appraise, explain_nominee
from .errors import WorkflowError
from .forms import CloseRoundForm, ClosingDateForm, DayOffForm, RoundForm, code_groups, default_codes
from .models import DEADLINE_STEPS, DocumentKind, Dossier, Nominee, Notification, Round
from .rounds import deadline_field
from .schedule import StepDate, round_schedule, year_calendar
from .workflow import STEPS, State

SIMPLE_ACTIONS: dict[str, Callable[..., Dossier]] = {
    "submit": dossier_services.submit_dossier, "receive": dossier_services.receive, "start_appraisal": dossier_services.start_appraisal,
    "resubmit": dossier_services.resubmit, "send_to_council": dossier_services.send_to_council, "send_for_signature": dossier_services.send_for_signature,
}
REASON_ACTIONS: dict[str, Callable[..., Dossier]] = {"withdraw": dossier_services.withdraw, "reject": dossier_services.reject}
LIST_LIMIT = 300  # rows of «Hồ sơ đề nghị và thời hạn»


def _version(request: HttpRequest) -> int | None:
    raw = request.POST.get("version", "")
    return int(raw) if raw.isdigit() else None


def allowed_actions(user: Any, dossier: Dossier) -> list[tuple[str, str, bool]]:
    """(action, label, needs a reason) the user may take now; the services check again."""
    role = role_of(user)
    out = []
    for action, step in STEPS.items():
        if action in {"decide", "record_vote", "return_for_supplement", "conclude_appraisal", "open_consultation"}:
            continue
        if dossier.state in step.sources and role in step.roles:
            if action == "withdraw" and role == Role.CLERK and dossier.state != State.DRAFT:
                continue
            out.append((action, step.label[:1].upper() + step.label[1:], action in REASON_ACTIONS))
    return out


@login_required
def rounds(request: HttpRequest) -> HttpResponse:
    return render(request, "nominations/rounds.html", {"rounds": Round.objects.order_by("-opens_on")[:200],
                                                        "today": timezone.localdate(),
                                                        "is_board": role_of(request.user) in BOARD_ROLES})


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    rnd = get_object_or_404(Round, pk=pk)
    if request.method == "POST":
        try:
            d = dossier_services.create_dossier(round=rnd, unit=request.user.unit, by=request.user,  # type: ignore[union-attr]
                                   title=request.POST.get("title", "").strip() or f"Đề nghị khen thưởng — {rnd.name}")
        except Refused as exc:
            flash_refusal(request, exc)
            return redirect("nominations:round", pk=pk)
        messages.success(request, "Đã lập hồ sơ đề nghị.")
        return redirect("nominations:dossier", pk=d.pk)
    return render(request, "nominations/round.html", {
        "round": rnd, "dossiers": selectors.dossier_list(request.user, round=rnd),
        "can_create": role_of(request.user) in UNIT_ROLES and request.user.unit_id is not None,  # type: ignore[union-attr]
        "is_board": role_of(request.user) in BOARD_ROLES, "today": timezone.localdate(),
        "schedule": round_schedule(rnd.closes_on, dict(rnd.step_deadlines)),
    })


@login_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    by_date = today + dt.timedelta(days=7)
    dossiers = list(selectors.dossier_list(request.user)[:LIST_LIMIT])
    if len(dossiers) < LIST_LIMIT:  # the whole scope is on the page: the due ones are among them
        due = sorted((d for d in dossiers if selectors.is_due(d, by_date=by_date)),
                     key=lambda d: (d.step_due_on, d.pk))[:50]
    else:
        due = list(selectors.deadlines_due(request.user, by_date=by_date)[:50])
    return render(request, "nominations/dossiers.html", {
        "dossiers": dossiers, "due": due, "open_rounds": list(selectors.open_rounds()), "today": today,
    })


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    require_role(request.user, COUNCIL_ROLES, "", message="Hàng chờ xử lý chỉ dành cho Ban Thi đua – Khen thưởng.")
    waiting = [State.SUBMITTED, State.RECEIVED, State.UNDER_APPRAISAL, State.APPRAISED, State.CONSULTATION,
               State.AT_COUNCIL, State.VOTED, State.AWAITING_SIGNATURE]
    qs = selectors.dossier_list(request.user).filter(state__in=waiting).order_by("step_due_on", "submitted_at")
    return render(request, "nominations/queue.html", {"dossiers": qs[:500], "today": timezone.localdate()})


@login_required
def dossier(request: HttpRequest, pk: int) -> HttpResponseBase:
    d = selectors.dossier_for(request.user, pk)
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in SIMPLE_ACTIONS:
                SIMPLE_ACTIONS[action](dossier=d, by=request.user, expected_version=_version(request))
            elif action in REASON_ACTIONS:
                REASON_ACTIONS[action](dossier=d, by=request.user, reason=request.POST.get("reason", ""),
                                       expected_version=_version(request))
            elif action == "open_consultation":
                dossier_services.open_consultation(dossier=d, by=request.user,
                                      published_on=dt.date.fromisoformat(request.POST["published_on"]),
                                      council_on=dt.date.fromisoformat(request.POST["council_on"]),
                                      url=request.POST.get("url", ""), expected_version=_version(request))
            elif action == "document":
                upload = request.FILES.get("file")
                if upload is None:
                    raise WorkflowError("Chọn tệp tài liệu để tải lên.")
                nominee_id = request.POST.get("nominee", "")
                nominee = d.nominees.filter(pk=int(nominee_id)).first() if nominee_id.isdigit() else None
                dossier_services.attach_document(dossier=d, by=request.user, expected_version=_version(request) or 0,
                                    kind=request.POST.get("kind", ""), file=upload, nominee=nominee,
                                    title=request.POST.get("title", ""))
            elif action == "summary":
                n = get_object_or_404(Nominee, pk=int(request.POST.get("nominee", "0")), dossier=d)
                dossier_services.update_nominee(nominee=n, by=request.user, expected_version=_version(request) or 0,
                                   achievement_summary=request.POST.get("achievement_summary", ""))
            elif action == "remove_nominee":
                n = get_object_or_404(Nominee, pk=int(request.POST.get("nominee", "0")), dossier=d)
                dossier_services.remove_nominee(nominee=n, by=request.user, expected_version=_version(request) or 0)
            else:
                raise WorkflowError("Thao tác không hợp lệ.")
        except (Refused, ValueError, KeyError) as exc:
            flash_refusal(request, exc)
        else:
            messages.success(request, "Đã lưu.")
        return redirect("nominations:dossier", pk=pk)
    nominees = list(selectors.nominees_of(d))
    by_pk = {n.pk: n for n in nominees}
    documents = list(d.documents.order_by("uploaded_at"))
    for doc in documents:  # the nominee objects already read, instead of a join per document
        if doc.nominee_id is not None and doc.nominee_id in by_pk:
            doc.nominee = by_pk[doc.nominee_id]
    return render(request, "nominations/dossier.html", {
        "dossier": d, "nominees": nominees, "timeline": selectors.timeline(d),
        "missing": selectors.completeness(d, nominees=nominees, documents=documents),
        "actions": allowed_actions(request.user, d),
        "documents": documents,
        "document_kinds": DocumentKind.choices,
        "editable": d.state in dossier_services.EDITABLE_STATES and role_of(request.user) in UNIT_ROLES,
        "is_board": role_of(request.user) in BOARD_ROLES,
        "needs_consultation": d.state == State.APPRAISED and dossier_services.needs_consultation(d),
    })


@login_required
def appraisal(request: HttpRequest, pk: int) -> HttpResponseBase:
    d = selectors.dossier_for(request.user, pk)
    require_role(request.user, COUNCIL_ROLES, "", message="Chỉ Ban Thi đua – Khen thưởng thẩm định hồ sơ.")
    if request.method == "POST":
        ids = list(d.nominees.values_list("pk", flat=True))
        try:
            if request.POST.get("action") == "return":
                reasons = {i: request.POST.get(f"reason_{i}", "") for i in ids
                           if request.POST.get(f"reason_{i}", "").strip()}
                dossier_services.return_for_supplement(dossier=d, by=request.user, reasons=reasons,
                                          expected_version=_version(request))
                messages.success(request, "Đã trả lại hồ sơ để bổ sung.")
            else:
                conclusions = {}
                for i in ids:
                    value = request.POST.get(f"passed_{i}", "")
                    if value in ("1", "0"):
                        conclusions[i] = dossier_services.Conclusion(value == "1", request.POST.get(f"note_{i}", ""))
                dossier_services.conclude_appraisal(dossier=d, by=request.user, conclusions=conclusions,
                                       expected_version=_version(request))
                messages.success(request, "Đã ghi kết luận thẩm định.")
        except Refused as exc:
            flash_refusal(request, exc)
            return redirect("nominations:appraisal", pk=pk)
        return redirect("nominations:dossier", pk=pk)
    return render(request, "nominations/appraisal.html", {"dossier": d, "appraisal": appraise(d),
                                                          "can_act": d.state == State.UNDER_APPRAISAL})


@login_required
def explain(request: HttpRequest, pk: int, nominee: int) -> HttpResponse:
    """The engine's reasons for one nominee (opened on demand from the appraisal page)."""
    d = selectors.dossier_for(request.user, pk)
    require_role(request.user, COUNCIL_ROLES, "", message="Chỉ Ban Thi đua – Khen thưởng thẩm định hồ sơ.")
    n = get_object_or_404(d.nominees.select_related("person", "dossier__round"), pk=nominee)
    return render(request, "nominations/_reasons.html", {
        "verdict": explain_nominee(n),
        "note": "Bộ máy quy tắc chưa xét tự động loại đối tượng này: chuyên viên kiểm tra theo hồ sơ."})


def _plan_key(pk: int) -> str:
    return f"nominee_import_{pk}"


@login_required
def import_nominees(request: HttpRequest, pk: int) -> HttpResponseBase:
    d = selectors.dossier_for(request.user, pk)
    if request.method == "GET" and request.GET.get("mau"):
        response = HttpResponse(importing.template_bytes(list(d.round.accepted_codes)),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = 'attachment; filename="mau-danh-sach-de-nghi.xlsx"'
        return response
    plan_data = request.session.get(_plan_key(pk))
    if request.method == "POST" and request.POST.get("action") == "upload":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, "Chọn tệp Excel (.xlsx) để nhập.")
            return redirect("nominations:import", pk=pk)
        try:
            plan = importing.plan_import(dossier=d, by=request.user, data=upload.read())
        except FileRejected as exc:
            return render(request, "nominations/import.html", {"dossier": d, "errors": exc.errors})
        if plan.errors:
            request.session.pop(_plan_key(pk), None)
            return render(request, "nominations/import.html", {"dossier": d, "errors": plan.errors})
        request.session[_plan_key(pk)] = {"version": d.version, "rows": [r.to_dict() for r in plan.rows]}
        return redirect("nominations:import", pk=pk)
    if request.method == "POST" and request.POST.get("action") == "confirm" and plan_data:
        confirmed = {int(x) for x in request.POST.getlist("confirm") if x.isdigit()}
        try:
            created = importing.apply_import(dossier=d, by=request.user, expected_version=plan_data["version"],
                                             rows=plan_data["rows"], confirmed=confirmed)
        except Refused as exc:
            flash_refusal(request, exc)
            return redirect("nominations:import", pk=pk)
        request.session.pop(_plan_key(pk), None)
        messages.success(request, f"Đã thêm {len(created)} người vào hồ sơ.")
        return redirect("nominations:dossier", pk=pk)
    return render(request, "nominations/import.html", {"dossier": d, "plan": plan_data})


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    rows = list(Notification.objects.filter(user_id=request.user.pk or 0)[:200])
    Notification.objects.filter(user_id=request.user.pk or 0, read_at__isnull=True).update(read_at=timezone.now())
    return render(request, "nominations/notifications.html", {"notifications": rows})




# ---------------------------------------------------------------- the office's rounds and days off

def _require_board(request: HttpRequest, what: str) -> None:
    require_role(request.user, BOARD_ROLES, what, message=f"Chỉ Ban Thi đua – Khen thưởng được {what}.")


def _schedule(form: RoundForm | ClosingDateForm, step_deadlines: dict[str, int] | None = None) -> list[StepDate]:
    """The steps' dates for the closing date and limits typed so far (nothing while they do not parse)."""
    values: dict[str, Any]
    if form.is_bound:
        form.is_valid()
        values = form.cleaned_data
    else:
        values = dict(form.initial)
    closes_on = values.get("closes_on")
    if step_deadlines is None:
        step_deadlines = {s: values.get(deadline_field(s)) for s in DEADLINE_STEPS}  # type: ignore[misc]
    if not isinstance(closes_on, dt.date):
        return []
    return round_schedule(closes_on, {s: d for s, d in step_deadlines.items() if isinstance(d, int) and d > 0})


def _round_form_page(request: HttpRequest, form: RoundForm, rnd: Round | None, status: int = 200) -> HttpResponse:
    if request.headers.get("HX-Request") == "true" and request.POST.get("action") == "preview":
        # htmx asks for the steps' dates only, as the closing date or a step's days change.
        return render(request, "nominations/_schedule.html", {"schedule": _schedule(form)})
    return render(request, "nominations/round_form.html", {
        "form": form, "round": rnd, "schedule": _schedule(form), "groups": code_groups(form.selected_codes()),
        "kinds": AwardKind.choices, "movement": round_services.movement_window(rnd) if rnd is not None else None,
    }, status=status)


def _with_default_codes(data: Any) -> Any:
    data = data.copy()
    data.setlist("accepted_codes", default_codes(data.get("kind", "")))
    return data


@login_required
def round_new(request: HttpRequest) -> HttpResponseBase:
    """«Mở đợt khen thưởng»: preview the steps' dates, then create (a repeated submit opens the same round)."""
    _require_board(request, "mở đợt khen thưởng")
    if request.method != "POST":
        initial = RoundForm.initial_for_new(request.GET.get("loai", ""), timezone.localdate())
        return _round_form_page(request, RoundForm(initial=initial), None)
    action = request.POST.get("action", "save")
    data = _with_default_codes(request.POST) if action == "defaults" else request.POST
    form = RoundForm(data)
    if action != "save" or not form.is_valid():
        return _round_form_page(request, form, None)
    try:
        rnd = round_services.create_round(by=request.user, **form.round_values())
    except WorkflowError as exc:
        form.add_service_errors(exc)
        return _round_form_page(request, form, None, status=400)
    messages.success(request, f"Đã mở đợt «{rnd.name}».")
    return redirect("nominations:round", pk=rnd.pk)


@login_required
def round_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    """«Sửa đợt»: every field before the round opens; afterwards the closing date (with a reason) or close early."""
    _require_board(request, "sửa đợt khen thưởng")
    rnd = get_object_or_404(Round, pk=pk)
    today = timezone.localdate()
    if today < rnd.opens_on:
        return _round_edit_full(request, rnd)
    version = round_services.round_version(rnd)
    closing = ClosingDateForm(initial={"closes_on": rnd.closes_on, "version": version})
    close = CloseRoundForm(initial={"version": version})
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("closes_on", "preview"):
                closing = ClosingDateForm(request.POST)
                if action == "closes_on" and closing.is_valid():
                    round_services.update_round(round=rnd, by=request.user, expected_version=closing.cleaned_data["version"],
                                     reason=closing.cleaned_data["reason"],
                                     **{**_current_values(rnd), "closes_on": closing.cleaned_data["closes_on"]})
                    messages.success(request, f"Đã đổi hạn nộp thành {rnd.closes_on:%d/%m/%Y}.")
                    return redirect("nominations:round", pk=pk)
            elif action == "close":
                close = CloseRoundForm(request.POST)
                if close.is_valid():
                    round_services.close_round(round=rnd, by=request.user, expected_version=close.cleaned_data["version"],
                                    reason=close.cleaned_data["reason"])
                    messages.success(request, f"Đã đóng đợt: hạn nộp là {rnd.closes_on:%d/%m/%Y}.")
                    return redirect("nominations:round", pk=pk)
            else:
                closing = ClosingDateForm(request.POST)  # bound: an unknown action is shown on it
                closing.is_valid()
                raise WorkflowError("Thao tác không hợp lệ.")
        except WorkflowError as exc:
            (close if action == "close" else closing).add_service_errors(exc)
            status = 400
    return render(request, "nominations/round_open_edit.html", {
        "round": rnd, "closing": closing, "close": close, "today": today, "is_open": rnd.closes_on >= today,
        "schedule": _schedule(closing, dict(rnd.step_deadlines)),
    }, status=status)


def _current_values(rnd: Round) -> dict[str, Any]:
    return {"name": rnd.name, "kind": rnd.kind, "year": rnd.year, "accepted_codes": list(rnd.accepted_codes),
            "opens_on": rnd.opens_on, "closes_on": rnd.closes_on, "authority": rnd.authority, "issuer": rnd.issuer,
            "movement": rnd.movement, "step_deadlines": dict(rnd.step_deadlines)}


def _round_edit_full(request: HttpRequest, rnd: Round) -> HttpResponseBase:
    if request.method != "POST":
        return _round_form_page(request, RoundForm(initial=RoundForm.initial_for(rnd, round_services.round_version(rnd))), rnd)
    action = request.POST.get("action", "save")
    form = RoundForm(_with_default_codes(request.POST) if action == "defaults" else request.POST)
    if action != "save" or not form.is_valid():
        return _round_form_page(request, form, rnd)
    try:
        round_services.update_round(round=rnd, by=request.user, expected_version=form.cleaned_data["version"],
                         **form.round_values())
    except WorkflowError as exc:
        form.add_service_errors(exc)
        return _round_form_page(request, form, rnd, status=400)
    messages.success(request, f"Đã lưu đợt «{rnd.name}».")
    return redirect("nominations:round", pk=rnd.pk)


def _year(raw: str, default: int) -> int:
    return int(raw) if raw.isdigit() and 1945 <= int(raw) <= 2100 else default


@login_required
def days_off(request: HttpRequest) -> HttpResponseBase:
    """«Ngày nghỉ của tỉnh»: the year's holidays as deadlines count them; the office adds or removes its own."""
    year = _year(request.GET.get("nam", "") or request.POST.get("nam", ""), timezone.localdate().year)
    can_edit = role_of(request.user) in BOARD_ROLES
    form = DayOffForm(initial={"day": None})
    status = 200
    if request.method == "POST":
        _require_board(request, "khai báo ngày nghỉ của tỉnh")
        try:
            if request.POST.get("action") == "remove":
                day = dt.date.fromisoformat(request.POST.get("day", ""))
                removed = round_services.remove_day_off(by=request.user, day=day)
                if removed:
                    messages.success(request, f"Đã xoá ngày {day:%d/%m/%Y} khỏi lịch của tỉnh.")
                return redirect(f"{reverse('nominations:days_off')}?nam={day.year}")
            form = DayOffForm(request.POST)
            if form.is_valid():
                row = round_services.add_day_off(by=request.user, day=form.cleaned_data["day"], name=form.cleaned_data["name"],
                                      is_working_day=form.cleaned_data["is_working_day"])
                messages.success(request, f"Đã lưu ngày {row.day:%d/%m/%Y}: {row.name}.")
                return redirect(f"{reverse('nominations:days_off')}?nam={row.day.year}")
            status = 400
        except ValueError:
            messages.error(request, "Ngày cần xoá không hợp lệ.")
        except WorkflowError as exc:
            form.add_service_errors(exc)
            status = 400
    return render(request, "nominations/days_off.html", {
        "year": year, "days": year_calendar(year), "form": form, "can_edit": can_edit,
        "years": [year - 1, year + 1],
    }, status=status)
