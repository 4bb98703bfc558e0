"""Answering inquiries: deciding on suggestions, forwarding, telling the family, reminders for those waiting.

What the family is told is decided by `letter_disclosure` alone, from the inquiry's disclosure restriction; the
letter and the `inform_family` step both go through it, so a letter can never say more than the rule allows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cartel import conf
from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.bulk import chunks
from cartel.transitions import TransitionRefused, transition_apply

from .models import Answer, Disclosure, Inquiry, InquiryMatch, Letter, MatchStatus
from .services import OPEN_FOR_MATCHING

CONFIRM_ACTION = {
    Answer.ALIVE: "confirm_alive",
    Answer.RETURNED: "confirm_returned",
    Answer.DECEASED: "confirm_deceased",
}
AWAITING_ANSWER = (*OPEN_FOR_MATCHING, "submitted")


def _answer_facts(match: InquiryMatch) -> dict[str, str]:
    """Place, date and health the matched record gives, for the liaison to check before telling anyone."""
    if match.remains is not None:
        r = match.remains
        return {
            "answer_place": (r.death_place or r.recovered_place)[:200],
            "answer_date": r.death_date,
            "answer_health": "",
        }
    p = match.person
    if p is None:
        return {}
    place = ""
    custody = p.custody.order_by("-since").first() if hasattr(p, "custody") else None
    if custody is not None:
        place = custody.place or custody.holding_party.name
    elif p.holding_party_id:
        place = p.holding_party.name
    health = p.medical_category or (_("seriously wounded or sick") if p.seriously_wounded else "")
    return {"answer_place": place[:200], "answer_date": "", "answer_health": health[:300]}


def match_accept(*, match: InquiryMatch, actor: Any, evidence: str, reason: str = "") -> Inquiry:
    """Accept a suggestion: the inquiry is answered (alive, returned or deceased) with the evidence given."""
    if not evidence.strip():
        raise ValueError(_("An answer needs its evidence (list, record, report)."))
    inquiry = match.inquiry
    with transaction.atomic():
        facts = _answer_facts(match)
        extra = {
            "person": match.person,
            "remains": match.remains,
            "answer": match.suggested_answer,
            "answer_evidence": evidence[:300],
            "answered_at": timezone.now(),
            **facts,
        }
        transition_apply(
            obj=inquiry,
            lifecycle="inquiry",
            action=CONFIRM_ACTION[Answer(match.suggested_answer)],
            actor=actor,
            reason=reason or evidence,
            extra=extra,
        )
        InquiryMatch.objects.filter(pk=match.pk).update(
            status=MatchStatus.ACCEPTED, decided_by=actor, decided_at=timezone.now()
        )
        audit_record(
            actor=actor,
            verb=AuditVerb.REVIEWED,
            target=match,
            summary=f"suggestion accepted for {inquiry}",
            after={"answer": match.suggested_answer, "score": match.score},
            reason=evidence,
        )
    match.refresh_from_db()
    return inquiry


def match_reject(*, match: InquiryMatch, actor: Any, reason: str) -> InquiryMatch:
    """Reject a suggestion; when none is left the inquiry goes back to waiting."""
    with transaction.atomic():
        InquiryMatch.objects.filter(pk=match.pk).update(
            status=MatchStatus.REJECTED, decided_by=actor, decided_at=timezone.now()
        )
        audit_record(
            actor=actor,
            verb=AuditVerb.REVIEWED,
            target=match,
            summary="suggestion rejected",
            after={"status": "rejected"},
            reason=reason,
        )
        inquiry = match.inquiry
        left = inquiry.matches.filter(status=MatchStatus.SUGGESTED).exists()
        if inquiry.status == "match_proposed" and not left:
            transition_apply(
                obj=inquiry, lifecycle="inquiry", action="reject_match", actor=actor, reason=reason
            )
    match.refresh_from_db()
    return match


def inquiry_forward(*, inquiry: Inquiry, actor: Any) -> Inquiry:
    """Send the request to the mediator and the other side's bureau (needs the inquirer's consent to share)."""
    if not inquiry.consent_to_share:
        raise TransitionRefused(_("The inquirer has not agreed that the inquiry be passed on."))
    with transaction.atomic():
        transition_apply(
            obj=inquiry,
            lifecycle="inquiry",
            action="send_request",
            actor=actor,
            extra={"forwarded_to_mediator": True},
            reason="forwarded to the mediator",
        )
        transition_apply(obj=inquiry, lifecycle="inquiry", action="await", actor=actor)
    return inquiry


def inquiry_no_information(*, inquiry: Inquiry, actor: Any, evidence: str) -> Inquiry:
    """Answer "no information" for now: the inquiry is suspended and stays watched for new lists."""
    return transition_apply(
        obj=inquiry,
        lifecycle="inquiry",
        action="suspend",
        actor=actor,
        reason=evidence,
        extra={"answer": Answer.NO_INFORMATION, "answer_evidence": evidence[:300]},
    )  # type: ignore[return-value]


def letter_disclosure(inquiry: Inquiry) -> dict[str, str]:
    """Exactly what the family may be told about the person sought, under the inquiry's disclosure rule."""
    rule = inquiry.disclosure_restriction or Disclosure.FULL
    if rule == Disclosure.WITHHOLD or not inquiry.answer:
        return {}
    told = {"answer": inquiry.answer}
    if rule in (Disclosure.FULL, Disclosure.NO_HEALTH):
        told.update({k: v for k, v in (("place", inquiry.answer_place), ("date", inquiry.answer_date)) if v})
    if rule == Disclosure.FULL and inquiry.answer_health:
        told["health"] = inquiry.answer_health
    return told


