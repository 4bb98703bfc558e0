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
