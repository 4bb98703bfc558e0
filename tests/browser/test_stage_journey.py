"""Issue 4 in a real browser: one stage of an agreement end to end, each person in their own browser session.

The mediator plans the stage and adopts the plan; both bureau leads submit their lists (B leaves one
person off); the mediator reconciles and resolves the difference; both leads and the mediator sign; the
handover opens and each receiving side confirms its people across; the transit state's medic sees only the
people in its care, admits, clears and discharges them; the home sides record arrivals and close pathways;
the ledger counts the exchange and the audit trail shows each step.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

# (surname, given name, birth date, unit, category, stretcher); young means aged 18-25 on 2 June 2025
A_PEOPLE = [  # A's servicemen held by B
    ("Гнатюк", "Тарас", "2004-04-04", "72 ОМБр", "young", False),
    ("Мельник", "Богдан", "2003-10-10", "93 ОМБр", "young", False),
    ("Левченко", "Василь", "1980-01-15", "24 ОМБр", "wounded", True),
]
B_PEOPLE = [  # B's servicemen held by A
    ("Соколов", "Иван", "2002-08-08", "в/ч 12345", "young", False),
    ("Морозов", "Андрей", "2004-02-02", "в/ч 54321", "young", False),
    ("Лебедев", "Олег", "1979-05-05", "в/ч 11111", "wounded", False),
]


def _hold(parties: Any, users: Any, holder: str, people: list[tuple[Any, ...]]) -> list[tuple[Any, str]]:
    """Register `people` as interned by `holder` (shared with the other side and the mediator)."""
    from cartel.registry.services import RecordData, source_list_create

    other = "A" if holder == "B" else "B"
    rows = [
        RecordData(
            external_id=f"{holder}-{i}", row_number=i + 2, raw={"ПІБ": f"{s} {g}", "Дата": born},
            fields={"surname": s, "given_name": g, "birth_date": born, "unit": unit},
            extra={"status": "interned", "seriously_wounded": category == "wounded", "stretcher": stretcher},
        )
        for i, (s, g, born, unit, category, stretcher) in enumerate(people)
    ]  # fmt: skip
    source = source_list_create(
        owner=parties[holder], kind="registry", name=f"interned by {holder}", rows=rows,
        actor=users[f"{holder.lower()}-operator"], share_with=[parties[other], parties["M"]],
    )  # fmt: skip
    records = source.records.select_related("person").order_by("row_number")
    return [(r.person, p[4]) for r, p in zip(records, people, strict=True)]


@pytest.fixture
def agreement(parties: Any, users: Any) -> Any:
    """An all-for-all agreement of the seriously wounded and the young; six captives declared eligible."""
    from cartel.agreements.services import CategorySpec, agreement_create, consent_record, eligibility_declare

    agreement = agreement_create(
        code="third-round", title="Wounded and young, all for all", concluded_on=dt.date(2025, 6, 2),
        parties=[parties["A"], parties["B"]], actor=users["m-mediator"], place="Istanbul",
        art117_applies=True,
        categories=[
            CategorySpec(code="wounded", name="Seriously wounded", rule="all_for_all", requires_medical=True),
            CategorySpec(code="young", name="Aged 18 to 25", rule="all_for_all", age_min=18, age_max=25),
        ],
    )  # fmt: skip
    categories = {c.code: c for c in agreement.categories.all()}
    for holder, people in (("B", A_PEOPLE), ("A", B_PEOPLE)):
        for person, category in _hold(parties, users, holder, people):
            eligibility_declare(
                person=person, category=categories[category], actor=users[f"{holder.lower()}-lead"]
            )
            if category == "wounded":
                consent_record(person=person, given=True, witness="ICRC delegate", actor=users["m-mediator"])
    return agreement


def _do(page: Any, label: str, message: str) -> None:
    """Press a stage step's button and see the page confirm it."""
    page.get_by_role("button", name=label, exact=True).click()
    expect(page.locator(".messages")).to_contain_text(message)


