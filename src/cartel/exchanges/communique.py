"""Public statements about completed stages: aggregate counts only, in English, Ukrainian and Russian.

A communiqué never names anyone: it is built from counts per receiving side and category, never from person
rows. An agreement may defer the figures until all of its stages are done; the statement then says so.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cartel.agreements.errors import Refused
from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.engine.lifecycle import Role
from cartel.parties.models import PartyKind
from cartel.parties.visibility import viewer_role

from .common import actor_party, agreement_sides, stage_move
from .handover import handover_counts
from .models import Communique, Stage

LANGUAGES = ("en", "uk", "ru")
DONE_STATES = ("completed", "partial", "published", "cancelled")

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "head": "Communiqué on stage {stage} of the agreement “{title}”",
        "done": "On {date} the handover of stage {stage} was carried out{place}.",
        "received": "{party} received {count} persons.",
        "category": "{category}: {counts}.",
        "partial": "The stage was completed in part.",
        "deferred": "In accordance with the agreement, figures will be published once it has been carried out in full.",
        "art117": "Persons repatriated under this agreement may not be employed on active military service.",
        "place": " at {place}",
    },
    "uk": {
        "head": "Комюніке щодо етапу {stage} угоди «{title}»",
        "done": "{date} відбулася передача в межах етапу {stage}{place}.",
        "received": "{party} отримала осіб: {count}.",
        "category": "{category}: {counts}.",
        "partial": "Етап виконано частково.",
        "deferred": "Відповідно до угоди, цифри буде оприлюднено після її повного виконання.",
        "art117": "Особи, репатрійовані за цією угодою, не можуть залучатися до активної військової служби.",
        "place": " у пункті {place}",
    },
    "ru": {
        "head": "Коммюнике об этапе {stage} соглашения «{title}»",
        "done": "{date} состоялась передача в рамках этапа {stage}{place}.",
        "received": "{party} получила лиц: {count}.",
        "category": "{category}: {counts}.",
        "partial": "Этап выполнен частично.",
        "deferred": "В соответствии с соглашением цифры будут опубликованы после его полного выполнения.",
        "art117": "Лица, репатриированные по этому соглашению, не могут привлекаться к действительной военной службе.",
        "place": " в пункте {place}",
    },
}
CATEGORY_WORDS: dict[str, dict[str, str]] = {
    "wounded": {
        "en": "seriously wounded and sick",
        "uk": "тяжкопоранені та хворі",
        "ru": "тяжелораненые и больные",
    },
    "young": {"en": "aged 18 to 25", "uk": "віком 18–25 років", "ru": "в возрасте 18–25 лет"},
    "general": {"en": "general exchange", "uk": "загальний обмін", "ru": "общий обмен"},
    "civilians": {"en": "civilians", "uk": "цивільні", "ru": "гражданские лица"},
}


def communique_figures(stage: Stage) -> dict[str, Any]:
    """Counts of people handed over, per receiving side and per category; nothing else."""
    by_side: dict[str, int] = defaultdict(int)
    by_category: dict[str, dict[str, int]] = defaultdict(dict)
    for row in handover_counts(stage):
        by_side[row["side"]] += row["handed_over"]
        by_category[row["category"]][row["side"]] = row["handed_over"]
    return {"stage": stage.number, "by_side": dict(by_side), "by_category": dict(by_category)}


def deferred(stage: Stage) -> bool:
    """Whether the agreement holds figures back until every one of its stages is done."""
    agreement = stage.agreement
    if not agreement.defer_communique:
        return False
    return agreement.stages.exclude(status__in=DONE_STATES).exists()


def communique_text(stage: Stage, language: str, figures: dict[str, Any], *, hold_back: bool) -> str:
    """Render the statement in one language from aggregate figures only."""
    words = TEXTS[language]
    agreement = stage.agreement
    day = stage.planned_date.strftime("%d.%m.%Y") if stage.planned_date else ""
    place = words["place"].format(place=stage.handover_point) if stage.handover_point else ""
    lines = [words["head"].format(stage=stage.number, title=agreement.title), ""]
    lines.append(words["done"].format(date=day, stage=stage.number, place=place).strip())
    if hold_back:
        lines.append(words["deferred"])
    else:
        names = {p.code: p.name for p in agreement_sides(agreement)}
        for code, count in sorted(figures["by_side"].items()):
            lines.append(words["received"].format(party=names.get(code, code), count=count))
        categories = {c.code: c.name for c in agreement.categories.all()}
        for code, sides in sorted(figures["by_category"].items()):
            label = CATEGORY_WORDS.get(code, {}).get(language) or categories.get(code, code)
            counts = ", ".join(f"{side} {n}" for side, n in sorted(sides.items()))
            lines.append(words["category"].format(category=label, counts=counts))
        if stage.status == "partial":
            lines.append(words["partial"])
    if agreement.art117_applies:
        lines.append(words["art117"])
    return "\n".join(lines)


@transaction.atomic
def communique_issue(*, stage: Stage, actor: Any, languages: tuple[str, ...] = LANGUAGES) -> list[Communique]:
    """Issue the stage's communiqué in each language; publish the stage unless the figures are deferred."""
    stage.refresh_from_db()
    party = actor_party(actor)
    if not (viewer_role(actor) == Role.MEDIATOR and party.pk == stage.agreement.mediator_id) and not (
        party.kind == PartyKind.BELLIGERENT and viewer_role(actor) == Role.LEAD
        and stage.agreement.parties.filter(pk=party.pk).exists()
    ):  # fmt: skip
        raise Refused(_("A communiqué is issued by the mediator or a party's bureau lead."))
    if stage.status not in ("completed", "partial", "published"):
        raise Refused(_("A communiqué follows a completed stage."))
    hold_back = deferred(stage)
    figures = {} if hold_back else communique_figures(stage)
    issued = [
        Communique.objects.create(stage=stage, language=lang, figures=figures, deferred=hold_back, issued_by=actor,
                                  text=communique_text(stage, lang, figures, hold_back=hold_back))
        for lang in languages
    ]  # fmt: skip
    audit_record(actor=actor, verb=AuditVerb.CREATED, target=stage, summary=f"{stage}: communiqué issued",
                 after={"deferred": hold_back, "figures": figures})  # fmt: skip
    if not hold_back and stage.status in ("completed", "partial"):
        stage_move(stage, "publish", actor, reason="communiqué issued")
    return issued
