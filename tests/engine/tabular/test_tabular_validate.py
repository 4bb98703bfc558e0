"""Row checks: ids, names, dates, over-long cells; parsed fields beside the raw cells."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from hypothesis import given, settings
from hypothesis import strategies as st

from cartel.engine.tabular import RowIssue, Table, ValidationReport, map_headers, read_table, validate_rows

TODAY = dt.date(2025, 6, 2)


def _report(text: str, kind: str = "registry", **options: object) -> ValidationReport:
    table = read_table(text.encode("utf-8"), "list.csv")
    return validate_rows(table, map_headers(table.columns), kind, today=TODAY, **options)  # type: ignore[arg-type]


def _codes(issues: list[RowIssue]) -> list[tuple[int | None, str, str]]:
    return [(issue.row_number, issue.code, issue.severity) for issue in issues]


def test_clean_list_parses_every_row() -> None:
    report = _report(
        "id;Прізвище;Ім'я;По батькові;Дата народження;Особовий номер;Стать;Звання\n"
        "A-1;Koвaлeнко;Олександр;Петрович;01.02.1990;АБ 123456;ч;солдат\n"
        "A-2;ШЕВЧЕНКО;Іван;;1991;;чол.;\n"
    )
    assert report.ok
    assert report.errors == []
    assert report.summary.total_rows == report.summary.valid_rows == 2
    first, second = report.valid_rows
    assert first.row_number == 2
    assert first.external_id == "A-1"
    assert first.raw["Прізвище"] == "Koвaлeнко"  # exactly as received (Latin K, a, e)
    assert first.fields["surname"] == "Коваленко"  # repaired
    assert first.fields["birth_date"] == "1990-02-01"
    assert first.birth_date_precision == "day"
    assert first.fields["sex"] == "M"
    assert first.fields["service_number"] == "АБ 123456"
    assert first.keys["service_number"] != first.fields["service_number"]
    assert second.birth_date == "1991"
    assert second.birth_date_precision == "year"
    assert "patronymic" not in second.fields


def test_missing_id_column_is_a_file_error() -> None:
    report = _report("ПІБ;Дата народження\nКоваленко Іван;01.02.1990\n")
    assert not report.ok
    file_issue = report.errors[0]
    assert file_issue.row_number is None
    assert file_issue.code == "no_id_column"
    assert file_issue.message.startswith("No id column: add a column named id (or №, номер")
    assert report.valid_rows == []


def test_missing_name_column_is_a_file_error_except_for_remains() -> None:
    assert "no_name_column" in [issue.code for issue in _report("id;Дата народження\n1;1990\n").errors]
    remains = _report("id;Місце виявлення\nR-1;поле\n", kind="remains")
    assert remains.ok
    assert remains.valid_rows[0].external_id == "R-1"


def test_duplicate_ids_name_both_rows() -> None:
    report = _report("№;ПІБ\n17;Коваленко Іван\n18;Петренко Петро\n17;Шевченко Тарас\n")
    duplicates = [issue for issue in report.errors if issue.code == "duplicate_id"]
    assert [issue.row_number for issue in duplicates] == [2, 4]
    assert all("rows 2 and 4" in issue.message for issue in duplicates)
    assert [row.external_id for row in report.valid_rows] == ["18"]
    assert report.summary.error_rows == 2


def test_ids_that_differ_only_by_lookalike_letters_are_duplicates() -> None:
    report = _report("id;ПІБ\nA-17;Коваленко Іван\nА 17;Шевченко Тарас\n")  # Latin A, then Cyrillic А
    assert "duplicate_id" in [issue.code for issue in report.errors]


def test_empty_id_and_no_name() -> None:
    report = _report("id;ПІБ;Прізвище\n;Коваленко Іван;\n2;;\n")
    assert _codes(report.errors) == [(2, "empty_id", "error"), (3, "no_name", "error")]
    assert report.valid_rows == []


def test_unreadable_and_absurd_dates() -> None:
    report = _report(
        "id;ПІБ;Дата народження\n"
        "1;Коваленко Іван;31.02.1990\n"
        "2;Шевченко Тарас;2031\n"
        "3;Петренко Петро;01.01.1890\n"
        "4;Бойко Андрій;весною\n"
        "5;Мельник Олег;01.03.2015\n"
        "6;Ткаченко Юрій;03/04/1990\n"
    )
    assert _codes(report.errors) == [
        (2, "bad_date", "error"),
        (3, "future_date", "error"),
        (4, "old_date", "error"),
        (5, "bad_date", "error"),
        (6, "young", "warning"),
        (7, "ambiguous_date", "warning"),
    ]
    assert "31.02.1990" in report.errors[0].message
    assert [row.external_id for row in report.valid_rows] == ["5", "6"]


def test_unreadable_date_can_be_a_warning_but_is_never_dropped_silently() -> None:
    report = _report("id;ПІБ;Дата народження\n1;Коваленко Іван;весною 1990-го\n", unparseable_date="warning")
    assert report.ok
    assert _codes(report.errors) == [(2, "bad_date", "warning")]
    row = report.valid_rows[0]
    assert row.birth_date is None
    assert row.raw["Дата народження"] == "весною 1990-го"


def test_excel_serial_in_a_date_column(xlsx_bytes: Callable[..., bytes]) -> None:
    data = xlsx_bytes({"S": [["id", "ПІБ", "Дата народження"], [1, "Коваленко Іван", 33239]]})
    table = read_table(data, "list.xlsx")
    report = validate_rows(table, map_headers(table.columns), "registry", today=TODAY)
    assert report.valid_rows[0].birth_date == "1991-01-01"
    assert _codes(report.errors) == [(2, "excel_serial", "warning")]


def test_over_long_cells_are_errors() -> None:
    long_name = "Коваленко" * 40
    report = _report(
        f"id;ПІБ;Примітки\n1;{long_name};{'x' * 20}\n2;Шевченко Тарас;{'y' * 20}\n", max_cell_chars=10
    )
    assert _codes(report.errors) == [
        (2, "too_long", "error"),
        (2, "too_long", "error"),
        (3, "too_long", "error"),
    ]
    assert "360 characters; at most 300" in report.errors[0].message


def test_unknown_columns_and_unclear_values_are_warnings() -> None:
    report = _report("id;ПІБ;Стать;Згода;Поранений;Колір очей\n1;Коваленко Іван;?;так;ні;сірі\n")
    assert report.ok
    assert _codes(report.errors) == [(None, "unknown_column", "warning"), (2, "bad_sex", "warning")]
    row = report.valid_rows[0]
    assert row.extra == {"consent": True, "seriously_wounded": False}
    assert row.raw["Колір очей"] == "сірі"


def test_shifted_row_is_an_error() -> None:
    report = _report(
        "id,ПІБ,Дата народження\n1,Коваленко Іван,01.02.1990\n2,Шевченко, Тарас,1991\n3,Бойко Андрій,1992\n"
    )
    assert (3, "ragged_row", "error") in _codes(report.errors)


def test_unknown_kind_is_a_file_error() -> None:
    report = _report("id;ПІБ\n1;Коваленко Іван\n", kind="shopping")
    assert [issue.code for issue in report.errors] == ["unknown_kind"]


def test_validates_a_table_built_by_hand() -> None:
    from cartel.engine.tabular import Rows

    columns = ["№", "ФИО"]
    table = Table(columns=columns, rows=Rows(columns, [("1", "Иванов Иван")]), row_numbers=[2], format="csv")
    report = validate_rows(table, map_headers(columns), "requests", today=TODAY)
    assert report.valid_rows[0].fields == {"full_name": "Иванов Иван"}


def test_over_long_id_is_one_error_not_two() -> None:
    report = _report(f"id;ПІБ\n{'7' * 101};Коваленко Іван\n")
    assert _codes(report.errors) == [(2, "too_long", "error")]


_CELLS = st.sampled_from(["", "1", "2", "7", "A-1", "А-1", "x" * 101])  # lookalike and over-long ids too
_NAMES = st.sampled_from(["", "Коваленко Іван", "Шевченко Тарас"])
_DATES = st.sampled_from(["", "01.02.1990", "31.02.1990", "1991", "весною", "2031", "03/04/1990"])


@given(st.lists(st.tuples(_CELLS, _NAMES, _DATES), max_size=25))
@settings(max_examples=150, deadline=None)
def test_two_pass_validation_yields_exactly_the_rows_without_errors(rows: list[tuple[str, str, str]]) -> None:
    from cartel.engine.tabular import Rows, RowValidation

    columns = ["id", "ПІБ", "Дата народження"]
    table = Table(
        columns=columns, rows=Rows(columns, rows), row_numbers=list(range(2, len(rows) + 2)), format="csv"
    )
    seen: list[int] = []
    validation = RowValidation(table, map_headers(columns), today=TODAY, on_progress=seen.append)
    streamed = list(validation.valid_rows())
    bad = {issue.row_number for issue in validation.issues if issue.severity == "error"}
    expected = [number for number in table.row_numbers if number not in bad]
    assert [row.row_number for row in streamed] == expected  # file order, each valid row once
    assert validation.summary.valid_rows == len(streamed)
    assert validation.summary.error_rows == len(bad)
    assert seen[-1] == len(rows)  # progress ends on the row count
    ids = [row.keys["id"] for row in streamed]
    assert len(ids) == len(set(ids))  # a duplicated id leaves out every row that uses it, the first one too
    assert list(validation.valid_rows()) == streamed  # the second pass can be run again
    report = validate_rows(table, map_headers(columns), today=TODAY)
    assert report.valid_rows == streamed and report.errors == validation.issues
