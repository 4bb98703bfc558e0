"""Writes to the registry: lists and their records, persons, identity links and review decisions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db import transaction
from django.utils import timezone

from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.bulk import (
    allocate_ids,
    insert_rows,
    objects_insert,
    queries_unlogged,
    rows_delete,
    rows_where_in,
    update_rows,
)
from cartel.parties.models import Party, PartyKind

from .keys import display_names, search_text
from .models import (
    CandidatePair,
    Decision,
    IdentityLink,
    LinkSource,
    ListKind,
    Person,
    ReviewDecision,
    SourceList,
    SourceRecord,
)

PARSED_FIELDS = (
    "full_name", "surname", "given_name", "patronymic", "birth_date", "birth_date_precision", "birth_place",
    "service_number", "unit", "rank", "sex",
)  # fmt: skip
BATCH = 2000
REFRESHED = (
    "display_name", "latin_name", "surname", "given_name", "patronymic", "sex", "service_number", "unit", "rank",
    "birth_date", "search_text", "updated_at",
)  # fmt: skip
RECLUSTER_CHUNK = 5000  # seeds per pass: what one pass holds in memory (its reads go `BATCH` ids a statement)


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordData:
    """One row ready to store: its id in the file, row number, raw cells and parsed canonical fields."""

    external_id: str
    row_number: int
    raw: Mapping[str, Any]
    fields: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, Any] = field(default_factory=dict)  # person facts: wounded, consent, person_type …


def _counterpart(owner: Party) -> Party | None:
    return Party.objects.filter(kind=PartyKind.BELLIGERENT).exclude(pk=owner.pk).order_by("code").first()


PERSON_COLUMNS = (
    "id", "display_name", "latin_name", "surname", "given_name", "patronymic", "birth_date", "sex", "person_type",
    "service_number", "unit", "rank", "origin_party_id", "holding_party_id", "status", "seriously_wounded",
    "medical_category", "medical_notes", "stretcher", "consent", "judicial_hold", "search_text", "version",
    "created_at", "updated_at",
)  # fmt: skip
RECORD_COLUMNS = (
    "id", "source_list_id", "owner_id", "kind", "row_number", "external_id", "raw", *PARSED_FIELDS, "person_id",
    "created_at",
)  # fmt: skip


@dataclass(slots=True)
class _Parsed:
    """The parsed name fields of one row, in the shape the name keys read."""

    full_name: str
    surname: str
    given_name: str
    patronymic: str
    birth_date: str


def _person_row(
    pk: int,
    values: Mapping[str, str],
    data: RecordData,
    kind: str,
    owner: Party,
    counterpart: Party | None,
    now: Any,
) -> tuple[Any, ...]:
    """The column values of the person a new record starts as (see PERSON_COLUMNS)."""
    parsed = _Parsed(values["full_name"], values["surname"], values["given_name"], values["patronymic"],
                     values["birth_date"])  # fmt: skip
    names = display_names(parsed)
    holding, origin = None, None
    if kind == ListKind.REGISTRY:
        holding, origin = owner, counterpart
    elif kind in (ListKind.REQUESTS, ListKind.INQUIRIES, ListKind.MEDICAL):
        holding, origin = counterpart, owner
    extra = data.extra
    status = str(extra.get("status", "registered" if kind == ListKind.REGISTRY else "reported_missing"))
    return (
        pk, names.display, names.latin, values["surname"], values["given_name"], values["patronymic"],
        values["birth_date"], values["sex"], str(extra.get("person_type") or "military"), values["service_number"],
        values["unit"], values["rank"], origin.pk if origin else None, holding.pk if holding else None, status,
        bool(extra.get("seriously_wounded", False)), str(extra.get("medical_category", "")), "",
        bool(extra.get("stretcher", False)), extra.get("consent"), False, search_text([parsed]), 1, now, now,
    )  # fmt: skip


def source_list_create(
    *,
    owner: Party,
    kind: str,
    name: str,
    rows: Iterable[RecordData],
    actor: Any,
    file_name: str = "",
    file_sha256: str = "",
    share_with: Sequence[Party] = (),
    make_persons: bool = True,
    on_progress: Callable[[int], None] | None = None,
) -> SourceList:
    """Store a received list and its records atomically; each record starts as its own person until linked.

    Rows stream through in batches written with `bulk.insert_rows` (no per-row statement compiling, no per-row
    audit: one audit record names the list); `on_progress` hears the running count after each batch.
    """
    counterpart = _counterpart(owner)
    limits = {k: _limit(k) for k in PARSED_FIELDS}
    with transaction.atomic():
        version = (
            SourceList.objects.filter(owner=owner, name=name)
            .order_by("-version")
            .values_list("version", flat=True)
            .first()
            or 0
        ) + 1
        source_list = SourceList.objects.create(
            owner=owner, kind=kind, name=name, version=version, file_name=file_name, file_sha256=file_sha256,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        if share_with:
            source_list.shared_with.set(share_with)
        count = 0
        batch: list[tuple[dict[str, str], RecordData]] = []

        def flush() -> None:
            if not batch:
                return
            now = timezone.now()
            record_ids = allocate_ids(SourceRecord, len(batch))
            person_ids: list[int | None] = [None] * len(batch)
            if make_persons:
                person_ids = list(allocate_ids(Person, len(batch)))
                insert_rows(Person, PERSON_COLUMNS, (
                    _person_row(pk, values, data, kind, owner, counterpart, now)
                    for pk, (values, data) in zip(person_ids, batch, strict=True)
                ))  # fmt: skip
            insert_rows(SourceRecord, RECORD_COLUMNS, (
                (rid, source_list.pk, owner.pk, kind, data.row_number, data.external_id, dict(data.raw),
                 *(values[k] for k in PARSED_FIELDS), pid, now)
                for rid, pid, (values, data) in zip(record_ids, person_ids, batch, strict=True)
            ))  # fmt: skip
            batch.clear()

        for data in rows:
            values = {k: (data.fields.get(k) or "")[: limits[k]] for k in PARSED_FIELDS}
            batch.append((values, data))
            count += 1
            if len(batch) >= BATCH:
                flush()
                if on_progress:
                    on_progress(count)
        flush()
        if on_progress:
            on_progress(count)
        SourceList.objects.filter(pk=source_list.pk).update(row_count=count)
        source_list.row_count = count
        audit_record(
            actor=actor,
            verb=AuditVerb.IMPORTED,
            target=source_list,
            summary=f"{kind} list '{name}' v{version}: {count} rows",
            after={"rows": count, "file": file_name, "sha256": file_sha256, "owner": owner.code},
        )
    return source_list


def _limit(field_name: str) -> int:
    return SourceRecord._meta.get_field(field_name).max_length or 300


def source_list_share(
    *, source_list: SourceList, parties: Sequence[Party], actor: Any, rematch: bool = True
) -> SourceList:
    """Share a list with other parties (submitted to the mediator, released to the counterpart).

    The parties' open inquiries are then re-matched against it in the background; a caller that re-matches itself
    (the demo loader, after sharing every list) passes `rematch=False`.
    """
    with transaction.atomic():
        source_list.shared_with.add(*parties)
        if rematch:
            record_ids = list(source_list.records.values_list("pk", flat=True))
            transaction.on_commit(lambda: _after_share(record_ids))
        audit_record(
            actor=actor,
            verb=AuditVerb.SHARED,
            target=source_list,
            summary=f"shared with {', '.join(p.code for p in parties)}",
            after={"shared_with": [p.code for p in parties]},
        )
    return source_list


def _after_share(record_ids: list[int]) -> None:
    """A list newly visible to other parties may answer their families' inquiries: re-match in the background."""
    from cartel.tracing.tasks import inquiries_rematch_task

    inquiries_rematch_task.enqueue(record_ids)


