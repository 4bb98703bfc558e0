"""Exports cannot carry formulas: every text cell that a spreadsheet would evaluate is neutralised."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cartel.engine.tabular import read_table, safe_cell, write_csv_safe, write_xlsx

DANGEROUS = [
    '=HYPERLINK("http://example.invalid","click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
]


@pytest.mark.parametrize("value", DANGEROUS)
def test_formula_triggers_are_prefixed(value: str) -> None:
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Коваленко Олександр", "A-17", "1990-02-01", "", "it's fine", "a=b"])
def test_harmless_text_is_unchanged(value: str) -> None:
    assert safe_cell(value) == value


def test_non_text_values_pass_through() -> None:
    assert safe_cell(-5) == -5
    assert safe_cell(None) is None
    assert safe_cell(dt.date(1990, 2, 1)) == dt.date(1990, 2, 1)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30))
def test_safe_text_never_starts_a_formula(value: str) -> None:
    result = safe_cell(value)
    assert not result.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r", "\n"))
    assert result.removeprefix("'") == value or result == value


def test_csv_export_is_neutralised_and_reads_back(tmp_path: Path) -> None:
    rows = [
        {
            "id": "1",
            "full_name": "Коваленко Олександр",
            "note": DANGEROUS[0],
            "birth_date": dt.date(1990, 2, 1),
        },
        {"id": "2", "full_name": "=Шевченко", "note": None, "birth_date": None},
    ]
    path = tmp_path / "export.csv"
    assert write_csv_safe(rows, ["id", "full_name", "note", "birth_date"], path) == 2
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = read_table(data, "export.csv")
    assert table.columns == ["id", "full_name", "note", "birth_date"]
    assert table.rows[0]["note"] == "'" + DANGEROUS[0]
    assert table.rows[0]["birth_date"] == "1990-02-01"
    assert table.rows[1]["full_name"] == "'=Шевченко"


def test_csv_export_to_a_stream_with_sequences() -> None:
    buffer = io.StringIO()
    write_csv_safe([["1", "@x"]], ["id", "note"], buffer, delimiter=";", bom=False)
    assert buffer.getvalue() == "id;note\r\n1;'@x\r\n"


def test_xlsx_export_has_no_formulas() -> None:
    rows = [
        {"id": 1, "full_name": "Коваленко Олександр", "note": value, "birth_date": dt.date(1990, 2, 1)}
        for value in DANGEROUS
    ]
    rows.append({"id": 99, "full_name": "bad\x01char", "note": "=1+1", "birth_date": None})
    buffer = io.BytesIO()
    assert write_xlsx(rows, ["id", "full_name", "note", "birth_date"], buffer, sheet_title="Список: A/B") == 8
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    sheet = book.active
    assert sheet.title == "Список_ A_B"
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("id", "full_name", "note", "birth_date")
    for row in sheet.iter_rows(min_row=2):
        assert all(cell.data_type != "f" for cell in row)
    assert values[1][2] == "'" + DANGEROUS[0]
    assert values[1][3] == dt.datetime(1990, 2, 1)
    assert values[-1][1] == "bad\ufffdchar"
    assert sheet.freeze_panes == "A2"


def test_xlsx_export_reads_back_through_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    write_xlsx([["A-1", "Коваленко Олександр", dt.date(1990, 2, 1)]], ["id", "ПІБ", "Дата народження"], path)
    table = read_table(path.read_bytes(), path.name)
    assert list(table.rows) == [{"id": "A-1", "ПІБ": "Коваленко Олександр", "Дата народження": "1990-02-01"}]
