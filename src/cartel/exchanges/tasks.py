"""Background planning: run the stage planner for job `job_id` with progress."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.tasks import task

from cartel.jobs.models import Job
from cartel.jobs.services import job_finish, job_progress, job_start

from .models import Stage
from .planning import stage_plan_run


@task()
def stage_plan_job_run(job_id: int) -> None:
    """Plan the stage named in the job's parameters; a failure marks the job failed and changes nothing."""
    job = Job.objects.get(pk=job_id)
    job_start(job_id)
    try:
        actor = (
            get_user_model()
            .objects.select_related("membership__organisation__party")
            .get(pk=job.created_by_id)
        )
        stage = Stage.objects.get(pk=job.params["stage_id"])
        output = stage_plan_run(
            stage=stage,
            actor=actor,
            on_progress=lambda done, total, msg: job_progress(job_id, done, total, msg),
        )
    except Exception as exc:
        job_finish(job_id, ok=False, message=f"Planning failed and changed nothing: {exc}")
        raise
    selected = len(output["selected"])
    job_finish(job_id, ok=True, message=f"{selected} of {output['candidates']} candidates planned",
               result={"stage_id": stage.pk, "selected": selected, "objective": output["objective"]})  # fmt: skip
