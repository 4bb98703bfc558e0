"""Write synthetic lists as real clerks hand them over: CSV in legacy encodings and XLSX, headers in any language."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Final, Literal

from cartel.synth.render import COLUMNS, ListRow

__all__ = ["HEADERS", "Encoding", "HeaderLanguage", "write_csv", "write_truth_csv", "write_xlsx"]

Encoding = Literal["utf-8", "utf-8-sig", "cp1251", "koi8-r", "utf-16"]
HeaderLanguage = Literal["en", "uk", "ru"]

# Header names as bureau clerks write them; the importer matches these case-insensitively.
HEADERS: Final[Mapping[str, Mapping[str, str]]] = {
    "en": {c: c for c in COLUMNS},
    "uk": {
        "id": "Номер запису",
        "full_name": "ПІБ",
        "surname": "Прізвище",
        "given_name": "Ім'я",
        "patronymic": "По батькові",
        "birth_date": "Дата народження",
        "birth_place": "Місце народження",
        "service_number": "Особистий номер",
        "unit": "Військова частина",
        "rank": "Військове звання",
        "sex": "Стать",
    },
    "ru": {
        "id": "Номер записи",
        "full_name": "ФИО",
        "surname": "Фамилия",
        "given_name": "Имя",
        "patronymic": "Отчество",
        "birth_date": "Дата рождения",
        "birth_place": "Место рождения",
        "service_number": "Личный номер",
        "unit": "Воинская часть",
        "rank": "Воинское звание",
        "sex": "Пол",
    },
}


def _projector(columns: Sequence[str]) -> Callable[[ListRow], Sequence[str]] | None:
    """Return a function picking `columns` out of a row, or None when all columns are kept in order."""
    if tuple(columns) == COLUMNS:
        return None
    unknown = set(columns) - set(COLUMNS)
    if unknown or not columns:
        raise ValueError(f"unknown or no columns: {sorted(unknown)}")
    idx = [COLUMNS.index(c) for c in columns]
    if len(idx) == 1:
        return lambda row: (row[idx[0]],)
    getter: Callable[[ListRow], Sequence[str]] = itemgetter(idx[0], *idx[1:])
    return getter


def write_csv(
    rows: Iterable[ListRow],
    path: str | Path,
    *,
    columns: Sequence[str] = COLUMNS,
    encoding: Encoding = "utf-8",
    delimiter: Literal[",", ";", "\t"] = ",",
    header_language: HeaderLanguage = "en",
    errors: Literal["strict", "replace"] = "strict",
) -> Path:
    """Write `rows` (only `columns`) as CSV/TSV with a header row; a character the encoding lacks raises."""
    path = Path(path)
    project = _projector(columns)
    header = [HEADERS[header_language][c] for c in columns]
    with path.open("w", encoding=encoding, newline="", errors=errors) as f:
        writer = csv.writer(f, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(header)
        if project is None:
            writer.writerows(rows)
        else:
            writer.writerows(project(row) for row in rows)
    return path


def write_xlsx(
    rows: Iterable[ListRow],
    path: str | Path,
    *,
    columns: Sequence[str] = COLUMNS,
    header_language: HeaderLanguage = "en",
    sheet_title: str = "List",
) -> Path:
    """Write `rows` (only `columns`) to a one-sheet XLSX in openpyxl's streaming write-only mode."""
    from openpyxl import Workbook  # imported here: openpyxl takes most of a second to import

    path = Path(path)
    project = _projector(columns)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=sheet_title)
    ws.append([HEADERS[header_language][c] for c in columns])
    for row in rows:
        values = row if project is None else project(row)
        ws.append([v if v else None for v in values])
    wb.save(path)
    return path


def write_truth_csv(truth: Mapping[str, str], path: str | Path) -> Path:
    """Write the ground truth as `record_id,person_id` (UTF-8)."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("record_id", "person_id"))
        writer.writerows(truth.items())
    return path
