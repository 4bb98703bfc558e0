"""Reads of the registry: the person search, the paged person list, the review queue.

Everything starts from the visibility policy (`cartel.parties.visibility`); nothing here filters by party itself.
The search takes a query in any script and word order: each word becomes a Latin skeleton token
(`registry.keys.query_tokens`) that is looked up in `Person.search_text`, then the candidates are ranked by the
number of query words they match and by closeness (rapidfuzz), each hit with a readable reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any, overload

from django.db.models import BooleanField, Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from cartel.parties.visibility import (
    candidate_pairs_visible_to,
    persons_visible_to,
    persons_with_medical_visible_to,
)

from .keys import query_tokens, record_parts
from .models import CandidatePair, Decision, Person, ReviewDecision
from .search_index import date_match, token_match_pieces, token_scan

SEARCH_CANDIDATES = 300  # most candidates fetched from the database per stage of a search
FUZZY_MIN = 80  # rapidfuzz ratio from which two skeletons count as the same word with a slip
PREFIX_LEN = 3  # a fuzzy lookup fetches persons sharing the first letters of a query word

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DMY = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$")


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonFilters:
    """Filters of the person list: empty values filter nothing; parties are given by code."""

    status: str = ""
    holding_party: str = ""
    origin_party: str = ""
    person_type: str = ""
    wounded: bool | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> PersonFilters:
        """Read filters from request parameters (unknown or empty values are ignored)."""
        wounded = str(params.get("wounded") or "").lower()
        return cls(
            status=str(params.get("status") or "").strip(),
            holding_party=str(params.get("holding_party") or "").strip().upper(),
            origin_party=str(params.get("origin_party") or "").strip().upper(),
            person_type=str(params.get("person_type") or "").strip(),
            wounded={"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}.get(
                wounded
            ),
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchHit:
    """A person found by a search, with how many query words matched, how closely, and why."""

    person: Person
    matched: int
    closeness: float
    reasons: tuple[str, ...] = ()

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True, slots=True, kw_only=True)
class PersonPage:
    """One page of the person list; `next_after` is the cursor of the next page, or None on the last one."""

    persons: list[Person] = field(default_factory=list)
    next_after: int | None = None


def persons_filtered(*, viewer: Any, filters: PersonFilters) -> QuerySet[Person]:
    """Visible persons narrowed by the filters; the wounded filter only reaches persons with visible medical data."""
    qs = persons_visible_to(viewer)
    if filters.wounded is not None:
        qs = persons_with_medical_visible_to(viewer).filter(seriously_wounded=filters.wounded)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.holding_party:
        qs = qs.filter(holding_party__code=filters.holding_party)
    if filters.origin_party:
        qs = qs.filter(origin_party__code=filters.origin_party)
    if filters.person_type:
        qs = qs.filter(person_type=filters.person_type)
    return qs.select_related("holding_party", "origin_party")


def persons_page(
    *, viewer: Any, filters: PersonFilters, after: int | None = None, size: int = 50
) -> PersonPage:
    """A page of visible persons in name order, after the person `after` (keyset paging: fast on any page)."""
    qs = persons_filtered(viewer=viewer, filters=filters).order_by("surname", "given_name", "pk")
    if after is not None:
        last = Person.objects.filter(pk=after).values("surname", "given_name").first()
        if last is not None:
            s, g = last["surname"], last["given_name"]
            qs = qs.filter(
                surname__gte=s
            ).filter(  # a bound of its own lets the (surname, given_name) index seek
                Q(surname__gt=s) | Q(surname=s, given_name__gt=g) | Q(surname=s, given_name=g, pk__gt=after)
            )
    rows = list(qs[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return PersonPage(persons=rows, next_after=rows[-1].pk if more and rows else None)


def _date_prefix(word: str) -> str | None:
    """An ISO date prefix (`1991`, `1991-03`, `1991-03-12`) for a word that is a date, else None."""
    if m := _ISO.match(word):
        year, month, day = m.groups()
        return year + (f"-{int(month):02d}" if month else "") + (f"-{int(day):02d}" if day else "")
    if m := _DMY.match(word):
        day, month, year = m.groups()
        return f"{year}-{int(month):02d}-{int(day):02d}"
    return None


def _query_parts(query: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The query's name tokens (each with the word it came from) and its date prefixes."""
    words: list[tuple[str, str]] = []
    dates: list[str] = []
    for word in query.split():
        date = _date_prefix(word.strip(",;"))
        if date:
            dates.append(date)
            continue
        words.extend((word, token) for token in query_tokens(word))
    return words, dates


def _born(prefix: str) -> Q:
    """Birth dates starting with an ISO prefix, as a range the birth-date index can serve."""
    return date_match(prefix)


Candidate = tuple[int, str, str, str]  # pk, search_text, birth_date, display_name: all a score needs


