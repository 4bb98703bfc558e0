"""Benchmark of list-file reading: a 100k-row XLSX in <= 60 s with progress (DESIGN.md budget).

Run: `uv run python bench/tabular.py` (add `--rows N`, `--skip-shared` to skip the slow-to-build workbook).

The list is a synthetic registry from `cartel.synth` (Russian headers, split name columns, clerk noise). It is
written four ways: XLSX as openpyxl streams it (inline strings, no dimension), XLSX as Excel saves it (shared
strings and a dimension), CSV in cp1251 and CSV in UTF-8. For each, `read_table` is timed beside a baseline that
does the bare minimum on the same bytes (openpyxl read-only iteration; `bytes.decode` + `csv.reader`), then
`map_headers` and `validate_rows`. Peak memory is the process's maximum resident set size so far.
"""

from __future__ import annotations

import argparse
import csv
import io
import platform
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

import openpyxl

from cartel.engine.tabular import map_headers, read_table, validate_rows
from cartel.synth import HEADERS, make_list_pair


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def _workbook(header: list[str], rows: list[list[str]], *, write_only: bool) -> bytes:
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet("Реестр") if write_only else book.active
    if not write_only:
        sheet.title = "Реестр"
    sheet.append(header)
    for row in rows:
        sheet.append([value or None for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _csv(header: list[str], rows: list[list[str]], encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def _baseline_xlsx(data: bytes) -> int:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    return sum(1 for _ in book.worksheets[0].iter_rows(values_only=True))


def _baseline_csv(data: bytes, encoding: str) -> int:
    return sum(1 for _ in csv.reader(io.StringIO(data.decode(encoding), newline=""), delimiter=";"))


def _measure(label: str, blob: bytes, baseline: Callable[[bytes], int], rows: int) -> None:
    base_s, _ = _timed(lambda: baseline(blob))
    progress: list[tuple[int, int | None]] = []
    read_s, table = _timed(lambda: read_table(blob, "list", on_progress=lambda d, t: progress.append((d, t))))
    mapping = map_headers(table.columns)
    check_s, report = _timed(lambda: validate_rows(table, mapping, "registry"))
    codes = Counter(issue.code for issue in report.errors)
    total = read_s + check_s
    print(
        f"| {label} | {len(blob) / 1e6:.1f} | {base_s:.1f} | {read_s:.1f} | {check_s:.1f} | "
        f"{len(table.rows) / total:,.0f} | {report.summary.valid_rows:,} | "
        f"{dict(codes.most_common(4))} | {_peak_mb():,.0f} |"
    )
    assert len(table.rows) == rows, (len(table.rows), rows)
    assert not mapping.unknown_columns, mapping.unknown_columns
    assert progress and progress[-1][0] == rows
    print(f"<!-- {label}: encoding {table.encoding}, {len(progress)} progress calls -->", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument(
        "--skip-shared", action="store_true", help="skip the Excel-like shared-strings workbook"
    )
    args = parser.parse_args()

    print(
        f"# tabular benchmark: {args.rows:,} rows; Python {platform.python_version()}, openpyxl {openpyxl.__version__}"
    )
    made, pair = _timed(lambda: make_list_pair(args.rows, 1, overlap=0.0, seed=3))
    columns = list(pair.registry.columns)
    header = [HEADERS["ru"][name] for name in columns]
    rows = [[getattr(row, name) for name in columns] for row in pair.registry.rows]
    print(f"synthetic registry made in {made:.1f} s; columns: {', '.join(header)}")

    files: list[tuple[str, bytes, Callable[[bytes], int]]] = []
    data = _workbook(header, rows, write_only=True)
    files.append(("xlsx, streamed by openpyxl (inline strings)", data, _baseline_xlsx))
    if not args.skip_shared:
        data = _workbook(header, rows, write_only=False)
        files.append(("xlsx, as Excel saves it (shared strings)", data, _baseline_xlsx))
    files.append(("csv cp1251 ;", _csv(header, rows, "cp1251"), lambda d: _baseline_csv(d, "cp1251")))
    files.append(("csv utf-8 ;", _csv(header, rows, "utf-8"), lambda d: _baseline_csv(d, "utf-8")))

    print(
        "\n| file | size MB | baseline s | read_table s | map+validate s | rows/s | valid | issues | peak RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for label, blob, baseline in files:
        _measure(label, blob, baseline, args.rows)
    print(
        "\nBudget: 100k-row XLSX imported in <= 60 s with progress (read + map + validate, before storing)."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
