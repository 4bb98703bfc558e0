"""Check every row of a list against its header mapping and parse the canonical fields.

Errors block an import (imports are all-or-nothing); warnings are shown and the row is still imported. A date
that cannot be read is an error by default, never silently dropped: the clerk fixes or clears the cell. Each
`ParsedRow` keeps the raw cells exactly as received beside the parsed fields.
"""

from __future__ import annotations

import datetime as dt

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
    "Severity",
    "ValidationReport",
    "ValidationSummary",
    "validate_rows",
]

KINDS = ("registry", "requests", "inquiries", "medical", "remains", "stage")
_NAMELESS_KINDS = frozenset({"remains"})  # unidentified bodies have no name


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
    checker = RowChecker(table, mapping, kind not in _NAMELESS_KINDS, unparseable_date, today, max_cell_chars)
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
