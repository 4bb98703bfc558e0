"""Matching many inquiries at once: after an import opens thousands of inquiries, or a list brings thousands of persons.

`inquiry_match_candidates` asks the database once per inquiry (a substring scan of every visible person and body),
which is fine for one inquiry typed into the form and hopeless for an imported list: inquiries × persons. Here the
new inquiries of one party are indexed in memory by their blocking keys and what the party may see is read once, in
id order, page by page; each person or body is looked up in the index and scored with the same `compare` against
the inquiries it may answer. The answers are the same as one inquiry at a time (a test checks): the same blocking,
the same `CANDIDATE_CAP` first candidates by id, the same `MAX_CANDIDATES` best, the same order among equal scores.

Why substring and not token equality: the per-inquiry query tests `search_text LIKE '%key%'`, and a key is often a
proper part of a token (the surname key `kovalenko` is inside `kovalenkova`, the year `1991` inside the birth date
`1991-03-12`), and such candidates do score (a female surname form is 89% similar). So `KeyFinder` keeps substring
semantics exactly, at the cost of looking at each distinct word of the search texts once.

Suggestions are stored in bulk and the inquiries move to `match_proposed` through `transition_apply_many`: one
audit event per inquiry, one call per party.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from cartel.bulk import chunks, objects_insert, rows_in_id_order
from cartel.engine.names import ParsedDate
from cartel.parties.models import Party
from cartel.parties.visibility import party_viewer, persons_visible_to, remains_visible_to
from cartel.registry.models import ListKind, Person, SourceRecord
from cartel.transitions import transition_apply_many

from .matching import SUGGEST_AT, Probe, compare, near_years, partial_years
from .models import Answer, Inquiry, InquiryMatch, MatchOrigin
from .services import (
    CANDIDATE_CAP,
    CHUNK,
    MAX_CANDIDATES,
    NOT_AN_ANSWER,
    OPEN_FOR_MATCHING,
    PERSON_PROBE_FIELDS,
    PROPOSABLE,
    REMAINS_PROBE_FIELDS,
    WATCHED,
    MatchCandidate,
    blocking_keys,
    candidate_for,
    inquiry_probe,
    lazy_probe,
    person_answer,
    row_probe,
)

INQUIRY_PROBE_FIELDS = ("subject_name", "subject_surname", "subject_given_name", "subject_patronymic",
                        "subject_birth_date", "subject_service_number")  # fmt: skip
PAGE = 5000  # rows read per query while scanning what a party may see
SUGGEST_CHUNK = 20_000  # inquiries scored and stored together when re-matching
WORD_CACHE = 500_000  # distinct words remembered by a KeyFinder before it starts over


class KeyFinder:
    """Which of a fixed set of keys occur as substrings of a search text (what `LIKE '%key%'` finds).

    A key without a space occurs in the text exactly when it occurs inside one of the text's space-separated words;
    each distinct word is cut into its substrings of the keys' lengths once and remembered. A key with a space
    (a two-word surname) is looked for whole in the texts whose words hold its longest part.
    """

    def __init__(self, keys: Iterable[str]) -> None:
        self._by_piece: dict[str, list[str]] = {}
        for key in dict.fromkeys(k for k in keys if k):
            self._by_piece.setdefault(max(key.split(" "), key=len), []).append(key)
        self._lengths = sorted({len(piece) for piece in self._by_piece})
        self._words: dict[str, tuple[str, ...]] = {}

    def _pieces(self, word: str) -> tuple[str, ...]:
        found = self._words.get(word)
        if found is None:
            n = len(word)
            subs = {word[i : i + size] for size in self._lengths if size <= n for i in range(n - size + 1)}
            # Not `subs.intersection(self._by_piece)`: given a dict, that walks all of its keys (tens of thousands
            # of inquiries' surnames) for each new word; a membership test per substring stays a few dozen lookups.
            by_piece = self._by_piece
            found = tuple(sub for sub in subs if sub in by_piece)
            if len(self._words) >= WORD_CACHE:
                self._words.clear()
            self._words[word] = found
        return found

    def found(self, text: str) -> set[str]:
        """The keys that occur in `text`."""
        hits: set[str] = set()
        for word in set(text.split(" ")):
            for piece in self._pieces(word):
                for key in self._by_piece[piece]:
                    if key == piece or key in text:
                        hits.add(key)
        return hits


class _ByBirth:
    """Inquiries kept by birth date so that a person is looked up only among those born near (`dates_near`)."""

    __slots__ = ("day", "month", "part", "same_day", "year")

    def __init__(self) -> None:
        self.year: dict[int | None, list[int]] = {}  # every inquiry, by birth year (None: no birth date)
        self.part: dict[int, list[int]] = {}  # dates known to the year or month only, by year
        # full dates: by (month, day) then year; by (year, month); by (year, day)
        self.same_day: dict[tuple[int | None, int], dict[int, list[int]]] = {}
        self.month: dict[tuple[int, int | None], list[int]] = {}
        self.day: dict[tuple[int, int], list[int]] = {}

    def add(self, pk: int, birth: ParsedDate | None) -> None:
        self.year.setdefault(birth.year if birth else None, []).append(pk)
        if birth is None:
            return
        if birth.day is None:
            self.part.setdefault(birth.year, []).append(pk)
            return
        self.same_day.setdefault((birth.month, birth.day), {}).setdefault(birth.year, []).append(pk)
        self.month.setdefault((birth.year, birth.month), []).append(pk)
        self.day.setdefault((birth.year, birth.day), []).append(pk)

    def collect(self, birth: ParsedDate | None, hit: set[int]) -> None:
        """Add to `hit` the inquiries whose birth date can be `birth`'s (`dates_near`) or is unknown."""
        if birth is None:
            for ids in self.year.values():
                hit.update(ids)
            return
        year = birth.year
        partial = partial_years(year)
        if birth.day is None:
            for other, ids in self.year.items():
                if other is None or other in partial:
                    hit.update(ids)
            return
        hit.update(self.year.get(None, ()))
        for other, ids in self.part.items():
            if other in partial:
                hit.update(ids)
        hit.update(self.month.get((year, birth.month), ()))
        hit.update(self.day.get((year, birth.day), ()))
        swapped = self.same_day.get((birth.day, birth.month))
        if swapped:
            hit.update(swapped.get(year, ()))
        same_day = self.same_day.get((birth.month, birth.day))
        if same_day:
            near = near_years(year)
            for other, ids in same_day.items():
                if other in near:
                    hit.update(ids)


