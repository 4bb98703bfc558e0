"""GC III Annex IV documents made from the records: capture card (IV B) and notification of death (IV D), as
bilingual PDFs whose headings not confirmed by the consulted treaty copies are marked [UNCERTAIN]."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from .gc3_labels import HEALTH, LABELS, UNCERTAIN, heading, languages_for
from .gc3_render import render_pdf


def _row(form: str, key: str, value: Any, languages: tuple[str, str]) -> dict[str, Any]:
    return {
        "label": heading(key, languages),
        "value": "" if value is None else str(value),
        "uncertain": key in UNCERTAIN[form],
    }


def _names(person: Any) -> tuple[str, str]:
    given = " ".join(p for p in (person.given_name, person.patronymic) if p)
    surname = person.surname or person.display_name
    latin = getattr(person, "latin_name", "")
    return (f"{surname} ({latin})" if latin else surname), given


def _health(person: Any, languages: tuple[str, str]) -> str:
    key = "seriously_wounded" if person.seriously_wounded else "good"
    return " / ".join(dict.fromkeys(HEALTH[key][lang] for lang in languages))


def _render(
    form: str, title: str, rows: list[dict[str, Any]], languages: tuple[str, str], number: str = ""
) -> bytes:
    context = {
        "title": heading(title, languages),
        "reference": heading(f"{title}_ref", languages),
        "rows": rows,
        "languages": languages,
        "number": number,
        "uncertain_text": heading("uncertain", languages),
        "footer": f"Cartel · {timezone.now():%Y-%m-%d %H:%M} UTC",
    }
    return render_pdf("documents/gc3_form.html", context, language=languages[0])


def capture_card_pdf(*, person: Any, show_health: bool, language: str = "") -> bytes:
    """The capture card of a captive, from his record, in the language of his party of origin and English."""
    origin = person.origin_party
    languages = languages_for(language or (origin.language if origin else "en"))
    surname, given = _names(person)
    captured = person.custody.order_by("since").first() if person.pk else None
    present = person.custody.order_by("-since").first() if person.pk else None
    birth_place = (
        next((r.birth_place for r in person.records.all() if r.birth_place), "") if person.pk else ""
    )
    rows = [
        _row("capture_card", "power", origin.name if origin else "", languages),
        _row("capture_card", "surname", surname, languages),
        _row("capture_card", "first_names", given, languages),
        _row("capture_card", "father_name", "", languages),
        _row("capture_card", "birth_date", person.birth_date, languages),
        _row("capture_card", "birth_place", birth_place, languages),
        _row("capture_card", "rank", person.rank, languages),
        _row("capture_card", "service_number", person.service_number, languages),
        _row("capture_card", "family_address", "", languages),
        _row("capture_card", "captured", f"{captured.since} {captured.place}" if captured else "", languages),
        _row("capture_card", "health", _health(person, languages) if show_health else "", languages),
        _row("capture_card", "present_address", f"{present.place}" if present else "", languages),
        _row("capture_card", "date", timezone.localdate().isoformat(), languages),
        _row("capture_card", "signature", "", languages),
    ]
    return _render("capture_card", "capture_card", rows, languages)


def death_notice_pdf(*, notice: Any, language: str = "") -> bytes:
    """The notification of death (Annex IV D) of a captive who died in custody, in the origin's language and English."""
    person = notice.person
    addressed = notice.addressed_to
    languages = languages_for(language or (addressed.language if addressed else "en"))
    surname, given = _names(person)
    birth_place = next((r.birth_place for r in person.records.all() if r.birth_place), "")
    rows = [
        _row("death_notice", "power", addressed.name if addressed else "", languages),
        _row("death_notice", "surname", surname, languages),
        _row("death_notice", "first_names", given, languages),
        _row("death_notice", "father_name", "", languages),
        _row("death_notice", "birth_date", person.birth_date, languages),
        _row("death_notice", "birth_place", birth_place, languages),
        _row("death_notice", "rank", person.rank, languages),
        _row("death_notice", "service_number", person.service_number, languages),
        _row("death_notice", "death_date", notice.death_date, languages),
        _row("death_notice", "death_place", notice.death_place, languages),
        _row("death_notice", "cause", notice.cause_of_death, languages),
        _row("death_notice", "burial_date", notice.burial_date, languages),
        _row("death_notice", "burial_place", notice.burial_place, languages),
        _row("death_notice", "grave", notice.grave, languages),
        _row("death_notice", "next_of_kin", "", languages),
        _row("death_notice", "effects", notice.effects, languages),
        _row("death_notice", "circumstances", notice.circumstances, languages),
        _row("death_notice", "authority", notice.issued_by.name, languages),
        _row("death_notice", "witnesses", "", languages),
        _row("death_notice", "date", f"{notice.issued_at:%Y-%m-%d}", languages),
    ]
    return _render("death_notice", "death_notice", rows, languages, number=notice.number)


__all__ = ["LABELS", "capture_card_pdf", "death_notice_pdf"]
