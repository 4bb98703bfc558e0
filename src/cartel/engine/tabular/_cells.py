"""Parsing and checking the cells of one row: names repaired, birth date to ISO, sex and yes/no flags read."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache

from cartel.engine.names.dates import ParsedDate, parse_date
from cartel.engine.tabular._text import normalize_id, repair_text
from cartel.engine.tabular.headers import HeaderMapping
from cartel.engine.tabular.reader import Table
from cartel.engine.tabular.results import ParsedRow, RowIssue, Severity, error, warning
from cartel.engine.tabular.xlsx import excel_serial_to_date

__all__ = ["FIELD_MAX_CHARS", "NAME_FIELDS", "RowChecker"]

NAME_FIELDS = ("full_name", "surname", "given_name")
# Longest text each field may hold; longer cells are errors, not silently cut.
FIELD_MAX_CHARS: Mapping[str, int] = {
    "id": 100, "full_name": 300, "surname": 120, "given_name": 120, "patronymic": 120, "birth_date": 40,
    "birth_place": 200, "service_number": 64, "unit": 200, "rank": 100, "sex": 20,
}  # fmt: skip
_SEX = {
    "M": ("m", "male", "man", "ч", "чол", "чоловік", "чоловіча", "м", "муж", "мужской", "мужчина", "1"),
    "F": ("f", "female", "woman", "ж", "жін", "жінка", "жіноча", "жен", "женский", "женщина", "2"),
}
_SEX_KEYS = {alias: code for code, aliases in _SEX.items() for alias in aliases}
_YES = frozenset({"yes", "y", "true", "1", "+", "так", "т", "да", "д", "є", "есть", "x", "х", "v", "✓"})
_NO = frozenset({"no", "n", "false", "0", "-", "ні", "н", "нет", "немає", "нема"})
_SERIAL_RE = re.compile(r"\d{5}(?:\.0+)?")
_SPACES_RE = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def _date(text: str) -> ParsedDate | None:
    """Birth dates repeat across a long list; parse each spelling once."""
    return parse_date(text)


class RowChecker:
    """Parses and checks one row at a time against the mapping."""

    def __init__(
        self,
        table: Table,
        mapping: HeaderMapping,
        needs_name: bool,
        unparseable_date: Severity,
        today: dt.date,
        max_cell_chars: int,
    ) -> None:
        self.columns = [(column, mapping.mapping.get(column)) for column in table.columns]
        self.id_column = mapping.column_for("id")
        self.name_columns = [column for column, name in self.columns if name in NAME_FIELDS]
        self.needs_name = needs_name
        self.date_severity = unparseable_date
        self.today = today
        self.max_cell_chars = max_cell_chars
        self.xlsx = table.format == "xlsx"
        self.date1904 = table.date1904

    def check(self, number: int, raw: dict[str, str]) -> tuple[ParsedRow | None, list[RowIssue]]:
        """Return the parsed row (None without an id) and the row's issues, except duplicate ids."""
        issues: list[RowIssue] = []
        fields: dict[str, str] = {}
        extra: dict[str, bool | None] = {}
        for column, name in self.columns:
            cell = raw[column]
            limit = FIELD_MAX_CHARS.get(name or "", self.max_cell_chars)
            if len(cell) > limit:
                message = f"The cell is too long ({len(cell):,} characters; at most {limit:,})."
                issues.append(error(number, column, message, "too_long"))
                continue
            if name is None or not cell.strip():
                continue
            text = _SPACES_RE.sub(" ", cell).strip()
            if name == "birth_date":
                self._birth_date(number, column, text, fields, issues)
            elif name == "sex":
                if sex := self._sex(number, column, text, issues):
                    fields["sex"] = sex
            elif name in ("wounded", "consent"):
                flag = self._flag(number, column, text, issues)
                extra["seriously_wounded" if name == "wounded" else name] = flag
                if flag is not None:
                    fields[name] = "yes" if flag else "no"
            elif name in ("id", "service_number"):
                fields[name] = text  # kept as written; its comparison key goes to `keys`
            else:
                fields[name] = repair_text(text)
        if self.needs_name and not any(raw[column].strip() for column in self.name_columns):
            issues.append(
                error(number, None, "No name: fill the full name or the surname and given name.", "no_name")
            )
        external_id = fields.pop("id", "")
        if self.id_column is None:
            return None, issues
        if not external_id:
            if not raw[self.id_column].strip():  # an over-long id already has its own error
                issues.append(
                    error(number, self.id_column, "Empty id: every row needs its own id.", "empty_id")
                )
            return None, issues
        keys = {"id": normalize_id(external_id)}
        if fields.get("service_number"):
            keys["service_number"] = normalize_id(fields["service_number"])
        row = ParsedRow(
            row_number=number, external_id=external_id, raw=raw, fields=fields, keys=keys, extra=extra
        )
        return row, issues

    def _birth_date(
        self, number: int, column: str, text: str, fields: dict[str, str], issues: list[RowIssue]
    ) -> None:
        parsed = _date(text)
        if parsed is None and self.xlsx and _SERIAL_RE.fullmatch(text):
            day = excel_serial_to_date(float(text), date1904=self.date1904)
            parsed = parse_date(day.isoformat())
            message = f"The Excel day number {text} is read as {day.isoformat()}; check it."
            issues.append(warning(number, column, message, "excel_serial"))
        if parsed is None:
            message = f"«{text}» is not a valid date (write it as dd.mm.yyyy, yyyy-mm-dd or a year)."
            issues.append(RowIssue(row_number=number, column=column, message=message, severity=self.date_severity,
                                   code="bad_date"))  # fmt: skip
            return
        iso, precision = parsed.iso(), str(parsed.precision)
        if parsed.ambiguous_day_month:
            message = f"In «{text}» day and month could be either way round; read as {iso}."
            issues.append(warning(number, column, message, "ambiguous_date"))
        year = parsed.year
        if iso > self.today.isoformat()[: len(iso)]:
            issues.append(error(number, column, f"The birth date {iso} is in the future.", "future_date"))
        elif year < 1900:
            issues.append(error(number, column, f"The birth date {iso} is before 1900.", "old_date"))
        elif self.today.year - year < 14:
            message = f"The birth date {iso} makes this person younger than 14; check it."
            issues.append(warning(number, column, message, "young"))
        fields["birth_date"] = iso
        fields["birth_date_precision"] = precision

    def _sex(self, number: int, column: str, text: str, issues: list[RowIssue]) -> str:
        code = _SEX_KEYS.get(text.casefold().rstrip("."))
        if code is None:
            message = f"Sex «{text}» is not understood (use M/F, ч/ж, м/ж); it is left empty."
            issues.append(warning(number, column, message, "bad_sex"))
            return ""
        return code

    def _flag(self, number: int, column: str, text: str, issues: list[RowIssue]) -> bool | None:
        value = text.casefold().rstrip(".")
        if value in _YES:
            return True
        if value in _NO:
            return False
        message = f"«{text}» is not understood as yes or no; it is left empty."
        issues.append(warning(number, column, message, "bad_flag"))
        return None
