"""Document use cases: render one document (DOCX or PDF), start a background job for the long ones
(bulk certificates, large exports) and run it with progress, keeping the file for download."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from thidua.accounts.models import Role
from thidua.accounts.permissions import PRINT_ROLES
from thidua.audit import services as audit
from thidua.core.files import store_generated
from thidua.decisions.models import Decision
from thidua.nominations.models import Dossier, Nominee
from thidua.org.scope import can_see_unit, scope_paths

from . import certificates as cert
from . import dossier_docs, exports, render
from .context import decision_context
from .models import DocumentJob, JobStatus, PrintLayout

PDF_TEMPLATE = {"decision": "decision", "proposal_letter": "proposal_letter", "report_individual": "report",
                "report_collective": "report", "council_minutes": "minutes", "ballot_minutes": "minutes"}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# Exports: the unit's own staff (their subtree only) and the province's office; not council members.
EXPORT_ROLES = frozenset({Role.CLERK, Role.UNIT_HEAD, Role.SPECIALIST, Role.ADMIN, Role.CHAIR})


@dataclass(frozen=True)
class Rendered:
    filename: str
    content: bytes

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.filename.rsplit(".", 1)[-1]]


def _file(template: str, context: dict[str, Any], fmt: str, stem: str) -> Rendered:
    if fmt == "docx":
        return Rendered(f"{stem}.docx", render.docx(template, context))
    if fmt == "pdf":
        return Rendered(f"{stem}.pdf", render.pdf(PDF_TEMPLATE[template], context))
    raise render.RenderError(f"Định dạng «{fmt}» không được hỗ trợ (chỉ DOCX hoặc PDF).")


def decision_document(*, decision: Decision, fmt: str) -> Rendered:
    stem = f"quyet-dinh-{decision.number or 'du-thao'}-{decision.year}"
    return _file("decision", decision_context(decision), fmt, stem)


def dossier_document(*, dossier: Dossier, kind: str, fmt: str, nominee: Nominee | None = None) -> Rendered:
    if kind == "proposal_letter":
        return _file(kind, dossier_docs.proposal_letter(dossier), fmt, f"to-trinh-{dossier.pk}")
    if kind == "achievement_report":
        if nominee is None or nominee.dossier_id != dossier.pk:
            raise render.RenderError("Chọn người, tập thể trong hồ sơ để lập báo cáo thành tích.")
        template, ctx = dossier_docs.achievement_report(nominee)
        return _file(template, ctx, fmt, f"bao-cao-thanh-tich-{slugify(nominee.subject_name) or nominee.pk}")
    if kind in ("council_minutes", "ballot_minutes"):
        # From the closed council meeting only (issue 14): before it, a blank form.
        ctx = dossier_docs.minutes(dossier, ballot=kind == "ballot_minutes")
        return _file(kind, ctx, fmt, f"bien-ban-{'kiem-phieu' if kind == 'ballot_minutes' else 'hop'}-{dossier.pk}")
    raise render.RenderError(f"Loại văn bản hồ sơ «{kind}» không có mẫu.")


def meeting_minutes(*, meeting: Any, kind: str, fmt: str) -> Rendered:
    """The minutes of a whole council meeting, from the record once it closed (blank form before)."""
    if kind not in ("council_minutes", "ballot_minutes"):
        raise render.RenderError(f"Loại biên bản «{kind}» không có mẫu.")
    ctx = dossier_docs.meeting_minutes(meeting, ballot=kind == "ballot_minutes")
    stem = f"bien-ban-{'kiem-phieu' if kind == 'ballot_minutes' else 'hop'}-phien-{meeting.pk}"
    return _file(kind, ctx, fmt, stem + ("-mau-trong" if ctx["blank"] else ""))


# --- background jobs --------------------------------------------------------------------------------

JOB_KINDS = {
    "certificates_pdf": "Bằng khen, giấy khen của quyết định (một tệp PDF)",
    "certificates_zip": "Bằng khen, giấy khen của quyết định (mỗi người một tệp, nén ZIP)",
    "certificates_blank": "In lên phôi có sẵn",
    "export_nominees": "Danh sách đề nghị (Excel)",
    "export_awards": "Tra cứu sổ khen thưởng (Excel)",
    "import_awards": "Nhập lịch sử khen thưởng từ Excel",
}


def _require(user: Any, roles: Iterable[str], what: str) -> None:
    role = str(Role.ADMIN) if getattr(user, "is_superuser", False) else str(getattr(user, "role", ""))
    if not getattr(user, "is_authenticated", False) or role not in set(roles):
        raise PermissionDenied(f"Tài khoản này không được {what}.")


# Each job kind has its own check, run when the job is started AND again when it runs (a worker runs it
# later, for the account that started it: a role or unit changed meanwhile must not widen what it gets).
# The check returns the parameters the job will use, narrowed to the user's scope where needed.

def _authorize_certificates(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    from thidua.decisions.selectors import decisions_for

    _require(user, PRINT_ROLES, "in bằng khen, giấy khen")
    if not decisions_for(user).filter(pk=_int(params.get("decision"))).exists():
        raise PermissionDenied("Không có quyết định này hoặc bạn không có quyền với quyết định này.")
    return params


def _authorize_export_nominees(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    _require(user, EXPORT_ROLES, "xuất danh sách đề nghị")
    dossier = Dossier.objects.select_related("unit").filter(pk=_int(params.get("dossier"))).first()
    if dossier is None or not can_see_unit(user, dossier.unit):
        raise PermissionDenied("Không có hồ sơ này hoặc hồ sơ ngoài phạm vi đơn vị của bạn.")
    return params


def _authorize_export_awards(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    _require(user, EXPORT_ROLES, "xuất sổ khen thưởng")
    paths = scope_paths(user)
    unit_path = str(params.get("unit_path") or "")
    if paths is not None and unit_path and not any(unit_path.startswith(p) for p in paths):
        raise PermissionDenied("Đơn vị được chọn nằm ngoài phạm vi đơn vị của bạn.")
    return params  # the query itself is filtered by the user's scope (exports.awards_query)


CERTIFICATE_JOBS = frozenset({"certificates_pdf", "certificates_zip", "certificates_blank"})

JOB_CHECKS: dict[str, Callable[[Any, dict[str, Any]], dict[str, Any]]] = {
    "certificates_pdf": _authorize_certificates,
    "certificates_zip": _authorize_certificates,
    "certificates_blank": _authorize_certificates,
    "export_nominees": _authorize_export_nominees,
    "export_awards": _authorize_export_awards,
    "import_awards": lambda user, params: _import_jobs().authorize(user, params),
}


def _import_jobs() -> Any:
    from thidua.documents import import_jobs

    return import_jobs


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def authorize_job(*, kind: str, params: dict[str, Any], user: Any) -> dict[str, Any]:
    """Role and unit scope of ``user`` for a job of ``kind``; raises PermissionDenied, RenderError."""
    check = JOB_CHECKS.get(kind)
    if check is None:
        raise render.RenderError(f"Loại việc «{kind}» không có.")
    return check(user, params)


def start_job(*, kind: str, params: dict[str, Any], by: Any) -> DocumentJob:
    """Record the job and hand it to the task queue (in-process in the demo, a worker in production)."""
    params = authorize_job(kind=kind, params=params, user=by)
    from .tasks import run_document_job

    with transaction.atomic():
        job = DocumentJob.objects.create(kind=kind, params=params, created_by=by)
        audit.record(actor=by, action="documents.job_start", obj=job, after={"kind": kind, "params": params})
        transaction.on_commit(lambda: run_document_job.enqueue(job.pk))
    return job


def _progress(job: DocumentJob) -> Callable[[int, int], None]:
    def update(done: int, total: int) -> None:
        DocumentJob.objects.filter(pk=job.pk).update(done=done, total=total)
    return update


def run_job(job: DocumentJob) -> DocumentJob:
    """Do the work of a job; any failure is kept on the job with its message (nothing half-written)."""
    if job.kind == "import_awards":  # started by documents.import_jobs.start_import with its upload
        result: DocumentJob = _import_jobs().run(job)
        return result
    DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING)
    try:
        authorize_job(kind=job.kind, params=job.params, user=job.created_by)
        rendered = _work(job)
    except (render.RenderError, Decision.DoesNotExist, PrintLayout.DoesNotExist, ValueError,
            PermissionDenied) as exc:
        job.status, job.message = JobStatus.FAILED, str(exc)
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        return job
    job.refresh_from_db()
    store_generated(job.file, rendered.filename, rendered.content)
    job.status, job.finished_at = JobStatus.DONE, timezone.now()
    job.done = job.total = max(job.total, 1)
    job.message = f"Đã xong: {rendered.filename}"
    job.save()
    return job


def _work(job: DocumentJob) -> Rendered:
    p = job.params
    progress = _progress(job)
    if job.kind.startswith("certificates"):
        decision = Decision.objects.get(pk=p["decision"])
        awards = cert.decision_awards(decision)
        progress(0, len(awards))
        items = cert.certificate_items(awards, golden_book_start=int(p.get("golden_book_start", 1)))
        kind = p.get("kind") or None  # None: each award's own kind
        stem = f"bang-khen-qd-{decision.number}-{decision.year}"
        if job.kind == "certificates_pdf":
            out = Rendered(f"{stem}.pdf", cert.certificates_pdf(items, kind=kind, signer_name=decision.signer))
        elif job.kind == "certificates_zip":
            out = Rendered(f"{stem}.zip", cert.certificates_zip(items, kind=kind, signer_name=decision.signer,
                                                                 progress=progress))
        else:
            layout = PrintLayout.objects.get(pk=p["layout"])
            out = Rendered(f"{stem}-phoi.pdf", cert.blank_pdf(items, layout=layout,
                                                              calibration=bool(p.get("calibration"))))
        progress(len(awards), len(awards))
        return out
    if job.kind == "export_nominees":
        buf = io.BytesIO()
        n = exports.nominees_xlsx(Dossier.objects.get(pk=p["dossier"]), buf)
        progress(n, n)
        return Rendered(f"danh-sach-de-nghi-{p['dossier']}.xlsx", buf.getvalue())
    if job.kind == "export_awards":
        buf = io.BytesIO()
        n = exports.awards_xlsx(exports.awards_query(p, user=job.created_by), buf)
        progress(n, n)
        return Rendered("so-khen-thuong.xlsx", buf.getvalue())
    raise render.RenderError(f"Loại việc «{job.kind}» không có.")
