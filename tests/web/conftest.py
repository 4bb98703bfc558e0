"""Registry data for the web and API tests: lists of A and B in Cyrillic and Latin, one shared with M."""

from __future__ import annotations

from typing import Any

import pytest


def make_list(
    parties: dict[str, Any],
    users: dict[str, Any],
    code: str,
    kind: str,
    name: str,
    people: list[tuple[str, str, str, str]],
    share: tuple[str, ...] = (),
) -> Any:
    """Create a list of `code` with one record (and person) per (surname, given, patronymic, birth date)."""
    from cartel.registry.services import RecordData, source_list_create

    rows = [
        RecordData(
            external_id=f"{code}-{i}",
            row_number=i + 2,
            raw={"Прізвище": s, "Ім'я": g, "По батькові": p, "Дата народження": b},
            fields={"surname": s, "given_name": g, "patronymic": p, "birth_date": b},
        )
        for i, (s, g, p, b) in enumerate(people)
    ]
    return source_list_create(
        owner=parties[code], kind=kind, name=name, rows=rows, actor=users[f"{code.lower()}-operator"],
        share_with=[parties[c] for c in share],
    )  # fmt: skip


@pytest.fixture
def list_maker(parties: dict[str, Any], users: dict[str, Any]) -> Any:
    """`make(code, kind, name, people, share=())`: a list of party `code`, one person per row."""
    return lambda *args, **kwargs: make_list(parties, users, *args, **kwargs)


@pytest.fixture
def registry(parties: dict[str, Any], users: dict[str, Any]) -> dict[str, Any]:
    """A's registry (Ukrainian Cyrillic) and B's registry (Russian Cyrillic), both shared with M; B's private list."""
    a = make_list(parties, users, "A", "registry", "A registry", [
        ("Коваленко", "Іван", "Петрович", "1991-03-12"),
        ("Шевченко", "Олена", "Андріївна", "1988-07-01"),
        ("Бондаренко", "Сергій", "", "1979"),
    ], share=("M",))  # fmt: skip
    b = make_list(parties, users, "B", "registry", "B registry", [
        ("Кузнецов", "Алексей", "Иванович", "1995-01-20"),
        ("Коваленко", "Иван", "Петрович", "1991-03-12"),
    ], share=("M",))  # fmt: skip
    hidden = make_list(parties, users, "B", "requests", "B private", [
        ("Qwyxzorth", "Marek", "", "1970-05-05"),
    ])  # fmt: skip
    return {"a": a, "b": b, "hidden": hidden}
