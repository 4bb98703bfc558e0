"""Every lifecycle transition is allowed for its actors and roles and refused for everyone else."""

from __future__ import annotations

import pytest

from cartel.engine.lifecycle import (
    ANY,
    CAPTIVE,
    LIFECYCLES,
    Actor,
    GuardFailed,
    IllegalTransition,
    NotPermitted,
    Role,
    advance,
    to_mermaid,
)

CASES = [
    (lc, t, source)
    for lc in LIFECYCLES.values()
    for t in lc.transitions
    for source in sorted(t.sources - {ANY}) or [next(s for s in lc.states if s not in lc.final)]
]


@pytest.mark.parametrize(
    ("lc", "t", "source"), CASES, ids=lambda v: getattr(v, "name", None) or getattr(v, "action", v)
)
def test_each_transition_allowed_for_its_actors_and_refused_for_others(lc, t, source):
    facts = dict.fromkeys(t.guards, True)
    for actor in Actor:
        for role in Role:
            allowed = actor is Actor.SYSTEM or (actor in t.actors and role in t.roles)
            if allowed:
                assert advance(lc, source, t.action, actor=actor, role=role, facts=facts).target == t.target
            else:
                with pytest.raises(NotPermitted):
                    advance(lc, source, t.action, actor=actor, role=role, facts=facts)


@pytest.mark.parametrize("lc", LIFECYCLES.values(), ids=lambda lc: lc.name)
def test_actions_not_in_the_table_are_illegal_from_every_state(lc):
    for state in lc.states:
        with pytest.raises(IllegalTransition):
            advance(lc, state, "teleport", actor=Actor.SYSTEM, role=Role.ADMIN)


@pytest.mark.parametrize("lc", LIFECYCLES.values(), ids=lambda lc: lc.name)
def test_final_states_have_no_way_out_except_explicit_reopen(lc):
    for state in lc.final:
        for t in lc.actions_from(state):
            assert state in t.sources, f"{lc.name}: {t.action} leaves final {state} only if named"


def test_guard_blocks_listing_a_wounded_captive_without_consent():
    with pytest.raises(GuardFailed, match="109"):
        advance(
            CAPTIVE,
            "eligible",
            "list",
            actor=Actor.DP,
            role=Role.OPERATOR,
            facts={"consent_if_sick": False, "no_judicial_hold": True, "not_on_open_list": True},
        )


def test_every_state_is_reachable_from_an_initial_state():
    for lc in LIFECYCLES.values():
        reached = set(lc.initial)
        changed = True
        while changed:
            changed = False
            for t in lc.transitions:
                if (t.sources & reached or ANY in t.sources) and t.target not in reached:
                    reached.add(t.target)
                    changed = True
        assert reached == set(lc.states), f"{lc.name}: unreachable {set(lc.states) - reached}"


def test_mermaid_names_every_transition():
    text = to_mermaid(CAPTIVE)
    for t in CAPTIVE.transitions:
        assert f": {t.action} (" in text


def test_docs_lifecycles_is_current():
    from pathlib import Path

    from cartel.engine.lifecycle.diagram import lifecycles_markdown

    doc = Path(__file__).parents[3] / "docs" / "lifecycles.md"
    assert doc.read_text() == lifecycles_markdown(), (
        "run: uv run python -m cartel.engine.lifecycle.diagram > docs/lifecycles.md"
    )
