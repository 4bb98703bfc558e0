"""Fixed wording of the stage documents in the parties' languages (English, Ukrainian, Russian).

Documents are printed in every language of the parties to a stage, each label once per language, so that each
side reads the same sheet in its own language.
"""

from __future__ import annotations

from collections.abc import Sequence

LABELS: dict[str, dict[str, str]] = {
    "protocol": {"en": "Protocol of the exchange stage", "uk": "Протокол етапу обміну", "ru": "Протокол этапа обмена"},
    "manifest": {"en": "Manifest of persons returning to", "uk": "Список осіб, що повертаються до",
                 "ru": "Список лиц, возвращающихся в"},
    "agreement": {"en": "Agreement", "uk": "Угода", "ru": "Соглашение"},
    "stage": {"en": "Stage", "uk": "Етап", "ru": "Этап"},
    "date": {"en": "Date", "uk": "Дата", "ru": "Дата"},
    "point": {"en": "Handover point", "uk": "Пункт передачі", "ru": "Пункт передачи"},
    "transit": {"en": "Transit state", "uk": "Транзитна держава", "ru": "Транзитное государство"},
    "status": {"en": "Status", "uk": "Стан", "ru": "Состояние"},
    "side": {"en": "Returning to", "uk": "Повертається до", "ru": "Возвращается в"},
    "category": {"en": "Category", "uk": "Категорія", "ru": "Категория"},
    "listed": {"en": "On the list", "uk": "У списку", "ru": "В списке"},
    "handed_over": {"en": "Handed over", "uk": "Передано", "ru": "Передано"},
    "held_back": {"en": "Not handed over", "uk": "Не передано", "ru": "Не передано"},
    "versions": {"en": "List versions", "uk": "Версії списків", "ru": "Версии списков"},
    "party": {"en": "Party", "uk": "Сторона", "ru": "Сторона"},
    "version": {"en": "Version", "uk": "Версія", "ru": "Версия"},
    "submitted": {"en": "Submitted", "uk": "Подано", "ru": "Подано"},
    "hash": {"en": "SHA-256 of the list", "uk": "SHA-256 списку", "ru": "SHA-256 списка"},
    "reconciled_hash": {"en": "SHA-256 of the reconciled list", "uk": "SHA-256 узгодженого списку",
                        "ru": "SHA-256 согласованного списка"},
    "signatures": {"en": "Signatures", "uk": "Підписи", "ru": "Подписи"},
    "signed": {"en": "Signed electronically by", "uk": "Підписано електронно:", "ru": "Подписано электронно:"},
    "signature": {"en": "Signature", "uk": "Підпис", "ru": "Подпись"},
    "mediator": {"en": "Mediator", "uk": "Посередник", "ru": "Посредник"},
    "no": {"en": "No.", "uk": "№", "ru": "№"},
    "surname": {"en": "Surname", "uk": "Прізвище", "ru": "Фамилия"},
    "given_name": {"en": "Given name", "uk": "Ім'я", "ru": "Имя"},
    "patronymic": {"en": "Patronymic", "uk": "По батькові", "ru": "Отчество"},
    "birth_date": {"en": "Date of birth", "uk": "Дата народження", "ru": "Дата рождения"},
    "service_number": {"en": "Service number", "uk": "Особистий номер", "ru": "Личный номер"},
    "unit": {"en": "Unit", "uk": "Військова частина", "ru": "Воинская часть"},
    "rank": {"en": "Rank", "uk": "Звання", "ru": "Звание"},
    "total": {"en": "Total", "uk": "Усього", "ru": "Всего"},
    "art117": {"en": "No person repatriated under this agreement may be employed on active military service "
                     "(GC III Art. 117).",
               "uk": "Жодна особа, репатрійована за цією угодою, не може залучатися до активної військової служби "
                     "(ЖК III, ст. 117).",
               "ru": "Ни одно лицо, репатриированное по этому соглашению, не может привлекаться к действительной "
                     "военной службе (ЖК III, ст. 117)."},
}  # fmt: skip


def label(key: str, languages: Sequence[str]) -> str:
    """The label in each of `languages` (English when a language is unknown), joined by a slash, each once."""
    texts: list[str] = []
    for language in languages:
        text = LABELS[key].get(language) or LABELS[key]["en"]
        if text not in texts:
            texts.append(text)
    return " / ".join(texts)


def labels(languages: Sequence[str]) -> dict[str, str]:
    """Every label in the given languages."""
    return {key: label(key, languages) for key in LABELS}
