"""Background import: read the stored upload and run `import_file` with progress."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.tasks import task

from cartel.jobs.models import Job
from cartel.jobs.services import job_finish, job_progress, job_start

from .services import import_file


@task()
def import_job_run(job_id: int) -> None:
    """Run the import described by job `job_id`; a crash marks the job failed and leaves the database unchanged."""
    job = Job.objects.select_related("party").get(pk=job_id)
    params = job.params
    job_start(job_id)
    try:
        actor = get_user_model().objects.get(pk=job.created_by_id) if job.created_by_id else "system"
        data = (Path(settings.MEDIA_ROOT) / params["stored_as"]).read_bytes()
        outcome = import_file(
            data=data,
            file_name=params["file_name"],
            party=job.party,
            kind=params["kind"],
            actor=actor,
            mapping_name=params.get("mapping") or None,
            dry_run=bool(params.get("dry_run")),
            valid_only=bool(params.get("valid_only")),
            on_progress=lambda done, total, msg: job_progress(job_id, done, total, msg),
        )
    except Exception as exc:
        job_finish(job_id, ok=False, message=f"The import failed and changed nothing: {exc}")
        raise
    job_finish(job_id, ok=outcome.ok, message=outcome.message, result=outcome.as_dict())
