"""Thin views: downloads, background jobs, the public certificate verification page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.permissions import COUNCIL_ROLES, require_role
from thidua.core.errors import NotAllowed
from thidua.core.files import file_response, harden
from thidua.council.models import Meeting
from thidua.decisions.selectors import decisions_for
from thidua.nominations.models import Dossier
from thidua.org.scope import require_unit

from . import files, selectors, services
from .render import RenderError


def _send(rendered: services.Rendered) -> HttpResponse:
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return harden(response)


def verify(request: HttpRequest, token: str) -> HttpResponse:
    record = selectors.verification(token)
    status = 200 if record else 404
    return render(request, "documents/verify.html", {"record": record, "token": token}, status=status)


@login_required
def decision_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    decision = get_object_or_404(decisions_for(request.user), pk=pk)
    try:
        return _send(services.decision_document(decision=decision, fmt=fmt))
    except RenderError as exc:
        raise Http404(str(exc)) from exc


@login_required
def dossier_file(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    dossier = get_object_or_404(Dossier.objects.select_related("unit", "round"), pk=pk)
    require_unit(request.user, dossier.unit)
    nominee = None
    if kind == "achievement_report":
        nominee = get_object_or_404(dossier.nominees, pk=request.GET.get("nominee") or 0)
    try:
        return _send(services.dossier_document(dossier=dossier, kind=kind, fmt=fmt, nominee=nominee))
    except (RenderError, ValueError) as exc:
        raise Http404(str(exc)) from exc


@login_required
@require_POST
def start_certificates(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(decisions_for(request.user), pk=pk)
    kind = request.POST.get("job", "certificates_pdf")
    if kind not in services.CERTIFICATE_JOBS:  # this endpoint prints certificates, nothing else (H1)
        messages.error(request, _("Loại việc «%(kind)s» không in bằng khen, giấy khen.") % {"kind": kind[:40]})
        return redirect("decisions:detail", pk=decision.pk)
    params: dict[str, object] = {"decision": decision.pk, "kind": request.POST.get("kind", "")}
    if kind == "certificates_blank":
        params.update(layout=int(request.POST.get("layout") or 0), calibration=bool(request.POST.get("calibration")))
    try:
        job = services.start_job(kind=kind, params=params, by=request.user)
    except RenderError as exc:
        messages.error(request, str(exc))
        return redirect("decisions:detail", pk=decision.pk)
    return redirect("documents:job", pk=job.pk)


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(selectors.jobs_for(request.user), pk=pk)
    template = "documents/_job_status.html" if request.headers.get("HX-Request") else "documents/job.html"
    return render(request, template, {"job": item, "kind_label": services.JOB_KINDS.get(item.kind, "")})


@login_required
@require_POST
def job_keep_valid(request: HttpRequest, pk: int) -> HttpResponse:
    """A refused import job: save its valid rows from the same stored file."""
    from . import import_jobs

    item = get_object_or_404(selectors.jobs_for(request.user), pk=pk)
    again = import_jobs.start_keep_valid(job=item, by=request.user)
    return redirect("documents:job", pk=again.pk)


@login_required
def job_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    item = get_object_or_404(selectors.jobs_for(request.user), pk=pk)
    if not item.file:
        raise NotAllowed(_("Tệp chưa sẵn sàng."))
    return file_response(item.file)


def stored_file_by_name(request: HttpRequest, name: str) -> HttpResponseBase:
    """``FieldFile.url`` of private storage: the same check, found by the (random) storage name."""
    field = files.file_by_name(request.user, name)
    if field is None:
        raise Http404(_("Không có tệp này hoặc bạn không có quyền xem tệp này."))
    return file_response(field)


def stored_file(request: HttpRequest, kind: str, pk: int) -> HttpResponseBase:
    """Any stored file, after the scope check of the object it belongs to (anonymous: published only)."""
    field = files.file_for(request.user, kind, pk)
    if field is None:
        raise Http404(_("Không có tệp này hoặc bạn không có quyền xem tệp này."))
    return file_response(field)


@login_required
def meeting_minutes_file(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """The council or ballot-count minutes (DOCX, PDF) of a meeting: from the record once it closed,
    a blank form without numbers before."""
    require_role(request.user, COUNCIL_ROLES, "",
                 message="Chỉ thành viên Hội đồng và Ban Thi đua – Khen thưởng xem được phiên họp.")
    m = get_object_or_404(Meeting.objects.select_related("round"), pk=pk)
    try:
        doc = services.meeting_minutes(meeting=m, kind=kind, fmt=fmt)
    except RenderError as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(doc.content, content_type=doc.content_type)
    response["Content-Disposition"] = f'attachment; filename="{doc.filename}"'
    return harden(response)
