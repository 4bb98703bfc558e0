"""Header cells in English, Ukrainian and Russian map to canonical fields; templates and extensions win."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cartel.engine.tabular import DEFAULT_ALIASES, TabularError, header_key, map_headers


@pytest.mark.parametrize(
    ("header", "field"),
    [
        # English
        ("ID", "id"),
        ("Record ID", "id"),
        ("Full name", "full_name"),
        ("Name", "full_name"),
        ("Last name", "surname"),
        ("First name", "given_name"),
        ("Middle name", "patronymic"),
        ("Date of birth", "birth_date"),
        ("DOB", "birth_date"),
        ("Place of birth", "birth_place"),
        ("Service number", "service_number"),
        ("Unit", "unit"),
        ("Rank", "rank"),
        ("Gender", "sex"),
        # Ukrainian
        ("№", "id"),
        ("№ з/п", "id"),
        ("Номер", "id"),
        ("ІД", "id"),
        ("ПІБ", "full_name"),
        ("П.І.Б.", "full_name"),
        ("ПIБ", "full_name"),  # Latin I
        ("Прізвище, ім'я, по батькові", "full_name"),
        ("Прізвище", "surname"),
        ("Ім'я", "given_name"),
        ("Імʼя", "given_name"),
        ("ім’я", "given_name"),
        ("По батькові", "patronymic"),
        ("Дата народження", "birth_date"),
        ("Дата народження (дд.мм.рррр)", "birth_date"),
        ("д.н.", "birth_date"),
        ("Місце народження", "birth_place"),
        ("Особовий номер", "service_number"),
        ("Військовий квиток", "service_number"),
        ("Жетон", "service_number"),
        ("Військова частина", "unit"),
        ("в/ч", "unit"),
        ("Звання", "rank"),
        ("Стать", "sex"),
        ("Примітки", "notes"),
        ("Згода", "consent"),
        ("Поранений", "wounded"),
        ("Телефон", "phone"),
        ("Ступінь спорідненості", "relationship"),
        # Russian
        ("ИД", "id"),
        ("№ п/п", "id"),
        ("ФИО", "full_name"),
        ("Ф.И.О.", "full_name"),
        ("Фамилия", "surname"),
        ("Имя", "given_name"),
        ("Отчество", "patronymic"),
        ("Дата рождения", "birth_date"),
        ("Место рождения", "birth_place"),
        ("Личный номер", "service_number"),
        ("Воинская часть", "unit"),
        ("Звание", "rank"),
        ("Пол", "sex"),
        ("Категория", "category"),
        ("Степень родства", "relationship"),
        # noise around the words
        ("\ufeffid", "id"),
        ("  ПРІЗВИЩЕ *", "surname"),
        ("1. Прізвище", "surname"),
        ("Дата рождения:", "birth_date"),
    ],
)
def test_aliases_in_three_languages(header: str, field: str) -> None:
    assert DEFAULT_ALIASES.lookup(header) == field
    assert map_headers([header]).mapping == {header: field}


def test_typical_headers_of_a_ukrainian_list() -> None:
    columns = [
        "№",
        "Прізвище",
        "Ім'я",
        "По батькові",
        "Дата народження",
        "Особовий номер",
        "Примітка від ЗСУ",
    ]
    result = map_headers(columns)
    assert result.mapping == {
        "№": "id",
        "Прізвище": "surname",
        "Ім'я": "given_name",
        "По батькові": "patronymic",
        "Дата народження": "birth_date",
        "Особовий номер": "service_number",
    }
    assert result.unknown_columns == ["Примітка від ЗСУ"]
    assert result.missing_required == []
    assert result.column_for("surname") == "Прізвище"
    assert result.column_for("rank") is None


def test_missing_id_is_reported() -> None:
    result = map_headers(["ПІБ", "Дата рождения"])
    assert result.missing_required == ["id"]


def test_second_column_for_the_same_field_is_not_used() -> None:
    result = map_headers(["id", "ПІБ", "ФИО"])
    assert result.mapping == {"id": "id", "ПІБ": "full_name"}
    assert result.duplicate_fields == {"full_name": ["ФИО"]}
    assert "ФИО" in result.unknown_columns


def test_template_wins_over_aliases_and_can_ignore_columns() -> None:
    columns = ["Код особи", "Номер", "ПІБ", "Службова відмітка"]
    template = {"Код особи": "id", "Номер": "service_number", "Службова відмітка": None}
    result = map_headers(columns, template)
    assert result.mapping == {"Код особи": "id", "Номер": "service_number", "ПІБ": "full_name"}
    assert result.ignored_columns == ["Службова відмітка"]
    assert result.unknown_columns == []


def test_template_keys_match_like_headers() -> None:
    result = map_headers(["КОД ОСОБИ "], {"код особи": "id"})
    assert result.mapping == {"КОД ОСОБИ ": "id"}


def test_template_with_unknown_field_is_refused() -> None:
    with pytest.raises(TabularError, match="not a known field") as caught:
        map_headers(["x"], {"x": "shoe_size"})
    assert caught.value.code == "bad_template"


def test_alias_table_is_extensible() -> None:
    table = DEFAULT_ALIASES.extended({"body_number": ["номер тіла", "body no"], "unit": ["бригада"]})
    result = map_headers(["id", "Номер тіла", "Бригада"], aliases=table, required=("id", "body_number"))
    assert result.mapping == {"id": "id", "Номер тіла": "body_number", "Бригада": "unit"}
    assert result.missing_required == []
    assert DEFAULT_ALIASES.lookup("Номер тіла") is None


def test_header_key_ignores_case_punctuation_and_lookalikes() -> None:
    assert header_key("П.І.Б.") == header_key("піб") == header_key("ПIБ") == header_key(" П І Б ")
    assert header_key("Ф.И.О.") == header_key("фио")
    assert header_key("Дата рождения (дд.мм.гггг)") == header_key("дата рождения")


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=30))
def test_map_headers_never_fails_on_arbitrary_headers(columns: list[str]) -> None:
    result = map_headers(columns)
    assert set(result.mapping) <= set(columns)
    assert set(result.mapping.values()) <= set(DEFAULT_ALIASES.fields)
    assert len(set(result.mapping.values())) == len(result.mapping)
