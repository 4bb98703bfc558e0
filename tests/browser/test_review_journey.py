"""Issue 3 in a real browser: the mediator works the review queue in English, Ukrainian and Russian, sees the
model's per-field explanation beside both records, merges one pair and keeps another apart."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

# (surname, given name, patronymic, birth date) in A's record and in B's: one man, then two namesakes
SAME = (
    ("Коваленко", "Олександр", "Петрович", "1991-03-12"),
    ("Коваленко", "Александр", "Петрович", "1991-03-12"),
)
OTHER = (("Шевченко", "Микола", "Іванович", "1988-07-01"), ("Шевчук", "Николай", "Иванович", "1988-01-07"))


def _record(parties: Any, users: Any, code: str, name: str, person: tuple[str, str, str, str]) -> Any:
    from cartel.registry.services import RecordData, source_list_create

    surname, given, patronymic, born = person
    row = RecordData(
        external_id=f"{code}-{surname}", row_number=2,
        raw={"Прізвище" if code == "A" else "Фамилия": surname, "Ім'я" if code == "A" else "Имя": given,
             "Дата народження" if code == "A" else "Дата рождения": born},
        fields={"surname": surname, "given_name": given, "patronymic": patronymic, "birth_date": born},
    )  # fmt: skip
    source = source_list_create(
        owner=parties[code],
        kind="registry",
        name=name,
        rows=[row],
        actor=users[f"{code.lower()}-operator"],
        share_with=[parties["M"]],
    )
    return source.records.get()


def _pair(left: Any, right: Any, probability: float, levels: tuple[str, str, str]) -> Any:
    from cartel.registry.models import CandidatePair

    left, right = sorted((left, right), key=lambda r: r.pk)
    explanation = [
        {"field": field, "left": getattr(left, field), "right": getattr(right, field), "level": level,
         "weight": weight}
        for field, level, weight in zip(("surname", "given_name", "birth_date"), levels, (5.2, 3.1, -1.4),
                                        strict=True)
    ]  # fmt: skip
    return CandidatePair.objects.create(
        left=left, right=right, probability=probability, explanation=explanation
    )


@pytest.fixture
def pairs(parties: Any, users: Any) -> dict[str, Any]:
    """Two pairs between A's and B's registries (both shared with the mediator): one man, two namesakes."""
    same = [
        _record(parties, users, code, f"{code} registry 1", p) for code, p in zip("AB", SAME, strict=True)
    ]
    other = [
        _record(parties, users, code, f"{code} registry 2", p) for code, p in zip("AB", OTHER, strict=True)
    ]
    return {
        "same": _pair(*same, 0.93, ("same spelling", "same given name", "same date")),
        "other": _pair(*other, 0.81, ("spelling similar", "same given name", "day and month swapped")),
    }


def _switch(page: Any, language: str) -> None:
    page.click(f"header button[name=language][value={language}]")
    expect(page.locator("html")).to_have_attribute("lang", language)


def test_review_queue_in_three_languages_merge_and_keep_apart(
    sessions: Any, pairs: dict[str, Any], shoot: Any
) -> None:
    same, other = (f"#pair-{pairs[k].pk}" for k in ("same", "other"))
    page = sessions.go("m-mediator", "/")
    page.click("nav.main-nav >> text=Review")
    expect(page.locator("h1")).to_have_text("Review queue")
    card = page.locator(same)
    expect(card.locator("h2")).to_contain_text("Match probability 0.93")
    sides = card.locator(".side-by-side table")
    expect(sides.locator("thead")).to_contain_text("A registry 1")
    expect(sides.locator("thead")).to_contain_text("B registry 1")
    expect(sides.locator("tr", has_text="Given name")).to_contain_text("Олександр")
    expect(sides.locator("tr", has_text="Given name")).to_contain_text("Александр")
    explanation = card.locator("table.explanation")
    expect(explanation.locator("thead")).to_contain_text("Field")
    expect(explanation.locator("thead")).to_contain_text("Agreement level")
    expect(explanation.locator("tr", has_text="given_name")).to_contain_text("same given name")
    expect(page.locator(other).locator("table.explanation")).to_contain_text("day and month swapped")
    shoot(page, "review-queue")

    _switch(page, "uk")
    expect(page.locator("h1")).to_have_text("Черга перевірки")
    expect(card.locator("h3")).to_have_text("Чому модель поєднала їх у пару")
    expect(explanation.locator("thead")).to_contain_text("Рівень збігу")
    expect(sides.locator("tr", has_text="Ім'я")).to_contain_text("Олександр")
    card.locator("button.accept").click()
    expect(card).to_contain_text("Зафіксовано: та сама особа.")

    _switch(page, "ru")
    expect(page.locator("h1")).to_have_text("Очередь проверки")
    expect(page.locator(same)).to_have_count(0)  # decided: gone from the queue
    expect(page.locator(other).locator("h3")).to_have_text("Почему модель объединила их в пару")
    expect(page.locator(other).locator("table.explanation thead")).to_contain_text("Уровень совпадения")
    page.locator(other).locator("button.reject").click()
    expect(page.locator(other)).to_contain_text("Зафиксировано: разные лица.")
    page.reload()
    expect(page.locator("main")).to_contain_text("Нечего проверять.")

    _switch(page, "en")
    page.click("nav.main-nav >> text=Registry")
    page.locator("#q").press_sequentially("Kovalenko Oleksandr", delay=20)
    hits = page.locator("#results a", has_text="КОВАЛЕНКО")
    expect(hits).to_have_count(1)  # one person now, holding both records
    hits.click()
    records = page.locator("section.side-by-side")
    expect(records.locator("h2")).to_have_text("Source records side by side (2)")
    expect(records.locator("thead")).to_contain_text("A registry 1")
    expect(records.locator("thead")).to_contain_text("B registry 1")

    page.click("nav.main-nav >> text=Registry")
    page.locator("#q").press_sequentially("Shevch", delay=20)
    expect(page.locator("#results a", has_text="ШЕВЧЕНКО")).to_have_count(1)
    expect(page.locator("#results a", has_text="ШЕВЧУК")).to_have_count(1)  # kept apart
