"""The four lifecycles of DOMAIN.md §4 as tables: captive, remains, inquiry and exchange stage."""

from __future__ import annotations

from .model import ANY, Actor, Lifecycle, Role, Transition

__all__ = ["CAPTIVE", "INQUIRY", "LIFECYCLES", "REMAINS", "STAGE"]

DP, PO, MED, TS = Actor.DP, Actor.PO, Actor.MED, Actor.TS
BUREAU = frozenset({Role.OPERATOR, Role.LEAD})
LEAD = frozenset({Role.LEAD})
MEDIATOR = frozenset({Role.MEDIATOR})
FORENSIC = frozenset({Role.FORENSIC, Role.LEAD})
LIAISON = frozenset({Role.LIAISON, Role.OPERATOR, Role.LEAD})
TRANSIT = frozenset({Role.TRANSIT_MEDICAL})


def _t(
    action: str,
    sources: str | tuple[str, ...],
    target: str,
    actors: tuple[Actor, ...],
    roles: frozenset[Role],
    guards: tuple[str, ...] = (),
    note: str = "",
) -> Transition:
    src = frozenset((sources,) if isinstance(sources, str) else sources)
    return Transition(
        action=action,
        sources=src,
        target=target,
        actors=frozenset(actors),
        roles=roles,
        guards=guards,
        note=note,
    )


CAPTIVE = Lifecycle(
    name="captive",
    states=(
        "reported_missing",
        "captured",
        "registered",
        "notified",
        "interned",
        "proposed_for_examination",
        "medically_assessed",
        "eligible",
        "consent_recorded",
        "declined",
        "listed",
        "list_disputed",
        "matched",
        "scheduled",
        "handed_over",
        "in_transit_care",
        "repatriated",
        "medical_pathway",
        "closed",
        "accommodated_neutral",
        "deceased",
        "escaped",
        "released_other",
    ),
    initial=frozenset({"reported_missing", "captured"}),
    final=frozenset({"closed", "deceased", "escaped", "released_other"}),
    guard_texts={
        "consent_if_sick": "a seriously sick or wounded prisoner needs recorded consent (GC III Art. 109(3))",
        "no_judicial_hold": "a judicial hold needs the detaining party's consent to release (GC III Art. 115)",
        "not_on_open_list": "the person is already on another open stage list",
        "identity_confirmed": "the receiving side has not confirmed the identity",
    },
    transitions=(
        _t("capture_confirmed", "reported_missing", "captured", (DP,), BUREAU, note="Capture date and place"),
        _t(
            "register", "captured", "registered", (DP,), BUREAU, note="Art. 17 minimum and Art. 122(4) fields"
        ),
        _t(
            "notify", "registered", "notified", (DP, MED), BUREAU | MEDIATOR, note="Art. 122 forwarding; card"
        ),
        _t("intern", "notified", "interned", (DP,), BUREAU),
        _t("propose_examination", "interned", "proposed_for_examination", (DP, PO), BUREAU, note="Art. 113"),
        _t("assess", "proposed_for_examination", "medically_assessed", (DP, MED), BUREAU | MEDIATOR),
        _t(
            "declare_eligible",
            ("interned", "medically_assessed"),
            "eligible",
            (DP, PO, MED),
            BUREAU | MEDIATOR,
        ),
        _t("record_consent", "eligible", "consent_recorded", (DP, MED), BUREAU | MEDIATOR),
        _t("record_refusal", "eligible", "declined", (DP, MED), BUREAU | MEDIATOR, note="Art. 109(3)"),
        _t("withdraw_refusal", "declined", "eligible", (DP, MED), BUREAU | MEDIATOR),
        _t(
            "list",
            ("consent_recorded", "eligible"),
            "listed",
            (DP, PO),
            BUREAU,
            guards=("consent_if_sick", "no_judicial_hold", "not_on_open_list"),
        ),
        _t(
            "delist",
            ("listed", "list_disputed", "matched", "scheduled"),
            "eligible",
            (DP, PO, MED),
            BUREAU | MEDIATOR,
        ),
        _t("match", ("listed", "list_disputed"), "matched", (MED,), MEDIATOR),
        _t("dispute", ("listed", "matched"), "list_disputed", (MED, DP, PO), BUREAU | MEDIATOR),
        _t("schedule", "matched", "scheduled", (MED,), MEDIATOR),
        _t("hand_over", "scheduled", "handed_over", (PO,), BUREAU, guards=("identity_confirmed",)),
        _t("admit_transit", "handed_over", "in_transit_care", (TS,), TRANSIT),
        _t(
            "arrive_home",
            ("handed_over", "in_transit_care", "accommodated_neutral"),
            "repatriated",
            (PO,),
            BUREAU,
        ),
        _t("begin_medical_pathway", "repatriated", "medical_pathway", (PO,), BUREAU),
        _t("close", ("repatriated", "medical_pathway"), "closed", (PO,), BUREAU),
        _t(
            "accommodate_neutral",
            ANY,
            "accommodated_neutral",
            (DP, MED),
            BUREAU | MEDIATOR,
            note="Annex I B/C",
        ),
        _t("record_death", ANY, "deceased", (DP,), BUREAU, note="Spawns remains and a death notification"),
        _t("record_escape", ANY, "escaped", (DP,), BUREAU),
        _t("release_other", ANY, "released_other", (DP,), BUREAU),
    ),
)

