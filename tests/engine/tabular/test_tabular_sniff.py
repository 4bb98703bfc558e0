"""Encoding and delimiter detection on the files people really send."""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tabular_fixtures import GIVEN_RU, GIVEN_UK, SURNAMES_RU, SURNAMES_UK

from cartel.engine.tabular import TabularError, decode_bytes, sniff_delimiter

UK_LIST = "id;прізвище;ім'я\n1;Коваленко;Олександр\n2;Шевченко;Іван\n"
RU_LIST = "id,фамилия,имя,отчество\n1,Иванов,Пётр,Сергеевич\n2,Смирнова,Анна,Ивановна\n"


@pytest.mark.parametrize(
    ("data", "encoding", "had_bom"),
    [
        (UK_LIST.encode("utf-8"), "utf-8", False),
        (codecs.BOM_UTF8 + UK_LIST.encode("utf-8"), "utf-8", True),
        (codecs.BOM_UTF16_LE + UK_LIST.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + UK_LIST.encode("utf-16-be"), "utf-16-be", True),
        (UK_LIST.encode("cp1251"), "cp1251", False),
        (RU_LIST.encode("cp1251"), "cp1251", False),
        (RU_LIST.encode("koi8_r"), "koi8-r", False),
        (UK_LIST.encode("koi8_u"), "koi8-u", False),
        (b"id,name\n1,Ivan Petrenko\n", "ascii", False),
    ],
)
def test_decodes_common_encodings(data: bytes, encoding: str, had_bom: bool) -> None:
    decoded = decode_bytes(data)
    assert decoded.encoding == encoding
    assert decoded.had_bom is had_bom
    assert not decoded.text.startswith("\ufeff")
    assert "id" in decoded.text
    assert 0.0 <= decoded.confidence <= 1.0


def test_utf16_without_bom_is_recognised_by_its_null_bytes() -> None:
    text = "id\tname\r\n1\tIvan Petrenko\r\n2\tКоваленко Іван\r\n"
    assert decode_bytes(text.encode("utf-16-le")).text == text
    assert decode_bytes(text.encode("utf-16-be")).text == text


def test_excel_unicode_text_export() -> None:
    """Excel's «Unicode text» is UTF-16 LE with a BOM, tab-separated, CRLF line ends."""
    text = "№\tПІБ\tДата народження\r\n1\tКоваленко Олександр Петрович\t01.02.1990\r\n"
    decoded = decode_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert decoded.text == text
    assert sniff_delimiter(decoded.text) == "\t"


SHORT_LISTS = [
    "ПЕТРОВ;ИВАН\n",
    "1;ЛЕБЕДЕВ;ЮРИЙ\n",
    "Петров Иван\n",
    "ИВАНОВ ИВАН ИВАНОВИЧ\n",
    "1;ГРИЩЕНКО Юрій Євгенович;1990\n",
    "Коваленко\nШевченко\nПоліщук\n",
]


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(text, enc) for text in SHORT_LISTS for enc in ("cp1251", "koi8_r", "koi8_u") if _encodable(text, enc)],
)
def test_short_cyrillic_name_lists_in_cp1251_and_koi8(text: str, encoding: str) -> None:
    """charset-normalizer alone reads KOI8-R «ПЕТРОВ;ИВАН» as cp1251 «рефтпч;йчбо»; the tie-break must not."""
    assert decode_bytes(text.encode(encoding)).text == text


def test_random_short_name_lists_in_cp1251_and_koi8_are_read_back() -> None:
    rng = random.Random(7)
    surnames, given = SURNAMES_UK + SURNAMES_RU, GIVEN_UK + GIVEN_RU
    misses = []
    for _ in range(150):
        rows = []
        for number in range(1, rng.randint(1, 3) + 1):
            surname, name = rng.choice(surnames), rng.choice(given)
            if rng.random() < 0.5:
                surname = surname.upper()
            rows.append(f"{number};{surname};{name}")
        text = "\n".join(rows) + "\n"
        for encoding in ("cp1251", "koi8_u"):
            try:
                data = text.encode(encoding)
            except UnicodeEncodeError:
                continue
            if decode_bytes(data).text != text:
                misses.append((encoding, text))
    assert misses == []


def test_latin_code_pages() -> None:
    assert decode_bytes("Müller;Jürgen\n".encode("cp1252")).text == "Müller;Jürgen\n"
    assert decode_bytes("Łukasz Żółw\n".encode("cp1250")).text == "Łukasz Żółw\n"


def test_empty_file_is_refused() -> None:
    with pytest.raises(TabularError, match="empty") as caught:
        decode_bytes(b"")
    assert caught.value.code == "empty_file"


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 8,
        b"\x89PNG\r\n\x1a\n" + random.Random(1).randbytes(2000),
        b"id,name\n1,\x00\x01\x02\x03\x04\x05\x06\x07\x08\n" * 20,
    ],
)
def test_binary_junk_is_refused(data: bytes) -> None:
    with pytest.raises(TabularError) as caught:
        decode_bytes(data)
    assert caught.value.code in {"binary", "unknown_encoding"}
    assert "CSV" in str(caught.value)


def test_damaged_utf8_names_the_line() -> None:
    data = ("id;прізвище\n" + "".join(f"{i};Коваленко\n" for i in range(20))).encode("utf-8") + b"99;\xd0\n"
    with pytest.raises(TabularError, match="line 22") as caught:
        decode_bytes(data)
    assert caught.value.code == "bad_utf8"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_arbitrary_bytes_raise_only_tabular_error(data: bytes) -> None:
    try:
        decoded = decode_bytes(data)
    except TabularError:
        return
    assert isinstance(decoded.text, str)
    sniff_delimiter(decoded.text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_sniff_delimiter_never_fails(text: str) -> None:
    assert sniff_delimiter(text) in {",", ";", "\t", "|"}


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("id;name;dob\n1;Иванов, Петр;01.02.1990\n2;Петров, Иван;1990\n", ";"),
        ('id,name\n1,"Иванов; Петр"\n2,"a,b"\n', ","),
        ("id\tname\n1\tA, B\n", "\t"),
        ("a|b|c\n1|2|3\n", "|"),
        ("Список полонених\nid;ПІБ\n1;Коваленко\n2;Шевченко\n", ";"),
        ("one column only\nx\n", ","),
        ('id;note\n1;"line one\nline two; still the note"\n2;x\n', ";"),
    ],
)
def test_sniff_delimiter(text: str, delimiter: str) -> None:
    assert sniff_delimiter(text) == delimiter


cells = st.text(alphabet=st.sampled_from(list("абвгдеАБВГДabcXYZ0123 .-'")), min_size=1, max_size=12)


@settings(max_examples=80, deadline=None)
@given(
    delimiter=st.sampled_from([",", ";", "\t", "|"]),
    width=st.integers(min_value=2, max_value=8),
    rows=st.lists(st.lists(cells, min_size=8, max_size=8), min_size=1, max_size=12),
)
def test_sniff_delimiter_finds_the_delimiter_of_generated_tables(
    delimiter: str, width: int, rows: list[list[str]]
) -> None:
    text = "".join(delimiter.join(row[:width]) + "\n" for row in rows)
    header = delimiter.join(f"col{i}" for i in range(width)) + "\n"
    assert sniff_delimiter(header + text) == delimiter
