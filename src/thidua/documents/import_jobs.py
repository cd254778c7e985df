"""Large award imports run as background jobs (issue 13 item 5): the request only stores the upload
(private storage, checked as an .xlsx by content) and queues the job; a worker reads, checks and saves
it through the same entry point as the page (``importer.import_awards_bytes``); the job page polls its
status with htmx (or refreshes without JavaScript) and shows the same result table when it is done.

A file above ``THIDUA_IMPORT_BACKGROUND_BYTES`` (default 512 KB, about 8,000 rows) goes this way, so
a 100,000-row file never runs inside a web request and its timeout.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks import task

from thidua.accounts.permissions import DATA_ENTRY_ROLES, role_of
from thidua.audit import services as audit
from thidua.core.files import XLSX, FileRefused, store_upload
from thidua.documents.models import DocumentJob, JobStatus

KIND = "import_awards"
MAX_ERRORS_KEPT = 5000  # rows refused beyond this are counted, not listed


def authorize(user: Any, params: dict[str, Any]) -> dict[str, Any]:
    """Who may import: the data-entry roles; each row's unit is then checked against the user's scope by
    the importer itself, when the job runs, for the account that started it."""
    if not getattr(user, "is_authenticated", False) or role_of(user) not in DATA_ENTRY_ROLES:
        raise PermissionDenied("Vai trò của bạn không được nhập dữ liệu khen thưởng.")
    return params


def start_import(*, data: bytes, filename: str, keep_valid: bool, by: Any) -> DocumentJob:
    """Store the upload and queue its import; raises FileRefused (not an .xlsx) or PermissionDenied."""
    authorize(by, {})
    upload = ContentFile(data, name=filename or "nhap-khen-thuong.xlsx")
    with transaction.atomic():
        job = DocumentJob(kind=KIND, params={"keep_valid": keep_valid, "filename": filename[:200]},
                          created_by=by, total=100)
        store_upload(job.file, upload, allowed=(XLSX,), what="Tệp nhập liệu")
        job.save()
        audit.record(actor=by, action="registry.import_job_start", obj=job,
                     after={"kind": KIND, "params": job.params})
        transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
    return job


def run(job: DocumentJob) -> DocumentJob:
    from thidua.registry import importer

    DocumentJob.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, done=5, total=100,
                                                 message="Đang đọc, kiểm tra và lưu tệp…")
    try:
        authorize(job.created_by, job.params)
        with job.file.open("rb") as fh:
            data = fh.read()
    except (PermissionDenied, OSError, FileRefused) as exc:
        job.status, job.message, job.finished_at = JobStatus.FAILED, str(exc), timezone.now()
        job.save(update_fields=["status", "message", "finished_at"])
        return job
    result = importer.import_awards_bytes(data, by=job.created_by, keep_valid=bool(job.params.get("keep_valid")))
    job.refresh_from_db()
    job.result = {
        "ok": result.ok, "saved": result.saved, "total_rows": result.total_rows, "valid_rows": result.valid_rows,
        "rejected_rows": result.rejected_rows, "created": result.created,
        "skipped_existing": result.skipped_existing, "people_created": result.people_created,
        "collectives_created": result.collectives_created, "households_created": result.households_created,
        "errors": [{"row": e.row, "column": e.column, "message": e.message}
                   for e in result.errors[:MAX_ERRORS_KEPT]],
        "errors_total": len(result.errors),
    }
    job.status = JobStatus.DONE if result.ok or result.saved else JobStatus.FAILED
    job.done = job.total = 100
    job.message = (f"Đã nhập {result.created} khen thưởng mới." if result.saved
                   else "Không lưu dòng nào vì tệp có lỗi.")
    job.finished_at = timezone.now()
    job.save()
    return job


def start_keep_valid(*, job: DocumentJob, by: Any) -> DocumentJob:
    """After a refused import: save only the valid rows of the same stored file (no second upload)."""
    authorize(by, {})
    if job.kind != KIND or job.created_by_id != by.pk or not job.file:
        raise PermissionDenied("Không có việc nhập dữ liệu này.")
    with transaction.atomic():
        again = DocumentJob.objects.create(kind=KIND, params={**job.params, "keep_valid": True}, created_by=by,
                                           total=100, file=job.file.name)
        audit.record(actor=by, action="registry.import_job_start", obj=again,
                     after={"kind": KIND, "params": again.params})
        transaction.on_commit(lambda: run_import_job.enqueue(again.pk))
    return again


def purge_stale_uploads(*, max_age: dt.timedelta = dt.timedelta(hours=24), now: dt.datetime | None = None) -> int:
    """Delete the stored uploads of import jobs finished more than ``max_age`` ago (personal data is not
    kept longer than the «keep valid rows» choice needs); the job and its result table stay."""
    cutoff = (now or timezone.now()) - max_age
    stale = DocumentJob.objects.filter(kind=KIND, finished_at__lt=cutoff).exclude(file="")
    names = set(stale.values_list("file", flat=True))
    still_needed = set(DocumentJob.objects.filter(kind=KIND, file__in=names)
                       .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=cutoff))
                       .values_list("file", flat=True))
    stale.update(file="")
    deleted = 0
    for name in names - still_needed:
        if default_storage.exists(name):
            default_storage.delete(name)
            deleted += 1
    return deleted


@task()
def run_import_job(job_id: int) -> str:
    return str(run(DocumentJob.objects.get(pk=job_id)).status)
