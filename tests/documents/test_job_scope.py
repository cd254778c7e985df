"""H1: every job kind checks role and unit scope in the service; a clerk exports only their subtree."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied

from thidua.documents import services
from thidua.documents.models import DocumentJob, JobStatus
from thidua.registry.models import Award


def _award(unit: Any, person: Any) -> Award:
    return Award.objects.create(person=person, code="LDTT", year=2023, level="grassroots",
                                decision_number="2023/QĐ-UBND", decision_date=dt.date(2023, 12, 20),
                                issuer="UBND", source="import", unit=unit, subject_name=person.full_name)


def _rows(job: DocumentJob) -> list[tuple[Any, ...]]:
    with job.file.open("rb") as fh:
        ws = openpyxl.load_workbook(io.BytesIO(fh.read()), read_only=True).active
        return [r for r in ws.iter_rows(min_row=2, values_only=True)]


@pytest.mark.django_db
def test_clerk_posting_export_awards_to_the_certificate_endpoint_gets_nothing(flow: Any, client: Any) -> None:
    """The audit's H1: job=export_awards posted to the certificate endpoint exported the whole province."""
    from tests.factories import issued_decision

    decision = issued_decision(flow, ("BK_TINH",))
    _award(flow.other_unit, flow.make_person("Người đơn vị khác", unit=flow.other_unit))
    client.force_login(flow.clerk)
    before = DocumentJob.objects.count()
    r = client.post(f"/van-ban/quyet-dinh/{decision.pk}/bang-khen/tao/", {"job": "export_awards"})
    assert r.status_code in (302, 403)
    assert DocumentJob.objects.count() == before
    # Certificates themselves are the office's: a clerk is refused in the service too.
    r = client.post(f"/van-ban/quyet-dinh/{decision.pk}/bang-khen/tao/", {"job": "certificates_pdf"})
    assert r.status_code == 403 and DocumentJob.objects.count() == before


@pytest.mark.django_db
def test_export_awards_job_is_limited_to_the_clerks_subtree(
        flow: Any, django_capture_on_commit_callbacks: Any) -> None:
    mine = _award(flow.unit, flow.make_person("Người của tôi", unit=flow.unit))
    _award(flow.other_unit, flow.make_person("Người đơn vị khác", unit=flow.other_unit))
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_job(kind="export_awards", params={}, by=flow.clerk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert [r[1] for r in _rows(job)] == [mine.subject_name]
    # Asking for another unit's subtree is refused outright.
    with pytest.raises(PermissionDenied):
        services.start_job(kind="export_awards", params={"unit_path": flow.other_unit.path}, by=flow.clerk)
    # The province's office sees both.
    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_job(kind="export_awards", params={}, by=flow.specialist)
    job.refresh_from_db()
    assert len(_rows(job)) == 2


@pytest.mark.django_db
def test_each_job_kind_checks_scope_in_the_service(flow: Any, make_user: Any) -> None:
    from tests.factories import issued_decision

    decision = issued_decision(flow, ("BK_TINH",))
    dossier = flow.dossier("BK_TINH", docs=False)
    council = make_user(role="council_member", unit=flow.province)
    refused = [
        ("certificates_pdf", {"decision": decision.pk}, flow.clerk),
        ("certificates_zip", {"decision": decision.pk}, flow.head),
        ("certificates_blank", {"decision": decision.pk, "layout": 1}, council),
        ("export_nominees", {"dossier": dossier.pk}, flow.other_clerk),
        ("export_nominees", {"dossier": dossier.pk}, council),
        ("export_awards", {}, council),
        ("export_awards", {"unit_path": flow.unit.path}, flow.other_clerk),
    ]
    for kind, params, user in refused:
        with pytest.raises(PermissionDenied):
            services.start_job(kind=kind, params=params, by=user)
    assert services.start_job(kind="export_nominees", params={"dossier": dossier.pk}, by=flow.clerk).pk
    with pytest.raises(services.render.RenderError):
        services.start_job(kind="unknown", params={}, by=flow.specialist)
    assert set(services.JOB_CHECKS) == set(services.JOB_KINDS)


@pytest.mark.django_db
def test_a_job_is_checked_again_when_it_runs(flow: Any) -> None:
    """A worker runs a job later: an account moved to another unit meanwhile gets nothing."""
    dossier = flow.dossier("BK_TINH", docs=False)
    job = DocumentJob.objects.create(kind="export_nominees", params={"dossier": dossier.pk},
                                     created_by=flow.other_clerk)
    services.run_job(job)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.file and "phạm vi" in job.message