class _Index:
    """The blocking keys of many inquiries, kept so that a person's search text finds the inquiries whose own
    search would find it, less the pairs `compare` cannot score to a suggestion.

    By surname key, then given-name key, then birth date (`_ByBirth`); and by surname key, then birth year, then
    the first letter of the given name, then birth date. A person born on a known date is only looked up among
    inquiries born near it (`compare` holds a namesake born years apart below `SUGGEST_AT`), and a birth-year hit only
    where the given names start alike or one is unknown (`compare` gives a different given name nothing). Without this, a registry of a
    million persons meets every open inquiry of a common name: the pairs grow with the square of the lists. An
    inquiry whose service number the person carries is found whatever the birth date (it scores 0.99).
    """

    def __init__(self, inquiries: Sequence[Inquiry], probes: Mapping[int, Probe]) -> None:
        self.probes = probes  # kept for scoring what the index finds
        self.given: dict[str, dict[str, _ByBirth]] = {}
        self.dated: dict[str, dict[str, dict[str | None, _ByBirth]]] = {}
        self.numbers: dict[str, list[int]] = {}
        self._keys: dict[int, tuple[frozenset[str], frozenset[str]]] = {}
        for inquiry in inquiries:
            probe = probes[inquiry.pk]
            keys = blocking_keys(probe)
            if keys is None:
                continue
            year_key = None if probe.birth is None else f"{probe.birth.year:04d}"
            initial = probe.keys.given_initial or None
            for surname in keys[0]:
                for second in keys[1]:
                    if second == year_key:
                        by_initial = self.dated.setdefault(surname, {}).setdefault(second, {})
                        by_initial.setdefault(initial, _ByBirth()).add(inquiry.pk, probe.birth)
                    else:
                        self.given.setdefault(surname, {}).setdefault(second, _ByBirth()).add(
                            inquiry.pk, probe.birth
                        )
            if probe.service_number:
                self.numbers.setdefault(probe.service_number, []).append(inquiry.pk)
                self._keys[inquiry.pk] = (frozenset(keys[0]), frozenset(keys[1]))
        self.surnames = KeyFinder([*self.given, *self.dated])
        self.seconds = KeyFinder(k for index in (self.given, self.dated) for ks in index.values() for k in ks)

    def __bool__(self) -> bool:
        return bool(self.given or self.dated)

    def inquiries_for(self, text: str, probe: Callable[[], Probe]) -> set[int]:
        """Inquiries whose blocking the search text passes (a surname key and a second key of the same inquiry) and
        that the person's probe (asked for only when a surname key is found) can answer."""
        surnames = self.surnames.found(text)
        if not surnames:
            return set()
        seconds = self.seconds.found(text)
        other = probe()
        birth, initial = other.birth, other.keys.given_initial
        years = None if birth is None else near_years(birth.year)
        hit: set[int] = set()
        for surname in surnames:
            given, dated = self.given.get(surname, {}), self.dated.get(surname, {})
            for second in seconds:
                by_birth = given.get(second)
                if by_birth is not None:
                    by_birth.collect(birth, hit)
                by_initial = dated.get(second)
                if by_initial is None or (years is not None and int(second) not in years):
                    continue
                for key, by_birth in by_initial.items():
                    if not initial or key is None or key == initial:
                        by_birth.collect(birth, hit)
        for inquiry_id in self.numbers.get(other.service_number, ()) if other.service_number else ():
            surname_keys, second_keys = self._keys[inquiry_id]
            if not surname_keys.isdisjoint(surnames) and not second_keys.isdisjoint(seconds):
                hit.add(inquiry_id)
        return hit


