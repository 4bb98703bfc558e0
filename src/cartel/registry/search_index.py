"""The person search index, per database: FTS5 on SQLite, a GIN tsvector index on PostgreSQL, else `LIKE` scans.

`token_match(tokens, every=...)` turns skeleton tokens into a filter on `Person` that uses the index of the current
database: each token matches a whole search token or its beginning (`koval` finds `kovalenko`). The index is made
by migration `registry.0002`; `index_ensure` (run after every `migrate`) puts back SQLite triggers that a table
rebuild dropped, so the FTS table never drifts from the persons. Where no index exists the filter is a plain
substring scan, slower but with the same answers for whole tokens.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from django.db import connections
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

FTS_TABLE = "registry_person_fts"
TRIGGERS = tuple(f"{FTS_TABLE}_{verb}" for verb in ("insert", "update", "delete"))
PG_INDEX = "registry_person_search_gin"
# The filters name the person table as the outermost query does (the search never nests them in a subquery):
_FTS_MATCH = f'"registry_person"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)'
_TS_MATCH = "to_tsvector('simple'::regconfig, \"registry_person\".\"search_text\") @@ to_tsquery('simple'::regconfig, %s)"
_FTS_CHUNK = (
    f"SELECT max(rowid), count(*) FROM (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid > %s "
    "ORDER BY rowid LIMIT %s)"
)
_FTS_PIECE = (
    f'"registry_person"."id" IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND rowid > %s '
    "ORDER BY rowid LIMIT %s)"
)
CHUNK = 4000  # index entries per piece of a search stage
MOST = 100_000  # index entries one stage reads at most (a viewer who sees few of many namesakes)
_TOKEN = re.compile(r"[0-9a-z-]+")
_checked: dict[tuple[str, str], str] = {}


def index_kind(using: str = "default") -> str:
    """`fts5`, `tsvector` or `scan`: how person search runs on database `using` (looked up once per database)."""
    connection = connections[using]
    key = (using, str(connection.settings_dict.get("NAME")))
    if key not in _checked:
        _checked[key] = _detect(connection)
    return _checked[key]


def index_forget() -> None:
    """Forget what `index_kind` found (after a migration or a database switch)."""
    _checked.clear()


def _detect(connection: Any) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT type, name FROM sqlite_master WHERE name IN (%s, %s, %s, %s)",
                           [FTS_TABLE, *TRIGGERS])  # fmt: skip
            return "fts5" if len(cursor.fetchall()) == 1 + len(TRIGGERS) else "scan"
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = %s", [PG_INDEX])
            return "tsvector" if cursor.fetchone() else "scan"
    return "scan"


def clean_tokens(tokens: Sequence[str]) -> list[str]:
    """The tokens reduced to what the index holds (Latin letters, digits, dashes), keeping a final `*` (a prefix),
    empty ones dropped."""
    cleaned = ("".join(_TOKEN.findall(t.lower())) + ("*" if t.endswith("*") else "") for t in tokens)
    return list(dict.fromkeys(t for t in cleaned if t.strip("-*")))


def _fts_query(words: list[str], every: bool) -> str:
    return (" AND " if every else " OR ").join(
        f'"{w.rstrip("*")}"' + ("*" if w.endswith("*") else "") for w in words
    )


def _ts_query(words: list[str], every: bool) -> str:
    return (" & " if every else " | ").join(
        f"'{w.rstrip('*')}'" + (":*" if w.endswith("*") else "") for w in words
    )


def token_match(tokens: Sequence[str], *, every: bool, using: str = "default") -> Q | RawSQL:
    """A filter on persons having every (or any) of `tokens` among their search tokens, through the index; a token
    ending in `*` matches the beginning of a search token (`koval*` finds `kovalenko`), others the whole token."""
    words = clean_tokens(tokens)
    if not words:
        return Q(pk__in=[])
    kind = index_kind(using)
    if kind == "fts5":
        query = _fts_query(words, every)
        return RawSQL(_FTS_MATCH, [query], output_field=BooleanField())  # noqa: S611 (constant SQL, query as parameter)
    if kind == "tsvector":
        query = _ts_query(words, every)
        return RawSQL(_TS_MATCH, [query], output_field=BooleanField())  # noqa: S611 (constant SQL, query as parameter)
    return token_scan(words, every=every)


def token_scan(tokens: Sequence[str], *, every: bool) -> Q:
    """The same filter as `token_match` without the index: substring tests, for narrow sets (one birth date)."""
    found = Q()
    for w in clean_tokens(tokens):
        if w.endswith("*"):
            w = w.rstrip("*")
            one = Q(search_text__startswith=w) | Q(search_text__contains=" " + w)
        else:
            one = (Q(search_text=w) | Q(search_text__startswith=w + " ") | Q(search_text__endswith=" " + w)
                   | Q(search_text__contains=f" {w} "))  # fmt: skip
        found = (found & one) if every else (found | one)
    return found if found else Q(pk__in=[])


def token_match_pieces(
    tokens: Sequence[str], *, every: bool, using: str = "default", chunk: int = CHUNK, most: int = MOST
) -> Iterator[Q | RawSQL]:
    """`token_match` cut into successive filters of at most `chunk` index entries each (in id order, `most` in
    all), so that a caller who needs a few hundred visible persons never makes the database gather every match.

    Only FTS5 hands its matches over in order and on demand; elsewhere the one filter is the only piece.
    """
    words = clean_tokens(tokens)
    if not words or index_kind(using) != "fts5":
        yield token_match(tokens, every=every, using=using)
        return
    query = _fts_query(words, every)
    low, seen = 0, 0
    while seen < most:
        yield RawSQL(_FTS_PIECE, [query, low, chunk], output_field=BooleanField())  # noqa: S611 (constant SQL)
        # Asked for more: where did that piece end, and was it the last?
        with connections[using].cursor() as cursor:
            cursor.execute(_FTS_CHUNK, [query, low, chunk])
            high, count = cursor.fetchone()
        if count < chunk:
            return
        low, seen = high, seen + chunk


def date_range(prefix: str) -> tuple[str, str]:
    """The half-open range of ISO dates starting with `prefix` (1991, 1991-03, 1991-03-12): the prefix and the next
    year, month or day written the same way, so that any collation orders it like the digits."""
    nums = [int(p) for p in prefix.split("-")]
    nums[-1] += 1
    return prefix, "-".join([f"{nums[0]:04d}", *(f"{n:02d}" for n in nums[1:])])


def date_match(prefix: str) -> Q:
    """Persons born on a date starting with `prefix`, as a range the birth-date index serves."""
    low, high = date_range(prefix)
    return Q(birth_date__gte=low, birth_date__lt=high)


def index_ensure(using: str = "default", **_: Any) -> None:
    """On SQLite, put back the FTS table and its triggers if a table rebuild dropped them, and reindex."""
    from importlib import import_module

    connection = connections[using]
    if connection.vendor != "sqlite":
        index_forget()
        return
    migration = import_module("cartel.registry.migrations.0002_person_search_index")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'registry_person'")
        if cursor.fetchone() is None:
            return
        cursor.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (%s, %s, %s)",
                       list(TRIGGERS))  # fmt: skip
        if cursor.fetchone()[0] < len(TRIGGERS):
            cursor.execute("SELECT name FROM django_migrations WHERE app = 'registry' AND name = %s",
                           ["0002_person_search_index"])  # fmt: skip
            if cursor.fetchone() is not None:
                for statement in migration.SQLITE_FORWARD:
                    cursor.execute(statement)
    index_forget()
