"""Noisy synthetic lists, written as clerks hand them over, are read, mapped and validated without errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cartel.engine.tabular import map_headers, read_table, validate_rows
from cartel.synth import ListPair, make_list_pair, write_csv, write_xlsx


@pytest.fixture(scope="module")
def pair() -> ListPair:
    return make_list_pair(300, 200, seed=11)


@pytest.mark.parametrize(
    ("which", "language", "encoding", "delimiter"),
    [
        ("registry", "ru", "koi8-r", ";"),
        ("registry", "ru", "cp1251", "\t"),
        ("registry", "en", "utf-16", ","),
        ("requests", "uk", "cp1251", ";"),
        ("requests", "uk", "utf-8-sig", ","),
        ("requests", "ru", "utf-8", "\t"),
    ],
)
def test_synthetic_csv_lists(
    pair: ListPair, tmp_path: Path, which: str, language: str, encoding: str, delimiter: str
) -> None:
    synth = pair.registry if which == "registry" else pair.requests
    path = tmp_path / "list.csv"
    write_csv(
        synth.rows,
        path,
        columns=synth.columns,
        encoding=encoding,  # type: ignore[arg-type]
        delimiter=delimiter,  # type: ignore[arg-type]
        header_language=language,  # type: ignore[arg-type]
        errors="replace",
    )
    table = read_table(path.read_bytes(), path.name)
    assert table.delimiter == delimiter
    assert table.encoding == {"utf-16": "utf-16-le", "utf-8-sig": "utf-8"}.get(encoding, encoding)
    mapping = map_headers(table.columns)
    assert sorted(mapping.mapping.values()) == sorted(synth.columns)
    report = validate_rows(table, mapping, synth.kind)
    assert [issue for issue in report.errors if issue.severity == "error"] == []
    assert [row.external_id for row in report.valid_rows] == [row.id for row in synth.rows]


def test_synthetic_xlsx_list(pair: ListPair, tmp_path: Path) -> None:
    path = write_xlsx(
        pair.registry.rows, tmp_path / "list.xlsx", columns=pair.registry.columns, header_language="uk"
    )
    table = read_table(path.read_bytes(), path.name)
    report = validate_rows(table, map_headers(table.columns), "registry")
    assert report.ok
    assert len(report.valid_rows) == len(pair.registry.rows)
