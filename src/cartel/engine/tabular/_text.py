"""Cell text repair for validation, delegating to `cartel.engine.names.homoglyphs`.

Names get their Latin look-alike letters repaired («Koвaлeнко» → «Коваленко») and are put in NFC form;
identifiers (row ids, service numbers) get a comparison key in which «А-17» (Cyrillic) and «a 17» agree.
"""

from __future__ import annotations

import unicodedata

from cartel.engine.names.homoglyphs import normalize_identifier, repair_homoglyphs

__all__ = ["normalize_id", "repair_text"]


def repair_text(text: str) -> str:
    """Return name text in NFC with look-alike letters of the other script repaired."""
    return repair_homoglyphs(unicodedata.normalize("NFC", text))


def normalize_id(text: str) -> str:
    """Return the comparison key of an identifier (case, separators and look-alike letters folded)."""
    return normalize_identifier(text) or text.strip()