def one_inquiry_index(inquiry: Inquiry, probe: Probe) -> _Index:
    """The index of one inquiry: which rows of its blocking `compare` can score (`services.inquiry_match_candidates`
    counts only those against its cap, as the many-inquiry pass does)."""
    return _Index([inquiry], {inquiry.pk: probe})


# Up to this many persons, only the inquiries whose stored surname keys they can hold are read:
FEW_TEXTS = 2000


def open_inquiries_index(texts: Sequence[str] | None = None) -> _Index:
    """The blocking keys of every inquiry still watching for news, whatever its party: a new person hits an
    inquiry under the same rule as the inquiry's own search (a surname key and a given-name key or the birth year),
    so re-matching after an import scores the pairs a search would, not every namesake of every open inquiry.

    Given the search texts of a few persons (a death notice names one), only the inquiries with a stored surname key
    (`Inquiry.search_keys`) inside one of their words are indexed: reading one short column of a million open
    inquiries takes a second or two, building the probes of all of them minutes."""
    watched = Inquiry.objects.filter(status__in=WATCHED)
    if texts is not None and len(texts) <= FEW_TEXTS:
        wanted = _substrings(texts)
        ids = [
            pk
            for pk, keys in watched.values_list("pk", "search_keys").order_by().iterator(chunk_size=PAGE)
            if not wanted.isdisjoint(keys.split())  # a two-word key's words are stored apart: a superset
        ]
        inquiries = [
            i
            for chunk in chunks(ids, CHUNK)
            for i in watched.filter(pk__in=chunk).only(*INQUIRY_PROBE_FIELDS)
        ]
    else:
        inquiries = list(watched.only(*INQUIRY_PROBE_FIELDS))
    return _Index(inquiries, {i.pk: inquiry_probe(i) for i in inquiries})


def _substrings(texts: Iterable[str]) -> set[str]:
    """Every substring of every space-separated word of `texts`: the keys `KeyFinder` could find in them."""
    words = {word for text in texts for word in text.split(" ") if word}
    return {word[i:j] for word in words for i in range(len(word)) for j in range(i + 1, len(word) + 1)}


