"""Reading the list files people really send: encodings, delimiters, XLSX, header aliases, row checks, safe export.

Pure Python (no Django): `read_table` turns bytes into a `Table`, `map_headers` finds the canonical fields,
`validate_rows` checks and parses every row (`RowValidation` does it in two passes for
lists too long to hold parsed), and `write_csv_safe` / `write_xlsx` write exports that spreadsheet
programs cannot mistake for formulas. Every refusal is a `TabularError` whose message says what to do.
"""

from cartel.engine.tabular.errors import TabularError
from cartel.engine.tabular.headers import (
    CORE_FIELDS,
    DEFAULT_ALIASES,
    EXTRA_FIELDS,
    AliasTable,
    HeaderMapping,
    header_key,
    map_headers,
)
from cartel.engine.tabular.reader import Limits, ProgressCallback, Rows, Table, read_table
from cartel.engine.tabular.sniff import DELIMITERS, Decoded, decode_bytes, sniff_delimiter
from cartel.engine.tabular.validate import (
    KINDS,
    ParsedRow,
    RowIssue,
    RowValidation,
    Severity,
    ValidationReport,
    ValidationSummary,
    validate_rows,
)
from cartel.engine.tabular.writer import FORMULA_TRIGGERS, safe_cell, write_csv_safe, write_xlsx
from cartel.engine.tabular.xlsx import excel_serial_to_date

__all__ = [
    "CORE_FIELDS",
    "DEFAULT_ALIASES",
    "DELIMITERS",
    "EXTRA_FIELDS",
    "FORMULA_TRIGGERS",
    "KINDS",
    "AliasTable",
    "Decoded",
    "HeaderMapping",
    "Limits",
    "ParsedRow",
    "ProgressCallback",
    "RowIssue",
    "RowValidation",
    "Rows",
    "Severity",
    "Table",
    "TabularError",
    "ValidationReport",
    "ValidationSummary",
    "decode_bytes",
    "excel_serial_to_date",
    "header_key",
    "map_headers",
    "read_table",
    "safe_cell",
    "sniff_delimiter",
    "validate_rows",
    "write_csv_safe",
    "write_xlsx",
]
