"""Turn list records into comparison features: name keys, birth-date forms and identifier keys.

A record is a mapping with the list columns of DESIGN.md (`id`, `full_name` or `surname`/`given_name`/
`patronymic`, `birth_date`, `birth_place`, `service_number`, `unit`, `sex`) or a `ParsedRow`-like object with
`external_id` and `fields`. Every key that cannot be derived is None, so that it never counts as evidence.
Work is cached per distinct cell value, which makes a million records a matter of seconds.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final, Protocol

import pyarrow as pa

from cartel.engine.linkage._keys import (
    NO_DATE,
    NO_GIVEN,
    NO_PATRONYMIC,
    date_keys,
    given_keys,
    identifier_key,
    patronymic_keys,
    place_keys,
    rank_key,
    sex_code,
    surname_keys,
    unit_key,
)
from cartel.engine.names import NameParts, parse_full_name, parse_name_fields

__all__ = [
    "DISPLAY_COLUMNS",
    "FEATURE_COLUMNS",
    "FEATURE_SCHEMA",
    "RecordLike",
    "build_features",
    "record_features",
]

FEATURE_SCHEMA: Final = pa.schema([
    ("id", pa.string()),
    ("surname_skel", pa.string()),
    ("surname_fold", pa.string()),
    ("given_group", pa.string()),
    ("given_diminutive", pa.string()),
    ("given_skel", pa.string()),
    ("given_initial", pa.string()),
    ("given_abbrev", pa.string()),
    ("patronymic_group", pa.string()),
    ("patronymic_skel", pa.string()),
    ("patronymic_initial", pa.string()),
    ("patronymic_abbrev", pa.string()),
    ("dob", pa.string()),
    ("dob_swapped", pa.string()),
    ("dob_year", pa.int32()),
    ("dob_ym", pa.string()),
    ("dob_md", pa.string()),
    ("service_key", pa.string()),
    ("unit_key", pa.string()),
    ("birth_place_skel", pa.string()),
    ("birth_place_key", pa.string()),
    ("rank_key", pa.string()),
    ("sex", pa.string()),
    ("name_empty", pa.bool_()),
])  # fmt: skip
FEATURE_COLUMNS: Final = tuple(FEATURE_SCHEMA.names)
# What a reviewer sees beside each comparison: the parsed name parts and the cells as written.
DISPLAY_COLUMNS: Final = (
    "surname", "given_name", "patronymic", "birth_date", "service_number", "unit", "birth_place", "rank", "sex",
)  # fmt: skip
_DISPLAY_SCHEMA: Final = pa.schema([(f"d_{c}", pa.string()) for c in DISPLAY_COLUMNS])


class _ParsedRowLike(Protocol):
    @property
    def external_id(self) -> str: ...
    @property
    def fields(self) -> Mapping[str, str]: ...


RecordLike = Mapping[str, Any] | _ParsedRowLike
Progress = Callable[[int, int], None]


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else "" if value is None else str(value).strip()


def _name_parts(fields: Mapping[str, Any]) -> NameParts:
    surname, given = _text(fields.get("surname")), _text(fields.get("given_name"))
    patronymic = _text(fields.get("patronymic"))
    if surname or given or patronymic:
        return parse_name_fields(surname=surname or None, given=given or None, patronymic=patronymic or None)
    return parse_full_name(_text(fields.get("full_name")))


def _fields_of(record: RecordLike) -> tuple[str, Mapping[str, Any]]:
    if isinstance(record, Mapping):
        return _text(record.get("id")), record
    return record.external_id, record.fields


def _row(record: RecordLike) -> tuple[Any, ...]:
    """Return the feature and display values of one record, in `_ALL_SCHEMA` order."""
    rid, fields = _fields_of(record)
    parts = _name_parts(fields)
    surname, given, patronymic = parts.surname, parts.given, parts.patronymic
    s_skel, s_fold, s_sex = surname_keys(surname) if surname else (None, None, None)
    g_full, g_any, g_skel, g_initial, g_abbrev, g_sex = given_keys(given) if given else NO_GIVEN
    p_group, p_skel, p_initial, p_abbrev, p_sex = patronymic_keys(patronymic) if patronymic else NO_PATRONYMIC
    birth_date = _text(fields.get("birth_date"))
    dob, swapped, year, ym = date_keys(birth_date) if birth_date else NO_DATE
    service, unit = _text(fields.get("service_number")), _text(fields.get("unit"))
    place, rank, sex = _text(fields.get("birth_place")), _text(fields.get("rank")), _text(fields.get("sex"))
    place_skel, place_key = place_keys(place) if place else (None, None)
    return (
        rid, s_skel, s_fold, g_full, g_any, g_skel, g_initial, g_abbrev, p_group, p_skel, p_initial, p_abbrev,
        dob, swapped, year, ym, dob[5:] if dob else None,
        identifier_key(service) if service else None, unit_key(unit) if unit else None, place_skel, place_key,
        rank_key(rank) if rank else None, sex_code(sex, p_sex, g_sex, s_sex),
        not (s_skel or g_skel or g_initial or p_initial),
        surname, given, patronymic, birth_date or None, service or None, unit or None, place or None, rank or None,
        sex or None,
    )  # fmt: skip


def record_features(record: RecordLike) -> dict[str, Any]:
    """Return the feature columns (and `d_*` display columns) of one record."""
    return dict(zip(_ALL_SCHEMA.names, _row(record), strict=True))


_ALL_SCHEMA: Final = pa.schema(list(FEATURE_SCHEMA) + list(_DISPLAY_SCHEMA))


_CHUNK: Final = 20_000


def _table(rows: list[tuple[Any, ...]]) -> pa.Table:
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(_ALL_SCHEMA)
    return pa.table(
        [pa.array(col, type=field.type) for col, field in zip(columns, _ALL_SCHEMA, strict=True)],
        schema=_ALL_SCHEMA,
    )


def build_features(records: Iterable[RecordLike], *, on_progress: Progress | None = None) -> pa.Table:
    """Return a table of feature and display columns, one row per record, in input order.

    One process: worker processes forked from a process that had run DuckDB (whose threads a fork does not copy,
    with the locks they held) crashed in libc and left their pool waiting for ever; started clean (fork server)
    they cost more in pickling than they saved on two cores (510,100 demo records: 16.8 s here, 25.6 s in two
    workers). The name functions cache what repeats (surnames, given names, dates).
    """
    items = records if isinstance(records, list) else list(records)
    total = len(items)
    tables: list[pa.Table] = []
    for start in range(0, total, _CHUNK):
        stop = min(start + _CHUNK, total)
        tables.append(_table([_row(r) for r in items[start:stop]]))
        if on_progress is not None:
            on_progress(stop, total)
    if not tables:
        return _table([])
    return pa.concat_tables(tables).combine_chunks()
