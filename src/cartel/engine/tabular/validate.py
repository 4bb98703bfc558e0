"""Check every row of a list against its header mapping and parse the canonical fields.

Errors block an import (imports are all-or-nothing); warnings are shown and the row is still imported. A date
that cannot be read is an error by default, never silently dropped: the clerk fixes or clears the cell. Each
`ParsedRow` keeps the raw cells exactly as received beside the parsed fields.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Callable, Iterator

from cartel.engine.tabular._cells import NAME_FIELDS, RowChecker
from cartel.engine.tabular.headers import HeaderMapping
from cartel.engine.tabular.reader import Table
from cartel.engine.tabular.results import (
    ParsedRow,
    RowIssue,
    Severity,
    ValidationReport,
    ValidationSummary,
    error,
    warning,
)

__all__ = [
    "KINDS",
    "ParsedRow",
    "RowIssue",
    "RowValidation",
    "Severity",
    "ValidationReport",
    "ValidationSummary",
    "validate_rows",
]

KINDS = ("registry", "requests", "inquiries", "medical", "remains", "stage")
_NAMELESS_KINDS = frozenset({"remains"})  # unidentified bodies have no name
PROGRESS_EVERY = 10_000  # rows checked between two progress reports


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
    validation = RowValidation(
        table, mapping, kind, unparseable_date=unparseable_date, today=today, max_cell_chars=max_cell_chars
    )
    return ValidationReport(
        valid_rows=list(validation.valid_rows()), errors=validation.issues, summary=validation.summary
    )


class RowValidation:
    """Validation in two passes, for lists of millions of rows: the parsed rows are never all in memory at once.

    Building it checks every row and keeps only the issues and the numbers of the rows that have errors (a row
    can turn bad late: a duplicate id marks the first row that used it too). `valid_rows()` then parses the
    rows again, one at a time, and yields those without errors — what `validate_rows` lists, in the same order.
    """

    def __init__(
        self,
        table: Table,
        mapping: HeaderMapping,
        kind: str = "registry",
        *,
        unparseable_date: Severity = "error",
        today: dt.date | None = None,
        max_cell_chars: int = 10_000,
        on_progress: Callable[[int], None] | None = None,
    ) -> None:
        self.table = table
        self._checker = RowChecker(
            table,
            mapping,
            kind not in _NAMELESS_KINDS,
            unparseable_date,
            today or dt.datetime.now(dt.UTC).date(),
            max_cell_chars,
        )
        issues = _file_issues(table, mapping, kind)
        file_errors = sum(1 for issue in issues if issue.severity == "error")
        id_column = mapping.column_for("id")
        bad_rows: set[int] = set()
        parsed = array("q")  # numbers of the rows that parsed, errors or not
        first_row_of: dict[str, int] = {}
        for done, (number, raw) in enumerate(zip(table.row_numbers, table.rows, strict=True), 1):
            row, row_issues = self._checker.check(number, raw)
            if row is not None and id_column is not None:
                key = row.keys["id"]
                if key in first_row_of:
                    first = first_row_of[key]
                    message = (
                        f"id «{row.external_id}» is used in rows {first} and {number}: ids must be unique."
                    )
                    row_issues.append(error(number, id_column, message, "duplicate_id"))
                    if first not in bad_rows:
                        issues.append(error(first, id_column, message, "duplicate_id"))
                        bad_rows.add(first)
                else:
                    first_row_of[key] = number
            if any(issue.severity == "error" for issue in row_issues):
                bad_rows.add(number)
            issues.extend(row_issues)
            if row is not None:
                parsed.append(number)
            if on_progress and done % PROGRESS_EVERY == 0:
                on_progress(done)
        if on_progress:
            on_progress(len(table.row_numbers))
        del first_row_of
        issues.sort(key=lambda issue: (issue.row_number is not None, issue.row_number or 0))
        errors = sum(1 for issue in issues if issue.severity == "error")
        self._usable = not file_errors
        self._bad = frozenset(bad_rows)
        self.issues: list[RowIssue] = issues
        self.summary = ValidationSummary(
            total_rows=len(table.row_numbers),
            valid_rows=sum(1 for number in parsed if number not in self._bad) if self._usable else 0,
            error_rows=len(bad_rows),
            errors=errors,
            warnings=len(issues) - errors,
            file_errors=file_errors,
        )

    def valid_rows(self) -> Iterator[ParsedRow]:
        """The rows without errors, parsed again one at a time in file order (none if the file itself has errors)."""
        if not self._usable:
            return
        check, bad = self._checker.check, self._bad
        for number, raw in zip(self.table.row_numbers, self.table.rows, strict=True):
            if number in bad:
                continue
            row, _issues = check(number, raw)
            if row is not None:
                yield row


def _file_issues(table: Table, mapping: HeaderMapping, kind: str) -> list[RowIssue]:
    issues: list[RowIssue] = []
    if kind not in KINDS:
        issues.append(
            error(
                None, None, f"Unknown list kind «{kind}»; expected one of {', '.join(KINDS)}.", "unknown_kind"
            )
        )
    if "id" in mapping.missing_required:
        issues.append(
            error(
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
                error(None, None, f"No {name} column: add one, or map a column to it.", "missing_field")
            )
    if kind not in _NAMELESS_KINDS and not any(mapping.column_for(name) for name in NAME_FIELDS):
        issues.append(
            error(
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
            warning(
                None,
                None,
                f"Columns «{used}» and {others} all look like {name}; only «{used}» is used.",
                "duplicate_column",
            )
        )
    for column in mapping.unknown_columns:
        if column not in {c for cols in mapping.duplicate_fields.values() for c in cols}:
            issues.append(
                warning(
                    None,
                    column,
                    f"Column «{column}» is not understood; it is kept only in the raw cells.",
                    "unknown_column",
                )
            )
    issues.extend(_ragged_issues(table))
    return issues


def _ragged_issues(table: Table) -> list[RowIssue]:
    if not table.ragged_rows:
        return []
    if len(table.ragged_rows) * 2 > len(table.row_numbers):
        return [
            warning(
                None,
                None,
                f"{len(table.ragged_rows)} rows have values in columns without a header; those values are kept "
                "in the raw cells only. Give those columns a header if they matter.",
                "unnamed_columns",
            )
        ]
    return [
        error(
            number,
            None,
            f"The row has {count} cells but the header names fewer columns: most likely a delimiter inside an "
            "unquoted value has shifted the cells. Quote that value or fix the row.",
            "ragged_row",
        )
        for number, count in sorted(table.ragged_rows.items())
    ]