def inquiry_letter(*, inquiry: Inquiry, actor: Any, language: str = "") -> tuple[Letter, bytes]:
    """Produce the family's notification letter as a PDF and keep a record of what it disclosed."""
    from .letters import letter_pdf

    told = letter_disclosure(inquiry)
    if not told:
        raise TransitionRefused(
            _("Nothing may be told to this family (no answer yet, or the disclosure rule).")
        )
    language = language or inquiry.letter_language or "en"
    pdf = letter_pdf(inquiry=inquiry, told=told, language=language)
    with transaction.atomic():
        letter = Letter.objects.create(
            inquiry=inquiry,
            language=language,
            answer=inquiry.answer,
            disclosed=told,
            sha256=hashlib.sha256(pdf).hexdigest(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit_record(
            actor=actor,
            verb=AuditVerb.EXPORTED,
            target=letter,
            summary=f"letter for {inquiry}",
            after={"language": language, "disclosed": sorted(told)},
        )
    return letter, pdf


def inquiry_inform_family(*, inquiry: Inquiry, actor: Any, language: str = "") -> tuple[Inquiry, bytes]:
    """Tell the family (letter produced and recorded); refused when the disclosure rule forbids telling."""
    allowed = bool(letter_disclosure(inquiry))
    with transaction.atomic():
        transition_apply(
            obj=inquiry,
            lifecycle="inquiry",
            action="inform_family",
            actor=actor,
            facts={"disclosure_allowed": allowed},
            extra={"informed_at": timezone.now()},
        )
        _letter, pdf = inquiry_letter(inquiry=inquiry, actor=actor, language=language)
    return inquiry, pdf


def inquiry_close(*, inquiry: Inquiry, actor: Any, reason: str = "") -> Inquiry:
    """Close an answered inquiry."""
    return transition_apply(obj=inquiry, lifecycle="inquiry", action="close", actor=actor, reason=reason)  # type: ignore[return-value]


def inquiry_withdraw(*, inquiry: Inquiry, actor: Any, reason: str) -> Inquiry:
    """The family withdraws its inquiry."""
    return transition_apply(obj=inquiry, lifecycle="inquiry", action="withdraw", actor=actor, reason=reason)  # type: ignore[return-value]


def inquiries_due_reminder(
    *, inquiries: QuerySet[Inquiry], now: dt.datetime | None = None
) -> QuerySet[Inquiry]:
    """Inquiries without an answer for longer than INQUIRY_REMINDER_DAYS since intake or the last reminder."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=conf.INQUIRY_REMINDER_DAYS)
    return inquiries.filter(status__in=AWAITING_ANSWER).filter(
        Q(last_reminded_at__isnull=True, received_at__lt=cutoff) | Q(last_reminded_at__lt=cutoff)
    )


def inquiries_remind(*, inquiries: QuerySet[Inquiry], actor: Any, now: dt.datetime | None = None) -> int:
    """Flag every inquiry due a reminder (shown on the liaison's board) and note when; return how many."""
    due = list(inquiries_due_reminder(inquiries=inquiries, now=now).values_list("pk", "case_number"))
    if not due:
        return 0
    with transaction.atomic():
        for chunk in chunks([pk for pk, _n in due]):
            Inquiry.objects.filter(pk__in=chunk).update(
                last_reminded_at=now or timezone.now(), reminders=F("reminders") + 1
            )
        audit_record(
            actor=actor,
            verb=AuditVerb.UPDATED,
            target_type="tracing.reminder",
            target_id=(now or timezone.now()).strftime("%Y%m%d%H%M%S"),
            summary=f"{len(due)} inquiries pending too long",
            after={"inquiries": [n for _p, n in due]},
        )
    return len(due)
