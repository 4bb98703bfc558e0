"""Eligibility: age at the reference date (with imprecise birth dates), medical findings, civilians apart."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from cartel.agreements.eligibility import age_bounds, candidate_priority, category_fit, needs_consent

ON = dt.date(2025, 6, 2)


def person(**kw):
    base = {"person_type": "military", "birth_date": "", "seriously_wounded": False, "medical_category": "",
            "stretcher": False}  # fmt: skip
    return SimpleNamespace(**(base | kw))


def category(**kw):
    base = {"for_remains": False, "person_type": "", "age_min": None, "age_max": None, "age_reference_date": ON,
            "requires_medical": False, "medical_codes": (), "consent_required": False, "priority": 0,
            "agreement": SimpleNamespace(concluded_on=ON)}  # fmt: skip
    return SimpleNamespace(**(base | kw))


def test_age_bounds_from_full_partial_and_missing_dates():
    assert age_bounds("2000-06-02", ON) == (25, 25)
    assert age_bounds("2000-06-03", ON) == (24, 24)
    assert age_bounds("2000-06", ON) == (24, 25)
    assert age_bounds("2000", ON) == (24, 25)
    assert age_bounds("", ON) is None and age_bounds("not a date", ON) is None


def test_age_range_needs_proof_from_the_birth_date():
    young = category(age_min=18, age_max=25)
    assert category_fit(person(birth_date="2003-01-01"), young) is None
    assert "outside" in category_fit(person(birth_date="1990-01-01"), young)
    assert "imprecise" in category_fit(person(birth_date="1999"), young)  # 25 or 26 on the day
    assert "no birth date" in category_fit(person(), young)


def test_civilians_and_combatants_are_kept_apart():
    assert "civilian" in category_fit(person(person_type="military"), category(person_type="civilian"))
    assert category_fit(person(person_type="civilian"), category(person_type="civilian")) is None


def test_medical_categories_need_a_finding_in_the_listed_annex_groups():
    wounded = category(requires_medical=True, medical_codes=("A1", "A2"))
    assert "no medical finding" in category_fit(person(), wounded)
    assert category_fit(person(seriously_wounded=True, medical_category="a2"), wounded) is None
    assert "not among" in category_fit(person(seriously_wounded=True, medical_category="B1"), wounded)
    assert category_fit(person(medical_category="A1"), wounded, repatriation_decided=True) is None


def test_consent_is_needed_for_the_sick_whatever_the_category():
    assert needs_consent(person(seriously_wounded=True), category())
    assert needs_consent(person(), category(requires_medical=True))
    assert not needs_consent(person(), category())
    assert needs_consent(person(), category(consent_required=True))


def test_priority_puts_medical_urgency_first():
    general = category()
    urgent = candidate_priority(person(seriously_wounded=True, stretcher=True), general, on=ON)
    long_held = candidate_priority(person(), general, on=ON, captive_since=dt.date(2022, 3, 1))
    assert urgent > long_held > candidate_priority(person(), general, on=ON) > 0


@given(st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2010, 12, 31)))
def test_full_dates_give_one_age_and_partial_dates_contain_it(born):
    exact = age_bounds(born.isoformat(), ON)
    assert exact is not None and exact[0] == exact[1]
    for partial in (born.isoformat()[:7], str(born.year)):
        low, high = age_bounds(partial, ON)
        assert low <= exact[0] <= high and high - low <= 1
