"""The ledger as JSON and as a plain-text table (for `cartel ledger`)."""

from __future__ import annotations

from typing import Any

from .model import Ledger

__all__ = ["ledger_table", "ledger_to_json"]

COLUMNS = ("nominated", "verified", "exchanged", "withdrawn", "quota", "remaining_quota", "balance")


def ledger_to_json(ledger: Ledger) -> dict[str, Any]:
    """Return the ledger as a JSON-ready object: lines per category and side, totals per side."""
    return {
        "agreement": ledger.agreement,
        "sides": list(ledger.sides),
        "first_day": ledger.first_day.isoformat() if ledger.first_day else None,
        "last_day": ledger.last_day.isoformat() if ledger.last_day else None,
        "lines": [
            {
                "category": line.category,
                "side": line.side,
                **{c: getattr(line, c) for c in COLUMNS},
                "over_quota": line.over_quota,
            }
            for line in ledger.lines
        ],
        "totals": {
            side: {
                kind: sum(getattr(ln, kind) for ln in ledger.lines if ln.side == side) for kind in COLUMNS[:4]
            }
            for side in ledger.sides
        },
    }


def ledger_table(ledger: Ledger) -> str:
    """Return an aligned text table of the ledger, one line per category and side."""
    header = ("category", "side", *COLUMNS)
    rows: list[tuple[str, ...]] = [header]
    for line in ledger.lines:
        rows.append(
            (
                line.category,
                line.side,
                *(("—" if getattr(line, c) is None else str(getattr(line, c))) for c in COLUMNS),
            )
        )
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    text = [
        "  ".join(
            str(cell).ljust(w) if i < 2 else str(cell).rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        )
        for row in rows
    ]
    text.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(text)
