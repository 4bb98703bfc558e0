"""Scoring one family inquiry against one person or body, from the names engine's keys and the dates.

Each comparison returns a score in [0, 1] and the reasons a liaison reads in the suggestion queue. This is the
interim candidate scorer behind `inquiry_match_candidates`; the linkage engine's incremental lookup can replace it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from cartel.engine.names import (
    NameKeys,
    ParsedDate,
    name_keys,
    normalize_identifier,
    parse_date,
    parse_full_name,
    parse_name_fields,
)

SUGGEST_AT = 0.72  # lowest score that becomes a suggestion
SURNAME_FLOOR = 0.8  # below this surname similarity nobody is a candidate
OUTWEIGHED = 0.6  # the most a pair scores when what is known cannot make it one person (below SUGGEST_AT)
WEIGHTS = {"surname": 0.35, "given": 0.3, "patronymic": 0.1, "birth": 0.25}


@dataclass(frozen=True, slots=True, kw_only=True)
class Probe:
    """What is compared of one side: name keys, birth date and service number."""

    keys: NameKeys
    birth: ParsedDate | None
    service_number: str


@lru_cache(maxsize=65536)
def probe_of(
    *,
    full_name: str = "",
    surname: str = "",
    given: str = "",
    patronymic: str = "",
    birth_date: str = "",
    service_number: str = "",
) -> Probe:
    """Build the comparison probe of a name (split fields win over a full name), birth date and service number."""
    if surname or given:
        parts = parse_name_fields(surname=surname or None, given=given or None, patronymic=patronymic or None)
    else:
        parts = parse_full_name(full_name)
    birth = parse_date(birth_date) if birth_date else None
    number = normalize_identifier(service_number) if service_number else ""
    return Probe(keys=name_keys(parts), birth=birth, service_number=number)


def surname_tokens(probe: Probe) -> list[str]:
    """The surname keys used to find candidates (they are tokens of every person's search text)."""
    return [k for k in dict.fromkeys((probe.keys.surname_fold, probe.keys.surname_skel)) if k]


def _ratio(a: str | None, b: str | None) -> float:
    return fuzz.ratio(a or "", b or "") / 100.0


def _surname(a: NameKeys, b: NameKeys) -> tuple[float, str]:
    if a.surname_fold and a.surname_fold == b.surname_fold:
        return 1.0, "surname agrees"
    sim = max(_ratio(a.surname_skel, b.surname_skel), _ratio(a.surname_fold, b.surname_fold))
    return sim, f"surname similar ({sim:.0%})"


def _given(a: NameKeys, b: NameKeys) -> tuple[float | None, str]:
    if not (a.given_initial and b.given_initial):
        return None, ""
    if a.given_group and a.given_group == b.given_group:
        return 1.0, "given name agrees" + (
            " (diminutive)" if a.given_diminutive or b.given_diminutive else ""
        )
    if not (a.given_group and b.given_group):
        ok = a.given_initial == b.given_initial
        return (0.6 if ok else 0.0), ("initial agrees" if ok else "initial differs")
    # Two different names count as a misspelling only when they start alike (the index relies on it too).
    sim = _ratio(a.given_skel, b.given_skel) if a.given_initial == b.given_initial else 0.0
    return (sim if sim >= 0.85 else 0.0), (
        f"given name similar ({sim:.0%})" if sim >= 0.85 else "given name differs"
    )


def _patronymic(a: NameKeys, b: NameKeys) -> tuple[float | None, str]:
    if not (a.patronymic_initial and b.patronymic_initial):
        return None, ""
    if a.patronymic_group and a.patronymic_group == b.patronymic_group:
        return 1.0, "patronymic agrees"
    if a.patronymic_initial == b.patronymic_initial and not (a.patronymic_group and b.patronymic_group):
        return 0.7, "patronymic initial agrees"
    return 0.0, "patronymic differs"


def dates_near(a: ParsedDate, b: ParsedDate) -> bool:
    """Whether two birth dates can be one person's as written by different clerks or told by a family: one slip at
    most, two are another person.

    Where either date is a year (or a month) only: the same year, a year apart (an age counted back) or one slip in
    the year. Two full dates: the same year with the same month, the same day, or day and month swapped; or the same
    day and month with the year two apart at most or one slip in it. A slip in a year is one digit different
    (1961/1991) or two neighbouring digits swapped (1989/1998).
    """
    if a.day is None or b.day is None:
        return b.year in partial_years(a.year)
    if a.year == b.year:
        return a.month == b.month or a.day == b.day or (a.day, a.month) == (b.month, b.day)
    return (a.month, a.day) == (b.month, b.day) and b.year in near_years(a.year)


@lru_cache(maxsize=512)
def year_slips(year: int) -> frozenset[int]:
    """`year` and the years one slip away from it: one digit different, or two neighbouring digits swapped."""
    text = f"{year:04d}"
    slips = {int(text[:i] + c + text[i + 1 :]) for i in range(4) for c in "0123456789"}
    slips.update(int(text[:i] + text[i + 1] + text[i] + text[i + 2 :]) for i in range(3))
    return frozenset(slips)


@lru_cache(maxsize=512)
def partial_years(year: int) -> frozenset[int]:
    """The years a date known only to the year (or month) can be near: the same (a slip of nothing), a year apart or
    one slip."""
    return frozenset({year - 1, year + 1}) | year_slips(year)


@lru_cache(maxsize=512)
def near_years(year: int) -> frozenset[int]:
    """Every year `dates_near` can accept for a date in `year`, whatever the precisions (the years an index looks in)."""
    return frozenset(range(year - 2, year + 3)) | year_slips(year)


def _birth(a: ParsedDate | None, b: ParsedDate | None) -> tuple[float | None, str]:
    if a is None or b is None:
        return None, ""
    if a.iso() == b.iso():
        return 1.0, f"born {a.iso()}"
    if a.year == b.year and (a.month is None or b.month is None):
        return 0.8, f"birth year {a.year} agrees"
    if a.year == b.year and a.day is not None and (a.day, a.month) == (b.month, b.day):
        return 0.8, f"birth date {a.iso()} vs {b.iso()}: day and month swapped"
    if a.year == b.year:
        return 0.5, f"birth year {a.year} agrees, day differs"
    if abs(a.year - b.year) == 1 and a.month == b.month and a.day == b.day:
        return 0.5, f"birth date {a.iso()} vs {b.iso()}: one year apart"
    return 0.0, f"birth date differs ({a.iso()} vs {b.iso()})"


def compare(query: Probe, other: Probe) -> tuple[float, list[str]]:
    """Score how likely `other` is the person `query` describes, with the reasons."""
    if query.keys.empty or other.keys.empty:
        return 0.0, ["no usable name"]
    surname, why = _surname(query.keys, other.keys)
    if surname < SURNAME_FLOOR:
        return 0.0, [why]
    if query.service_number and query.service_number == other.service_number:
        return 0.99, [why, f"service number {query.service_number} agrees"]
    parts: dict[str, tuple[float | None, str]] = {
        "surname": (surname, why),
        "given": _given(query.keys, other.keys),
        "patronymic": _patronymic(query.keys, other.keys),
        "birth": _birth(query.birth, other.birth),
    }
    known = {k: v for k, v in parts.items() if v[0] is not None}
    total = sum(WEIGHTS[k] for k in known)
    score = sum(WEIGHTS[k] * (v[0] or 0.0) for k, v in known.items()) / total
    reasons = [v[1] for v in known.values() if v[1]]
    if "given" not in known and "birth" not in known:
        score = min(score, OUTWEIGHED)  # a surname alone never makes a suggestion
    elif query.birth and other.birth and not dates_near(query.birth, other.birth):
        # A namesake born years apart is another person: in a large registry every common name has hundreds.
        score = min(score, OUTWEIGHED)
        reasons.append("born too far apart to be one person")
    return round(score, 3), reasons
