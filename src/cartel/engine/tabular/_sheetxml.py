"""Stream the cell values of one worksheet part with expat, the way openpyxl's read-only reader does, faster.

openpyxl builds an element and a dict per cell; on a 100k-row list that is most of the import time. Here expat
callbacks fill one row at a time. Workbook-level facts (shared strings, which styles are dates, the epoch) still
come from openpyxl's read-only workbook, and values are converted with openpyxl's own date functions, so a cell
reads the same either way. A worksheet with a DOCTYPE or entity declarations is refused as damaged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterator, Sequence
from typing import IO, Any
from xml.parsers import expat

from openpyxl.utils.datetime import from_excel, from_ISO8601

__all__ = ["SheetXmlError", "sheet_values"]

_CHUNK = 1 << 16
_MAX_COLUMN = 16_384  # XFD, the last column Excel has


class SheetXmlError(ValueError):
    """The worksheet XML is malformed or declares a DTD."""


class _Handler:
    """expat callbacks collecting (row number, values) for each <row> of <sheetData>."""

    def __init__(
        self,
        strings: Sequence[str],
        date_styles: Container[int],
        timedelta_styles: Container[int],
        epoch: dt.datetime,
    ) -> None:
        self.strings = strings
        self.date_styles = date_styles
        self.timedelta_styles = timedelta_styles
        self.epoch = epoch
        self.done: list[tuple[int, list[Any]]] = []
        self.row: list[Any] = []
        self.row_number = 0
        self.column = 0
        self.kind = "n"
        self.style = 0
        self.text: list[str] | None = None
        self.value: str | None = None
        self.inline: list[str] = []
        self.in_cell = self.in_phonetic = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        name = tag.rpartition(":")[2]
        if name == "c":
            self.in_cell = True
            ref = attrs.get("r")
            self.column = _column_index(ref) if ref else self.column + 1
            if not 0 < self.column <= _MAX_COLUMN:
                raise SheetXmlError(f"cell reference {ref!r} is outside the sheet")
            self.kind = attrs.get("t", "n")
            style = attrs.get("s")
            self.style = int(style) if style else 0
            self.value = None
            self.inline = []
        elif name == "row":
            number = attrs.get("r")
            self.row_number = int(float(number)) if number else self.row_number + 1
            self.row = []
            self.column = 0
        elif self.in_cell and (name == "v" or (name == "t" and not self.in_phonetic)):
            self.text = []
        elif name == "rPh":
            self.in_phonetic = True

    def end(self, tag: str) -> None:
        name = tag.rpartition(":")[2]
        if name == "v" and self.text is not None:
            self.value = "".join(self.text)
            self.text = None
        elif name == "t" and self.text is not None:
            self.inline.append("".join(self.text))
            self.text = None
        elif name == "rPh":
            self.in_phonetic = False
        elif name == "c":
            self.in_cell = False
            value = self._value()
            if value is not None:
                missing = self.column - len(self.row)
                if missing > 0:
                    self.row.extend([None] * missing)
                self.row[self.column - 1] = value
        elif name == "row":
            if self.row:
                self.done.append((self.row_number, self.row))
            self.row = []

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def _value(self) -> Any:
        kind, value = self.kind, self.value
        if kind == "inlineStr":
            return "".join(self.inline) if self.inline else None
        if value is None or value == "":
            return None
        if kind == "n":
            number: int | float = (
                float(value) if ("." in value or "E" in value or "e" in value) else int(value)
            )
            if self.style in self.date_styles:
                try:
                    return from_excel(number, self.epoch, timedelta=self.style in self.timedelta_styles)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return number
        if kind == "s":
            return self.strings[int(value)]
        if kind == "b":
            return value.strip() not in ("0", "")
        if kind == "d":
            return from_ISO8601(value)
        return value  # "str" (a formula's text result) and "e" (an error such as #N/A)


def sheet_values(
    source: IO[bytes],
    *,
    strings: Sequence[str],
    date_styles: Container[int],
    timedelta_styles: Container[int],
    epoch: dt.datetime,
) -> Iterator[tuple[int, list[Any]]]:
    """Yield (row number, cell values by column) for every row of a worksheet part that has a value."""
    handler = _Handler(strings, date_styles, timedelta_styles, epoch)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = handler.start
    parser.EndElementHandler = handler.end
    parser.CharacterDataHandler = handler.chars
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        while chunk := source.read(_CHUNK):
            parser.Parse(chunk, False)
            if handler.done:
                yield from handler.done
                handler.done = []
        parser.Parse(b"", True)
    except (expat.ExpatError, IndexError, ValueError) as exc:
        raise SheetXmlError(str(exc)) from exc
    yield from handler.done


def _refuse(*_: object) -> None:
    raise SheetXmlError("a worksheet must not declare a DTD or entities")


def _column_index(ref: str) -> int:
    index = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            index = index * 26 + ord(ch) - 64
        elif "a" <= ch <= "z":
            index = index * 26 + ord(ch) - 96
        else:
            break
    return index
