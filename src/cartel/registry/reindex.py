"""Rebuilding the stored name keys after a change of the key rules (`cartel reindex`).

Keys derived from names are stored: a person's and a body's search text, an inquiry's search keys. Rows written
before a change of the rules in `cartel.engine.names` keep their old keys, so search and matching would silently
miss them. `keys_rebuild` recomputes every stored key with the functions the write paths use, in chunks of
consecutive ids, one transaction per chunk (an interrupted run keeps what it did; running it again finishes the
rest), then records the rules' version (`KeysState`) and one audit event. The FTS5 triggers on SQLite and the GIN
expression index on PostgreSQL follow the rewritten text by themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from django.db import DatabaseError, connections, models, transaction
from django.utils import timezone

from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.bulk import update_rows
from cartel.engine.names import KEYS_VERSION

from .keys import search_text
from .models import KeysState, Person, SourceRecord

CHUNK = 2000  # rows per transaction
UNVERSIONED = 1  # the version of keys stored before versions were kept
Progress = Callable[[int, int, str], None]  # rows done, rows in all, table
Fetch = Callable[
    [int, int], Iterable[tuple[int, str, str]]
]  # (pk, stored, recomputed) for ids in (low, high]
NAME_FIELDS = ("full_name", "surname", "given_name", "patronymic", "birth_date")


def keys_rebuild(*, actor: Any = "cartel reindex", on_progress: Progress | None = None) -> dict[str, int]:
    """Recompute the stored keys of persons, remains and inquiries; return the rows changed per table."""
    from cartel.remains.models import Remains
    from cartel.tracing.models import Inquiry

    tables: tuple[tuple[str, type[models.Model], str, Fetch], ...] = (
        ("persons", Person, "search_text", _persons),
        ("remains", Remains, "search_text", _remains),
        ("inquiries", Inquiry, "search_keys", _inquiries),
    )
    changed = {
        name: _rebuild(model, column, fetch, name, on_progress) for name, model, column, fetch in tables
    }
    with transaction.atomic():
        before = keys_version_stored()
        KeysState.objects.update_or_create(
            pk=1, defaults={"version": KEYS_VERSION, "updated_at": timezone.now()}
        )
        state = KeysState.objects.get(pk=1)
        audit_record(
            actor=actor,
            verb=AuditVerb.UPDATED,
            target=state,
            summary="name keys rebuilt: " + ", ".join(f"{name} {n} changed" for name, n in changed.items()),
            before={"version": before},
            after={"version": KEYS_VERSION, **changed},
        )
    return changed


def _rebuild(
    model: type[models.Model], column: str, fetch: Fetch, name: str, on_progress: Progress | None
) -> int:
    """Rewrite `column` of `model` where `fetch` recomputes another value, chunk by chunk in id order."""
    manager = model._default_manager
    total = manager.count()
    done = changed = last = 0
    if on_progress:
        on_progress(0, total, name)
    while True:
        with transaction.atomic():
            # Locked (on PostgreSQL) so that a concurrent save cannot slip between computing and writing:
            pks = list(
                manager.select_for_update()
                .filter(pk__gt=last)
                .order_by("pk")
                .values_list("pk", flat=True)[:CHUNK]
            )
            if not pks:
                break
            rows = [(pk, new) for pk, old, new in fetch(last, pks[-1]) if new != old]
            update_rows(model, [column], rows)
        changed += len(rows)
        done += len(pks)
        last = pks[-1]
        if on_progress:
            on_progress(done, max(total, done), name)
        if len(pks) < CHUNK:
            break
    return changed


def _persons(low: int, high: int) -> Iterator[tuple[int, str, str]]:
    """A person's search text is built from all its records (as `services._refresh_persons` does)."""
    records: dict[int, list[SourceRecord]] = {}
    for record in SourceRecord.objects.filter(person_id__gt=low, person_id__lte=high).only(
        "person_id", *NAME_FIELDS
    ):
        records.setdefault(record.person_id or 0, []).append(record)
    for pk, old in Person.objects.filter(pk__gt=low, pk__lte=high).values_list("pk", "search_text"):
        if pk in records:  # a person without records keeps what it has, as on every refresh
            yield pk, old, search_text(records[pk])


def _remains(low: int, high: int) -> Iterator[tuple[int, str, str]]:
    from cartel.remains.models import Remains
    from cartel.remains.services import remains_search_text

    fields = ("name_on_record", "surname", "given_name", "patronymic", "birth_date", "search_text")
    for body in Remains.objects.filter(pk__gt=low, pk__lte=high).only(*fields):
        yield body.pk, body.search_text, remains_search_text(body)


def _inquiries(low: int, high: int) -> Iterator[tuple[int, str, str]]:
    from cartel.tracing.bulk import INQUIRY_PROBE_FIELDS
    from cartel.tracing.models import Inquiry
    from cartel.tracing.services import inquiry_search_keys

    for inquiry in Inquiry.objects.filter(pk__gt=low, pk__lte=high).only(
        *INQUIRY_PROBE_FIELDS, "search_keys"
    ):
        yield inquiry.pk, inquiry.search_keys, inquiry_search_keys(inquiry)


def _has_keyed_rows() -> bool:
    from cartel.remains.models import Remains
    from cartel.tracing.models import Inquiry

    return any(m._default_manager.exists() for m in (Person, Remains, Inquiry))


def keys_version_stored() -> int:
    """The version of the key rules the stored keys were built with."""
    state = KeysState.objects.filter(pk=1).values_list("version", flat=True).first()
    if state is not None:
        return state
    return UNVERSIONED if _has_keyed_rows() else KEYS_VERSION


def keys_state_stamp(using: str = "default", **_: Any) -> None:
    """After `migrate`: a database with no keys stored yet is current; one with keys but no version keeps none,
    so that the operator is told to rebuild (post_migrate receiver)."""
    from cartel.remains.models import Remains
    from cartel.tracing.models import Inquiry

    tables = {m._meta.db_table for m in (KeysState, Person, Remains, Inquiry)}
    if using != "default" or not tables <= set(connections[using].introspection.table_names()):
        return
    if not KeysState.objects.filter(pk=1).exists() and not _has_keyed_rows():
        KeysState.objects.create(pk=1, version=KEYS_VERSION)


def keys_stale_message() -> str | None:
    """What to tell the operator when the stored keys are older than the code's rules; None when they are not, or
    when the database has no tables yet (nothing is created or queried then)."""
    connection = connections["default"]
    name = str(connection.settings_dict.get("NAME") or "")
    in_memory = name == ":memory:" or name.startswith("file:") or "mode=memory" in name
    if connection.vendor == "sqlite" and not in_memory and not Path(name).exists():
        return None
    try:
        if KeysState._meta.db_table not in connection.introspection.table_names():
            return None
        stored = keys_version_stored()
    except DatabaseError:
        return None
    if stored == KEYS_VERSION:
        return None
    return (
        f"The stored name keys were built with key rules version {stored}; this Cartel uses version {KEYS_VERSION}. "
        "Search and inquiry matching may miss people until you run `cartel reindex`."
    )