def _pages(queryset: QuerySet[Any], fields: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """Rows of `queryset` (pk first, then `fields`) in id order, one page per query."""
    return rows_in_id_order(queryset.values_list("pk", *fields), PAGE)


def _linked_candidates(inquiries: Sequence[Inquiry]) -> dict[int, MatchCandidate]:
    """For imported inquiries already joined by identity resolution to a listed person: that person, score 1."""
    wanted = [i for i in inquiries if i.person_id and i.source_record_id]
    ids = sorted({i.person_id for i in wanted})
    status: dict[int, str] = {}
    listed: set[int] = set()
    for chunk in chunks(ids, CHUNK):
        status.update(Person.objects.filter(pk__in=chunk).values_list("pk", "status"))
        listed.update(
            SourceRecord.objects.filter(person_id__in=chunk)
            .exclude(kind=ListKind.INQUIRIES)
            .order_by()
            .values_list("person_id", flat=True)
            .distinct()
        )
    found = {}
    for inquiry in wanted:
        answer = person_answer(status[inquiry.person_id]) if inquiry.person_id in status else None
        if answer and inquiry.person_id in listed:
            found[inquiry.pk] = MatchCandidate(
                person_id=inquiry.person_id,
                remains_id=None,
                answer=answer,
                score=1.0,
                explanation=["linked by identity resolution"],
                origin=MatchOrigin.LINKAGE,
            )
    return found


def _party_candidates(party: Party, inquiries: Sequence[Inquiry]) -> dict[int, list[MatchCandidate]]:
    probes = {i.pk: inquiry_probe(i) for i in inquiries}
    own_person = {i.pk: i.person_id for i in inquiries}
    linked = _linked_candidates(inquiries)
    persons: dict[int, list[MatchCandidate]] = {i.pk: [] for i in inquiries}
    bodies: dict[int, list[MatchCandidate]] = {i.pk: [] for i in inquiries}
    index = _Index(inquiries, probes)
    viewer = party_viewer(party)
    if index:
        scored = dict.fromkeys(probes, 0)
        visible = persons_visible_to(viewer).exclude(status__in=NOT_AN_ANSWER)
        for pk, status, text, *values in _pages(visible, ("status", "search_text", *PERSON_PROBE_FIELDS)):
            probe = lazy_probe(values)
            for inquiry_id in index.inquiries_for(text, probe):
                if own_person[inquiry_id] == pk or scored[inquiry_id] >= CANDIDATE_CAP:
                    continue
                scored[inquiry_id] += 1
                score, why = compare(probes[inquiry_id], probe())
                answer = person_answer(status)
                if score >= SUGGEST_AT and answer:
                    persons[inquiry_id].append(
                        MatchCandidate(
                            person_id=pk, remains_id=None, answer=answer, score=score, explanation=why
                        )
                    )
        scored = dict.fromkeys(probes, 0)
        fields = ("search_text", "person_id", *REMAINS_PROBE_FIELDS)
        for pk, text, person_id, *values in _pages(remains_visible_to(viewer), fields):
            probe = lazy_probe(values)
            for inquiry_id in index.inquiries_for(text, probe):
                if scored[inquiry_id] >= CANDIDATE_CAP:
                    continue
                scored[inquiry_id] += 1
                score, why = compare(probes[inquiry_id], probe())
                if score >= SUGGEST_AT:
                    bodies[inquiry_id].append(
                        MatchCandidate(
                            person_id=person_id,
                            remains_id=pk,
                            answer=Answer.DECEASED,
                            score=score,
                            explanation=why,
                        )
                    )
    result = {}
    for inquiry_id in probes:
        found = (
            ([linked[inquiry_id]] if inquiry_id in linked else []) + persons[inquiry_id] + bodies[inquiry_id]
        )
        found.sort(key=lambda c: -c.score)
        result[inquiry_id] = found[:MAX_CANDIDATES]
    return result


def _by_party(inquiries: Iterable[Inquiry]) -> list[tuple[Party, list[Inquiry]]]:
    groups: dict[int, list[Inquiry]] = {}
    for inquiry in inquiries:
        groups.setdefault(inquiry.party_id, []).append(inquiry)
    parties = Party.objects.in_bulk(list(groups))
    return [(parties[party_id], members) for party_id, members in groups.items()]


def inquiries_match_candidates(inquiries: Iterable[Inquiry]) -> dict[int, list[MatchCandidate]]:
    """What `inquiry_match_candidates` finds for each inquiry (by id), in one pass per party over what it may see."""
    found: dict[int, list[MatchCandidate]] = {}
    for party, members in _by_party(inquiries):
        found.update(_party_candidates(party, members))
    return found


def inquiries_match_many(*, inquiries: Iterable[Inquiry], origin: str = MatchOrigin.SEARCH) -> int:
    """Search candidates for many open inquiries and queue the new ones as suggestions; return how many."""
    queued = 0
    for party, members in _by_party(i for i in inquiries if i.status in OPEN_FOR_MATCHING):
        found = _party_candidates(party, members)
        with transaction.atomic():
            queued += len(store_many([(i, found[i.pk]) for i in members], origin=origin))
    return queued


def inquiries_suggest_many(
    *,
    hits: Mapping[int, Iterable[int]],
    origin: str = MatchOrigin.REMATCH,
    probes: Mapping[int, Probe] | None = None,
    inquiry_probes: Mapping[int, Probe] | None = None,
) -> int:
    """Queue suggestions for inquiries (by id) from the persons each may be about, among those its party may see.
    `probes` and `inquiry_probes` are the persons' and the inquiries' probes (by id) where the caller built them
    already; the others are built here. Inquiries are taken `SUGGEST_CHUNK` at a time (at a million per side, all
    of them at once held 960,000 inquiries, their persons and 3M suggestions in memory together)."""
    known = probes or {}
    asked = inquiry_probes or {}
    queued = 0
    for some in chunks(sorted(hits), SUGGEST_CHUNK):
        inquiries = [i for chunk in chunks(some, CHUNK) for i in Inquiry.objects.filter(pk__in=chunk)]
        queued += _suggest_some(inquiries, hits, origin, known, asked)
    return queued


def _suggest_some(
    inquiries: Sequence[Inquiry],
    hits: Mapping[int, Iterable[int]],
    origin: str,
    known: Mapping[int, Probe],
    asked: Mapping[int, Probe],
) -> int:
    queued = 0
    for party, members in _by_party(inquiries):
        wanted = sorted({p for i in members for p in hits[i.pk]})
        status: dict[int, str] = {}
        person_probes: dict[int, Probe] = {}
        for chunk in chunks(wanted, CHUNK):
            rows = persons_visible_to(party_viewer(party)).filter(pk__in=chunk).order_by()
            for pk, person_status, *values in rows.values_list("pk", "status", *PERSON_PROBE_FIELDS):
                status[pk] = person_status
                person_probes[pk] = known.get(pk) or row_probe(tuple(values))
        batch = []
        for inquiry in members:
            query = asked.get(inquiry.pk) or inquiry_probe(inquiry)
            found = []
            for pk in sorted(hits[inquiry.pk]):
                if pk in status and (
                    c := candidate_for(inquiry, pk, status[pk], query=query, other=person_probes[pk])
                ):
                    found.append(c)
            found.sort(key=lambda c: -c.score)  # stable: persons by id among equal scores
            batch.append((inquiry, found[:MAX_CANDIDATES]))  # the best few, as the inquiry's own search shows
        with transaction.atomic():
            queued += len(store_many(batch, origin=origin))
    return queued


def store_many(
    batch: Sequence[tuple[Inquiry, Sequence[MatchCandidate]]], *, origin: str | None = None
) -> list[InquiryMatch]:
    """Save each inquiry's new suggestions (not already suggested, accepted or rejected), propose the match for those
    that can take it, one audit event each; return the suggestions saved. Runs in the caller's transaction."""
    ids = [inquiry.pk for inquiry, candidates in batch if candidates]
    seen: dict[int, set[tuple[int | None, int | None, str]]] = {i: set() for i in ids}
    for chunk in chunks(ids, CHUNK):
        rows = InquiryMatch.objects.filter(inquiry_id__in=chunk).values_list(
            "inquiry_id", "person_id", "remains_id", "suggested_answer"
        )
        for inquiry_id, *key in rows.order_by():
            seen[inquiry_id].add((key[0], key[1], key[2]))
    new: list[InquiryMatch] = []
    proposed: list[Inquiry] = []
    for inquiry, candidates in batch:
        before = len(new)
        for c in candidates:
            key = (c.person_id, c.remains_id, c.answer)
            if key in seen[inquiry.pk]:
                continue
            seen[inquiry.pk].add(key)
            new.append(
                InquiryMatch(
                    inquiry=inquiry,
                    person_id=c.person_id,
                    remains_id=c.remains_id,
                    suggested_answer=c.answer,
                    score=c.score,
                    explanation=c.explanation,
                    origin=origin or c.origin,
                )
            )
        if len(new) > before and inquiry.status in PROPOSABLE:
            proposed.append(inquiry)
    objects_insert(new)
    if len(batch) == 1 and new:
        reason = f"{len(new)} suggestion(s): best {max(m.score for m in new):.2f}"
    else:
        reason = f"{len(new)} suggestion(s) for {len(proposed)} inquiries; each suggestion carries its score"
    transition_apply_many(
        objs=proposed, lifecycle="inquiry", action="propose_match", actor="system", reason=reason
    )
    return new
