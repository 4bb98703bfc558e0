"""Creating jobs and reporting their progress."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .models import Job, JobStatus


def job_create(*, kind: str, actor: Any, party: Any = None, params: dict[str, Any] | None = None) -> Job:
    """Record a queued job for `actor`."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    return Job.objects.create(kind=kind, created_by=user, party=party, params=params or {})


def job_progress(job_id: int, done: int, total: int | None = None, message: str = "") -> None:
    """Update a running job's progress (cheap: one UPDATE)."""
    fields: dict[str, Any] = {"done": done, "status": JobStatus.RUNNING}
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message[:300]
    Job.objects.filter(pk=job_id).update(**fields)


def job_start(job_id: int) -> None:
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, started_at=timezone.now())


def job_finish(job_id: int, *, ok: bool, message: str, result: dict[str, Any] | None = None) -> None:
    """Mark a job done or failed with its outcome."""
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.DONE if ok else JobStatus.FAILED,
        message=message[:300],
        result=result or {},
        finished_at=timezone.now(),
    )


def jobs_reap_stale(*, older_than_minutes: float = 15, now: Any = None) -> list[int]:
    """Mark as failed the jobs left running by a worker that died (started longer ago than `older_than_minutes`).

    Imports and linkage runs store their results in one transaction, so a job cut off midway saved nothing; the
    message says so. Call it when a worker starts (with 0: any running job then belongs to a dead worker) or
    periodically. Returns the ids of the jobs marked failed.
    """
    from datetime import timedelta

    cutoff = (now or timezone.now()) - timedelta(minutes=older_than_minutes)
    stale = Job.objects.filter(status__in=[JobStatus.RUNNING, JobStatus.QUEUED]).filter(
        started_at__isnull=False, started_at__lte=cutoff
    )
    ids = list(stale.values_list("pk", flat=True))
    Job.objects.filter(pk__in=ids).update(
        status=JobStatus.FAILED,
        message="The worker stopped while this job was running; nothing from it was saved. Run it again.",
        finished_at=timezone.now(),
    )
    return ids
