"""The demo scenario: parties, agreement, symmetric lists, truth consistent with each person's fate."""

from __future__ import annotations

import time
from collections import Counter

import pytest

from cartel.synth.scenario import build_scenario

N = 300


@pytest.fixture(scope="module")
def scenario():
    return build_scenario(N, seed=8)


def test_parties_are_fictional_and_symmetric(scenario):
    assert [p.code for p in scenario.parties] == ["A", "B", "M", "T"]
    assert [p.kind for p in scenario.parties] == ["belligerent", "belligerent", "mediator", "transit"]
    assert scenario.parties[0].display == "Party A — Republic of Aldoria"
    assert scenario.parties[1].display == "Party B — Federation of Borvia"
    assert scenario.parties[2].display == "Mediating State"


def test_agreement_is_modelled_on_the_june_arrangement(scenario):
    cats = {c.code: c for c in scenario.agreement.categories}
    assert cats["wounded"].rule == cats["young"].rule == "all_for_all"
    assert (cats["young"].age_min, cats["young"].age_max) == (18, 25)
    assert cats["bodies"].rule == "n_for_n" and cats["bodies"].for_remains
    assert cats["general"].rule == "n_for_n" and cats["general"].quota


def test_each_side_has_every_kind_of_list(scenario):
    kinds = Counter((lst.owner, lst.kind) for lst in scenario.lists)
    for side in "AB":
        for kind in ("registry", "requests", "inquiries", "remains"):
            assert kinds[side, kind] == 1
    assert scenario.get_list("A", "registry").about == "B"
    assert scenario.get_list("B", "remains").about == "A"


def test_truth_follows_fates(scenario):
    fates = scenario.fates
    for lst in scenario.lists:
        persons = lst.person_ids()
        if lst.kind == "registry":
            assert {fates[p] for p in persons} == {"captive"}
            assert len(persons) == N
        if lst.kind == "remains":
            assert {fates[p] for p in persons} == {"deceased"}
        if lst.kind in ("requests", "inquiries"):
            assert {fates[p] for p in persons} == {"captive", "deceased", "missing"}
    truth = scenario.truth()
    assert len(truth) == sum(len(lst) for lst in scenario.lists)


def test_registry_holds_only_the_other_sides_people(scenario):
    pop = scenario.population
    for holder, other in (("A", "B"), ("B", "A")):
        registry = scenario.get_list(holder, "registry")
        assert {pop.person(int(p[1:])).side for p in registry.person_ids()} == {other}


def test_captives_and_eligibility(scenario):
    assert len(scenario.captives) == 2 * N
    by_id = {c.person_id: c for c in scenario.captives}
    pop = scenario.population
    for c in scenario.captives[:100]:
        person = pop.person(int(c.person_id[1:]))
        assert c.held_by != c.side == person.side
        assert ("wounded" in c.categories) == person.wounded
        assert ("young" in c.categories) == (18 <= person.age(scenario.as_of) <= 25)
        assert c.categories[-1] == "general"
    assert len(by_id) == 2 * N


def test_planner_pool_has_the_design_shape(scenario):
    pool = scenario.planner_pool("S1")
    assert {c["code"] for c in pool["agreement"]["categories"]} == {"wounded", "young"}
    assert set(pool["stage"]) == {"capacity_per_side", "stretcher_capacity_per_side", "balance", "tolerance"}
    assert pool["candidates"]
    first = pool["candidates"][0]
    assert set(first) == {"id", "side", "category", "priority", "ready", "consent", "stretcher"}
    assert {c["category"] for c in pool["candidates"]} <= {"wounded", "young"}
    general = scenario.planner_pool("S3")["agreement"]["categories"]
    assert any(c["rule"] == "n_for_n" and c["quota_remaining"] > 0 for c in general)


def test_remains_batches_cover_each_manifest(scenario):
    for sender in "AB":
        manifest = scenario.get_list(sender, "remains")
        batches = [b for b in scenario.remains_batches if b.sender == sender]
        ids = [rid for b in batches for rid in b.record_ids]
        assert sorted(ids) == sorted(r.id for r in manifest.rows)
        assert all(b.claimed_nationality == b.receiver != sender for b in batches)


def test_inquiries_point_at_inquiry_rows(scenario):
    ids = {r.id for lst in scenario.lists if lst.kind == "inquiries" for r in lst.rows}
    assert {m.record_id for m in scenario.inquiries} == ids


def test_users_cover_every_role(scenario):
    roles = {u.role for u in scenario.users}
    assert roles == {"operator", "lead", "mediator", "transit_medical", "forensic", "liaison", "admin"}
    assert {u.party for u in scenario.users if u.role == "operator"} == {"A", "B"}
    assert len({u.username for u in scenario.users}) == len(scenario.users)


def test_same_seed_same_scenario():
    a, b = build_scenario(60, seed=2), build_scenario(60, seed=2)
    assert [lst.rows for lst in a.lists] == [lst.rows for lst in b.lists]
    assert a.captives == b.captives and a.inquiries == b.inquiries
    assert [lst.rows for lst in build_scenario(60, seed=3).lists] != [lst.rows for lst in a.lists]


def test_asymmetric_bodies():
    s = build_scenario(50, seed=1, bodies_per_side={"A": 40, "B": 3})
    assert len(s.get_list("B", "remains")) == 40 and len(s.get_list("A", "remains")) == 3


def test_build_speed_sanity():
    start = time.perf_counter()
    build_scenario(1000, seed=0)
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, f"1,000 per side took {elapsed:.1f} s"


@pytest.mark.parametrize("stage", ["S1", "S2", "S3"])
def test_planner_engine_accepts_and_solves_every_stage_pool(scenario, stage):
    from cartel.engine.planning import load_pool, plan

    pool = scenario.planner_pool(stage)
    result = plan(load_pool(pool), time_limit_s=20)
    assert result.selected
    assert set(result.selected) <= {c["id"] for c in pool["candidates"]}


def test_output_does_not_depend_on_the_string_hash_seed():
    import os
    import subprocess
    import sys

    code = (
        "import hashlib; from cartel.synth import build_scenario; s = build_scenario(40, seed=1); "
        "print(hashlib.sha256(repr([l.rows for l in s.lists]).encode() + repr(s.captives).encode()).hexdigest())"
    )
    digests = {
        subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONHASHSEED": seed}, check=True,
                       capture_output=True, text=True).stdout
        for seed in ("1", "2")
    }  # fmt: skip
    assert len(digests) == 1