REMAINS = Lifecycle(
    name="remains",
    states=(
        "recovered",
        "recorded",
        "buried",
        "in_storage",
        "exhumed",
        "listed_for_repatriation",
        "handed_over",
        "received",
        "forensic_examination",
        "identified",
        "unidentified",
        "not_own_national",
        "family_notified",
        "released_for_burial",
        "closed",
    ),
    initial=frozenset({"recovered"}),
    final=frozenset({"closed"}),
    transitions=(
        _t("record", "recovered", "recorded", (DP,), BUREAU | FORENSIC, note="GC I Art. 16 fields"),
        _t("bury", ("recorded", "exhumed"), "buried", (DP,), BUREAU | FORENSIC, note="Grave registered"),
        _t("store", ("recorded", "exhumed"), "in_storage", (DP,), BUREAU | FORENSIC),
        _t("exhume", "buried", "exhumed", (DP,), BUREAU | FORENSIC, note="AP I Art. 34"),
        _t(
            "list_for_repatriation",
            ("in_storage", "exhumed", "recorded", "not_own_national"),
            "listed_for_repatriation",
            (DP,),
            BUREAU | FORENSIC,
        ),
        _t("hand_over", "listed_for_repatriation", "handed_over", (DP, MED), BUREAU | MEDIATOR | FORENSIC),
        _t("receive", "handed_over", "received", (PO,), BUREAU | FORENSIC, note="Count against manifest"),
        _t("examine", "received", "forensic_examination", (PO,), FORENSIC),
        _t("identify", ("forensic_examination", "unidentified"), "identified", (PO,), FORENSIC),
        _t("mark_unidentified", "forensic_examination", "unidentified", (PO,), FORENSIC),
        _t(
            "mark_not_own_national",
            ("forensic_examination", "unidentified"),
            "not_own_national",
            (PO,),
            FORENSIC,
        ),
        _t("notify_family", "identified", "family_notified", (PO,), LIAISON | FORENSIC),
        _t("release_for_burial", "family_notified", "released_for_burial", (PO,), FORENSIC | LIAISON),
        _t("close", "released_for_burial", "closed", (PO,), BUREAU | FORENSIC),
    ),
)

