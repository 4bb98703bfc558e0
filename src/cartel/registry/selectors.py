"""Reads of the registry: the person search, the paged person list, the review queue.

Everything starts from the visibility policy (`cartel.parties.visibility`); nothing here filters by party itself.
The search takes a query in any script and word order: each word becomes a Latin skeleton token
(`registry.keys.query_tokens`) that is looked up in `Person.search_text`, then the candidates are ranked by the
number of query words they match and by closeness (rapidfuzz), each hit with a readable reason.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.translation import gettext as _
from rapidfuzz import fuzz

from cartel.parties.visibility import (
    candidate_pairs_visible_to,
    persons_visible_to,
    persons_with_medical_visible_to,
)

from .keys import query_tokens, record_parts
from .models import CandidatePair, Decision, Person, ReviewDecision

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
            qs = qs.filter(surname__gte=s).filter(  # a bound of its own lets the (surname, given_name) index seek
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
    return Q(birth_date__gte=prefix, birth_date__lt=prefix + "~")


def _candidates(base: QuerySet[Person], tokens: list[str], dates: list[str]) -> list[Person]:
    """Persons sharing a query word's first letters (or, for a date-only query, born then), best-scored first.

    One pass over the table: the database scores each candidate by whole words found (2 each) and dates of birth
    matched (2 each), and returns the best `SEARCH_CANDIDATES`; closeness is ranked afterwards in Python.
    """
    by_date = Q()
    for d in dates:
        by_date |= _born(d)
    if not tokens:
        return list(base.filter(by_date)[:SEARCH_CANDIDATES])
    prefixes = Q()
    for t in sorted({t[:PREFIX_LEN] for t in tokens}):
        prefixes |= Q(search_text__startswith=t) | Q(search_text__contains=" " + t)
    conditions = [Q(search_text__contains=t) for t in tokens] + [_born(d) for d in dates]
    score = sum(
        (Case(When(c, then=Value(2)), default=Value(0), output_field=IntegerField()) for c in conditions),
        start=Value(0, output_field=IntegerField()),
    )
    return list(
        base.filter(prefixes).annotate(search_score=score).order_by("-search_score", "pk")[:SEARCH_CANDIDATES]
    )


def _rank(person: Person, words: list[tuple[str, str]], dates: list[str]) -> SearchHit:
    """Score one candidate and say which of its names and dates matched which query word."""
    tokens = person.search_text.split()
    token_set = set(tokens)
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
    matched, closeness, reasons = 0, 0.0, []
    for original, token in words:
        best = max((fuzz.ratio(token, t) for t in tokens), default=0.0)
        # A word still being typed matches the start of a name, the closer the more of it is typed:
        prefix = max((60 + 40 * len(token) / len(t) for t in tokens if len(token) >= 2 and t.startswith(token)),
                     default=0.0)  # fmt: skip
        score = 100.0 if token in token_set else max(best, prefix)
        if score < FUZZY_MIN and not prefix:
            continue
        matched += 1
        closeness += score
        reasons.append(_reason(original, token, part_tokens))
    for date in dates:
        if person.birth_date.startswith(date):
            matched += 1
            closeness += 100.0
            reasons.append(_("born %(date)s") % {"date": person.birth_date})
    total = len(words) + len(dates)
    return SearchHit(
        person=person,
        matched=matched,
        closeness=round(closeness / total, 1) if total else 0.0,
        reasons=tuple(dict.fromkeys(reasons)),
    )


def _reason(original: str, token: str, part_tokens: list[tuple[str, str, list[str]]]) -> str:
    """«surname Коваленко ~ Kovalenko»: the name part that matched the query word, or another record's spelling."""
    for label, value, skeletons in part_tokens:
        if any(s == token or s.startswith(token) or fuzz.ratio(s, token) >= FUZZY_MIN for s in skeletons):
            if value.casefold() == original.casefold():
                return f"{label} {value}"
            return f"{label} {value} ~ {original}"
    return _("%(word)s in another record of this person") % {"word": original}


def persons_search(
    *, viewer: Any, query: str, filters: PersonFilters | None = None, limit: int = 50
) -> list[SearchHit]:
    """Visible persons matching `query` (any script, any order, dates as 1991 or 12.03.1991), best first."""
    words, dates = _query_parts(query)
    if not words and not dates:
        return []
    base = persons_filtered(viewer=viewer, filters=filters or PersonFilters())
    tokens = list(dict.fromkeys(t for _, t in words))
    hits = [_rank(p, words, dates) for p in _candidates(base, tokens, dates)]
    hits = [h for h in hits if h.matched]
    hits.sort(key=lambda h: (-h.matched, -h.closeness, h.person.display_name, h.person.pk))
    return hits[:limit]


def review_pairs_for(*, viewer: Any) -> QuerySet[CandidatePair]:
    """Pairs waiting for the viewer: undecided ones, and ones another reviewer marked unsure (a second look)."""
    mine = ReviewDecision.objects.filter(
        left_id=OuterRef("left_id"), right_id=OuterRef("right_id"), superseded=False, reviewer=viewer
    )
    return (
        candidate_pairs_visible_to(viewer)
        .filter(Q(decision="") | Q(decision=Decision.UNSURE))
        .exclude(Exists(mine))
        .select_related("left__source_list", "left__owner", "right__source_list", "right__owner")
        .order_by("-probability", "pk")
    )
