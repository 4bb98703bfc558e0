"""Display names and search keys of records and persons, from the names engine."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from cartel.engine.names import NameParts, name_keys, parse_full_name, skeleton


class NamedRecord(Protocol):
    full_name: str
    surname: str
    given_name: str
    patronymic: str
    birth_date: str


@dataclass(frozen=True, slots=True)
class DisplayNames:
    display: str
    latin: str


def record_parts(record: NamedRecord):  # type: ignore[no-untyped-def]
    """Name parts of a record: its split columns when present, else its full name parsed."""

    if record.surname or record.given_name:
        return NameParts(
            surname=record.surname,
            given=record.given_name,
            patronymic=record.patronymic,
            order_confidence=1.0,
        )
    return parse_full_name(record.full_name)


def display_names(record: NamedRecord) -> DisplayNames:
    """«SURNAME Given Patronymic» as written, and one fixed Latin romanisation."""
    parts = record_parts(record)
    surname = (parts.surname or "").upper()
    display = " ".join(p for p in (surname, parts.given, parts.patronymic) if p) or record.full_name
    keys = name_keys(parts)
    return DisplayNames(display=display[:300] or "?", latin=keys.latin_display[:300])


def search_text(records: Iterable[NamedRecord]) -> str:
    """Space-separated skeleton tokens of every name part in every record, plus birth dates, for the search box."""
    tokens: set[str] = set()
    for record in records:
        keys = name_keys(record_parts(record))
        tokens.update(t for t in keys.tokens_skel if t)
        for key in (keys.surname_skel, keys.surname_fold, keys.given_group, keys.given_skel):
            if key:
                tokens.add(key)
        if record.birth_date:
            tokens.add(record.birth_date)
    return " ".join(sorted(tokens))


def query_tokens(text: str) -> list[str]:
    """Skeleton tokens of a search query typed in any script and order."""
    tokens = [t for t in (skeleton(w) for w in text.split()) if t]
    return [t for token in tokens for t in token.split()]
