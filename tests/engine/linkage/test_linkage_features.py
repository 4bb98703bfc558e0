"""Features: one person written in Ukrainian, Russian or Latin gets the same keys; missing stays missing."""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from cartel.engine.linkage import FEATURE_COLUMNS, build_features, record_features
from cartel.engine.linkage._keys import place_keys, rank_key, unit_key

KEYS = ("surname_fold", "given_group", "patronymic_group", "dob")


def test_cyrillic_and_latin_spellings_share_keys() -> None:
    """Коваленко Олександр Петрович in UA, RU and two romanisations gives one surname/given/patronymic key."""
    spellings = [
        {"id": "1", "full_name": "Коваленко Олександр Петрович", "birth_date": "12.03.1990"},
        {
            "id": "2",
            "surname": "Коваленко",
            "given_name": "Александр",
            "patronymic": "Петрович",
            "birth_date": "1990-03-12",
        },
        {"id": "3", "full_name": "KOVALENKO Oleksandr Petrovych", "birth_date": "1990-03-12"},
        {"id": "4", "full_name": "Kowalenko Olexandr Petrowytsch", "birth_date": "12.03.1990"},
    ]
    keys = [tuple(record_features(r)[k] for k in KEYS) for r in spellings]
    assert len(set(keys)) == 1, keys
    assert keys[0][3] == "1990-03-12"


def test_gendered_and_language_surname_forms_fold_together() -> None:
    """Ковальова/Kovaleva and Олійник/Олейник agree on the folded surname, not on the skeleton."""
    a = record_features({"id": "a", "full_name": "Ковальова Олена"})
    b = record_features({"id": "b", "full_name": "Kovaleva Elena"})
    assert a["surname_fold"] == b["surname_fold"]
    c = record_features({"id": "c", "surname": "Олійник"})
    d = record_features({"id": "d", "surname": "Олейник"})
    assert c["surname_fold"] == d["surname_fold"]
    assert c["surname_skel"] != d["surname_skel"]


def test_diminutive_keeps_the_group_but_not_the_full_name_key() -> None:
    """Саша belongs to Олександр's group yet does not count as the same full given name."""
    full = record_features({"id": "1", "full_name": "Бойко Олександр"})
    short = record_features({"id": "2", "full_name": "Бойко Саша"})
    assert short["given_group"] is None
    assert short["given_diminutive"] == full["given_diminutive"] == full["given_group"]


def test_initials_agree_across_languages() -> None:
    """ "О." matches Александр and "М." matches Николаевич: initials are folded across UA/RU."""
    initials = record_features({"id": "1", "full_name": "Коваленко О. М."})
    full = record_features({"id": "2", "full_name": "Коваленко Александр Николаевич"})
    assert initials["given_abbrev"] == full["given_initial"]
    assert initials["patronymic_abbrev"] == full["patronymic_initial"]
    assert full["given_abbrev"] is None


def test_birth_date_forms() -> None:
    """A full date gives its swapped twin when day ≤ 12; a bare year gives only the year."""
    swapped = record_features({"id": "1", "surname": "Бойко", "birth_date": "04.03.1985"})
    assert (swapped["dob"], swapped["dob_swapped"], swapped["dob_year"]) == ("1985-03-04", "1985-04-03", 1985)
    assert swapped["dob_ym"] == "1985-03" and swapped["dob_md"] == "03-04"
    late = record_features({"id": "2", "surname": "Бойко", "birth_date": "25.03.1985"})
    assert late["dob_swapped"] is None
    year = record_features({"id": "3", "surname": "Бойко", "birth_date": "1985"})
    assert (year["dob"], year["dob_year"], year["dob_ym"]) == (None, 1985, None)


def test_missing_and_unusable_fields_are_null() -> None:
    """Empty cells, digits-only names and nonsense dates leave keys empty, never as evidence."""
    f = record_features({"id": "x", "full_name": "  ", "birth_date": "unknown", "unit": "", "sex": ""})
    assert f["name_empty"] is True
    for column in FEATURE_COLUMNS:
        if column not in ("id", "name_empty"):
            assert f[column] is None, column


def test_identifier_keys_ignore_labels_and_lookalikes() -> None:
    """«в/ч А-1234» (Cyrillic А) and "mil. unit A 1234" give one unit code."""
    assert unit_key("в/ч А-1234") == unit_key("mil. unit A 1234") == unit_key("А1234") == "A1234"
    a = record_features({"id": "1", "surname": "Бойко", "service_number": "АР 123456"})
    b = record_features({"id": "2", "surname": "Бойко", "service_number": "ap-123456"})
    assert a["service_key"] == b["service_key"]


