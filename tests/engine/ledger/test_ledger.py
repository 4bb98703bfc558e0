"""The ledger folds events into balances per category and side, and replays the published 2025 totals."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from cartel.engine.ledger import (
    CategoryTerms,
    EventKind,
    LedgerEvent,
    ledger_compute,
    ledger_series,
    ledger_table,
    ledger_to_json,
)

D1, D2, D3 = dt.date(2025, 6, 9), dt.date(2025, 6, 10), dt.date(2025, 6, 12)
TERMS = (
    CategoryTerms(code="general", rule="n_for_n", quota=10),
    CategoryTerms(code="wounded", rule="all_for_all"),
)


def ev(kind: EventKind, side: str, n: int = 1, on: dt.date = D1, category: str = "general") -> LedgerEvent:
    return LedgerEvent(on=on, kind=kind, category=category, side=side, count=n)


def test_counts_quota_and_balance_per_category_and_side():
    events = [
        ev(EventKind.NOMINATED, "A", 6), ev(EventKind.NOMINATED, "B", 5),
        ev(EventKind.VERIFIED, "A", 5), ev(EventKind.VERIFIED, "B", 5),
        ev(EventKind.WITHDRAWN, "A", 1),
        ev(EventKind.EXCHANGED, "A", 5, D2), ev(EventKind.EXCHANGED, "B", 4, D2),
        ev(EventKind.EXCHANGED, "B", 2, D3, "wounded"),
    ]  # fmt: skip
    ledger = ledger_compute(events, agreement="second-round", categories=TERMS, sides=("A", "B"))
    a = ledger.line("general", "A")
    assert (a.nominated, a.verified, a.exchanged, a.withdrawn) == (6, 5, 5, 1)
    assert a.quota == 10 and a.remaining_quota == 5 and a.balance == 1
    assert ledger.line("general", "B").balance == -1
    wounded_a = ledger.line("wounded", "A")
    assert wounded_a.exchanged == 0 and wounded_a.quota is None and wounded_a.remaining_quota is None
    assert wounded_a.balance == -2
    assert ledger.total("B") == 6 and (ledger.first_day, ledger.last_day) == (D1, D3)


def test_exceeding_a_quota_is_reported_not_hidden():
    ledger = ledger_compute(
        [ev(EventKind.EXCHANGED, "A", 12)], agreement="x", categories=TERMS, sides=("A", "B")
    )
    line = ledger.line("general", "A")
    assert line.remaining_quota == 0 and line.over_quota == 2


def test_unknown_categories_and_sides_still_get_lines():
    ledger = ledger_compute(
        [ev(EventKind.EXCHANGED, "C", 1, category="civilians")],
        agreement="x",
        categories=TERMS,
        sides=("A", "B"),
    )
    assert ledger.line("civilians", "C").exchanged == 1
    assert "C" in ledger.sides


def test_series_is_cumulative_per_side_and_day():
    events = [
        ev(EventKind.EXCHANGED, "A", 3, D1),
        ev(EventKind.EXCHANGED, "B", 2, D2),
        ev(EventKind.EXCHANGED, "A", 1, D2),
    ]
    points = ledger_series(events, sides=("A", "B"))
    assert [(p.on, p.side, p.total) for p in points] == [
        (D1, "A", 3), (D1, "B", 0), (D2, "A", 4), (D2, "B", 2),
    ]  # fmt: skip


def test_json_and_table_present_every_line():
    ledger = ledger_compute(
        [ev(EventKind.EXCHANGED, "A", 3)], agreement="x", categories=TERMS, sides=("A", "B")
    )
    data = ledger_to_json(ledger)
    assert data["totals"]["A"]["exchanged"] == 3 and len(data["lines"]) == 4
    table = ledger_table(ledger)
    assert table.splitlines()[0].split()[:3] == ["category", "side", "nominated"]
    assert len(table.splitlines()) == 2 + 4


@given(
    st.lists(
        st.tuples(st.sampled_from(list(EventKind)), st.sampled_from("AB"), st.integers(0, 50)), max_size=40
    )
)
def test_balances_of_two_sides_cancel_out(raw):
    events = [ev(kind, side, n) for kind, side, n in raw]
    ledger = ledger_compute(events, agreement="x", categories=TERMS, sides=("A", "B"))
    for code in ("general", "wounded"):
        assert ledger.line(code, "A").balance + ledger.line(code, "B").balance == 0
    assert ledger.total("A") + ledger.total("B") == sum(n for k, _, n in raw if k is EventKind.EXCHANGED)


def _replay_events() -> tuple[dict[tuple[str, str, str], int], dict[str, list[LedgerEvent]]]:
    from cartel.synth.replay2025 import PUBLISHED_TOTALS, ledger_events

    per_agreement: dict[str, list[LedgerEvent]] = {}
    for e in ledger_events():
        if e.agreement is None:
            continue
        per_agreement.setdefault(e.agreement, []).append(
            LedgerEvent(
                on=e.on, kind=EventKind.EXCHANGED, category=e.category, side=e.receiver, count=e.count
            )
        )
    return dict(PUBLISHED_TOTALS), per_agreement


def test_replaying_the_public_2025_figures_reproduces_the_published_totals():
    from cartel.synth.replay2025 import AGREEMENTS

    published, per_agreement = _replay_events()
    for agreement in AGREEMENTS:
        terms = [CategoryTerms(code=c.code, rule=c.rule, quota=c.quota) for c in agreement.categories]
        ledger = ledger_compute(
            per_agreement.get(agreement.code, []),
            agreement=agreement.code,
            categories=terms,
            sides=("A", "B"),
        )
        for (code, category, side), total in published.items():
            if code == agreement.code:
                assert ledger.line(category, side).exchanged == total, (code, category, side)
    first = ledger_compute(
        per_agreement["first-round"], agreement="first-round",
        categories=[CategoryTerms(code="general", rule="n_for_n", quota=1000)], sides=("A", "B"),
    )  # fmt: skip
    line = first.line("general", "A")
    assert line.exchanged == 1000 and line.remaining_quota == 0 and line.balance == 0
    series = ledger_series(per_agreement["first-round"], sides=("A", "B"))
    assert [p.total for p in series if p.side == "B"] == [390, 697, 1000]


def test_the_replay_totals_match_even_without_the_synth_package():
    """The aggregates are small enough to state here too: 1,000 each in the 1000-for-1000, 390 + 307 + 303."""
    days = ((dt.date(2025, 5, 23), 390), (dt.date(2025, 5, 24), 307), (dt.date(2025, 5, 25), 303))
    events = [
        LedgerEvent(on=on, kind=EventKind.EXCHANGED, category="general", side=side, count=n)
        for on, n in days
        for side in ("A", "B")
    ]
    ledger = ledger_compute(
        events, agreement="first-round", categories=[CategoryTerms(code="general", rule="n_for_n", quota=1000)],
        sides=("A", "B"),
    )  # fmt: skip
    assert ledger.total("A") == ledger.total("B") == 1000
