"""Read a list file (CSV, TSV, TXT or XLSX) into a table of text cells with its header and row numbers.

Every cell is kept exactly as received; only header names are trimmed. Row numbers are the ones a person sees:
the line a CSV record starts on, the row of an XLSX sheet. Blank rows are skipped, and a one-cell title row above
the real header («Список військовополонених …») is recognised and skipped.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import overload

from cartel.engine.tabular.errors import TabularError
from cartel.engine.tabular.formats import detect_kind
from cartel.engine.tabular.sniff import decode_bytes, sniff_delimiter
from cartel.engine.tabular.xlsx import check_zip, open_xlsx

__all__ = ["Limits", "ProgressCallback", "Rows", "Table", "read_table"]

ProgressCallback = Callable[[int, int | None], None]

_MB = 1_000_000
_PROGRESS_EVERY = 5_000
_TITLE_LOOKAHEAD = 10


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """How large a list file may be before it is refused."""

    max_bytes: int = 200 * _MB
    max_rows: int = 2_000_000
    max_columns: int = 200
    max_uncompressed_bytes: int = 1024 * 1024 * 1024
    max_compression_ratio: float = 100.0


class Rows(Sequence[dict[str, str]]):
    """The data rows as dicts (column → cell), built on access from compact tuples."""

    __slots__ = ("_cells", "_columns")

    def __init__(self, columns: Sequence[str], cells: Sequence[tuple[str, ...]]) -> None:
        self._columns = tuple(columns)
        self._cells = cells

    def __len__(self) -> int:
        return len(self._cells)

    @overload
    def __getitem__(self, index: int) -> dict[str, str]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, str]]: ...
    def __getitem__(self, index: int | slice) -> dict[str, str] | list[dict[str, str]]:
        if isinstance(index, slice):
            return [dict(zip(self._columns, row, strict=True)) for row in self._cells[index]]
        return dict(zip(self._columns, self._cells[index], strict=True))

    def __iter__(self) -> Iterator[dict[str, str]]:
        columns = self._columns
        for row in self._cells:
            yield dict(zip(columns, row, strict=True))

    def __repr__(self) -> str:
        return f"Rows({len(self)} rows × {len(self._columns)} columns)"


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """A list file read into text cells: columns in file order, one dict per data row, and provenance."""

    columns: list[str]
    rows: Rows
    row_numbers: list[int]
    format: str
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    date1904: bool = False
    header_row: int = 1
    ragged_rows: dict[int, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    sha256: str = ""

    @property
    def cells(self) -> Sequence[tuple[str, ...]]:
        """The data rows as tuples in column order."""
        return self.rows._cells


def read_table(
    data: bytes,
    filename: str,
    *,
    limits: Limits | None = None,
    sheet: str | None = None,
    on_progress: ProgressCallback | None = None,
) -> Table:
    """Read a CSV/TSV/TXT or XLSX list file; raise `TabularError` with advice when it cannot or must not be read."""
    limits = limits or Limits()
    if not data:
        raise TabularError("The file is empty: there is nothing to import.", code="empty_file")
    if len(data) > limits.max_bytes:
        raise TabularError(
            f"The file is {len(data) / _MB:,.1f} MB, more than the {limits.max_bytes / _MB:,.1f} MB allowed. "
            "Split the list into several files and import them one by one.",
            code="too_large",
        )
    digest = hashlib.sha256(data).hexdigest()
    if data.startswith(b"PK"):
        check_zip(data, limits)  # before anything unpacks a member
    if detect_kind(data, filename) == "xlsx":
        book = open_xlsx(data, sheet=sheet, limits=limits)
        columns, cells, numbers, header_row, ragged, notes = _build(
            book.rows, limits, book.total_rows, on_progress
        )
        return Table(
            columns=columns,
            rows=Rows(columns, cells),
            row_numbers=numbers,
            format="xlsx",
            sheet=book.sheet,
            date1904=book.date1904,
            header_row=header_row,
            ragged_rows=ragged,
            notes=[*book.notes, *notes],
            sha256=digest,
        )
    decoded = decode_bytes(data)
    delimiter = sniff_delimiter(decoded.text)
    estimate = decoded.text.count("\n") or None
    records = _csv_rows(decoded.text, delimiter)
    columns, cells, numbers, header_row, ragged, notes = _build(records, limits, estimate, on_progress)
    return Table(
        columns=columns,
        rows=Rows(columns, cells),
        row_numbers=numbers,
        format="tsv" if delimiter == "\t" else "csv",
        encoding=decoded.encoding,
        delimiter=delimiter,
        header_row=header_row,
        ragged_rows=ragged,
        notes=notes,
        sha256=digest,
    )


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield start, row
            start = reader.line_num + 1
    except csv.Error as exc:
        raise TabularError(
            f"The record that starts on line {start} cannot be read ({exc}). Most often a value opens a "
            'quote (") that never closes, so the rest of the file runs into one cell. Check that line.',
            code="bad_csv",
        ) from exc


_Built = tuple[list[str], list[tuple[str, ...]], list[int], int, dict[int, int], list[str]]


def _build(
    records: Iterable[tuple[int, list[str]]],
    limits: Limits,
    total: int | None,
    on_progress: ProgressCallback | None,
) -> _Built:
    iterator = iter(records)
    head = [record for _, record in zip(range(_TITLE_LOOKAHEAD), iterator, strict=False)]
    if not head:
        raise TabularError("The file has no rows: there is nothing to import.", code="empty_file")
    header_at = _header_index(head)
    notes = [f"Skipped {header_at} title row(s) above the header."] if header_at else []
    header_row, header = head[header_at]
    names = [cell.strip().strip("\ufeff").strip() for cell in header]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise TabularError("The header row is empty: the first row must name the columns.", code="no_header")
    _check_columns(len(names), limits)
    named = width = len(names)
    cells: list[tuple[str, ...]] = []
    numbers: list[int] = []
    ragged: dict[int, int] = {}
    for number, row in _chain(head[header_at + 1 :], iterator):
        filled = len(row)
        while filled and not row[filled - 1].strip():
            filled -= 1
        if filled > named:
            ragged[number] = filled
        if filled > width:
            _check_columns(filled, limits)
            names.extend("" for _ in range(filled - width))
            width = filled
        cells.append(tuple(row[:width]))
        numbers.append(number)
        if len(cells) > limits.max_rows:
            raise TabularError(
                f"The list has more than {limits.max_rows:,} data rows, the most one import takes. Split it "
                "into several files and import them one by one.",
                code="too_many_rows",
            )
        if on_progress is not None and len(cells) % _PROGRESS_EVERY == 0:
            on_progress(len(cells), total)
    if on_progress is not None:
        on_progress(len(cells), len(cells))
    for index, stored in enumerate(cells):
        if len(stored) != width:
            cells[index] = _fit(stored, width)
    columns = _unique_names(names, notes)
    return columns, cells, numbers, header_row, ragged, notes


def _header_index(head: list[tuple[int, list[str]]]) -> int:
    """Index of the header among the first rows: the first one, unless it is a lone title above a wider row."""
    filled = [sum(1 for cell in row if cell.strip()) for _, row in head]
    if filled[0] == 1:
        for index, count in enumerate(filled[1:], start=1):
            if count >= 2:
                return index
    return 0


def _check_columns(count: int, limits: Limits) -> None:
    if count > limits.max_columns:
        raise TabularError(
            f"The list has {count:,} columns, more than the {limits.max_columns:,} allowed. Delete the columns "
            "that are not needed, or check that the right delimiter or sheet was used.",
            code="too_many_columns",
        )


def _unique_names(names: list[str], notes: list[str]) -> list[str]:
    """Name unnamed columns column_N and make repeated names unique ("name", "name (2)")."""
    result: list[str] = []
    seen: set[str] = set()
    for position, name in enumerate(names, start=1):
        base = name or f"column_{position}"
        unique, copy = base, 1
        while unique in seen:
            copy += 1
            unique = f"{base} ({copy})"
        if name and unique != name:
            notes.append(f"Column {position} repeats the header «{name}»; it is read as «{unique}».")
        seen.add(unique)
        result.append(unique)
    return result


def _fit(row: tuple[str, ...], width: int) -> tuple[str, ...]:
    if len(row) == width:
        return row
    if len(row) > width:
        return row[:width]
    return row + ("",) * (width - len(row))


def _chain(
    first: list[tuple[int, list[str]]], rest: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    yield from first
    yield from rest
