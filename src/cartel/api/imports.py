"""API routes: imports (upload a list file; follow its job; read its report)."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja import File, Form, Router, Schema
from ninja.errors import HttpError
from ninja.files import UploadedFile
from pydantic import Field

from cartel.jobs.models import Job
from cartel.jobs.services import job_create
from cartel.parties.visibility import NotVisible, viewer_party

from .router import api

router = Router(tags=["imports"])


class ImportIn(Schema):
    kind: str = Field(examples=["registry"], pattern="^(registry|requests|inquiries|remains)$")
    mapping: str = Field("", examples=[""], description="Name of a saved header-mapping template")
    dry_run: bool = Field(False, description="Validate and report; change nothing")
    valid_only: bool = Field(False, description="Import the valid rows even if some rows have errors")


class JobOut(Schema):
    id: int
    kind: str
    status: str = Field(examples=["done"])
    owner_party: str | None = Field(examples=["A"])
    shared: bool = Field(False, description="Jobs are never shared with other parties")
    done: int
    total: int | None
    percent: int
    message: str
    result: dict[str, Any] = Field(description="The import report: counts, column mapping, issues row by row")


def _job_out(job: Job) -> dict[str, Any]:
    return {
        "id": job.pk, "kind": job.kind, "status": job.status, "owner_party": job.party.code if job.party else None,
        "shared": False, "done": job.done, "total": job.total, "percent": job.percent, "message": job.message,
        "result": job.result,
    }  # fmt: skip


@router.post("/", response={202: JobOut}, summary="Upload a list file for import")
def import_create(
    request: HttpRequest, params: Form[ImportIn], file: File[UploadedFile]
) -> tuple[int, dict[str, Any]]:
    """Store the file and queue its import; poll `GET /api/imports/{id}` for progress and the row-by-row report."""
    from cartel.imports.tasks import import_job_run

    party = viewer_party(request.user)
    if party is None:
        raise HttpError(403, "Your account belongs to no party.")
    if file.size and file.size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        raise HttpError(413, "The file is larger than the import limit.")
    data = file.read()
    stored = Path("uploads") / f"{hashlib.sha256(data).hexdigest()}.bin"
    target = Path(settings.MEDIA_ROOT) / stored
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    job = job_create(kind="import", actor=request.user, party=party, params={
        "file_name": file.name or "upload", "stored_as": str(stored), "kind": params.kind, "mapping": params.mapping,
        "dry_run": params.dry_run, "valid_only": params.valid_only,
    })  # fmt: skip
    result = import_job_run.enqueue(job.pk)
    Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return 202, _job_out(job)


@router.get("/{job_id}", response=JobOut, summary="An import job: progress and report")
def import_get(request: HttpRequest, job_id: int) -> dict[str, Any]:
    job = (
        Job.objects.filter(pk=job_id, kind="import", party=viewer_party(request.user))
        .select_related("party")
        .first()
    )
    if job is None:
        raise NotVisible("No such import.")
    return _job_out(job)


api.add_router("/imports/", router)
