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
