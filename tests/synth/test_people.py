"""Latent persons: determinism, age structure, brothers and namesakes, name morphology, generic pools."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from cartel.synth.morph import feminine_surname, patronymic
from cartel.synth.people import make_population
from cartel.synth.pools import FEMALE, MALE, PLACES, SURNAMES

AS_OF = date(2025, 6, 1)


@pytest.fixture(scope="module")
def pop():
    return make_population({"A": 3000, "B": 2000}, seed=11, as_of=AS_OF)


def test_same_seed_gives_the_same_population():
    a = make_population({"A": 500}, seed=5)
    b = make_population({"A": 500}, seed=5)
    c = make_population({"A": 500}, seed=6)
    assert [p.name() for p in a] == [p.name() for p in b]
    assert [p.name() for p in a] != [p.name() for p in c]


def test_counts_and_sides(pop):
    assert len(pop) == 5000
    assert len(pop.indices("A")) == 3000
    assert {pop.person(int(i)).side for i in pop.indices("B")} == {"B"}


def test_ages_between_18_and_60_with_a_young_share(pop):
    ages = np.array([p.age(AS_OF) for p in pop])
    assert ages.min() >= 18 and ages.max() <= 60
    assert 0.18 < np.mean(ages <= 25) < 0.35


def test_persons_matches_person(pop):
    idx = [0, 17, 4999, 2500]
    assert pop.persons(idx) == [pop.person(i) for i in idx]


def test_civilians_have_no_unit_rank_or_service_number(pop):
    civilians = [p for p in pop if p.person_type == "civilian"]
    assert civilians
    assert all(p.unit == "" and p.service_number == "" and p.rank == -1 for p in civilians)
    soldiers = [p for p in pop if p.person_type == "military"]
    assert all(p.unit and p.service_number for p in soldiers)
    assert len({p.service_number for p in soldiers}) == len(soldiers)


def test_wounded_have_a_medical_category(pop):
    assert all((p.medical_category is not None) == p.wounded for p in pop)


def test_brothers_share_surname_and_patronymic_but_not_given_name_or_birth_date(pop):
    young = np.flatnonzero(pop.brother_of >= 0)
    assert len(young) >= 100
    for i in young:
        a, b = pop.person(int(i)), pop.person(int(pop.brother_of[i]))
        assert a.side == b.side
        assert a.surname == b.surname and a.father_given == b.father_given
        assert a.given != b.given and a.birth_date != b.birth_date
        assert a.name("uk").patronymic == b.name("uk").patronymic


def test_namesakes_share_surname_and_given_name_with_another_birth_date(pop):
    copies = np.flatnonzero(pop.namesake_of >= 0)
    assert len(copies) >= 100
    for i in copies:
        a, b = pop.person(int(i)), pop.person(int(pop.namesake_of[i]))
        assert (a.surname, a.given, a.sex) == (b.surname, b.given, b.sex)
        assert a.birth_date != b.birth_date


def test_family_has_mother_father_and_sibling(pop):
    person = pop.person(42)
    mother, father, sibling = pop.family(42)
    assert (mother.relation, father.relation, sibling.relation) == ("mother", "father", "sibling")
    assert father.given == person.father_given
    assert mother.name("uk").surname == feminine_surname(SURNAMES[person.surname].uk, "uk")
    assert pop.family(42) == pop.family(42)


def test_injected_brother_is_the_sibling(pop):
    i = int(np.flatnonzero(pop.brother_of >= 0)[0])
    assert pop.family(i)[2].person_index == int(pop.brother_of[i])


@pytest.mark.parametrize(
    ("father", "language", "sex", "expected"),
    [
        ("Петро", "uk", "M", "Петрович"),
        ("Андрій", "uk", "F", "Андріївна"),
        ("Микола", "uk", "M", "Миколайович"),
        ("Василь", "uk", "F", "Василівна"),
        ("Григорій", "uk", "M", "Григорович"),
        ("Юрий", "ru", "M", "Юрьевич"),
        ("Андрей", "ru", "F", "Андреевна"),
        ("Николай", "ru", "M", "Николаевич"),
        ("Игорь", "ru", "M", "Игоревич"),
        ("Илья", "ru", "F", "Ильинична"),
        ("Александр", "ru", "M", "Александрович"),
    ],
)
def test_patronymics(father, language, sex, expected):
    assert patronymic(father, language, sex) == expected


@pytest.mark.parametrize(
    ("surname", "language", "expected"),
    [
        ("Коваленко", "uk", "Коваленко"),
        ("Іванов", "uk", "Іванова"),
        ("Ковальов", "uk", "Ковальова"),
        ("Ковальський", "uk", "Ковальська"),
        ("Ковальский", "ru", "Ковальская"),
        ("Белый", "ru", "Белая"),
        ("Мельник", "ru", "Мельник"),
    ],
)
def test_feminine_surnames(surname, language, expected):
    assert feminine_surname(surname, language) == expected


# Surnames of heads of state, negotiators and other prominent figures of the period, in both spellings.
PUBLIC_FIGURES = {
    "Зеленський", "Зеленский", "Путін", "Путин", "Умєров", "Умеров", "Мединський", "Мединский", "Буданов",
    "Єрмак", "Ермак", "Лавров", "Пєсков", "Песков", "Лукашенко", "Шойгу", "Герасимов", "Сирський", "Сырский",
    "Залужний", "Залужный", "Порошенко", "Янукович", "Ющенко", "Тимошенко", "Кучма", "Кравчук", "Медведєв",
    "Медведев", "Кличко", "Навальний", "Навальный", "Лубінець", "Лубинец", "Москалькова", "Сибіга", "Сибига",
    "Кислиця", "Кислица", "Фомін", "Фомин", "Костюков", "Галузін", "Галузин", "Білоусов", "Белоусов",
}  # fmt: skip


def test_pools_are_generic_and_hold_no_public_figure_surname():
    forms = {s.uk for s in SURNAMES} | {s.ru for s in SURNAMES}
    forms |= {feminine_surname(s.uk, "uk") for s in SURNAMES} | {
        feminine_surname(s.ru, "ru") for s in SURNAMES
    }
    assert not forms & PUBLIC_FIGURES
    assert len(SURNAMES) >= 150 and len(MALE) >= 40 and len(FEMALE) >= 20 and len(PLACES) >= 30


def test_pools_have_no_duplicates():
    assert len({s.uk for s in SURNAMES}) == len(SURNAMES)
    assert len({g.uk for g in MALE}) == len(MALE) and len({g.ru for g in MALE}) == len(MALE)


def test_zipf_weights_make_namesakes_occur(pop):
    pairs = [(p.surname, p.given, p.sex) for p in pop]
    assert len(set(pairs)) < 0.8 * len(pairs)


def _same_name_pairs(population) -> float:
    from collections import Counter

    male = ~population.female
    keys = Counter(zip(population.surname[male].tolist(), population.given[male].tolist(), strict=True))
    n = int(male.sum())
    return sum(c * (c - 1) / 2 for c in keys.values()) / (n * (n - 1) / 2)


def test_rare_surnames_make_namesakes_as_rare_as_in_real_lists():
    from cartel.synth.pools import COMMON_SURNAMES

    dense = make_population({"A": 20_000, "B": 20_000}, seed=3)
    sparse = make_population({"A": 20_000, "B": 20_000}, seed=3, rare_surname_share=0.85)
    assert dense.surname.max() < COMMON_SURNAMES  # the default draws from the common pool only
    assert (sparse.surname >= COMMON_SURNAMES).mean() == pytest.approx(0.85, abs=0.02)
    assert _same_name_pairs(sparse) * 8 < _same_name_pairs(dense)
    namesakes = np.flatnonzero(sparse.namesake_of >= 0)  # injected namesakes still share the rare surnames
    assert (sparse.surname[namesakes] == sparse.surname[sparse.namesake_of[namesakes]]).all()


def test_the_rare_tail_is_new_well_formed_and_takes_feminine_forms():
    from cartel.synth.pools import _PROMINENT, COMMON_SURNAMES

    head, tail = SURNAMES[:COMMON_SURNAMES], SURNAMES[COMMON_SURNAMES:]
    assert len(tail) > 700
    assert not {s.uk for s in tail} & ({s.uk for s in head} | _PROMINENT)
    assert not {s.ru for s in tail} & _PROMINENT
    assert len({s.uk for s in tail}) == len(tail)
    for surname in tail:
        assert surname.uk[0].isupper() and surname.ru[0].isupper()
        assert not any(bad in surname.uk for bad in ("йе", "йи", "кук", "кик"))
        assert not any(letter in surname.ru for letter in "іїєґ'")
    assert feminine_surname("Гончаровський", "uk") == "Гончаровська"
    assert feminine_surname("Кобзаров", "ru") == "Кобзарова"