def _candidates(base: QuerySet[Person], tokens: list[str], dates: list[str]) -> list[Candidate]:
    """Persons born then with every token, then having every token (or, if nobody has, every token cut to the
    longest start someone has: a slip in a word), then any of them, up to `SEARCH_CANDIDATES`; closeness is
    ranked afterwards in Python.

    A date goes first through the birth-date index. Each word stage asks the search index (`search_index`: FTS5
    on SQLite, GIN on PostgreSQL) for persons whose tokens start with the query's, piece by piece, and keeps those
    the viewer may see, in no particular order (a sort would read every match); the stages stop once there are
    enough candidates.
    """
    rows = base.select_related(None).order_by().values_list("pk", "search_text", "birth_date", "display_name")
    by_date = Q()
    for d in dates:
        by_date |= _born(d)
    if not tokens:
        return list(rows.filter(by_date)[:SEARCH_CANDIDATES])
    found: dict[int, Candidate] = {}
    if dates:  # the birth-date index narrows first; the words are checked on those few rows
        typed = [*tokens[:-1], tokens[-1] + "*"]
        found = {
            row[0]: row for row in rows.filter(by_date, token_scan(typed, every=True))[:SEARCH_CANDIDATES]
        }
    # Whole words match whole search tokens, the last word (perhaps still being typed) their beginnings; one
    # letter narrows nothing (the ranking still reads it):
    words = [t for t in tokens if len(t) > 1]
    whole = tuple(t + ("*" if i == len(words) - 1 else "") for i, t in enumerate(words))

    def gather(stage: tuple[str, ...], every: bool) -> None:
        pieces = token_match_pieces(stage, every=every)
        while (room := SEARCH_CANDIDATES - len(found)) > 0 and (piece := next(pieces, None)) is not None:
            for row in rows.filter(piece).exclude(pk__in=list(found))[:room]:
                found[row[0]] = row

    if whole:
        exact = tuple(t.rstrip("*") for t in whole)
        gather(exact, True)  # a finished last word reads one posting list instead of every word it begins
        if len(found) < SEARCH_CANDIDATES // 3:
            gather(whole, True)
    if (
        whole and not found
    ):  # nobody has every word: a slip in one of them? Keep what is spelled as someone's.
        whole = tuple(dict.fromkeys(k for t in whole if (k := _known_prefix(rows, t))))
        if whole:
            gather(whole, True)
    if len(whole) > 1 and len(found) < SEARCH_CANDIDATES // 3:
        gather(whole, False)
    return list(found.values())


def _word_scores(text: str, words: list[tuple[str, str]]) -> list[tuple[str, str, float]]:
    """(word, token, score) for each query word that matches one of the search tokens in `text`."""
    tokens = text.split()
    token_set = set(tokens)
    out = []
    for original, token in words:
        best = max((fuzz.ratio(token, t) for t in tokens), default=0.0)
        # A word still being typed matches the start of a name, the closer the more of it is typed:
        prefix = max((60 + 40 * len(token) / len(t) for t in tokens if len(token) >= 2 and t.startswith(token)),
                     default=0.0)  # fmt: skip
        score = 100.0 if token in token_set else max(best, prefix)
        if score < FUZZY_MIN and not prefix:
            continue
        out.append((original, token, score))
    return out


def _score(row: Candidate, words: list[tuple[str, str]], dates: list[str]) -> tuple[int, float]:
    """How many query words and dates a candidate matches, and how closely (0–100)."""
    scores = _word_scores(row[1], words)
    born = sum(1 for d in dates if row[2].startswith(d))
    total = len(words) + len(dates)
    closeness = sum(s for _, _, s in scores) + 100.0 * born
    return len(scores) + born, round(closeness / total, 1) if total else 0.0


def _known_prefix(rows: QuerySet[Any], token: str) -> str:
    """`token` if a person the viewer can see has it (as a whole word first), else its longest start (down to
    PREFIX_LEN letters, as a prefix `start*`) that begins one of their names, else ""."""
    bare = token.rstrip("*")
    tries = list(dict.fromkeys([bare, token] + [bare[:cut] + "*" for cut in range(len(bare) - 1,
                                                                          min(PREFIX_LEN, len(bare)) - 1, -1)]))  # fmt: skip
    for attempt in tries:
        piece = next(token_match_pieces([attempt], every=True), None)
        if piece is not None and rows.filter(piece).exists():
            return attempt
    return ""


def _rank(person: Person, words: list[tuple[str, str]], dates: list[str]) -> SearchHit:
    """Score one candidate and say which of its names and dates matched which query word."""
    names = record_parts(
        SimpleNamespace(
            full_name=person.display_name,
            surname=person.surname,
            given_name=person.given_name,
            patronymic=person.patronymic,
            birth_date="",
        )
    )
    parts = [
        (_("surname"), names.surname),
        (_("given name"), names.given),
        (_("patronymic"), names.patronymic),
    ]
    part_tokens = [(label, value, query_tokens(value)) for label, value in parts if value]
    scores = _word_scores(person.search_text, words)
    reasons = [_reason(word, token, part_tokens) for word, token, _s in scores]
    born = person.birth_date
    reasons += [_("born %(date)s") % {"date": born} for d in dates if born.startswith(d)]
    matched, closeness = _score((person.pk, person.search_text, born, person.display_name), words, dates)
    return SearchHit(
        person=person, matched=matched, closeness=closeness, reasons=tuple(dict.fromkeys(reasons))
    )


