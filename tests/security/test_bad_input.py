"""Hostile and broken input: random bytes and mutated list files never crash an import, never leave half a list,
and always come back with a message; the name and date parsers take any text."""

from __future__ import annotations

import codecs
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cartel.engine.names import (
    SYSTEMS,
    name_keys,
    parse_date,
    parse_full_name,
    parse_name_fields,
    repair_homoglyphs,
    transliterate,
)

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)

VALID = (
    "id,прізвище,ім'я,по батькові,дата народження,військова частина\r\n"
    "1,Коваленко,Іван,Петрович,12.03.1991,А0001\r\n"
    "2,Шевченко,Олена,Андріївна,1988-07-01,А0002\r\n"
    "3,Kovalenko,Ivan,,3/12/1991,\r\n"
)

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


def _counts() -> tuple[int, int, int]:
    from cartel.registry.models import Person, SourceList, SourceRecord

    return SourceList.objects.count(), SourceRecord.objects.count(), Person.objects.count()


def _import(data: bytes, name: str, parties: Any, users: Any) -> Any:
    from cartel.imports.services import import_file

    return import_file(
        data=data, file_name=name, party=parties["A"], kind="registry", actor=users["a-operator"]
    )


def _all_or_nothing(outcome: Any, before: tuple[int, int, int]) -> None:
    from cartel.registry.models import SourceList

    after = _counts()
    assert outcome.message.strip(), "an import must always say what happened"
    if outcome.imported:
        created = SourceList.objects.get(pk=outcome.source_list_id)
        assert after[0] == before[0] + 1
        assert created.records.count() == outcome.rows_imported == after[1] - before[1]
    else:
        assert after == before, f"a refused import changed the database: {before} → {after}"


@given(data=st.binary(max_size=3000), name=st.sampled_from(["l.csv", "l.tsv", "l.xlsx", "l.txt", "l"]))
@FUZZ
def test_random_bytes_never_crash_or_half_import(data: bytes, name: str, parties: Any, users: Any) -> None:
    before = _counts()
    _all_or_nothing(_import(data, name, parties, users), before)


MUTATIONS = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, len(VALID)), TEXT),
    st.tuples(st.just("delete"), st.integers(0, len(VALID)), st.integers(1, 40)),
    st.tuples(
        st.just("cell"),
        st.integers(1, 3),
        st.sampled_from(["=1+1", "", '"', "\x00", "x" * 5000, ";;;", "\ufeff", "31.02.1991", "١٢/٠٣/١٩٩١"]),
    ),
    st.tuples(
        st.just("header"),
        st.sampled_from(["id,id,id", "", "surname", "прізвище,прізвище", "\x00"]),
        st.just(0),
    ),
)


def _mutate(text: str, mutation: tuple[Any, ...]) -> str:
    kind, a, b = mutation
    if kind == "insert":
        return text[:a] + b + text[a:]
    if kind == "delete":
        return text[:a] + text[a + b :]
    if kind == "cell":
        lines = text.split("\r\n")
        row = a % len(lines)  # earlier mutations may have removed lines
        cells = lines[row].split(",")
        cells[len(cells) // 2] = b
        lines[row] = ",".join(cells)
        return "\r\n".join(lines)
    lines = text.split("\r\n")
    lines[0] = a
    return "\r\n".join(lines)


@given(mutations=st.lists(MUTATIONS, min_size=1, max_size=4),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8-u"]))  # fmt: skip
@FUZZ
def test_mutated_lists_import_whole_or_not_at_all(mutations: list[Any], encoding: str, parties: Any,
                                                  users: Any) -> None:  # fmt: skip
    text = VALID
    for mutation in mutations:
        text = _mutate(text, mutation)
    data = codecs.encode(text, encoding, errors="replace")
    before = _counts()
    _all_or_nothing(_import(data, "mutated.csv", parties, users), before)


def test_the_valid_seed_imports(parties: Any, users: Any) -> None:
    """The fuzzing above starts from a file that imports cleanly."""
    outcome = _import(VALID.encode(), "seed.csv", parties, users)
    assert outcome.imported and outcome.rows_imported == 3, outcome.message


@pytest.mark.parametrize("data", [b"", b"\xff\xfe", b"PK\x03\x04" + b"\x00" * 200, b"id\r\n", b"\x00" * 1000])
def test_degenerate_files_get_a_message(data: bytes, parties: Any, users: Any) -> None:
    before = _counts()
    outcome = _import(data, "bad.xlsx" if data.startswith(b"PK") else "bad.csv", parties, users)
    assert not outcome.imported
    _all_or_nothing(outcome, before)


@given(TEXT)
@settings(max_examples=300, deadline=None, database=None)
def test_name_parsers_take_any_text(text: str) -> None:
    parts = parse_full_name(text)
    name_keys(parts)
    name_keys(parse_name_fields(surname=text, given=text[::-1], patronymic=text[:3]))
    repair_homoglyphs(text)
    for system in SYSTEMS:
        assert isinstance(transliterate(text, system), str)


@given(st.one_of(TEXT, st.from_regex(r"\d{1,4}[./ -]\d{1,2}[./ -]\d{1,4}", fullmatch=True)))
@settings(max_examples=300, deadline=None, database=None)
def test_date_parser_takes_any_text(text: str) -> None:
    parsed = parse_date(text)
    if parsed is not None:
        assert 1 <= parsed.year <= 9999
        assert parsed.month is None or 1 <= parsed.month <= 12
        assert parsed.day is None or (parsed.month is not None and 1 <= parsed.day <= 31)
        parsed.iso()