def _ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScoredPair:
    """A pair the model scored: the two records, its probability, why, and whether it may link without review."""

    left: int
    right: int
    probability: float
    explanation: list[Any] = field(default_factory=list)
    auto_ok: bool = True  # False for a pair that is not the one-to-one best match: it always goes to review


def links_store(
    *,
    pairs: Iterable[ScoredPair | tuple[int, int, float, list[Any]]],
    auto_threshold: float,
    review_threshold: float,
    actor: Any,
    on_progress: Callable[[str, float], None] | None = None,
) -> dict[str, int]:
    """Store scored pairs from a linkage run: auto-link, queue for review or drop; reviews always win.

    `on_progress(stage, share)` hears how far the storing has got (the merging of persons is most of it)."""
    decided = {
        (a, b): d
        for a, b, d in ReviewDecision.objects.filter(superseded=False).values_list(
            "left_id", "right_id", "decision"
        )
    }
    links: list[IdentityLink] = []
    candidates: list[CandidatePair] = []
    for item in pairs:
        pair = item if isinstance(item, ScoredPair) else ScoredPair(left=item[0], right=item[1], probability=item[2],
                                                                    explanation=item[3])  # fmt: skip
        if pair.left == pair.right:
            continue
        key = _ordered(pair.left, pair.right)
        if decided.get(key) in (Decision.ACCEPT, Decision.REJECT):
            continue
        if pair.auto_ok and pair.probability >= auto_threshold and key not in decided:
            links.append(IdentityLink(left_id=key[0], right_id=key[1], probability=pair.probability,
                                      source=LinkSource.MODEL, explanation=pair.explanation))  # fmt: skip
        elif pair.probability >= review_threshold:
            candidates.append(CandidatePair(left_id=key[0], right_id=key[1], probability=pair.probability,
                                            explanation=pair.explanation))  # fmt: skip
    with transaction.atomic(), queries_unlogged():
        objects_insert(_pairs_new(links))
        objects_insert(_pairs_new(candidates))
        touched = {i for link in links for i in (link.left_id, link.right_id)}
        merged = persons_recluster(record_ids=touched, on_progress=on_progress)
        audit_record(
            actor=actor,
            verb=AuditVerb.LINKED,
            target_type="registry.linkagerun",
            target_id=timezone.now().strftime("%Y%m%d%H%M%S%f"),
            summary=f"{len(links)} links, {len(candidates)} pairs for review",
            after={"auto": len(links), "review": len(candidates), "persons_merged": merged},
        )
    return {"auto": len(links), "review": len(candidates), "persons_merged": merged}


