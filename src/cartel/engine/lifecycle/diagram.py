"""Render a lifecycle as a Mermaid state diagram for the docs."""

from __future__ import annotations

from .model import ANY, Lifecycle

__all__ = ["to_mermaid"]


def to_mermaid(lifecycle: Lifecycle) -> str:
    """Return a Mermaid `stateDiagram-v2` text of the lifecycle, one edge per source state."""
    lines = ["stateDiagram-v2"]
    lines += [f"    [*] --> {s}" for s in sorted(lifecycle.initial)]
    for t in lifecycle.transitions:
        sources = sorted(t.sources - {ANY}) or ["any_open_state"]
        if ANY in t.sources and sources != ["any_open_state"]:
            sources.append("any_open_state")
        who = "/".join(sorted(a.name for a in t.actors))
        for s in sources:
            lines.append(f"    {s} --> {t.target}: {t.action} ({who})")
    lines += [f"    {s} --> [*]" for s in sorted(lifecycle.final)]
    return "\n".join(lines) + "\n"


def lifecycles_markdown() -> str:
    """The whole of docs/lifecycles.md: one diagram and one table per lifecycle."""
    from .tables import LIFECYCLES

    out = [
        "# Lifecycles\n",
        "Generated from `src/cartel/engine/lifecycle/tables.py` by "
        "`uv run python -m cartel.engine.lifecycle.diagram > docs/lifecycles.md`; a test checks it is current.\n",
        "Actors: DP detaining party, PO party of origin, MED mediator, TS transit state (DOMAIN.md §4).\n",
    ]
    for lc in LIFECYCLES.values():
        out.append(f"\n## {lc.name}\n\n```mermaid\n{to_mermaid(lc)}```\n")
        out.append("\n| action | from | to | actors | roles | guards |\n|---|---|---|---|---|---|\n")
        for t in lc.transitions:
            sources = ", ".join(sorted(s if s != ANY else "any open state" for s in t.sources))
            actors = ", ".join(sorted(a.name for a in t.actors))
            roles = ", ".join(sorted(r.value for r in t.roles))
            guards = "; ".join(lc.guard_texts[g] for g in t.guards)
            out.append(f"| {t.action} | {sources} | {t.target} | {actors} | {roles} | {guards} |\n")
    return "".join(out)


if __name__ == "__main__":
    print(lifecycles_markdown(), end="")
