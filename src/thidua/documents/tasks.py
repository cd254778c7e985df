"""Background tasks (django-tasks): ImmediateBackend in the demo and tests, the database queue in production."""

from __future__ import annotations

from django_tasks import task

from .models import DocumentJob


@task()
def run_document_job(job_id: int) -> str:
    from .services import run_job

    job = run_job(DocumentJob.objects.get(pk=job_id))
    return str(job.status)


@task()
def prepare_verifications(decision_id: int) -> int:
    """Create the verification tokens and QR codes of a decision's awards right after it is
    issued (≈ 2.5 ms each), so that printing its certificates later is only typesetting."""
    from thidua.registry.models import Award

    from .certificates import ensure_verifications

    awards = Award.objects.filter(decision_item__decision_id=decision_id)
    return len(ensure_verifications(awards))
