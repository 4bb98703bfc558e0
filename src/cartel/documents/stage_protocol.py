"""The protocol of an exchange stage as PDF: counts per side and category, list hashes, signature blocks.

It names nobody: the people are in the per-side manifests. Rendered by WeasyPrint with DejaVu fonts, in the
languages of the stage's parties and mediator.
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.exchanges.handover import handover_counts
from cartel.exchanges.models import Stage
from cartel.exchanges.reconcile import sign_state
from cartel.parties.visibility import stage_lists_visible_to

from .stage_labels import labels


def stage_languages(stage: Stage) -> list[str]:
    """The languages of the stage's parties, then the mediator's, each once."""
    parties = list(stage.agreement.parties.order_by("code"))
    if stage.agreement.mediator is not None:
        parties.append(stage.agreement.mediator)
    return list(dict.fromkeys(p.language for p in parties if p.language))


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a document template to PDF bytes."""
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()  # type: ignore[no-any-return]


def stage_protocol_context(stage: Stage, viewer: Any) -> dict[str, Any]:
    """What the protocol shows: the stage, aggregate counts, the visible list versions and the signatures."""
    languages = stage_languages(stage)
    return {
        "stage": stage,
        "agreement": stage.agreement,
        "L": labels(languages),
        "languages": languages,
        "counts": handover_counts(stage),
        "versions": stage_lists_visible_to(viewer).filter(stage=stage, submitted_at__isnull=False)
        .select_related("party").order_by("party__code", "version"),
        "signatures": sign_state(stage) if stage.reconciled_hash else [],
        "sides": list(stage.agreement.parties.order_by("code")),
        "printed_at": timezone.now(),
    }  # fmt: skip


def stage_protocol_pdf(stage: Stage, viewer: Any) -> bytes:
    """The stage protocol as PDF; the export is recorded in the audit trail."""
    pdf = render_pdf("documents/stage_protocol.html", stage_protocol_context(stage, viewer))
    audit_record(actor=viewer, verb=AuditVerb.EXPORTED, target=stage, summary=f"{stage}: protocol PDF")
    return pdf
