"""Read the rows of an XLSX workbook as text cells, after checking that it cannot expand to absurd sizes.

The ZIP central directory is inspected before openpyxl opens anything: a workbook whose members claim more than
`Limits.max_uncompressed_bytes` in total, or compress better than `Limits.max_compression_ratio` to one, is
refused. Python's zipfile never returns more bytes than a member's declared size, so the check also holds for
archives that lie about their sizes. openpyxl (``read_only``) reads the workbook; the chosen sheet's cells are
streamed by the expat reader in `_sheetxml`, or by openpyxl itself when its internals are not the expected ones.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import openpyxl
from openpyxl.utils.datetime import MAC_EPOCH

from cartel.engine.tabular._sheetxml import SheetXmlError, sheet_values
from cartel.engine.tabular.errors import TabularError

if TYPE_CHECKING:
    from cartel.engine.tabular.reader import Limits

__all__ = ["XlsxRows", "cell_text", "check_zip", "excel_serial_to_date", "open_xlsx"]

_MiB = 1024 * 1024
_RATIO_FLOOR = _MiB  # members smaller than this may compress as well as they like
_MAX_MEMBERS = 10_000
_EPOCH_1900 = dt.date(1899, 12, 30)
_EPOCH_1904 = dt.date(1904, 1, 1)


@dataclass(frozen=True, slots=True, kw_only=True)
class XlsxRows:
    """The rows of one worksheet: (row number, cells as text), plus what is known about the sheet."""

    rows: Iterator[tuple[int, list[str]]]
    sheet: str
    total_rows: int | None
    date1904: bool
    notes: tuple[str, ...]


def check_zip(data: bytes, limits: Limits) -> None:
    """Refuse a ZIP container whose declared sizes or compression ratios are absurd (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise _damaged() from exc
    if len(members) > _MAX_MEMBERS:
        raise _bomb(f"it holds {len(members):,} parts")
    total = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise TabularError(
                "The workbook is encrypted, so it cannot be read. Remove the password and save it again.",
                code="encrypted",
            )
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _RATIO_FLOOR and ratio > limits.max_compression_ratio:
            raise _bomb(f"its part {member.filename} expands {ratio:,.0f} times")
    if total > limits.max_uncompressed_bytes:
        raise _bomb(f"it expands to {total / _MiB:,.0f} MB")


def open_xlsx(data: bytes, *, sheet: str | None, limits: Limits) -> XlsxRows:
    """Open a workbook and return the rows of the named sheet or of the first visible non-empty one."""
    check_zip(data, limits)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises many kinds on malformed parts
        raise _damaged() from exc
    date1904 = bool(getattr(book, "epoch", None) == MAC_EPOCH)
    names = [ws.title for ws in book.worksheets]
    if sheet is not None:
        if sheet not in names:
            raise TabularError(
                f"The workbook has no sheet named «{sheet}». Its sheets are: {', '.join(names)}.",
                code="no_such_sheet",
            )
        candidates = [book[sheet]]
    else:
        candidates = [ws for ws in book.worksheets if getattr(ws, "sheet_state", "visible") == "visible"]
    for ws in candidates:
        total = ws.max_row if isinstance(ws.max_row, int) else None
        ws.reset_dimensions()  # some writers declare A1:XFD1048576; never pad rows to that
        rows = _sheet_rows(book, ws)
        first = next(rows, None)
        if first is None:
            continue
        notes: tuple[str, ...] = ()
        if sheet is None and len(names) > 1:
            notes = (f"Read sheet «{ws.title}» of {len(names)} ({', '.join(names)}).",)
        return XlsxRows(
            rows=_chain(first, rows), sheet=ws.title, total_rows=total, date1904=date1904, notes=notes
        )
    where = f"Sheet «{sheet}»" if sheet is not None else "Every visible sheet of the workbook"
    raise TabularError(f"{where} is empty: there is nothing to import.", code="empty_file")


def cell_text(value: Any) -> str:
    """Return a cell value as text: dates as ISO, whole numbers without ".0", empty cells as ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def excel_serial_to_date(serial: float, *, date1904: bool = False) -> dt.date:
    """Return the calendar date of an Excel serial day number (1900 or 1904 date system)."""
    if date1904:
        return _EPOCH_1904 + dt.timedelta(days=int(serial))
    day = int(serial)
    if day < 1:
        raise ValueError(f"{serial} is not an Excel date serial number")
    if day < 60:  # Excel pretends 1900 was a leap year; serials before 1 March 1900 are off by one
        day += 1
    return _EPOCH_1900 + dt.timedelta(days=day)


def _sheet_rows(book: Any, ws: Any) -> Iterator[tuple[int, list[str]]]:
    """Non-blank rows as text, read by the expat fast path or, failing that, by openpyxl itself."""
    try:
        archive, part = book._archive, ws._worksheet_path
        strings, epoch = ws._shared_strings, book.epoch
        date_styles, timedelta_styles = book._date_formats, book._timedelta_formats
    except AttributeError:  # another openpyxl version: use its public reader
        yield from _openpyxl_rows(ws)
        return
    try:
        with archive.open(part) as source:
            values = sheet_values(
                source,
                strings=strings,
                date_styles=date_styles,
                timedelta_styles=timedelta_styles,
                epoch=epoch,
            )
            yield from _text_rows(values)
    except (SheetXmlError, KeyError, OSError, zipfile.BadZipFile, EOFError) as exc:
        raise _damaged() from exc


def _openpyxl_rows(ws: Any) -> Iterator[tuple[int, list[str]]]:
    try:
        yield from _text_rows(enumerate(ws.iter_rows(values_only=True), start=1))
    except TabularError:
        raise
    except Exception as exc:  # a malformed worksheet part shows up only while streaming
        raise _damaged() from exc


def _text_rows(values: Iterable[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, list[str]]]:
    for number, row in values:
        if not row:
            continue
        cells = [cell_text(value) for value in row]
        if any(cell.strip() for cell in cells):
            yield number, cells


def _chain(
    first: tuple[int, list[str]], rest: Iterator[tuple[int, list[str]]]
) -> Iterator[tuple[int, list[str]]]:
    yield first
    yield from rest


def _damaged() -> TabularError:
    return TabularError(
        "The XLSX workbook is damaged or not a real Excel file, so it cannot be read. Open it in a spreadsheet "
        "program and save it again as XLSX, or upload it as CSV.",
        code="bad_xlsx",
    )


def _bomb(detail: str) -> TabularError:
    return TabularError(
        f"The workbook was refused because {detail}, far beyond any real list (a «zip bomb» or a damaged "
        "file). If it is genuine, save its data as CSV and upload that instead.",
        code="zip_bomb",
    )
