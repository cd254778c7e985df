"""Large imports run as background jobs with a polled progress page (issue 13 item 5)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import person_row, write_xlsx
from thidua.documents.models import DocumentJob, JobStatus
from thidua.registry.models import Award

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(tree: dict[str, Any], make_user: Any, settings: Any, tmp_path: Path) -> Any:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_IMPORT_BACKGROUND_BYTES = 0  # every upload takes the background path here
    return make_user("canbo_snv", role="clerk", unit=tree["snv"])


def _upload(client: Client, path: Path, **extra: str) -> Any:
    with path.open("rb") as fh:
        return client.post(reverse("registry:import_awards"), {"file": fh, **extra})


def test_large_upload_becomes_a_job_and_its_page_shows_the_result(
        clerk: Any, client: Client, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    client.force_login(clerk)
    rows = [person_row(), person_row(unit_code="SYT", award_code="CSTD_CO_SO"), person_row(award_code="BK_TINH")]
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, write_xlsx(tmp_path / "lon.xlsx", rows))
    job = DocumentJob.objects.get(kind="import_awards")
    assert response.status_code == 302 and response["Location"] == reverse("documents:job", args=[job.pk])
    assert job.file.name.startswith("documents/jobs/") and "lon" not in job.file.name  # private, random
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.result["total_rows"] == 3 and job.result["valid_rows"] == 2
    assert Award.objects.count() == 0
    page = client.get(reverse("documents:job", args=[job.pk])).content.decode()
    assert "ngoài phạm vi đơn vị của bạn" in page and "Lưu 2 dòng hợp lệ" in page
    assert 'hx-trigger="every 2s"' not in page  # finished: the page stops polling
    fragment = client.get(reverse("documents:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="job-status"') and "<html" not in fragment
    # Another unit's clerk does not see the job.
    other = Client()
    other.force_login(type(clerk).objects.create_user("canbo_syt", role="clerk", unit=clerk.unit.parent))
    assert other.get(reverse("documents:job", args=[job.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("documents:job_keep_valid", args=[job.pk]))
    again = DocumentJob.objects.exclude(pk=job.pk).get(kind="import_awards")
    again.refresh_from_db()
    assert again.status == JobStatus.DONE and again.result["created"] == 2 and Award.objects.count() == 2


def test_a_queued_job_page_polls(clerk: Any, client: Client, tmp_path: Path) -> None:
    client.force_login(clerk)
    _upload(client, write_xlsx(tmp_path / "a.xlsx", [person_row()]))  # on_commit not run: stays queued
    job = DocumentJob.objects.get(kind="import_awards")
    assert job.status == JobStatus.QUEUED
    page = client.get(reverse("documents:job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 2s"' in page and "<progress" in page and "http-equiv=\"refresh\"" in page


def test_a_renamed_file_is_refused_before_queueing(clerk: Any, client: Client, tmp_path: Path) -> None:
    client.force_login(clerk)
    path = tmp_path / "gia.xlsx"
    path.write_bytes(b"<html><script>alert(1)</script></html>")
    response = _upload(client, path)
    assert response.status_code == 400 and "loại tệp không được nhận" in response.content.decode()
    assert not DocumentJob.objects.exists()


def test_cleanup_deletes_finished_import_uploads(
        clerk: Any, client: Client, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    from thidua.documents.import_jobs import purge_stale_uploads

    client.force_login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        _upload(client, write_xlsx(tmp_path / "a.xlsx", [person_row()]))
    job = DocumentJob.objects.get(kind="import_awards")
    path = tmp_path / "media" / job.file.name
    assert path.is_file() and purge_stale_uploads() == 0
    assert purge_stale_uploads(now=timezone.now() + dt.timedelta(hours=25)) == 1
    job.refresh_from_db()
    assert not path.exists() and not job.file and job.result["created"] == 1
