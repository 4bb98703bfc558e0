"""Printed headings of the GC III Annex IV forms in English, Ukrainian and Russian.

The forms are printed in two or three languages (DOMAIN.md §1.6), so their headings are part of the document, not
of the interface: they live here, per language, and every document shows each heading in two languages. Headings
that no consulted source confirmed are listed in UNCERTAIN and marked on the printed form.
"""

from __future__ import annotations

LANGUAGES = ("en", "uk", "ru")

LABELS: dict[str, dict[str, str]] = {
    "capture_card": {
        "en": "Capture card for prisoner of war",
        "uk": "Картка взяття в полон військовополоненого",
        "ru": "Карточка о взятии в плен военнопленного",
    },
    "capture_card_ref": {
        "en": "GC III Art. 70, Annex IV B",
        "uk": "ЖК III ст. 70, додаток IV B",
        "ru": "ЖК III ст. 70, приложение IV B",
    },
    "death_notice": {
        "en": "Notification of death",
        "uk": "Повідомлення про смерть",
        "ru": "Извещение о смерти",
    },
    "death_notice_ref": {
        "en": "GC III Art. 120, Annex IV D",
        "uk": "ЖК III ст. 120, додаток IV D",
        "ru": "ЖК III ст. 120, приложение IV D",
    },
    "power": {
        "en": "Power on which the prisoner depends",
        "uk": "Держава, від якої залежить військовополонений",
        "ru": "Держава, от которой зависит военнопленный",
    },
    "surname": {"en": "Surname", "uk": "Прізвище", "ru": "Фамилия"},
    "first_names": {"en": "First names", "uk": "Імена", "ru": "Имена"},
    "father_name": {"en": "Father's first name", "uk": "Ім'я батька", "ru": "Имя отца"},
    "birth_date": {"en": "Date of birth", "uk": "Дата народження", "ru": "Дата рождения"},
    "birth_place": {"en": "Place of birth", "uk": "Місце народження", "ru": "Место рождения"},
    "rank": {"en": "Rank", "uk": "Військове звання", "ru": "Воинское звание"},
    "service_number": {"en": "Service number", "uk": "Особовий номер", "ru": "Личный номер"},
    "family_address": {"en": "Address of the family", "uk": "Адреса родини", "ru": "Адрес семьи"},
    "captured": {
        "en": "Taken prisoner on / coming from (camp, hospital)",
        "uk": "Взятий у полон / прибув з (табір, шпиталь)",
        "ru": "Взят в плен / прибыл из (лагерь, госпиталь)",
    },
    "health": {"en": "State of health", "uk": "Стан здоров'я", "ru": "Состояние здоровья"},
    "present_address": {
        "en": "Present address: prisoner number, camp",
        "uk": "Теперішня адреса: номер, табір",
        "ru": "Нынешний адрес: номер, лагерь",
    },
    "date": {"en": "Date", "uk": "Дата", "ru": "Дата"},
    "signature": {"en": "Signature", "uk": "Підпис", "ru": "Подпись"},
    "name": {"en": "Name", "uk": "Ім'я та прізвище", "ru": "Имя и фамилия"},
    "death_date": {"en": "Date of death", "uk": "Дата смерті", "ru": "Дата смерти"},
    "death_place": {"en": "Place of death", "uk": "Місце смерті", "ru": "Место смерти"},
    "cause": {"en": "Cause of death", "uk": "Причина смерті", "ru": "Причина смерти"},
    "burial_date": {"en": "Date of burial", "uk": "Дата поховання", "ru": "Дата погребения"},
    "burial_place": {"en": "Place of burial", "uk": "Місце поховання", "ru": "Место погребения"},
    "grave": {"en": "Particulars of the grave", "uk": "Відомості про могилу", "ru": "Сведения о могиле"},
    "next_of_kin": {
        "en": "Next of kin to be informed",
        "uk": "Найближчий родич",
        "ru": "Ближайший родственник",
    },
    "effects": {"en": "Personal effects", "uk": "Особисті речі", "ru": "Личные вещи"},
    "circumstances": {
        "en": "Circumstances of death",
        "uk": "Обставини смерті",
        "ru": "Обстоятельства смерти",
    },
    "witnesses": {"en": "Witnesses", "uk": "Свідки", "ru": "Свидетели"},
    "authority": {
        "en": "Issuing authority (seal)",
        "uk": "Орган, що видав (печатка)",
        "ru": "Выдавший орган (печать)",
    },
    "number": {"en": "Document number", "uk": "Номер документа", "ru": "Номер документа"},
    "uncertain": {
        "en": "heading not confirmed against the treaty text",
        "uk": "заголовок не звірено з текстом договору",
        "ru": "заголовок не сверен с текстом договора",
    },
}

# Headings of the model forms recalled but not shown in the consulted treaty copies (DOMAIN.md §1.6).
UNCERTAIN: dict[str, frozenset[str]] = {
    "capture_card": frozenset(
        {"father_name", "birth_place", "family_address", "captured", "present_address", "signature"}
    ),
    "death_notice": frozenset(
        {"father_name", "birth_place", "next_of_kin", "effects", "circumstances", "witnesses", "authority"}
    ),
}

HEALTH = {
    "good": {"en": "good", "uk": "добрий", "ru": "хорошее"},
    "sick": {"en": "sick", "uk": "хворий", "ru": "болен"},
    "seriously_wounded": {"en": "seriously wounded", "uk": "тяжко поранений", "ru": "тяжело ранен"},
}


def languages_for(primary: str) -> tuple[str, str]:
    """The two languages a document is printed in: the reader's language first, then English (or Russian)."""
    primary = primary if primary in LANGUAGES else "en"
    return (primary, "en") if primary != "en" else ("en", "uk")


def heading(key: str, languages: tuple[str, str]) -> tuple[str, str]:
    """One heading in the document's two languages."""
    texts = LABELS[key]
    return texts[languages[0]], texts[languages[1]]
