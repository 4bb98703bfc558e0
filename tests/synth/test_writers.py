"""Writers round-trip: CSV in each encoding and delimiter, header languages, XLSX read back with openpyxl."""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from cartel.synth.lists import make_list_pair
from cartel.synth.noise import CLEAN
from cartel.synth.render import COLUMNS, ListRow
from cartel.synth.writers import HEADERS, write_csv, write_truth_csv, write_xlsx


@pytest.fixture(scope="module")
def pair():
    return make_list_pair(120, 80, seed=5)


def _read_csv(path, encoding, delimiter):
    with open(path, encoding=encoding, newline="") as f:
        return list(csv.reader(f, delimiter=delimiter))


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251", "utf-16"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_round_trip_ukrainian_requests(tmp_path, pair, encoding, delimiter):
    lst = pair.requests
    path = write_csv(lst.rows, tmp_path / "requests.csv", columns=lst.columns, encoding=encoding,
                     delimiter=delimiter, header_language="uk")  # fmt: skip
    rows = _read_csv(path, encoding, delimiter)
    assert rows[0] == [HEADERS["uk"][c] for c in lst.columns]
    expected = [[getattr(r, c) for c in lst.columns] for r in lst.rows]
    assert rows[1:] == expected


def test_koi8r_round_trip_of_a_russian_registry(tmp_path):
    lst = make_list_pair(100, 50, seed=6, profile=CLEAN).registry
    path = write_csv(lst.rows, tmp_path / "registry.csv", columns=lst.columns, encoding="koi8-r",
                     delimiter=";", header_language="ru")  # fmt: skip
    rows = _read_csv(path, "koi8-r", ";")
    assert rows[0][:4] == ["Номер записи", "Фамилия", "Имя", "Отчество"]
    assert rows[1:] == [[getattr(r, c) for c in lst.columns] for r in lst.rows]


def test_byte_order_marks(tmp_path):
    rows = [ListRow("1", surname="Коваленко")]
    assert write_csv(rows, tmp_path / "a.csv", encoding="utf-8-sig").read_bytes().startswith(b"\xef\xbb\xbf")
    assert write_csv(rows, tmp_path / "b.csv", encoding="utf-16").read_bytes()[:2] in (
        b"\xff\xfe",
        b"\xfe\xff",
    )
    assert not write_csv(rows, tmp_path / "c.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_unencodable_text_raises_unless_replaced(tmp_path):
    rows = [ListRow("1", surname="Поліщук")]  # і is not in KOI8-R
    with pytest.raises(UnicodeEncodeError):
        write_csv(rows, tmp_path / "x.csv", encoding="koi8-r")
    write_csv(rows, tmp_path / "y.csv", encoding="koi8-r", errors="replace")
    assert _read_csv(tmp_path / "y.csv", "koi8-r", ",")[1][2] == "Пол?щук"


def test_english_headers_are_the_design_columns(tmp_path):
    path = write_csv([ListRow("1")], tmp_path / "e.csv")
    assert _read_csv(path, "utf-8", ",")[0] == list(COLUMNS)


def test_unknown_column_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown"):
        write_csv([ListRow("1")], tmp_path / "u.csv", columns=("id", "nickname"))


def test_single_column(tmp_path):
    path = write_csv([ListRow("7", full_name="Іван")], tmp_path / "s.csv", columns=("full_name",))
    assert _read_csv(path, "utf-8", ",") == [["full_name"], ["Іван"]]


@pytest.mark.parametrize("header_language", ["en", "uk", "ru"])
def test_xlsx_round_trip(tmp_path, pair, header_language):
    lst = pair.registry
    path = write_xlsx(lst.rows, tmp_path / "registry.xlsx", columns=lst.columns, header_language=header_language,
                      sheet_title="Реестр")  # fmt: skip
    wb = load_workbook(path, read_only=True)
    ws = wb["Реестр"]
    width = len(lst.columns)
    got = [
        (["" if v is None else v for v in row] + [""] * width)[:width]
        for row in ws.iter_rows(values_only=True)
    ]
    wb.close()
    assert got[0] == [HEADERS[header_language][c] for c in lst.columns]
    assert got[1:] == [[getattr(r, c) for c in lst.columns] for r in lst.rows]


def test_truth_csv(tmp_path, pair):
    path = write_truth_csv(pair.registry.truth, tmp_path / "truth.csv")
    rows = _read_csv(path, "utf-8", ",")
    assert rows[0] == ["record_id", "person_id"]
    assert dict(map(tuple, rows[1:])) == pair.registry.truth
