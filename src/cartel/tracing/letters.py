"""The family's notification letter in English, Ukrainian or Russian, built only from what may be disclosed.

The letter's wording is part of the document, fixed per language here (like the printed forms); it receives the
dictionary returned by `answers.letter_disclosure` and nothing else about the person sought.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from cartel.documents.gc3_render import render_pdf

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Notification about your inquiry",
        "case": "Case number",
        "dear": "Dear {name},",
        "intro": "You asked about {subject}. We can now tell you the following.",
        "alive_in_captivity": "{subject} is alive and held as a prisoner of war.",
        "returned": "{subject} has returned home.",
        "deceased": "With deep regret we inform you that {subject} has died.",
        "place": "Place",
        "date": "Date",
        "health": "State of health",
        "closing": "If you have questions, contact the bureau and give the case number above.",
        "sign": "Family liaison, information bureau",
    },
    "uk": {
        "title": "Повідомлення щодо вашого запиту",
        "case": "Номер справи",
        "dear": "Шановний(а) {name},",
        "intro": "Ви зверталися щодо {subject}. Тепер ми можемо повідомити вам таке.",
        "alive_in_captivity": "{subject} живий і перебуває у полоні як військовополонений.",
        "returned": "{subject} повернувся додому.",
        "deceased": "З глибоким жалем повідомляємо, що {subject} загинув.",
        "place": "Місце",
        "date": "Дата",
        "health": "Стан здоров'я",
        "closing": "Якщо маєте запитання, зверніться до бюро та назвіть номер справи, зазначений вище.",
        "sign": "Відповідальний за зв'язок з родинами, інформаційне бюро",
    },
    "ru": {
        "title": "Уведомление по вашему запросу",
        "case": "Номер дела",
        "dear": "Уважаемый(ая) {name},",
        "intro": "Вы обращались по поводу {subject}. Теперь мы можем сообщить вам следующее.",
        "alive_in_captivity": "{subject} жив и находится в плену как военнопленный.",
        "returned": "{subject} вернулся домой.",
        "deceased": "С глубоким сожалением сообщаем, что {subject} погиб.",
        "place": "Место",
        "date": "Дата",
        "health": "Состояние здоровья",
        "closing": "Если у вас есть вопросы, обратитесь в бюро и назовите номер дела, указанный выше.",
        "sign": "Сотрудник по связям с семьями, информационное бюро",
    },
}


def letter_context(*, inquiry: Any, told: dict[str, str], language: str) -> dict[str, Any]:
    """The letter's paragraphs: a greeting, the fate, and only the details in `told`."""
    texts = TEXTS.get(language, TEXTS["en"])
    subject = inquiry.subject_name
    details = [(texts[key], told[key]) for key in ("place", "date", "health") if told.get(key)]
    return {
        "title": texts["title"],
        "case_label": texts["case"],
        "case_number": inquiry.case_number,
        "dear": texts["dear"].format(name=inquiry.inquirer_name),
        "intro": texts["intro"].format(subject=subject),
        "fate": texts[told["answer"]].format(subject=subject),
        "details": details,
        "closing": texts["closing"],
        "sign": texts["sign"],
        "party": inquiry.party.name,
        "date": timezone.localdate().isoformat(),
    }


def letter_pdf(*, inquiry: Any, told: dict[str, str], language: str) -> bytes:
    """Render the letter as PDF."""
    return render_pdf(
        "tracing/letter.html",
        letter_context(inquiry=inquiry, told=told, language=language),
        language=language,
    )
