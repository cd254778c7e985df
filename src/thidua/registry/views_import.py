"""Import of award history from Excel: upload, rejected-rows table, "keep valid rows" second submit.

The view is thin: the importer checks and writes; the scope of a clerk (own unit subtree)
is enforced there, row by row. After a failed check the upload is kept in the media
storage under a random name bound to the session, so the clerk can choose to save only
the valid rows without uploading again.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.accounts.permissions import DATA_ENTRY_ROLES, require_role
from thidua.core.files import FileRefused
from thidua.registry import importer, pending
from thidua.registry.importing.reader import FileRejected, check_size

PENDING_KEY = "award_import_pending"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_data_entry(user: Any) -> None:
    require_role(user, DATA_ENTRY_ROLES, "", message=_("Vai trò của bạn không được nhập dữ liệu khen thưởng."))


def _drop_pending(request: HttpRequest) -> None:
    pending.drop(request.session.pop(PENDING_KEY, None))


def _keep_pending(request: HttpRequest, data: bytes) -> None:
    _drop_pending(request)
    request.session[PENDING_KEY] = pending.keep(data)


@login_required
@require_http_methods(["GET", "POST"])
def import_awards(request: HttpRequest) -> HttpResponse:
    _require_data_entry(request.user)
    context: dict[str, Any] = {"max_mb": importer.max_bytes() // (1024 * 1024)}
    if request.method == "GET":
        return render(request, "registry/import_awards.html", context)

    if request.POST.get("action") == "keep_valid":
        name = request.session.get(PENDING_KEY)
        if not name or not default_storage.exists(name):
            context["form_error"] = _("Tệp đã tải lên không còn; hãy tải tệp lên lại.")
            return render(request, "registry/import_awards.html", context, status=400)
        with default_storage.open(name, "rb") as fh:
            data = fh.read()
        result = importer.import_awards_bytes(data, by=request.user, keep_valid=True)
        _drop_pending(request)
    else:
        upload = request.FILES.get("file")
        if upload is None:
            context["form_error"] = _("Hãy chọn tệp Excel (.xlsx) để nhập.")
            return render(request, "registry/import_awards.html", context, status=400)
        try:
            check_size(upload.size or 0, importer.max_bytes())  # before reading the upload
        except FileRejected as exc:
            result = importer.ImportResult(errors=exc.errors)
        else:
            buffer = io.BytesIO()
            for chunk in upload.chunks():
                buffer.write(chunk)
            data = buffer.getvalue()
            keep_valid = request.POST.get("keep_valid") == "1"
            start_background = importer.background_import_starter()
            if start_background is not None and len(data) > importer.background_bytes():
                # a large file: a background job (documents.import_jobs), never the request
                try:
                    job = start_background(data=data, filename=upload.name or "", keep_valid=keep_valid,
                                                   by=request.user)
                except FileRefused as exc:
                    context["form_error"] = str(exc)
                    return render(request, "registry/import_awards.html", context, status=400)
                return redirect("documents:job", pk=job.pk)
            result = importer.import_awards_bytes(data, by=request.user, keep_valid=keep_valid)
            if not result.saved and result.errors and result.valid_rows:
                _keep_pending(request, data)
        context["filename"] = upload.name
    context["result"] = result
    context["can_keep_valid"] = not result.saved and bool(result.valid_rows) and PENDING_KEY in request.session
    return render(request, "registry/import_awards.html", context, status=200 if result.ok else 422)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _require_data_entry(request.user)
    buffer = io.BytesIO()
    importer.write_template(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-khen-thuong.xlsx"'
    return response
