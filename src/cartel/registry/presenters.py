"""Reads that shape registry rows for pages and the API: parties behind each person, review cards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from cartel.parties.visibility import persons_with_medical_visible_to, source_records_visible_to

from .dossier import RECORD_FIELDS
from .models import CandidatePair, Person, ReviewDecision, SourceRecord


def persons_parties(*, viewer: Any, persons: Sequence[Person]) -> dict[int, list[str]]:
    """For each person, the codes of the parties whose records of it the viewer may see (one query)."""
    out: dict[int, list[str]] = {p.pk: [] for p in persons}
    rows = (
        source_records_visible_to(viewer)
        .filter(person_id__in=list(out))
        .order_by()
        .values_list("person_id", "owner__code")
        .distinct()
    )
    for person_id, code in rows:
        out[person_id].append(code)
    for codes in out.values():
        codes.sort()
    return out


def persons_with_medical(*, viewer: Any, persons: Sequence[Person]) -> set[int]:
    """Ids of the persons among `persons` whose medical details the viewer may see (one query)."""
    ids = [p.pk for p in persons]
    return set(persons_with_medical_visible_to(viewer).filter(pk__in=ids).values_list("pk", flat=True))


# Headings for the usual keys of an explanation item; other keys are shown as they are:
EXPLANATION_LABELS: dict[str, Any] = {
    "field": _("Field"),
    "left": _("Left record"),
    "right": _("Right record"),
    "level": _("Agreement level"),
    "weight": _("Weight"),
    "detail": _("Detail"),
    "score": _("Score"),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewCard:
    """A candidate pair ready to show: both records' fields side by side and the model's explanation table."""

    pair: CandidatePair
    left: SourceRecord
    right: SourceRecord
    fields: list[tuple[Any, str, str]]
    columns: list[Any]
    explanation: list[list[str]]
    unsure_by: str = ""


def _explanation(pair: CandidatePair) -> tuple[list[str], list[list[str]]]:
    """Whatever keys the explanation items carry, as a table (non-dict items become one `detail` column)."""
    items = pair.explanation if isinstance(pair.explanation, list) else [pair.explanation]
    columns: list[str] = []
    for item in items:
        for key in item if isinstance(item, dict) else ("detail",):
            if key not in columns:
                columns.append(str(key))
    rows = [
        [_cell(item.get(c)) for c in columns] if isinstance(item, dict) else [_cell(item)]
        for item in items
        if item
    ]
    return columns, rows


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def review_cards(*, viewer: Any, pairs: Sequence[CandidatePair]) -> list[ReviewCard]:
    """Cards for visible pairs; a pair marked unsure says by whom (the viewer sees it for a second look)."""
    unsure = {
        (d.left_id, d.right_id): d.reviewer.get_username()
        for d in ReviewDecision.objects.filter(superseded=False, decision="unsure")
        .filter(left_id__in=[p.left_id for p in pairs], right_id__in=[p.right_id for p in pairs])
        .select_related("reviewer")
    }
    cards = []
    for pair in pairs:
        columns, rows = _explanation(pair)
        cards.append(
            ReviewCard(
                pair=pair,
                left=pair.left,
                right=pair.right,
                fields=[
                    (label, str(getattr(pair.left, name) or ""), str(getattr(pair.right, name) or ""))
                    for name, label in RECORD_FIELDS
                    if getattr(pair.left, name) or getattr(pair.right, name)
                ],
                columns=[EXPLANATION_LABELS.get(c, c) for c in columns],
                explanation=rows,
                unsure_by=unsure.get((pair.left_id, pair.right_id), "") if pair.decision == "unsure" else "",
            )
        )
    return cards
