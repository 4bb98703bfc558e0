"""Reading CSV/TSV/XLSX list files into tables, and refusing the files that must not be read."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import zipfile
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tabular_fixtures import GIVEN_RU, GIVEN_UK, LATIN, SURNAMES_RU, SURNAMES_UK, handmade_xlsx

from cartel.engine.tabular import Limits, TabularError, excel_serial_to_date, read_table


def test_csv_in_cp1251_with_title_row_blank_rows_and_quoted_delimiter() -> None:
    text = (
        "Список полонених\n\n"
        "id;ПІБ;дата народження\n"
        "1;Коваленко Олександр;01.02.1990\n\n"
        '2;"Шевченко; Іван";1991\n'
    )
    table = read_table(text.encode("cp1251"), "list.csv")
    assert table.format == "csv"
    assert table.encoding == "cp1251"
    assert table.delimiter == ";"
    assert table.header_row == 3
    assert table.columns == ["id", "ПІБ", "дата народження"]
    assert list(table.rows) == [
        {"id": "1", "ПІБ": "Коваленко Олександр", "дата народження": "01.02.1990"},
        {"id": "2", "ПІБ": "Шевченко; Іван", "дата народження": "1991"},
    ]
    assert table.row_numbers == [4, 6]
    assert table.notes
    assert len(table.sha256) == 64


def test_row_numbers_are_the_lines_records_start_on() -> None:
    text = 'id,note\n1,"two\nlines"\n2,x\n'
    table = read_table(text.encode(), "a.csv")
    assert table.row_numbers == [2, 4]
    assert table.rows[0]["note"] == "two\nlines"


def test_cells_are_kept_exactly_and_short_rows_are_padded() -> None:
    table = read_table(b"id,name,unit\n 7 ,  Ivan Petrenko ,\n8,x\n", "a.csv")
    assert table.rows[0] == {"id": " 7 ", "name": "  Ivan Petrenko ", "unit": ""}
    assert table.rows[1] == {"id": "8", "name": "x", "unit": ""}


def test_excel_unicode_text_is_read_as_tsv() -> None:
    text = "№\tПІБ\r\n1\tКоваленко Олександр\r\n2\tИванов Иван\r\n"
    table = read_table(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "list.txt")
    assert table.format == "tsv"
    assert table.encoding == "utf-16-le"
    assert table.columns == ["№", "ПІБ"]
    assert [row["ПІБ"] for row in table.rows] == ["Коваленко Олександр", "Иванов Иван"]


def test_koi8r_file_is_read() -> None:
    text = "id,фамилия,имя\n1,ПЕТРОВ,ИВАН\n2,ЛЕБЕДЕВ,ЮРИЙ\n"
    table = read_table(text.encode("koi8_r"), "list.csv")
    assert table.encoding == "koi8-r"
    assert table.rows[1]["фамилия"] == "ЛЕБЕДЕВ"


def test_repeated_and_missing_header_names_are_made_unique() -> None:
    table = read_table(b"id,name,name,,x\n1,a,b,c,d\n", "a.csv")
    assert table.columns == ["id", "name", "name (2)", "column_4", "x"]
    assert table.rows[0]["column_4"] == "c"


def test_ragged_rows_are_recorded() -> None:
    table = read_table(b"id,name\n1,Ivan\n2,Petrenko, Ivan\n", "a.csv")
    assert table.ragged_rows == {3: 3}
    assert table.columns == ["id", "name", "column_3"]
    assert table.rows[1] == {"id": "2", "name": "Petrenko", "column_3": " Ivan"}


def test_unclosed_quote_is_explained() -> None:
    data = b'id,name\n1,"Ivan\n' + b"2,x\n" * 10 + b"x" * 140_000 + b"\n"
    with pytest.raises(TabularError, match="line 2") as caught:
        read_table(data, "a.csv")
    assert caught.value.code == "bad_csv"


def test_progress_is_reported() -> None:
    data = ("id,name\n" + "".join(f"{i},Ivan\n" for i in range(12_000))).encode()
    calls: list[tuple[int, int | None]] = []
    read_table(data, "a.csv", on_progress=lambda done, total: calls.append((done, total)))
    assert [done for done, _ in calls] == [5_000, 10_000, 12_000]
    assert calls[-1] == (12_000, 12_000)


@pytest.mark.parametrize(
    ("data", "limits", "code"),
    [
        (b"", Limits(), "empty_file"),
        (b"\n\n  \n", Limits(), "empty_file"),
        (b"id,name\n" + b"1,x\n" * 100, Limits(max_bytes=200), "too_large"),
        (b"id,name\n" + b"1,x\n" * 11, Limits(max_rows=10), "too_many_rows"),
        (b",".join(b"c%d" % i for i in range(12)) + b"\n1,2\n", Limits(max_columns=10), "too_many_columns"),
        (b"id,name\n1,2,3,4,5,6,7,8,9,10,11,12\n", Limits(max_columns=10), "too_many_columns"),
    ],
)
def test_limits_and_empty_files_are_refused(data: bytes, limits: Limits, code: str) -> None:
    with pytest.raises(TabularError) as caught:
        read_table(data, "a.csv", limits=limits)
    assert caught.value.code == code
    assert str(caught.value)


XML_2003 = b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">'


@pytest.mark.parametrize(
    ("data", "filename", "code", "advice"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old.xls", "xls", "XLSX"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "EncryptionInfo".encode("utf-16-le"),
            "secret.xlsx",
            "encrypted",
            "password",
        ),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "list.pdf", "pdf", "CSV"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "export.xls", "html", "XLSX"),
        (b"\xef\xbb\xbf<!DOCTYPE html>\n<html>", "export.csv", "html", "CSV"),
        (XML_2003, "a.xml", "xml_spreadsheet", "XLSX"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 20, "list.csv.gz", "archive", "Unpack"),
    ],
)
def test_unreadable_formats_are_refused_with_advice(
    data: bytes, filename: str, code: str, advice: str
) -> None:
    with pytest.raises(TabularError) as caught:
        read_table(data, filename)
    assert caught.value.code == code
    assert advice in str(caught.value)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_ods_docx_and_plain_zip_are_refused() -> None:
    ods = _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"})
    with pytest.raises(TabularError, match="save it as XLSX") as caught:
        read_table(ods, "list.ods")
    assert caught.value.code == "ods"
    with pytest.raises(TabularError) as caught:
        read_table(_zip({"word/document.xml": b"<x/>"}), "list.docx")
    assert caught.value.code == "document"
    with pytest.raises(TabularError) as caught:
        read_table(_zip({"list.csv": b"id\n1\n"}), "list.zip")
    assert caught.value.code == "archive"
    with pytest.raises(TabularError) as caught:
        read_table(b"PK\x03\x04 truncated", "list.xlsx")
    assert caught.value.code == "bad_xlsx"


def test_xlsx_values_become_text(xlsx_bytes: Callable[..., bytes]) -> None:
    data = xlsx_bytes(
        {
            "Полонені": [
                ["id", "Прізвище", "Дата народження", "Особовий номер", "Зріст", "Поранений", "Серійна дата"],
                [1, "Коваленко", dt.datetime(1990, 2, 1), 12345678.0, 1.75, True, 33240],
                ["A-2", "Шевченко", dt.date(1991, 3, 4), None, None, False, None],
            ]
        }
    )
    table = read_table(data, "list.xlsx")
    assert table.format == "xlsx"
    assert table.sheet == "Полонені"
    assert table.encoding is None
    assert table.rows[0] == {
        "id": "1",
        "Прізвище": "Коваленко",
        "Дата народження": "1990-02-01",
        "Особовий номер": "12345678",
        "Зріст": "1.75",
        "Поранений": "TRUE",
        "Серійна дата": "33240",
    }
    assert table.rows[1]["Дата народження"] == "1991-03-04"
    assert table.rows[1]["Особовий номер"] == ""
    assert table.row_numbers == [2, 3]


def test_xlsx_first_visible_non_empty_sheet_or_named_sheet(xlsx_bytes: Callable[..., bytes]) -> None:
    data = xlsx_bytes(
        {
            "Порожній": [],
            "Приховано": [["id"], ["h"]],
            "Список": [["id", "name"], [None, None], ["7", "Ivan"]],
        },
        hidden=["Приховано"],
    )
    table = read_table(data, "list.xlsx")
    assert table.sheet == "Список"
    assert table.row_numbers == [3]
    assert any("Список" in note for note in table.notes)
    assert read_table(data, "list.xlsx", sheet="Приховано").rows[0] == {"id": "h"}
    with pytest.raises(TabularError, match="Порожній, Приховано, Список") as caught:
        read_table(data, "list.xlsx", sheet="Немає")
    assert caught.value.code == "no_such_sheet"
    with pytest.raises(TabularError) as caught:
        read_table(xlsx_bytes({"Аркуш1": []}), "empty.xlsx")
    assert caught.value.code == "empty_file"


def test_xlsx_renamed_to_csv_is_still_read(xlsx_bytes: Callable[..., bytes]) -> None:
    data = xlsx_bytes({"S": [["id", "name"], [1, "Ivan"]]})
    assert read_table(data, "list.csv").format == "xlsx"


def test_xlsx_zip_bomb_is_refused_before_opening(xlsx_bytes: Callable[..., bytes]) -> None:
    """A member that expands a thousand times is refused from the ZIP directory alone."""
    good = xlsx_bytes({"S": [["id", "name"], [1, "Ivan"]]})
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["xl/media/padding.bin"] = b"\x00" * (8 * 1024 * 1024)
    bomb = _zip(members)
    assert len(bomb) < 100_000
    with pytest.raises(TabularError, match="expands") as caught:
        read_table(bomb, "bomb.xlsx")
    assert caught.value.code == "zip_bomb"
    with pytest.raises(TabularError) as caught:
        read_table(good, "ok.xlsx", limits=Limits(max_uncompressed_bytes=1000))
    assert caught.value.code == "zip_bomb"


def test_xlsx_row_and_column_limits(xlsx_bytes: Callable[..., bytes]) -> None:
    rows = [["id", "name"], *([i, "Ivan"] for i in range(20))]
    with pytest.raises(TabularError) as caught:
        read_table(xlsx_bytes({"S": rows}), "a.xlsx", limits=Limits(max_rows=10))
    assert caught.value.code == "too_many_rows"
    wide = [[f"c{i}" for i in range(30)], list(range(30))]
    with pytest.raises(TabularError) as caught:
        read_table(xlsx_bytes({"S": wide}), "a.xlsx", limits=Limits(max_columns=20))
    assert caught.value.code == "too_many_columns"


def test_damaged_xlsx_is_refused(xlsx_bytes: Callable[..., bytes]) -> None:
    good = xlsx_bytes({"S": [["id"], [1]]})
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["xl/worksheets/sheet1.xml"] = b"<worksheet><sheetData><row><c"
    with pytest.raises(TabularError) as caught:
        read_table(_zip(members), "bad.xlsx")
    assert caught.value.code == "bad_xlsx"


@pytest.mark.parametrize(
    ("serial", "date1904", "expected"),
    [
        (1, False, dt.date(1900, 1, 1)),
        (59, False, dt.date(1900, 2, 28)),
        (61, False, dt.date(1900, 3, 1)),
        (33239, False, dt.date(1991, 1, 1)),
        (33239.75, False, dt.date(1991, 1, 1)),
        (0, True, dt.date(1904, 1, 1)),
        (31777, True, dt.date(1991, 1, 1)),
    ],
)
def test_excel_serial_to_date(serial: float, date1904: bool, expected: dt.date) -> None:
    assert excel_serial_to_date(serial, date1904=date1904) == expected


names = st.sampled_from(SURNAMES_UK + SURNAMES_RU + GIVEN_UK + GIVEN_RU + LATIN)
cell = st.one_of(
    names,
    names.map(str.upper),
    st.builds(lambda a, b: f"{a} {b}", names, names),
    st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2007, 1, 1)).map(
        lambda d: d.strftime("%d.%m.%Y")
    ),
    st.just(""),
    st.sampled_from(["Коваленко, Олександр", 'О"Коннор', "рядок\nдругий", "  пробіли  ", "a;b|c\td"]),
)
HEADERS = ["id", "прізвище", "ім'я", "по батькові", "дата народження", "фамилия", "имя", "name"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8_r", "koi8_u"]),
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    width=st.integers(min_value=2, max_value=len(HEADERS)),
    body=st.lists(st.lists(cell, min_size=len(HEADERS), max_size=len(HEADERS)), min_size=1, max_size=15),
)
def test_generated_tables_read_back_identically(
    encoding: str, delimiter: str, width: int, body: list[list[str]]
) -> None:
    columns = HEADERS[:width]
    rows = [[str(number), *row[1:width]] for number, row in enumerate(body, start=1)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(rows)
    text = buffer.getvalue()
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    table = read_table(data, "generated.csv")
    assert table.delimiter == delimiter
    assert table.columns == columns
    assert [list(row.values()) for row in table.rows] == rows


def test_zip_bomb_without_a_workbook_part_is_called_a_zip_bomb() -> None:
    """The ZIP directory is checked before anything looks inside, whatever the archive claims to be."""
    with pytest.raises(TabularError) as caught:
        read_table(_zip({"xl/worksheets/sheet1.xml": b"<" + b"a" * (4 * 1024 * 1024) + b">"}), "bomb.xlsx")
    assert caught.value.code == "zip_bomb"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=st.sampled_from(
        [b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xef\xbb\xbf", b"\xff\xfe"]
    ),
    body=st.binary(max_size=2000),
    filename=st.sampled_from(["a.csv", "a.xlsx", "a.txt", "a"]),
)
def test_arbitrary_bytes_never_raise_anything_but_tabular_error(
    prefix: bytes, body: bytes, filename: str
) -> None:
    try:
        table = read_table(prefix + body, filename, limits=Limits(max_columns=50))
    except TabularError as exc:
        assert exc.code and str(exc)
        return
    assert len(table.rows) == len(table.row_numbers)
    assert all(len(row) == len(table.columns) for row in table.cells)


SHARED = [
    "<si><t>id</t></si>",
    "<si><t>ПІБ</t></si>",
    "<si><t>Дата народження</t></si>",
    "<si><t>Зріст</t></si>",
    "<si><t>Поранений</t></si>",
    "<si><t>Примітки</t></si>",
    '<si><r><t xml:space="preserve">Коваленко </t></r><r><rPr><b/></rPr><t>Олександр</t></r>'
    '<rPh sb="0" eb="1"><t>фонетика</t></rPh></si>',
    '<si><t xml:space="preserve">  пробіли </t></si>',
]
SHEET = (
    '<x:row r="1">'
    + "".join(f'<x:c r="{col}1" t="s"><x:v>{i}</x:v></x:c>' for i, col in enumerate("ABCDEF"))
    + "</x:row>"
    '<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c><x:c r="B2" t="s"><x:v>6</x:v></x:c>'
    '<x:c r="C2" s="1"><x:v>33239</x:v></x:c><x:c r="D2"><x:v>1.75</x:v></x:c>'
    '<x:c r="E2" t="b"><x:v>1</x:v></x:c><x:c r="F2" t="e"><x:v>#N/A</x:v></x:c></x:row>'
    '<x:row r="4"><x:c><x:v>2</x:v></x:c><x:c t="inlineStr"><x:is><x:t>Шевченко Іван</x:t></x:is></x:c>'
    '<x:c s="2"><x:v>33240.5</x:v></x:c><x:c t="str"><x:f>UPPER("x")</x:f><x:v>X</x:v></x:c>'
    '<x:c t="b"><x:v>0</x:v></x:c><x:c s="3"><x:v>1.5</x:v></x:c></x:row>'
    '<x:row r="5"><x:c r="A5" t="s"><x:v>7</x:v></x:c><x:c r="C5" t="d"><x:v>1990-02-01T00:00:00</x:v></x:c>'
    '<x:c r="D5" s="1"/><x:c r="F5"><x:v>1E+16</x:v></x:c></x:row>'
    '<x:row r="6"><x:c r="B6"><x:v></x:v></x:c></x:row>'
)
EXPECTED = [
    {"id": "1", "ПІБ": "Коваленко Олександр", "Дата народження": "1991-01-01", "Зріст": "1.75",
     "Поранений": "TRUE", "Примітки": "#N/A"},
    {"id": "2", "ПІБ": "Шевченко Іван", "Дата народження": "1991-01-02T12:00:00", "Зріст": "X",
     "Поранений": "FALSE", "Примітки": "1 day, 12:00:00"},
    {"id": "  пробіли ", "ПІБ": "", "Дата народження": "1990-02-01", "Зріст": "", "Поранений": "",
     "Примітки": "1e+16"},
]  # fmt: skip


def test_xlsx_as_excel_writes_it() -> None:
    """Shared strings, rich text, phonetic runs, prefixed tags, cells without references, every value type."""
    table = read_table(handmade_xlsx(SHEET, SHARED), "excel.xlsx")
    assert table.columns == list(EXPECTED[0])
    assert list(table.rows) == EXPECTED
    assert table.row_numbers == [2, 4, 5]


def test_fast_sheet_reader_agrees_with_openpyxl() -> None:
    import openpyxl

    from cartel.engine.tabular import xlsx

    for data in (handmade_xlsx(SHEET, SHARED), handmade_xlsx(SHEET, SHARED, date1904=True)):
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()
        assert list(xlsx._sheet_rows(book, sheet)) == list(xlsx._openpyxl_rows(sheet))


@pytest.mark.parametrize(
    "sheet_data",
    [
        '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c>',  # cut short
        '<x:row r="1"><x:c r="ZZZZZZ1"><x:v>1</x:v></x:c></x:row>',  # beyond the last column
        '<x:row r="1"><x:c r="A1" t="s"><x:v>99</x:v></x:c></x:row>',  # no such shared string
    ],
)
def test_malformed_worksheet_is_refused(sheet_data: str) -> None:
    with pytest.raises(TabularError) as caught:
        read_table(handmade_xlsx(sheet_data), "bad.xlsx")
    assert caught.value.code == "bad_xlsx"


def test_worksheet_with_entities_is_refused() -> None:
    data = handmade_xlsx('<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>')
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = members["xl/worksheets/sheet1.xml"].decode()
    members["xl/worksheets/sheet1.xml"] = sheet.replace(
        "<x:worksheet", '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]><x:worksheet', 1
    ).encode()
    with pytest.raises(TabularError) as caught:
        read_table(_zip(members), "entities.xlsx")
    assert caught.value.code == "bad_xlsx"
