"""Check every row of a list against its header mapping and parse the canonical fields.

Errors block an import (imports are all-or-nothing); warnings are shown and the row is still imported. A date
that cannot be read is an error by default, never silently dropped: the clerk fixes or clears the cell. Each
`ParsedRow` keeps the raw cells exactly as received beside the parsed fields.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from cartel.engine.names.dates import parse_date
from cartel.engine.tabular._text import normalize_id, repair_text
from cartel.engine.tabular.headers import HeaderMapping
from cartel.engine.tabular.reader import Table
from cartel.engine.tabular.xlsx import excel_serial_to_date

__all__ = [
    "KINDS",
    "ParsedRow",
    "RowIssue",
    "Severity",
    "ValidationReport",
    "ValidationSummary",
    "validate_rows",
]

Severity = Literal["error", "warning"]
KINDS = ("registry", "requests", "inquiries", "medical", "remains", "stage")
_NAMELESS_KINDS = frozenset({"remains"})  # unidentified bodies have no name
_NAME_FIELDS = ("full_name", "surname", "given_name")
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


@dataclass(frozen=True, slots=True, kw_only=True)
class RowIssue:
    """One problem: in which row (None for the whole file) and column, what, and whether it blocks the import."""

    row_number: int | None
    column: str | None
    message: str
    severity: Severity
    code: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedRow:
    """One row: raw cells as received, and parsed canonical fields (repaired text, ISO birth date)."""

    row_number: int
    external_id: str
    raw: dict[str, str]
    fields: dict[str, str]
    keys: dict[str, str] = field(default_factory=dict)
    extra: dict[str, bool | None] = field(default_factory=dict)

    @property
    def birth_date(self) -> str | None:
        """The birth date as ISO text (yyyy, yyyy-mm or yyyy-mm-dd), or None."""
        return self.fields.get("birth_date") or None

    @property
    def birth_date_precision(self) -> str | None:
        """How much of the birth date is known: day, month or year."""
        return self.fields.get("birth_date_precision") or None


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidationSummary:
    """Counts for the report header."""

    total_rows: int
    valid_rows: int
    error_rows: int
    errors: int
    warnings: int
    file_errors: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ValidationReport:
    """The rows that passed, every issue found (errors and warnings), and their counts."""

    valid_rows: list[ParsedRow]
    errors: list[RowIssue]
    summary: ValidationSummary

    @property
    def ok(self) -> bool:
        """Whether nothing blocks importing the whole file."""
        return self.summary.errors == 0


def validate_rows(
    table: Table,
    mapping: HeaderMapping,
    kind: str = "registry",
    *,
    unparseable_date: Severity = "error",
    today: dt.date | None = None,
    max_cell_chars: int = 10_000,
) -> ValidationReport:
    """Check every row of `table` and parse its fields; file-level problems come first in the issue list."""
    today = today or dt.datetime.now(dt.UTC).date()
    issues = _file_issues(table, mapping, kind)
    file_errors = sum(1 for issue in issues if issue.severity == "error")
    id_column = mapping.column_for("id")
    checker = _RowChecker(table, mapping, kind, unparseable_date, today, max_cell_chars)
    parsed: list[ParsedRow] = []
    bad_rows: set[int] = set()
    first_row_of: dict[str, int] = {}
    for number, raw in zip(table.row_numbers, table.rows, strict=True):
        row, row_issues = checker.check(number, raw)
        if row is not None and id_column is not None:
            key = row.keys["id"]
            if key in first_row_of:
                first = first_row_of[key]
                message = f"id «{row.external_id}» is used in rows {first} and {number}: ids must be unique."
                row_issues.append(_error(number, id_column, message, "duplicate_id"))
                if first not in bad_rows:
                    issues.append(_error(first, id_column, message, "duplicate_id"))
                    bad_rows.add(first)
            else:
                first_row_of[key] = number
        if any(issue.severity == "error" for issue in row_issues):
            bad_rows.add(number)
        issues.extend(row_issues)
        if row is not None:
            parsed.append(row)
    valid = [] if file_errors else [row for row in parsed if row.row_number not in bad_rows]
    issues.sort(key=lambda issue: (issue.row_number is not None, issue.row_number or 0))
    errors = sum(1 for issue in issues if issue.severity == "error")
    summary = ValidationSummary(
        total_rows=len(table.row_numbers),
        valid_rows=len(valid),
        error_rows=len(bad_rows),
        errors=errors,
        warnings=len(issues) - errors,
        file_errors=file_errors,
    )
    return ValidationReport(valid_rows=valid, errors=issues, summary=summary)


def _file_issues(table: Table, mapping: HeaderMapping, kind: str) -> list[RowIssue]:
    issues: list[RowIssue] = []
    if kind not in KINDS:
        issues.append(
            _error(None, None, f"Unknown list kind «{kind}»; expected one of {', '.join(KINDS)}.", "kind")
        )
    if "id" in mapping.missing_required:
        issues.append(
            _error(
                None,
                None,
                "No id column: add a column named id (or №, номер, ід, ид, record id) with a unique value in "
                "every row, so that each row can be traced back to the file.",
                "no_id_column",
            )
        )
    for name in mapping.missing_required:
        if name != "id":
            issues.append(
                _error(None, None, f"No {name} column: add one, or map a column to it.", "missing_field")
            )
    if kind not in _NAMELESS_KINDS and not any(mapping.column_for(name) for name in _NAME_FIELDS):
        issues.append(
            _error(
                None,
                None,
                "No name column: add full_name (ПІБ, ФИО, name) or surname and given_name (прізвище, фамилия, "
                "ім'я, имя) columns, or map them.",
                "no_name_column",
            )
        )
    for name, columns in mapping.duplicate_fields.items():
        used = mapping.column_for(name)
        others = ", ".join(f"«{column}»" for column in columns)
        issues.append(
            _warning(
                None,
                None,
                f"Columns «{used}» and {others} all look like {name}; only «{used}» is used.",
                "dup",
            )
        )
    for column in mapping.unknown_columns:
        if column not in {c for cols in mapping.duplicate_fields.values() for c in cols}:
            issues.append(
                _warning(
                    None,
                    column,
                    f"Column «{column}» is not understood; it is kept only in the raw cells.",
                    "",
                )
            )
    issues.extend(_ragged_issues(table))
    return issues


def _ragged_issues(table: Table) -> list[RowIssue]:
    if not table.ragged_rows:
        return []
    if len(table.ragged_rows) * 2 > len(table.row_numbers):
        return [
            _warning(
                None,
                None,
                f"{len(table.ragged_rows)} rows have values in columns without a header; those values are kept "
                "in the raw cells only. Give those columns a header if they matter.",
                "unnamed_columns",
            )
        ]
    return [
        _error(
            number,
            None,
            f"The row has {count} cells but the header names fewer columns: most likely a delimiter inside an "
            "unquoted value has shifted the cells. Quote that value or fix the row.",
            "ragged_row",
        )
        for number, count in sorted(table.ragged_rows.items())
    ]


class _RowChecker:
    """Parses and checks one row at a time against the mapping."""

    def __init__(
        self,
        table: Table,
        mapping: HeaderMapping,
        kind: str,
        unparseable_date: Severity,
        today: dt.date,
        max_cell_chars: int,
    ) -> None:
        self.columns = [(column, mapping.mapping.get(column)) for column in table.columns]
        self.id_column = mapping.column_for("id")
        self.needs_name = kind not in _NAMELESS_KINDS
        self.date_severity = unparseable_date
        self.today = today
        self.max_cell_chars = max_cell_chars
        self.xlsx = table.format == "xlsx"
        self.date1904 = table.date1904

    def check(self, number: int, raw: dict[str, str]) -> tuple[ParsedRow | None, list[RowIssue]]:
        issues: list[RowIssue] = []
        fields: dict[str, str] = {}
        extra: dict[str, bool | None] = {}
        for column, name in self.columns:
            cell = raw[column]
            limit = FIELD_MAX_CHARS.get(name or "", self.max_cell_chars)
            if len(cell) > limit:
                message = f"The cell is too long ({len(cell):,} characters; at most {limit:,})."
                issues.append(_error(number, column, message, "too_long"))
                continue
            if name is None or not cell.strip():
                continue
            text = _SPACES_RE.sub(" ", cell).strip()
            if name == "birth_date":
                self._birth_date(number, column, text, fields, issues)
            elif name == "sex":
                fields["sex"] = self._sex(number, column, text, issues)
            elif name in ("wounded", "consent"):
                flag = self._flag(number, column, text, issues)
                extra["seriously_wounded" if name == "wounded" else name] = flag
                fields[name] = "" if flag is None else ("yes" if flag else "no")
            elif name in ("id", "service_number"):
                fields[name] = text  # kept as written; its comparison key goes to `keys`
            else:
                fields[name] = repair_text(text)
        if self.needs_name and not any(fields.get(name) for name in _NAME_FIELDS):
            issues.append(
                _error(number, None, "No name: fill the full name or the surname and given name.", "no_name")
            )
        external_id = fields.pop("id", "")
        if self.id_column is None:
            return None, issues
        if not external_id:
            issues.append(_error(number, self.id_column, "Empty id: every row needs its own id.", "empty_id"))
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
        parsed = parse_date(text)
        if parsed is None and self.xlsx and _SERIAL_RE.fullmatch(text):
            day = excel_serial_to_date(float(text), date1904=self.date1904)
            parsed = parse_date(day.isoformat())
            message = f"The Excel day number {text} is read as {day.isoformat()}; check it."
            issues.append(_warning(number, column, message, "excel_serial"))
        if parsed is None:
            message = f"«{text}» is not a valid date (write it as dd.mm.yyyy, yyyy-mm-dd or a year)."
            issues.append(RowIssue(row_number=number, column=column, message=message, severity=self.date_severity,
                                   code="bad_date"))  # fmt: skip
            return
        iso, precision = parsed.iso(), str(parsed.precision)
        if parsed.ambiguous_day_month:
            message = f"In «{text}» day and month could be either way round; read as {iso}."
            issues.append(_warning(number, column, message, "ambiguous_date"))
        year = parsed.year
        if iso > self.today.isoformat()[: len(iso)]:
            issues.append(_error(number, column, f"The birth date {iso} is in the future.", "future_date"))
        elif year < 1900:
            issues.append(_error(number, column, f"The birth date {iso} is before 1900.", "old_date"))
        elif self.today.year - year < 14:
            message = f"The birth date {iso} makes this person younger than 14; check it."
            issues.append(_warning(number, column, message, "young"))
        fields["birth_date"] = iso
        fields["birth_date_precision"] = precision

    def _sex(self, number: int, column: str, text: str, issues: list[RowIssue]) -> str:
        code = _SEX_KEYS.get(text.casefold().rstrip("."))
        if code is None:
            message = f"Sex «{text}» is not understood (use M/F, ч/ж, м/ж); it is left empty."
            issues.append(_warning(number, column, message, "bad_sex"))
            return ""
        return code

    def _flag(self, number: int, column: str, text: str, issues: list[RowIssue]) -> bool | None:
        value = text.casefold().rstrip(".")
        if value in _YES:
            return True
        if value in _NO:
            return False
        message = f"«{text}» is not understood as yes or no; it is left empty."
        issues.append(_warning(number, column, message, "bad_flag"))
        return None


def _error(row: int | None, column: str | None, message: str, code: str) -> RowIssue:
    return RowIssue(row_number=row, column=column, message=message, severity="error", code=code)


def _warning(row: int | None, column: str | None, message: str, code: str) -> RowIssue:
    return RowIssue(row_number=row, column=column, message=message, severity="warning", code=code)