def _reason(original: str, token: str, part_tokens: list[tuple[str, str, list[str]]]) -> str:
    """«surname Коваленко ~ Kovalenko»: the name part that matched the query word, or another record's spelling."""
    for label, value, skeletons in part_tokens:
        if any(s == token or s.startswith(token) or fuzz.ratio(s, token) >= FUZZY_MIN for s in skeletons):
            if value.casefold() == original.casefold():
                return f"{label} {value}"
            return f"{label} {value} ~ {original}"
    return _("%(word)s in another record of this person") % {"word": original}


class SearchResults(Sequence[SearchHit]):
    """The hits of a search, best first. Scoring read light rows only; the persons behind the hits are loaded
    whole (parties joined) and their reasons worked out when a hit is read, one page at a time — a list page that
    shows 50 of 300 hits never loads the other 250."""

    PAGE = 50

    def __init__(
        self, base: QuerySet[Person], pks: list[int], words: list[tuple[str, str]], dates: list[str]
    ) -> None:
        self._base, self._pks, self._words, self._dates = base, pks, words, dates
        self._hits: dict[int, SearchHit | None] = {}

    def __len__(self) -> int:
        return len(self._pks)

    def _load(self, indices: range) -> None:
        missing = [i for i in indices if i not in self._hits]
        if missing:
            persons = self._base.filter(pk__in=[self._pks[i] for i in missing]).in_bulk()
            for i in missing:  # a person merged away since the scoring is left out
                person = persons.get(self._pks[i])
                self._hits[i] = _rank(person, self._words, self._dates) if person else None

    @overload
    def __getitem__(self, index: int) -> SearchHit: ...
    @overload
    def __getitem__(self, index: slice) -> list[SearchHit]: ...
    def __getitem__(self, index: int | slice) -> SearchHit | list[SearchHit]:
        if isinstance(index, slice):
            indices = range(*index.indices(len(self)))
            self._load(indices)
            return [hit for i in indices if (hit := self._hits[i]) is not None]
        i = index + len(self) if index < 0 else index
        if not 0 <= i < len(self):
            raise IndexError(index)
        start = i - i % self.PAGE
        self._load(range(start, min(start + self.PAGE, len(self))))
        hit = self._hits[i]
        if hit is None:
            raise IndexError(index)
        return hit

    def __iter__(self) -> Iterator[SearchHit]:
        for start in range(0, len(self), self.PAGE):
            yield from self[start : start + self.PAGE]

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]


def persons_search(
    *, viewer: Any, query: str, filters: PersonFilters | None = None, limit: int = 50
) -> SearchResults:
    """Visible persons matching `query` (any script, any order, dates as 1991 or 12.03.1991), best first."""
    words, dates = _query_parts(query)
    base = persons_filtered(viewer=viewer, filters=filters or PersonFilters())
    if not words and not dates:
        return SearchResults(base, [], words, dates)
    tokens = list(dict.fromkeys(t for _, t in words))
    scored = [(_score(row, words, dates), row) for row in _candidates(base, tokens, dates)]
    scored = [(sc, row) for sc, row in scored if sc[0]]
    scored.sort(key=lambda x: (-x[0][0], -x[0][1], x[1][3], x[1][0]))
    return SearchResults(base, [row[0] for _sc, row in scored[:limit]], words, dates)


def review_pairs_count(*, viewer: Any) -> int:
    """How many pairs wait for the viewer (a figure kept per change of the data: `cartel.web.snapshots`)."""
    from cartel.web.snapshots import figures_for

    return figures_for(viewer)("review", review_pairs_for(viewer=viewer).count, mine=True)


# Undecided or unsure, written with literal values: SQLite walks the partial index `candidate_pending_order` (best
# first, stopping at the page) only when the query repeats the index's condition with constants, not parameters.
# Without it every pair was read and sorted for each page (184 ms over a million persons; 7 ms with it at 70k).
_PENDING = RawSQL(  # noqa: S611 — two constants of this module, no input
    f"\"registry_candidatepair\".\"decision\" IN ('', '{Decision.UNSURE}')", (), output_field=BooleanField()
)


def review_pairs_for(*, viewer: Any) -> QuerySet[CandidatePair]:
    """Pairs waiting for the viewer: undecided ones, and ones another reviewer marked unsure (a second look)."""
    mine = ReviewDecision.objects.filter(
        left_id=OuterRef("left_id"), right_id=OuterRef("right_id"), superseded=False, reviewer=viewer
    )
    return (
        candidate_pairs_visible_to(viewer)
        .filter(_PENDING)
        .exclude(Exists(mine))
        .select_related("left__source_list", "left__owner", "right__source_list", "right__owner")
        .order_by("-probability", "pk")
    )
