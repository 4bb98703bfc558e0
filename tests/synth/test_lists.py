"""List pairs, inquiries and remains manifests with consistent ground truth."""

from __future__ import annotations

import re

import pytest

from cartel.synth.lists import (
    FULL_NAME_COLUMNS,
    SPLIT_COLUMNS,
    make_inquiries,
    make_list_pair,
    make_remains_manifest,
)
from cartel.synth.noise import HOLDOUT
from cartel.synth.people import make_population

UK_ONLY = re.compile(r"[іїєґІЇЄҐ]")
RU_ONLY = re.compile(r"[ыэёъЫЭЁЪ]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


@pytest.fixture(scope="module")
def pair():
    return make_list_pair(1000, 700, overlap=0.7, seed=4)


def test_sizes_and_overlap(pair):
    assert len(pair.registry) == 1000 and len(pair.requests) == 700
    common = pair.registry.person_ids() & pair.requests.person_ids()
    assert len(common) == 490
    assert len(pair.true_pairs()) == 490


def test_truth_is_consistent(pair):
    for lst in (pair.registry, pair.requests):
        ids = [r.id for r in lst.rows]
        assert len(set(ids)) == len(ids) == len(lst.truth)
        assert set(ids) == set(lst.truth)
        assert all(pid == pair.population.person_id(int(pid[1:])) for pid in lst.truth.values())


def test_true_pairs_name_the_same_person(pair):
    for rid, qid in pair.true_pairs():
        assert pair.registry.truth[rid] == pair.requests.truth[qid]


def test_same_seed_same_lists_other_seed_other_lists():
    a, b = make_list_pair(200, 150, seed=9), make_list_pair(200, 150, seed=9)
    c = make_list_pair(200, 150, seed=10)
    assert a.registry.rows == b.registry.rows and a.requests.truth == b.requests.truth
    assert a.registry.rows != c.registry.rows


def test_registry_is_russian_and_split_requests_ukrainian_and_full_name(pair):
    assert pair.registry.columns == SPLIT_COLUMNS and pair.requests.columns == FULL_NAME_COLUMNS
    pop = pair.population
    votes = {"ru": 0, "uk": 0}
    for row in pair.registry.rows:
        person = pop.person(int(pair.registry.truth[row.id][1:]))
        forms = {lang: person.name(lang).given for lang in ("ru", "uk")}
        if forms["ru"] != forms["uk"]:
            for lang, form in forms.items():
                votes[lang] += row.given_name.lower() == form.lower()
    assert votes["ru"] > 5 * votes["uk"]
    req = " ".join(r.full_name for r in pair.requests.rows)
    assert len(UK_ONLY.findall(req)) > 5 * len(RU_ONLY.findall(req))
    assert all(r.full_name == "" for r in pair.registry.rows)
    assert all(r.surname == "" for r in pair.requests.rows)


def test_duplicates_map_to_the_same_person():
    pair = make_list_pair(300, 200, seed=1, duplicate_rate=0.05)
    assert len(pair.registry) == 315
    assert len(pair.registry.person_ids()) == 300


def test_overlap_larger_than_registry_is_refused():
    with pytest.raises(ValueError, match="overlap"):
        make_list_pair(100, 200, overlap=0.9)


def test_holdout_profile_is_recorded(pair):
    assert pair.registry.profile == "tuning"
    assert make_list_pair(50, 40, profile=HOLDOUT).requests.profile == "holdout"


def test_inquiries_mix_scripts_and_name_an_inquirer():
    pop = make_population({"A": 400}, seed=2)
    lst, metas = make_inquiries(pop, range(400), owner="A", language="uk", seed=2, latin_share=0.5)
    latin = sum(not CYRILLIC.search(r.full_name) for r in lst.rows if r.full_name)
    assert 0.3 * len(lst) < latin < 0.7 * len(lst)
    assert [m.record_id for m in metas] == [r.id for r in lst.rows]
    assert all(m.person_id == lst.truth[m.record_id] for m in metas)
    assert {m.relation for m in metas} == {"mother", "father", "sibling"}
    assert sum(r.service_number != "" for r in lst.rows) < 0.25 * len(lst)


def test_remains_manifest_mostly_carries_only_a_tag():
    pop = make_population({"B": 500}, seed=3)
    lst = make_remains_manifest(pop, range(500), owner="A", about="B", language="uk", seed=3, named_share=0.3)
    assert lst.kind == "remains" and lst.owner == "A" and lst.about == "B"
    named = sum(r.surname != "" for r in lst.rows)
    assert 0.2 * len(lst) < named < 0.4 * len(lst)
    assert all(r.id.startswith("A-RMN-") for r in lst.rows)


def test_generation_speed_sanity():
    import time

    start = time.perf_counter()
    pair = make_list_pair(5000, 3500, seed=0)
    elapsed = time.perf_counter() - start
    assert len(pair.registry) + len(pair.requests) == 8500
    assert elapsed < 5.0, f"8,500 records took {elapsed:.1f} s"
