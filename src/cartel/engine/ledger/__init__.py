"""Ledger: nominated, verified, exchanged and withdrawn counts, quotas and balances from a stream of events.

Pure: `ledger_compute(events, agreement=…, categories=…, sides=…)` folds `LedgerEvent`s into a `Ledger`;
`ledger_series` gives cumulative daily totals for a chart; `ledger_to_json` and `ledger_table` present it.
"""

from .compute import ledger_compute, ledger_series
from .model import CategoryTerms, EventKind, Ledger, LedgerEvent, LedgerLine, SeriesPoint
from .output import ledger_table, ledger_to_json

__all__ = [
    "CategoryTerms",
    "EventKind",
    "Ledger",
    "LedgerEvent",
    "LedgerLine",
    "SeriesPoint",
    "ledger_compute",
    "ledger_series",
    "ledger_table",
    "ledger_to_json",
]
