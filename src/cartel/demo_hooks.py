"""The demo's later loading steps, each calling one area's services: remains batches, identity resolution and
the first stage plan. (Inquiries open themselves when an inquiries list is imported.)"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def load_remains(*, scenario: Any, parties: dict[str, Any], agreement: Any, say: Callable[[str], None],
                 **_: Any) -> dict[str, int]:  # fmt: skip
    """Each side's remains manifest becomes a batch; the first is handed over, the second waits listed."""
    from cartel.remains.batches import batch_create, batch_hand_over, batch_import_manifest, batch_list
    from cartel.synth import write_csv

    counts = {"batches": 0, "bodies": 0}
    manifests = [s for s in scenario.lists if str(s.kind) == "remains"]
    with tempfile.TemporaryDirectory() as tmp:
        for i, manifest in enumerate(manifests):
            sender, receiver = parties[manifest.owner], parties[manifest.about]
            actor = _user(f"{sender.code.lower()}-forensic")
            path = write_csv(manifest.rows, Path(tmp) / f"{manifest.name}.csv", columns=manifest.columns,
                             encoding="cp1251", delimiter=";", header_language="ru", errors="replace")  # fmt: skip
            batch = batch_create(sender=sender, receiver=receiver, actor=actor, agreement=agreement,
                                 handover_point="Border crossing point", transport="refrigerated rail")  # fmt: skip
            reading = batch_import_manifest(
                batch=batch, data=path.read_bytes(), file_name=path.name, actor=actor
            )
            if getattr(reading, "errors", None):
                say(f"  {path.name}: manifest refused: {reading.errors[0]}")
                continue
            batch = batch_list(batch=batch, actor=actor)
            if i == 0:
                batch_hand_over(batch=batch, actor=actor)
            batch.refresh_from_db()
            counts["batches"] += 1
            counts["bodies"] += batch.manifest_count
            say(f"  batch {batch.code}: {batch.manifest_count} bodies, {batch.status}")
    return counts


def resolve_identities(*, say: Callable[[str], None], **_: Any) -> dict[str, int]:
    """Link each registry with the other side's requests and inquiries."""
    from cartel.registry.linkage import linkage_run

    summary = linkage_run(actor=_user("m-mediator"), on_progress=stage_printer(say))
    for run in summary["runs"]:
        say(f"  {run['comparison']}: {run['left']} × {run['right']} → {run['auto']} links, "
            f"{run['review']} for review ({run['seconds']} s)")  # fmt: skip
    return {k: v for k, v in summary.items() if isinstance(v, int)}


def stage_printer(say: Callable[[str], None], every: float = 30.0) -> Callable[[int, int | None, str], None]:
    """A progress callback for long steps whose labels end in a share ("A registry × B lists: scoring 40%"): it
    says each new stage, and where the current one is every `every` seconds, with the time since the start."""
    started = time.perf_counter()
    state = {"stage": "", "at": started}

    def report(_step: int, _total: int | None, label: str) -> None:
        now = time.perf_counter()
        stage = label.rsplit(" ", 1)[0] if label.endswith("%") else label
        if stage != state["stage"] or now - state["at"] >= every:
            state["stage"], state["at"] = stage, now
            say(f"    {label} ({now - started:,.0f} s)")

    return report


def plan_first_stage(*, agreement: Any, say: Callable[[str], None], **_: Any) -> dict[str, int]:
    """Plan stage 1 with the optimal planner and adopt it as both sides' draft lists."""
    from cartel.exchanges.services import demo_stage_plan

    stage = demo_stage_plan(agreement, _user("m-mediator"))
    entries = sum(sl.entries.count() for sl in stage.lists.all())
    say(f"  stage {stage.number}: {entries} people on the draft lists")
    return {"people on stage 1 lists": entries}


HOOKS: list[tuple[str, Callable[..., Any]]] = [
    ("remains batches", load_remains),
    ("identity resolution", resolve_identities),
    ("plan stage 1", plan_first_stage),
]