def _pairs_new(pairs: Sequence[Any]) -> list[Any]:
    """The pairs (links or candidate pairs, one model) not stored yet, each once: what `bulk_create(...,
    ignore_conflicts=True)` would have inserted, written by `objects_insert` (COPY on PostgreSQL, one prepared
    statement on SQLite) instead of a statement compiled per batch."""
    if not pairs:
        return []
    model = type(pairs[0])
    seen: set[tuple[int, int]] = set()
    seen.update(rows_where_in(model, ["left_id", "right_id"], "left_id", {p.left_id for p in pairs}))
    new = []
    for pair in pairs:
        key = (pair.left_id, pair.right_id)
        if key not in seen:
            seen.add(key)
            new.append(pair)
    return new


def _component_closure(seeds: set[int]) -> tuple[set[int], list[tuple[int, int]], dict[int, int | None]]:
    """All records reachable from `seeds` through shared persons and links, the links among them, and each
    existing record's person as read on the way (the caller needs it: no second read)."""
    records = set(seeds)
    asked: set[int] = set()  # records whose links were read already
    person_of: dict[int, int | None] = {}
    persons: set[int] = set()
    edges: set[tuple[int, int]] = set()
    while True:
        new = records - asked
        asked |= new
        person_of.update(rows_where_in(SourceRecord, ["pk", "person_id"], "id", new - person_of.keys()))
        fresh_persons = {p for r in new if (p := person_of.get(r))} - persons
        persons |= fresh_persons
        for column in ("left_id", "right_id"):
            edges.update(rows_where_in(IdentityLink, ["left_id", "right_id"], column, new))
        person_of.update(rows_where_in(SourceRecord, ["pk", "person_id"], "person_id", fresh_persons))
        grown = records | {i for e in edges for i in e} | person_of.keys()
        if grown == records:
            return records, sorted(edges), person_of
        records = grown


def _components(records: set[int], edges: list[tuple[int, int]]) -> list[list[int]]:
    parent = {r: r for r in records}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for r in sorted(records):
        groups.setdefault(find(r), []).append(r)
    return sorted(groups.values(), key=lambda g: g[0])


def persons_recluster(
    *, record_ids: Iterable[int], on_progress: Callable[[str, float], None] | None = None
) -> int:
    """Make persons the connected components of identity links around `record_ids`; return persons removed.

    Each component keeps the lowest person id among its records that no other component kept; a component
    left without one (a split) gets a new person. References to removed persons move to their successor.
    """
    seeds = sorted(set(record_ids))
    removed = 0
    done: set[int] = set()
    for start in range(0, len(seeds), RECLUSTER_CHUNK):
        chunk = {s for s in seeds[start : start + RECLUSTER_CHUNK] if s not in done}
        if chunk:
            chunk_removed, reached = _recluster_component(chunk)
            removed += chunk_removed
            done |= reached
        if on_progress is not None:
            on_progress("merging persons", min(start + RECLUSTER_CHUNK, len(seeds)) / len(seeds))
    return removed


