"""Background tasks (django-tasks): ImmediateBackend in the demo and tests, the database queue in production."""

from __future__ import annotations

from django_tasks import task

from .models import DocumentJob


@task()
def run_document_job(job_id: int) -> str:
    from .services import run_job

    job = run_job(DocumentJob.objects.get(pk=job_id))
    return str(job.status)
