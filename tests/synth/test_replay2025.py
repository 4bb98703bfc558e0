"""The 2025 replay reproduces the published aggregates and keeps undisclosed counts as None."""

from __future__ import annotations

from cartel.synth.replay2025 import (
    AGREEMENTS,
    BODY_TRANSFERS,
    PUBLISHED_TOTALS,
    STAGES,
    ledger_events,
    totals,
)


def test_ledger_reproduces_every_published_total():
    got = totals(ledger_events())
    for key, expected in PUBLISHED_TOTALS.items():
        assert got[key] == expected, key


def test_thousand_for_thousand_in_three_stages():
    stages = [s for s in STAGES if s.agreement == "first-round"]
    assert [s.each_side for s in stages] == [390, 307, 303]
    assert sum(s.each_side or 0 for s in stages) == 1000
    assert sum(s.military or 0 for s in stages) == 880 and sum(s.civilians or 0 for s in stages) == 120
    got = totals(e for e in ledger_events() if e.agreement == "first-round")
    assert got == {("first-round", "general", "A"): 1000, ("first-round", "general", "B"): 1000}


def test_bodies_of_the_june_deal_total_6057():
    june = [b for b in BODY_TRANSFERS if b.agreement == "second-round"]
    assert sum(b.to_a for b in june) == 6057
    assert [b.to_a for b in june] == [1212, 1200, 1200, 1200, 1245]
    assert june[0].to_b == 27


def test_undisclosed_counts_stay_none_with_a_note():
    undisclosed = [s for s in STAGES if s.each_side is None]
    assert len(undisclosed) == 9
    assert all(s.note for s in undisclosed)
    assert all(e.count > 0 for e in ledger_events())


def test_nine_stages_of_the_june_deal():
    june = [s for s in STAGES if s.agreement == "second-round"]
    assert len(june) == 9 and june[-1].label == "stage 9"


def test_agreements_and_categories():
    codes = {a.code: a for a in AGREEMENTS}
    assert set(codes) == {"first-round", "second-round", "third-round"}
    june = {c.code: c for c in codes["second-round"].categories}
    assert june["wounded"].rule == june["young"].rule == "all_for_all"
    assert june["bodies"].quota == 6000


def test_only_codes_a_and_b_as_sides():
    assert {e.receiver for e in ledger_events()} == {"A", "B"}
    events = ledger_events()
    assert events == sorted(events, key=lambda e: e.on)


def test_the_ledger_engine_reproduces_the_published_totals():
    from cartel.engine.ledger import CategoryTerms, EventKind, LedgerEvent, ledger_compute

    for agreement in AGREEMENTS:
        events = [
            LedgerEvent(on=e.on, kind=EventKind.EXCHANGED, category=e.category, side=e.receiver, count=e.count,
                        stage=e.stage)
            for e in ledger_events()
            if e.agreement == agreement.code
        ]  # fmt: skip
        terms = [CategoryTerms(code=c.code, rule=c.rule, quota=c.quota) for c in agreement.categories]
        ledger = ledger_compute(events, agreement=agreement.code, categories=terms, sides=("A", "B"))
        for (code, category, side), expected in PUBLISHED_TOTALS.items():
            if code == agreement.code:
                assert ledger.line(category, side).exchanged == expected
    first = ledger_compute(
        [LedgerEvent(on=e.on, kind=EventKind.EXCHANGED, category=e.category, side=e.receiver, count=e.count)
         for e in ledger_events() if e.agreement == "first-round"],
        agreement="first-round", categories=[CategoryTerms(code="general", rule="n_for_n", quota=1000)],
        sides=("A", "B"),
    )  # fmt: skip
    assert first.line("general", "A").remaining_quota == 0 and first.line("general", "A").balance == 0
