"""Rendering one person as a clerk would: clean output, noise, and the profiles' differences."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cartel.synth.noise import CLEAN, HOLDOUT, TUNING, apply_typo, homoglyph
from cartel.synth.people import make_population
from cartel.synth.render import COLUMNS, Clerk, ListRow, format_date, render_row

CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z]")


@pytest.fixture(scope="module")
def people():
    return make_population({"A": 2000}, seed=3).persons(range(2000))


def test_row_has_the_design_columns():
    assert ListRow._fields == COLUMNS
    assert COLUMNS[0] == "id" and "full_name" in COLUMNS and "service_number" in COLUMNS


def test_clean_profile_writes_the_canonical_name(people):
    rng = random.Random(1)
    for person in people[:200]:
        row = render_row(person, record_id="r", clerk=Clerk(language="ru"), profile=CLEAN, rng=rng)
        name = person.name("ru")
        assert (row.surname, row.given_name, row.patronymic) == (name.surname, name.given, name.patronymic)
        assert row.birth_date == format_date(person.birth_date, "dmy")
        assert row.service_number == person.service_number and row.unit == person.unit
        assert row.full_name == ""


def test_full_name_layout_fills_only_full_name(people):
    row = render_row(people[0], record_id="x", clerk=Clerk(language="uk", layout="full_name"), profile=CLEAN,
                     rng=random.Random(0))  # fmt: skip
    name = people[0].name("uk")
    assert row.full_name == f"{name.surname} {name.given} {name.patronymic}"
    assert row.surname == row.given_name == row.patronymic == ""


def test_latin_clerk_writes_latin_names(people):
    rng = random.Random(2)
    for person in people[:200]:
        row = render_row(person, record_id="r", clerk=Clerk(language="uk", script="latin", layout="full_name"),
                         profile=TUNING.with_rates(homoglyph=0.0), rng=rng)  # fmt: skip
        assert not CYRILLIC.search(row.full_name)


def _render_all(people, profile, clerk, seed=0):
    rng = random.Random(seed)
    return [
        render_row(p, record_id=str(i), clerk=clerk, profile=profile, rng=rng) for i, p in enumerate(people)
    ]


def test_rendering_is_deterministic(people):
    clerk = Clerk(language="ru", script="mixed")
    assert _render_all(people, TUNING, clerk) == _render_all(people, TUNING, clerk)
    assert _render_all(people, TUNING, clerk) != _render_all(people, TUNING, clerk, seed=1)


def test_noise_changes_some_but_not_most_names(people):
    clerk = Clerk(language="ru")
    clean, noisy = _render_all(people, CLEAN, clerk), _render_all(people, TUNING, clerk)
    changed = sum(a.surname.lower() != b.surname.lower() for a, b in zip(clean, noisy, strict=True)) / len(
        people
    )
    assert 0.02 < changed < 0.3


def test_holdout_uses_romanisations_the_tuning_profile_never_uses():
    held_out = HOLDOUT.schemes() - TUNING.schemes()
    assert held_out >= {"uk-german", "uk-french", "uk-polish", "ru-gost-52535", "ru-wikipedia"}


def test_profiles_differ_in_rates():
    differing = [f for f in ("typo", "dob_swap", "hybrid_token", "unit_missing", "homoglyph")
                 if getattr(TUNING, f) == getattr(HOLDOUT, f)]  # fmt: skip
    assert not differing


def test_holdout_output_is_noisier_than_tuning(people):
    clerk = Clerk(language="ru")
    clean = _render_all(people, CLEAN, clerk)

    def changed(rows):
        return sum(a.given_name != b.given_name for a, b in zip(clean, rows, strict=True))

    assert changed(_render_all(people, HOLDOUT, clerk)) > changed(_render_all(people, TUNING, clerk))


def test_holdout_latin_spellings_never_appear_under_tuning(people):
    clerk = Clerk(language="uk", script="latin", layout="full_name")
    no_typos = {"typo": 0.0, "homoglyph": 0.0}
    tuning = {r.full_name.lower() for r in _render_all(people, TUNING.with_rates(**no_typos), clerk)}
    holdout = {r.full_name.lower() for r in _render_all(people, HOLDOUT.with_rates(**no_typos), clerk)}
    german_or_polish = ("sch", "sz", "cz", "ł", "w")
    assert any(any(m in n for m in german_or_polish) for n in holdout)
    assert not any(any(m in n for m in german_or_polish) for n in tuning)


def test_date_formats():
    d = date(1990, 3, 7)
    assert [format_date(d, f) for f in ("dmy", "iso", "mdy", "year", "missing")] == [
        "07.03.1990", "1990-03-07", "03/07/1990", "1990", ""
    ]  # fmt: skip


def test_date_noise_includes_swaps_and_shifts(people):
    noisy = HOLDOUT.with_rates(dob_swap=0.5, dob_day_off=0.2, dob_formats=(("iso", 1.0),))
    rows = _render_all(people, noisy, Clerk(language="uk"))
    kinds = Counter()
    for person, row in zip(people, rows, strict=True):
        got = date.fromisoformat(row.birth_date)
        b = person.birth_date
        if got == b:
            kinds["same"] += 1
        elif (got.day, got.month) == (b.month, b.day):
            kinds["swap"] += 1
        elif abs((got - b).days) == 1:
            kinds["day"] += 1
    assert kinds["same"] and kinds["swap"] > 100 and kinds["day"] > 50


def test_missing_fields_follow_the_clerk(people):
    clerk = Clerk(language="uk", name_known=0.0, service_number_known=0.0, unit_known=0.0)
    rows = _render_all(people, CLEAN, clerk)
    assert all(r.surname == r.full_name == r.service_number == r.unit == "" for r in rows)


def test_diminutives_appear_at_about_the_profile_rate(people):
    rows = _render_all(people, CLEAN.with_rates(diminutive=0.5), Clerk(language="uk"))
    full = {p.name("uk").given for p in people}
    share = sum(r.given_name not in full for r in rows) / len(rows)
    assert 0.35 < share < 0.65


@given(st.text(alphabet="абвгдежзийклмнопрстуфхцчшщьюяі", min_size=3, max_size=15), st.integers(0, 10_000))
def test_deletion_and_transposition_change_length_as_expected(word, seed):
    assert len(apply_typo(word, "deletion", random.Random(seed))) == len(word) - 1
    assert sorted(apply_typo(word, "transposition", random.Random(seed))) == sorted(word)
    assert len(apply_typo(word, "duplication", random.Random(seed))) == len(word) + 1


def test_keyboard_typo_uses_a_neighbouring_key():
    out = apply_typo("ааа", "keyboard", random.Random(0))
    assert out[1] in "вмпеку"


def test_ocr_confusions():
    assert apply_typo("Кириленко", "ocr", random.Random(0)) != "Кириленко"
    assert "щ" in apply_typo("Шевчук", "ocr", random.Random(0)).lower() or "ё" in apply_typo(
        "Шевчук", "ocr", random.Random(0)
    )


def test_homoglyph_mixes_scripts():
    out = homoglyph("Коваленко", random.Random(4))
    assert CYRILLIC.search(out) and LATIN.search(out)
    assert len(out) == len("Коваленко")