def test_a_stage_from_plan_to_home(
    sessions: Any, agreement: Any, parties: Any, run_worker: Any, shoot: Any
) -> None:
    # The mediator plans the stage, runs the planner in the background and adopts the plan.
    med = sessions.go("m-mediator", "/stages/")
    med.select_option("#id_agreement", str(agreement.pk))
    med.fill("#id_planned_date", "2025-06-09")
    med.fill("#id_handover_point", "Border crossing")
    med.select_option("#id_transit_party", str(parties["T"].pk))
    med.select_option("#id_transit_side", str(parties["B"].pk))
    med.get_by_role("button", name="Plan stage").click()
    expect(med.locator(".messages")).to_contain_text("Stage planned.")
    stage = med.url.removeprefix(sessions.base_url)  # /stages/<id>/
    expect(med.locator("h1")).to_contain_text("Stage 1 of “Wounded and young, all for all”")
    med.get_by_role("button", name="Run the planner").click()
    expect(med.locator("#plan-job")).to_contain_text("queued")
    run_worker()
    med.locator("#plan-job").get_by_role("link", name="Show the plan").click()
    expect(med.locator("#plan")).to_contain_text("6 of 6 candidates selected")
    _do(med, "Adopt as draft lists", "Plan adopted as draft lists.")

    # Each bureau lead opens its draft (from the plan) and submits it; B leaves one of its own people off.
    for lead, own, other in (("a-lead", "ГНАТЮК", "СОКОЛОВ"), ("b-lead", "СОКОЛОВ", "ГНАТЮК")):
        page = sessions.go(lead, stage)
        page.get_by_role("button", name="Open our draft list").click()
        expect(page.locator("h1")).to_contain_text("draft")
        expect(page.locator("main")).to_contain_text(own)
        expect(page.locator("main")).to_contain_text(other)
        if lead == "b-lead":
            page.locator("tr", has_text="МОРОЗОВ").get_by_role("button", name="Remove").click()
            expect(page.locator(".messages")).to_contain_text("Removed.")
            expect(page.locator("main")).not_to_contain_text("МОРОЗОВ")
        _do(page, "Submit to the mediator", "Submitted. This version is now frozen.")
        expect(page.locator("main")).to_contain_text("unchanged since submission")

    # The mediator reconciles: one person is on A's version only; the mediator accepts him, reconciles again.
    med.goto(sessions.base_url + stage)
    med.get_by_role("link", name="Reconciliation").click()
    expect(med.locator("h1")).to_have_text("Reconciliation")
    _do(med, "Reconcile now", "Lists reconciled.")
    expect(med.locator("h1 .status")).to_have_text("disputed")
    med.get_by_role("link", name=re.compile(r"Reconciliation \(1\)")).click()
    expect(med.locator("ul.counts")).to_contain_text("5 matched")
    differing = med.locator("tr", has_text="МОРОЗОВ").first
    expect(differing).to_contain_text("only in the first party's version")
    shoot(med, "stage-reconciliation")
    discrepancy = med.locator("form", has=med.get_by_role("button", name="Resolve"))
    discrepancy.get_by_label("Resolution").select_option("accepted")
    discrepancy.get_by_label("Reason").fill("B's bureau confirmed him by telephone; left off by mistake")
    discrepancy.get_by_role("button", name="Resolve").click()
    expect(med.locator(".messages")).to_contain_text("Resolved.")
    expect(med.locator("main")).to_contain_text("accepted on the list")
    _do(med, "Reconcile now", "Lists reconciled.")
    expect(med.locator("h1 .status")).to_have_text("lists reconciled")

    # Both leads and the mediator sign the reconciled list; the mediator schedules the stage.
    for user in ("a-lead", "b-lead", "m-mediator"):
        page = sessions.go(user, stage)
        _do(page, "Sign the reconciled list", "Signed.")
    expect(med.locator(".signatures")).not_to_contain_text("not yet signed")
    _do(med, "Schedule the stage", "Stage scheduled.")
    _do(med, "Open the handover", "Handover opened.")

    # At the handover point each receiving side confirms its own people across, one tap each.
    for operator, own, other in (("a-operator", "ГНАТЮК", "СОКОЛОВ"), ("b-operator", "СОКОЛОВ", "ГНАТЮК")):
        page = sessions.go(operator, stage)
        page.get_by_role("link", name="Handover").click()
        waiting = page.locator("#waiting")
        expect(waiting).to_contain_text(own)
        expect(waiting).not_to_contain_text(other)
        if operator == "b-operator":
            shoot(page, "handover")
        confirm = waiting.get_by_role("button", name="Identity confirmed — received")
        expect(confirm).to_have_count(3)
        for left in (2, 1, 0):
            confirm.first.click()
            expect(confirm).to_have_count(left)
        expect(waiting.locator(".done")).to_have_count(3)
    med.goto(sessions.base_url + stage + "handover/")
    expect(med.locator("#handover-counts .big-count")).to_have_text(
        [re.compile("3 / 3"), re.compile("3 / 3")]
    )
    med.goto(sessions.base_url + stage)
    _do(med, "End the handover", "Stage ended.")

    # The transit medic sees B's returnees only (they pass through T), admits, clears and discharges them.
    medic = sessions.go("t-medic", "/stages/")
    medic.get_by_role("link", name="Medical board").click()
    board = medic.locator("table.board tbody")
    expect(board.locator("tr")).to_have_count(3)
    expect(board).to_contain_text("ЛЕБЕДЕВ")
    expect(board).not_to_contain_text("ГНАТЮК")
    admit = board.get_by_role("button", name="Admit")
    for left, triage in ((2, "urgent"), (1, "minor"), (0, "delayed")):  # each press reloads the board
        arriving = board.locator("tr", has=medic.get_by_role("button", name="Admit")).first
        arriving.get_by_label("Triage").select_option(triage)
        arriving.get_by_role("button", name="Admit").click()
        expect(admit).to_have_count(left)
        expect(medic.locator(".messages")).to_contain_text("Saved.")
    discharge = board.get_by_role("button", name="Discharge")  # offered once fit to travel
    for row in range(3):
        board.locator("tr").nth(row).get_by_label("Fit to travel").check()
        board.locator("tr").nth(row).get_by_role("button", name="Save").click()
        expect(discharge).to_have_count(row + 1)
    urgency = [re.compile(f"triage-{t}") for t in ("urgent", "delayed", "minor")]
    expect(board.locator("tr")).to_have_class(urgency)  # the most urgent on top
    shoot(medic, "transit-board")
    for left in (2, 1, 0):
        board.get_by_label("Onward to").first.fill("Rail to the border")
        discharge.first.click()
        expect(discharge).to_have_count(left)
    expect(board).to_contain_text("Nobody in our care.")

    # Home: each side records its returnees' arrival and closes their pathway (Art. 117 notice given).
    for operator, own in (("a-operator", "ГНАТЮК"), ("b-operator", "ЛЕБЕДЕВ")):
        page = sessions.go(operator, "/stages/")
        page.get_by_role("link", name="Returnees at home").click()
        arrivals, pathways = page.locator("section.card").nth(0), page.locator("section.card").nth(1)
        expect(arrivals).to_contain_text(own)
        arrive = arrivals.get_by_role("button", name="Arrived home")
        for left in (2, 1, 0):
            arrivals.get_by_label("Hospital or centre").first.fill("Regional hospital 3")
            arrive.first.click()
            expect(arrive).to_have_count(left)
        expect(page.locator(".messages")).to_contain_text("Arrival recorded.")
        expect(arrivals).to_contain_text("No arrivals waiting.")
        expect(pathways.locator("tbody tr", has_text="Regional hospital 3")).to_have_count(3)
        steps = pathways.locator("form")
        for left in (2, 1, 0):
            steps.first.get_by_label("Step").select_option("closed")
            steps.first.get_by_label("Told: no active military service (Art. 117)").check()
            steps.first.get_by_role("button", name="Save").click()
            expect(steps).to_have_count(left)  # a closed pathway has nothing left to do
        expect(page.locator(".messages")).to_contain_text("Saved.")

    # The ledger counts three exchanged to each side; the audit trail shows the steps.
    lead = sessions.go("a-lead", "/stages/")
    lead.get_by_role("link", name="Ledger of third-round").click()
    totals = lead.locator("tfoot")
    for side in ("A", "B"):
        expect(totals.locator("tr", has_text=f"→ {side}").locator("th").nth(3)).to_have_text("3")
    labels = lead.locator("figure.ledger-chart text.chart-value")
    expect(labels).to_have_text(["A: 3", "B: 3"])
    first, second = (labels.nth(i).bounding_box() for i in (0, 1))
    assert abs(first["y"] - second["y"]) >= first["height"], "the two sides' totals are drawn over each other"
    shoot(lead, "ledger")
    lead.click("nav.main-nav >> text=Audit")
    own = lead.locator("main table tbody")  # a party's lead sees its own party's events
    expect(own).to_contain_text("signed by A")
    expect(own).to_contain_text("received by A")
    expect(own).not_to_contain_text("signed by B")
    med.click("nav.main-nav >> text=Audit")
    events = med.locator("main table tbody")  # the mediator sees every party's
    for step in (
        "plan adopted",
        "list A v1",
        "reconciled",
        "signed by B",
        "received by B",
        "pathway: closed",
    ):
        expect(events).to_contain_text(step)
