"""The upload page: choose a file and kind; the import runs in the background with a live progress bar."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from cartel.jobs.models import Job
from cartel.jobs.services import job_create
from cartel.parties.visibility import viewer_party

from .models import MappingTemplate
from .tasks import import_job_run

KINDS = [
    ("registry", _("Registry of captives we hold")),
    ("requests", _("Our people we ask for")),
    ("inquiries", _("Family inquiries")),
    ("remains", _("Remains manifest")),
]


class UploadForm(forms.Form):
    file = forms.FileField(label=_("List file (CSV, TSV or XLSX)"))
    kind = forms.ChoiceField(label=_("What the list is"), choices=KINDS)
    mapping = forms.CharField(label=_("Saved column mapping (optional)"), required=False)
    dry_run = forms.BooleanField(label=_("Only check the file; import nothing"), required=False)
    valid_only = forms.BooleanField(
        label=_("Import the valid rows even if some rows have errors"), required=False
    )


@login_required
def imports_index(request: HttpRequest) -> HttpResponse:
    party = viewer_party(request.user)
    if party is None:
        return render(request, "imports/index.html", {"form": None}, status=403)
    job = None
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                form.add_error(
                    "file", _("The file is larger than the import limit. Split it or ask an administrator.")
                )
            else:
                data = upload.read()
                digest = hashlib.sha256(data).hexdigest()
                stored = Path("uploads") / f"{digest}.bin"
                target = Path(settings.MEDIA_ROOT) / stored
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
                job = job_create(
                    kind="import",
                    actor=request.user,
                    party=party,
                    params={
                        "file_name": upload.name,
                        "stored_as": str(stored),
                        "kind": form.cleaned_data["kind"],
                        "mapping": form.cleaned_data["mapping"],
                        "dry_run": form.cleaned_data["dry_run"],
                        "valid_only": form.cleaned_data["valid_only"],
                    },
                )
                result = import_job_run.enqueue(job.pk)
                Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
                job.refresh_from_db()
                form = UploadForm()
    else:
        form = UploadForm()
    recent = Job.objects.filter(party=party, kind="import").select_related("created_by")[:10]
    templates = MappingTemplate.objects.filter(party=party)
    return render(
        request, "imports/index.html", {"form": form, "job": job, "recent": recent, "templates": templates}
    )
