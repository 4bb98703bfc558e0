"""What validation returns: parsed rows beside their raw cells, issues, and the report that holds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

__all__ = ["ParsedRow", "RowIssue", "Severity", "ValidationReport", "ValidationSummary", "error", "warning"]

Severity = Literal["error", "warning"]


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


def error(row: int | None, column: str | None, message: str, code: str) -> RowIssue:
    """Return a blocking issue."""
    return RowIssue(row_number=row, column=column, message=message, severity="error", code=code)


def warning(row: int | None, column: str | None, message: str, code: str) -> RowIssue:
    """Return an issue that is shown but does not block the import."""
    return RowIssue(row_number=row, column=column, message=message, severity="warning", code=code)
