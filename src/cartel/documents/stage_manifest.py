"""A stage's manifest for one receiving side: the people on the agreed list, as PDF or XLSX.

Rows come from the placements the viewer may see (the visibility policy), with the particulars of the person as
resolved in the registry. Spreadsheet text is neutralised against formula injection by the tabular writer.
"""

from __future__ import annotations

import io
from typing import Any

from django.utils import timezone

from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.engine.tabular.writer import write_xlsx
from cartel.exchanges.models import PlacementStatus, Stage
from cartel.exchanges.reconcile import sign_state
from cartel.parties.models import Party
from cartel.parties.visibility import placements_visible_to

from .stage_labels import labels
from .stage_protocol import render_pdf, stage_languages

COLUMNS = ("no", "surname", "given_name", "patronymic", "birth_date", "service_number", "unit", "rank", "category",
           "status")  # fmt: skip


def manifest_rows(stage: Stage, side: Party, viewer: Any) -> list[dict[str, Any]]:
    """The people returning to `side` in the stage (withdrawn ones left out), numbered."""
    placements = (
        placements_visible_to(viewer)
        .filter(stage=stage, side=side)
        .exclude(status=PlacementStatus.WITHDRAWN)
        .select_related("person", "category")
        .order_by("category__code", "person__surname", "person__given_name", "pk")
    )
    rows = []
    for i, p in enumerate(placements, start=1):
        person = p.person
        rows.append({
            "no": i, "surname": person.surname, "given_name": person.given_name, "patronymic": person.patronymic,
            "birth_date": person.birth_date, "service_number": person.service_number, "unit": person.unit,
            "rank": person.rank, "category": p.category.code if p.category else "", "status": p.status,
        })  # fmt: skip
    return rows


def stage_manifest_pdf(stage: Stage, side: Party, viewer: Any) -> bytes:
    """The manifest of one side as PDF with the list hash and signature blocks; the export is audited."""
    languages = stage_languages(stage)
    context = {
        "stage": stage, "agreement": stage.agreement, "side": side, "rows": manifest_rows(stage, side, viewer),
        "L": labels(languages), "columns": COLUMNS[1:8], "signatures": sign_state(stage) if stage.reconciled_hash else [],
        "printed_at": timezone.now(),
    }  # fmt: skip
    pdf = render_pdf("documents/stage_manifest.html", context)
    audit_record(
        actor=viewer, verb=AuditVerb.EXPORTED, target=stage, summary=f"{stage}: manifest PDF for {side.code}"
    )
    return pdf


def stage_manifest_xlsx(stage: Stage, side: Party, viewer: Any) -> bytes:
    """The manifest of one side as a spreadsheet (formulas neutralised); the export is audited."""
    buffer = io.BytesIO()
    write_xlsx(
        manifest_rows(stage, side, viewer), COLUMNS, buffer, sheet_title=f"Stage {stage.number} {side.code}"
    )
    audit_record(
        actor=viewer, verb=AuditVerb.EXPORTED, target=stage, summary=f"{stage}: manifest XLSX for {side.code}"
    )
    return buffer.getvalue()
