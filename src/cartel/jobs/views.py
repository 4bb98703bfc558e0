"""The live progress fragment of a job, polled by htmx."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cartel.parties.visibility import viewer_party

from .models import Job, JobStatus


@login_required
def job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    job = Job.objects.filter(pk=job_id, party=viewer_party(request.user)).first()
    if job is None:
        raise Http404
    finished = job.status in (JobStatus.DONE, JobStatus.FAILED)
    return render(request, "jobs/progress.html", {"job": job, "finished": finished})