INQUIRY = Lifecycle(
    name="inquiry",
    states=(
        "submitted",
        "registered",
        "request_sent",
        "pending",
        "match_proposed",
        "confirmed_alive_in_captivity",
        "confirmed_returned",
        "confirmed_deceased",
        "family_informed",
        "closed",
        "suspended",
        "reopened",
        "withdrawn",
    ),
    initial=frozenset({"submitted"}),
    final=frozenset({"closed", "withdrawn"}),
    guard_texts={
        "disclosure_allowed": "the inquirer's consent or the disclosure restriction forbids telling"
    },
    transitions=(
        _t("register", "submitted", "registered", (PO, MED), LIAISON | MEDIATOR),
        _t("send_request", ("registered", "reopened"), "request_sent", (PO, MED), LIAISON | MEDIATOR),
        _t("await", "request_sent", "pending", (PO, MED), LIAISON | MEDIATOR),
        _t(
            "propose_match",
            ("registered", "request_sent", "pending", "reopened", "suspended"),
            "match_proposed",
            (PO, MED, DP),
            LIAISON | MEDIATOR | FORENSIC | BUREAU,
        ),
        _t("reject_match", "match_proposed", "pending", (PO, MED), LIAISON | MEDIATOR),
        _t(
            "confirm_alive",
            "match_proposed",
            "confirmed_alive_in_captivity",
            (PO, MED),
            LIAISON | MEDIATOR | LEAD,
        ),
        _t(
            "confirm_returned",
            ("match_proposed", "confirmed_alive_in_captivity"),
            "confirmed_returned",
            (PO, MED),
            LIAISON | MEDIATOR | LEAD,
        ),
        _t(
            "confirm_deceased",
            ("match_proposed", "confirmed_alive_in_captivity"),
            "confirmed_deceased",
            (PO, MED),
            LIAISON | MEDIATOR | FORENSIC | LEAD,
        ),
        _t(
            "inform_family",
            ("confirmed_alive_in_captivity", "confirmed_returned", "confirmed_deceased"),
            "family_informed",
            (PO, MED),
            LIAISON | MEDIATOR,
            guards=("disclosure_allowed",),
        ),
        _t("close", ("family_informed", "confirmed_returned"), "closed", (PO, MED), LIAISON | MEDIATOR),
        _t("suspend", ("request_sent", "pending", "registered"), "suspended", (PO, MED), LIAISON | MEDIATOR),
        _t("reopen", ("suspended", "closed", "family_informed"), "reopened", (PO, MED), LIAISON | MEDIATOR),
        _t("withdraw", ANY, "withdrawn", (PO, MED), LIAISON | MEDIATOR, note="The family withdraws"),
    ),
)

STAGE = Lifecycle(
    name="stage",
    states=(
        "planned",
        "lists_submitted",
        "lists_reconciled",
        "disputed",
        "scheduled",
        "in_progress",
        "completed",
        "partial",
        "published",
        "postponed",
        "cancelled",
    ),
    initial=frozenset({"planned"}),
    final=frozenset({"published", "cancelled"}),
    guard_texts={
        "both_lists_submitted": "both parties must submit their list version first",
        "signed_off": "both parties and the mediator must sign the reconciled lists",
    },
    transitions=(
        _t("submit_lists", "planned", "lists_submitted", (MED,), MEDIATOR, guards=("both_lists_submitted",)),
        _t("reconcile", ("lists_submitted", "disputed"), "lists_reconciled", (MED,), MEDIATOR),
        _t("dispute", ("lists_submitted", "lists_reconciled"), "disputed", (MED, DP, PO), MEDIATOR | LEAD),
        _t("schedule", "lists_reconciled", "scheduled", (MED,), MEDIATOR, guards=("signed_off",)),
        _t("start_handover", "scheduled", "in_progress", (MED, DP, PO), MEDIATOR | BUREAU),
        _t("complete", "in_progress", "completed", (MED,), MEDIATOR),
        _t("complete_partially", "in_progress", "partial", (MED,), MEDIATOR),
        _t("publish", ("completed", "partial"), "published", (MED, DP, PO), MEDIATOR | LEAD),
        _t("postpone", ANY, "postponed", (MED,), MEDIATOR, note="With a reason"),
        _t("resume", "postponed", "planned", (MED,), MEDIATOR),
        _t("cancel", ANY, "cancelled", (MED,), MEDIATOR, note="With a reason"),
    ),
)

LIFECYCLES: dict[str, Lifecycle] = {lc.name: lc for lc in (CAPTIVE, REMAINS, INQUIRY, STAGE)}
