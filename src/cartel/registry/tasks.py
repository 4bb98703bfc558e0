"""Background identity resolution with progress."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.tasks import task

from cartel.jobs.models import Job
from cartel.jobs.services import job_finish, job_progress, job_start

from .linkage import linkage_run


@task()
def linkage_job_run(job_id: int) -> None:
    """Run identity resolution for job `job_id`; a failure marks the job failed (links are stored per comparison)."""
    job = Job.objects.get(pk=job_id)
    job_start(job_id)
    actor = get_user_model().objects.get(pk=job.created_by_id) if job.created_by_id else "system"
    try:
        summary = linkage_run(
            actor=actor, on_progress=lambda done, total, msg: job_progress(job_id, done, total, msg)
        )
    except Exception as exc:
        job_finish(job_id, ok=False, message=f"Identity resolution failed: {exc}")
        raise
    job_finish(job_id, ok=True, message=f"{summary['auto']} links, {summary['review']} pairs for review",
               result=summary)  # fmt: skip
