"""Write lists out as CSV or XLSX with every text cell neutralised against formula injection.

A cell that starts with = + - @, a tab or a line break is taken by spreadsheet programs as a formula
(«=HYPERLINK(…)», «+cmd|' /C calc'!A0»), so such text is prefixed with an apostrophe, which makes the program
show it as text. Every export in Cartel goes through this module.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

__all__ = ["FORMULA_TRIGGERS", "safe_cell", "write_csv_safe", "write_xlsx"]

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")

Row = Mapping[str, Any] | Sequence[Any]


def safe_cell(value: Any) -> Any:
    """Return text that cannot be taken for a formula (prefixed with ') and any other value unchanged."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def write_csv_safe(
    rows: Iterable[Row],
    columns: Sequence[str],
    target: str | Path | IO[str],
    *,
    delimiter: str = ",",
    bom: bool = True,
) -> int:
    """Write rows (dicts or sequences in column order) as neutralised UTF-8 CSV; return the number of rows."""
    if isinstance(target, str | Path):
        with open(target, "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
            return _write_csv(rows, columns, handle, delimiter)
    if bom:
        target.write("\ufeff")
    return _write_csv(rows, columns, target, delimiter)


def _write_csv(rows: Iterable[Row], columns: Sequence[str], handle: IO[str], delimiter: str) -> int:
    writer = csv.writer(handle, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([_csv_text(safe_cell(name)) for name in columns])
    count = 0
    for row in rows:
        writer.writerow([_csv_text(safe_cell(value)) for value in _values(row, columns)])
        count += 1
    return count


def write_xlsx(
    rows: Iterable[Row],
    columns: Sequence[str],
    path_or_buffer: str | Path | IO[bytes],
    sheet_title: str = "List",
) -> int:
    """Write rows as a one-sheet XLSX (streamed, bold frozen header, text neutralised); return the number of rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_title(sheet_title))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in columns:
        cell = WriteOnlyCell(sheet, value=_xlsx_value(name))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    count = 0
    for row in rows:
        sheet.append([_xlsx_value(value) for value in _values(row, columns)])
        count += 1
    book.save(path_or_buffer)
    return count


def _values(row: Row, columns: Sequence[str]) -> Sequence[Any]:
    if isinstance(row, Mapping):
        return [row.get(name) for name in columns]
    return row


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).replace(tzinfo=None)  # Excel has no time zones
    if value is None or isinstance(value, bool | int | float | dt.date | dt.time):
        return value
    text = value if isinstance(value, str) else str(value)
    return safe_cell(_ILLEGAL_XML.sub("\ufffd", text))


def _sheet_title(title: str) -> str:
    cleaned = _SHEET_TITLE_BAD.sub("_", title).strip("'") or "List"
    return cleaned[:31]