def _recluster_component(seeds: set[int]) -> tuple[int, set[int]]:
    """Recluster the components reached from `seeds`; return persons removed and the records reached."""
    records, edges, current = _component_closure(seeds)
    used: set[int] = set()
    successor: dict[int, int] = {}
    moves: list[tuple[int, int]] = []
    for members in _components(records, edges):
        owned = sorted({current[m] for m in members if current.get(m)} - used)
        if owned:
            keep = owned[0]
        else:
            template = Person.objects.get(pk=current[members[0]])
            template.pk = None
            template.save()
            keep = template.pk
        used.add(keep)
        for m in members:
            if current.get(m):
                successor.setdefault(current[m], keep)
            if current.get(m) != keep:
                moves.append((m, keep))
    update_rows(SourceRecord, ["person_id"], moves)
    gone = set(current.values()) - used - {None}
    _repoint_persons({old: successor[old] for old in gone if old in successor})
    # Everything that pointed at them now points at their successors: plain deletes, not Django's collector.
    still_used = {p for (p,) in rows_where_in(SourceRecord, ["person_id"], "person_id", gone)}
    removed = rows_delete(Person, sorted(gone - still_used))
    _refresh_persons(used)
    return removed, records


def _repoint_persons(successor: Mapping[int, int]) -> None:
    """Move everything that pointed at merged-away persons to the persons that absorbed them."""
    if not successor:
        return
    olds = sorted(successor)
    for rel in Person._meta.related_objects:
        if rel.related_model is SourceRecord or not rel.one_to_many:
            continue
        model, column = rel.related_model, rel.field.attname
        pointing = rows_where_in(model, [model._meta.pk.attname, column], column, olds)  # type: ignore[union-attr]
        update_rows(model, [column], [(pk, successor[old]) for pk, old in pointing])


class _Named(NamedTuple):
    """What `_refresh_persons` reads of a record (not its raw cells: a JSON document per record, decoded for nothing
    when whole records were loaded — a third of identity resolution's storing time)."""

    pk: int
    person_id: int
    kind: str
    full_name: str
    surname: str
    given_name: str
    patronymic: str
    birth_date: str
    sex: str
    service_number: str
    unit: str
    rank: str
    source_list_id: int
    row_number: int


def _refresh_persons(person_ids: Iterable[int]) -> None:
    """Recompute each person's display fields and search text from its records (one prepared update)."""
    rows: list[tuple[Any, ...]] = []
    now = timezone.now()
    by_person: dict[int, list[_Named]] = {}
    found = [
        _Named(*values) for values in rows_where_in(SourceRecord, _Named._fields, "person_id", person_ids)
    ]
    for record in sorted(found, key=lambda r: (r.source_list_id, r.row_number, r.pk)):  # the model's ordering
        by_person.setdefault(record.person_id, []).append(record)
    for person_id, records in sorted(by_person.items()):
        best = max(
            records,
            key=lambda r: (r.kind == ListKind.REGISTRY, bool(r.patronymic), bool(r.birth_date), -r.pk),
        )
        names = display_names(best)
        parts = [getattr(best, attr) or next((getattr(r, attr) for r in records if getattr(r, attr)), "")
                 for attr in REFRESHED[2:9]]  # fmt: skip
        dates = [r.birth_date for r in records if r.birth_date]
        rows.append((person_id, names.display, names.latin, *parts, max(dates, key=len) if dates else "",
                     search_text(records), now))  # fmt: skip
    update_rows(Person, REFRESHED, rows)


def review_decide(*, pair: CandidatePair, decision: str, actor: Any, reason: str = "") -> CandidatePair:
    """Record a person's decision on a candidate pair; accept links the records, reject keeps them apart for good."""
    if decision not in Decision.values:
        raise ValueError(f"unknown decision {decision!r}")
    with transaction.atomic():
        ReviewDecision.objects.filter(left_id=pair.left_id, right_id=pair.right_id, superseded=False).update(
            superseded=True
        )
        ReviewDecision.objects.create(
            left_id=pair.left_id, right_id=pair.right_id, decision=decision, reviewer=actor, reason=reason
        )
        before = pair.decision
        CandidatePair.objects.filter(pk=pair.pk).update(decision=decision)
        pair.decision = decision
        if decision == Decision.ACCEPT:
            IdentityLink.objects.update_or_create(
                left_id=pair.left_id, right_id=pair.right_id,
                defaults={"probability": 1.0, "source": LinkSource.REVIEW, "explanation": pair.explanation},
            )  # fmt: skip
        else:
            IdentityLink.objects.filter(left_id=pair.left_id, right_id=pair.right_id).delete()
        persons_recluster(record_ids={pair.left_id, pair.right_id})
        audit_record(
            actor=actor, verb=AuditVerb.REVIEWED, target=pair, summary=f"{decision}: records {pair.left_id} and {pair.right_id}",
            before={"decision": before}, after={"decision": decision}, reason=reason,
        )  # fmt: skip
    return pair
