"""Who fits an agreement category: age at the reference date, medical findings, civilians kept apart from combatants.

The functions take a person and a category and return None when the person fits, or a sentence saying why not.
They read only the objects given (and, for medical categories, whether a repatriation decision exists), so the
planner pool, the list pages and the guards all give the same answer.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from cartel.registry.models import Person

    from .models import Category

# Captive states from which a person may be declared eligible, and those in which they may be listed.
ASSESSABLE_STATES = ("interned", "medically_assessed")
LISTABLE_STATES = ("eligible", "consent_recorded")


def _birth_span(birth_date: str) -> tuple[dt.date, dt.date] | None:
    """Earliest and latest possible birth day for an ISO date, a year-month or a year; None if unknown."""
    parts = birth_date.strip().split("-") if birth_date else []
    try:
        if len(parts) == 3:
            day = dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            return day, day
        if len(parts) == 2:
            year, month = int(parts[0]), int(parts[1])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if len(parts) == 1 and parts[0]:
            year = int(parts[0])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None
    return None


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def age_bounds(birth_date: str, on: dt.date) -> tuple[int, int] | None:
    """Return the youngest and oldest age the person can have on `on`, or None without a birth date."""
    span = _birth_span(birth_date)
    if span is None:
        return None
    earliest, latest = span
    return _age(latest, on), _age(earliest, on)


def reference_date(category: Category) -> dt.date:
    """The day on which ages count for the category: its own reference date or the agreement's date."""
    return category.age_reference_date or category.agreement.concluded_on


def category_fit(person: Person, category: Category, *, repatriation_decided: bool = False) -> str | None:
    """Return None when `person` fits `category`, else the reason they do not."""
    if category.for_remains:
        return _("the category is for remains")
    if category.person_type and person.person_type != category.person_type:
        return _("the category is for %(wanted)s persons only; this person is %(kind)s") % {
            "wanted": category.person_type,
            "kind": person.person_type,
        }
    if category.age_min is not None or category.age_max is not None:
        reason = _age_reason(person, category)
        if reason:
            return reason
    if category.requires_medical:
        if not (person.seriously_wounded or repatriation_decided):
            return _(
                "no medical finding: neither seriously wounded nor proposed for repatriation by a commission"
            )
        codes = category.medical_codes
        if codes and not any(person.medical_category.upper().startswith(code) for code in codes):
            return _("medical category %(found)s is not among %(codes)s") % {
                "found": person.medical_category or "—",
                "codes": ", ".join(codes),
            }
    return None


def _age_reason(person: Person, category: Category) -> str | None:
    on = reference_date(category)
    bounds = age_bounds(person.birth_date, on)
    low = category.age_min if category.age_min is not None else 0
    high = category.age_max if category.age_max is not None else 200
    if bounds is None:
        return _("no birth date to prove the age")
    youngest, oldest = bounds
    if low <= youngest and oldest <= high:
        return None
    if oldest < low or youngest > high:
        return _("aged %(age)s on %(day)s, outside %(low)s–%(high)s") % {
            "age": youngest if youngest == oldest else f"{youngest}–{oldest}",
            "day": on.isoformat(),
            "low": low,
            "high": high,
        }
    return _("the birth date %(birth)s is too imprecise to prove an age of %(low)s–%(high)s") % {
        "birth": person.birth_date,
        "low": low,
        "high": high,
    }


def needs_consent(person: Person, category: Category | None) -> bool:
    """Whether listing needs recorded consent: always for the sick and wounded (Art. 109(3)), else per category."""
    if person.seriously_wounded:
        return True
    return category is not None and (category.requires_medical or category.consent_required)


def candidate_priority(
    person: Person, category: Category, *, on: dt.date, captive_since: dt.date | None = None
) -> float:
    """Priority for the planner: medical urgency first, then time in captivity, then age; always above zero."""
    score = 1.0 + category.priority
    if person.seriously_wounded:
        score += 100
    if person.stretcher:
        score += 30
    if person.medical_category.upper().startswith("A"):
        score += 10
    if captive_since is not None:
        score += min(max((on - captive_since).days, 0) / 30.0, 36.0)
    bounds = age_bounds(person.birth_date, on)
    if bounds is not None and bounds[0] >= 60:
        score += 10
    return round(score, 2)
