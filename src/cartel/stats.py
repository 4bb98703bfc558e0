"""Counts per table and status, for `cartel stats` and the dashboards."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Model


def _models() -> list[type[Model]]:
    from cartel.agreements.models import Agreement, Category
    from cartel.audit.models import Event
    from cartel.exchanges.models import Stage, StageList, StageListEntry, TransitCare
    from cartel.jobs.models import Job
    from cartel.parties.models import Membership, Party
    from cartel.registry.models import (
        CandidatePair,
        IdentityLink,
        Person,
        ReviewDecision,
        SourceList,
        SourceRecord,
    )
    from cartel.remains.models import Remains, RemainsBatch
    from cartel.tracing.models import Inquiry

    return [
        Party, Membership, SourceList, SourceRecord, Person, IdentityLink, CandidatePair, ReviewDecision,
        Agreement, Category, Stage, StageList, StageListEntry, TransitCare, Remains, RemainsBatch, Inquiry, Job, Event,
    ]  # fmt: skip


def collect_stats() -> dict[str, Any]:
    """Return {"tables": {label: {"count": n, "by_status": {...}}}} for every Cartel table."""
    tables: dict[str, Any] = {}
    for model in _models():
        label = model._meta.label_lower
        info: dict[str, Any] = {"count": model._default_manager.count()}
        if any(f.name == "status" for f in model._meta.get_fields()):
            rows = model._default_manager.order_by().values("status").annotate(n=Count("pk"))
            info["by_status"] = {r["status"]: r["n"] for r in sorted(rows, key=lambda r: r["status"])}
        tables[label] = info
    return {"tables": tables}
