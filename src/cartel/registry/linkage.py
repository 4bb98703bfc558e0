"""Identity resolution over the registry: run the linkage engine on the stored lists and store its verdicts.

Which lists are compared: each party's registry of captives it holds against the other party's requests for its own
people and against that party's family inquiries. Pairs that are the one-to-one best match and score at or above the
auto threshold become identity links; the rest of the review band goes to the review queue. A person's review
decision always wins over the model, on this run and every later one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import Any

from cartel import conf
from cartel.parties.models import Party, PartyKind

from .models import ListKind, SourceRecord
from .services import ScoredPair, links_store

Progress = Callable[[int, int | None, str], None]
FIELDS = ("full_name", "surname", "given_name", "patronymic", "birth_date", "birth_place", "service_number", "unit",
          "sex")  # fmt: skip


def _records(owner: Party, kinds: Iterable[str], record_ids: set[int] | None = None) -> list[dict[str, Any]]:
    rows = SourceRecord.objects.filter(owner=owner, kind__in=list(kinds))
    if record_ids is not None:
        rows = rows.filter(pk__in=record_ids)
    return [
        {"id": str(r["pk"]), **{f: r[f] for f in FIELDS}} for r in rows.values("pk", *FIELDS).iterator(2000)
    ]


def _explanations(table: Any) -> dict[tuple[str, str], list[Any]]:
    if "explanation" not in table.column_names:
        return {}
    keys = zip(table["left_id"].to_pylist(), table["right_id"].to_pylist(), strict=True)
    return {k: list(e or []) for k, e in zip(keys, table["explanation"].to_pylist(), strict=True)}


def _scored_pairs(best: Any, candidates: Any) -> list[ScoredPair]:
    """One-to-one best pairs may auto-link; every other candidate above the review threshold goes to review."""
    best_keys = set(zip(best["left_id"].to_pylist(), best["right_id"].to_pylist(), strict=True))
    explained = {**_explanations(candidates), **_explanations(best)}
    rows = zip(candidates["left_id"].to_pylist(), candidates["right_id"].to_pylist(),
               candidates["match_probability"].to_pylist(), strict=True)  # fmt: skip
    return [
        ScoredPair(
            left=int(a),
            right=int(b),
            probability=float(p),
            explanation=explained.get((a, b), []),
            auto_ok=(a, b) in best_keys,
        )
        for a, b, p in rows
    ]


def comparisons() -> list[tuple[Party, Party, tuple[str, ...]]]:
    """(holder, origin, kinds of the origin's lists) for every ordered pair of belligerents."""
    belligerents = list(Party.objects.filter(kind=PartyKind.BELLIGERENT).order_by("code"))
    return [
        (holder, origin, (ListKind.REQUESTS, ListKind.INQUIRIES, ListKind.MEDICAL))
        for holder in belligerents
        for origin in belligerents
        if holder.pk != origin.pk
    ]


def linkage_run(
    *, actor: Any, record_ids: set[int] | None = None, on_progress: Progress | None = None
) -> dict[str, Any]:
    """Link every holder's registry with the other side's lists; return counts and timings per comparison.

    With `record_ids`, only those new records are compared against the other side (incremental linking).
    """
    from cartel.engine.linkage import link

    summary: dict[str, Any] = {"auto": 0, "review": 0, "persons_merged": 0, "runs": []}
    plan = comparisons()
    for step, (holder, origin, kinds) in enumerate(plan):
        registry = _records(holder, [ListKind.REGISTRY])
        asked = _records(origin, kinds)
        if record_ids is not None:
            registry_new = [r for r in registry if int(r["id"]) in record_ids]
            asked_new = [r for r in asked if int(r["id"]) in record_ids]
            if not registry_new and not asked_new:
                continue
            # New records on one side against everything on the other.
            if registry_new and not asked_new:
                registry = registry_new
            elif asked_new and not registry_new:
                asked = asked_new
        if not registry or not asked:
            continue
        label = f"{holder.code} registry × {origin.code} lists"
        if on_progress:
            on_progress(step, len(plan), label)
        started = time.perf_counter()

        def engine_progress(stage: str, share: float, step: int = step, label: str = label) -> None:
            if on_progress:
                on_progress(step, len(plan), f"{label}: {stage} {int(share * 100)}%")

        result = link(registry, asked, threshold=conf.MATCH_REVIEW_THRESHOLD, explain=True,
                      on_progress=engine_progress)  # fmt: skip
        pairs = _scored_pairs(result.pairs, result.candidates)
        engine_progress("storing", 0.0)
        stored = links_store(pairs=pairs, auto_threshold=conf.MATCH_AUTO_THRESHOLD,
                             review_threshold=conf.MATCH_REVIEW_THRESHOLD, actor=actor,
                             on_progress=engine_progress)  # fmt: skip
        for key in ("auto", "review", "persons_merged"):
            summary[key] += stored[key]
        summary["runs"].append({"comparison": label, "left": len(registry), "right": len(asked), **stored,
                                "seconds": round(time.perf_counter() - started, 2)})  # fmt: skip
    if on_progress:
        on_progress(len(plan), len(plan), "done")
    return summary