def test_rank_and_place_keys_cross_languages() -> None:
    """солдат = рядовой, головний сержант = старшина; Миколаївка and Nikolayevka share a place key."""
    assert rank_key("солдат") == rank_key("рядовой") == rank_key("soldat")
    assert rank_key("головний сержант") == rank_key("старшина")
    assert rank_key("молодший сержант") == rank_key("младший сержант") != rank_key("сержант")
    assert place_keys("с. Миколаївка")[1] == place_keys("Nikolayevka")[1]
    assert place_keys("пгт Подгородное")[1] == place_keys("смт Підгороднє")[1]


def test_digits_read_as_letters_inside_names() -> None:
    """B0NDARENKO is read as BONDARENKO in a full name; the service number keeps its digits."""
    f = record_features({"id": "1", "full_name": "B0NDARENKO Oleksandr"})
    g = record_features({"id": "2", "full_name": "Бондаренко Олександр"})
    assert f["surname_skel"] == g["surname_skel"]
    h = record_features(
        {"id": "3", "surname": "B0NDARENKO", "given_name": "O1EKSANDR", "service_number": "АР 0013015"}
    )
    assert (h["surname_skel"], h["given_group"]) == (g["surname_skel"], g["given_group"])
    assert h["service_key"] == "AP0013015"


def test_rank_before_the_name_is_no_part_of_it() -> None:
    """«ст. лейтенант Коваленко Іван» has the same name keys as «Коваленко Іван»."""
    f = record_features({"id": "1", "full_name": "ст. лейтенант Коваленко Іван"})
    g = record_features({"id": "2", "full_name": "Коваленко Іван"})
    assert (
        (f["surname_skel"], f["given_group"])
        == (g["surname_skel"], g["given_group"])
        == ("kovalenko", "ivan")
    )


@dataclass(frozen=True)
class Row:
    """A ParsedRow look-alike, as the tabular reader returns."""

    external_id: str
    fields: dict[str, str]


def test_parsed_rows_and_dicts_give_the_same_table() -> None:
    """Reader rows (external_id + fields) and plain dicts are both accepted; order is kept."""
    dicts = [{"id": str(i), "full_name": name} for i, name in enumerate(["Бойко Іван", "Мельник Петро"])]
    rows = [Row(external_id=d["id"], fields={"full_name": d["full_name"]}) for d in dicts]
    a, b = build_features(dicts), build_features(rows)
    assert a.equals(b)
    assert a["id"].to_pylist() == ["0", "1"]
    assert isinstance(a, pa.Table) and set(FEATURE_COLUMNS) <= set(a.column_names)


def test_features_after_duckdb_ran_here_come_in_order_with_progress() -> None:
    """A process that has run DuckDB's threads builds features too (forked workers used to crash there), slice by
    slice in input order, saying how far it got."""
    import duckdb

    duckdb.connect().execute("SELECT count(*) FROM range(3000000) t(x) WHERE x % 7 = 1").fetchall()
    records = [{"id": str(i), "full_name": f"Бойко Іван {i % 7}", "birth_date": f"0{1 + i % 9}.02.1990"}
               for i in range(45_000)]  # fmt: skip
    told: list[tuple[int, int]] = []
    table = build_features(records, on_progress=lambda done, total: told.append((done, total)))
    assert table["id"].to_pylist() == [str(i) for i in range(45_000)]
    assert told == [(20_000, 45_000), (40_000, 45_000), (45_000, 45_000)]


def test_empty_input_gives_empty_table() -> None:
    """No records, no rows, same columns."""
    table = build_features([])
    assert table.num_rows == 0 and set(FEATURE_COLUMNS) <= set(table.column_names)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["full_name", "surname", "given_name", "patronymic", "birth_date", "birth_place",
                     "service_number", "unit", "rank", "sex"]),
    st.text(max_size=40),
))  # fmt: skip
def test_any_cell_text_gives_features_without_error(cells: dict[str, str]) -> None:
    """Whatever a clerk typed, feature extraction returns a full row and never raises."""
    f = record_features({"id": "r", **cells})
    assert set(FEATURE_COLUMNS) <= set(f)
    assert f["dob_year"] is None or 1850 <= f["dob_year"] <= 2100
