"""Benchmark of list-file reading: a 100k-row XLSX in <= 60 s with progress (DESIGN.md budget).

Run: `uv run python bench/tabular.py` (add `--rows N`).

The list is a synthetic registry from `cartel.synth` (Russian headers, split name columns, clerk noise). It is
written four ways: XLSX as Excel saves it (shared strings, a dimension), XLSX as openpyxl streams it (inline
strings, no dimension), CSV in cp1251 and CSV in UTF-8. For each, `read_table` is timed beside a baseline on the
same bytes: for XLSX, openpyxl's own read-only iteration (what `read_table` did before its expat fast path); for
CSV, `bytes.decode` + `csv.reader`. Then `map_headers` and `validate_rows`. Wall and CPU seconds are both printed,
since the machine is shared; peak memory is the process's maximum resident set size so far.
"""

from __future__ import annotations

import argparse
import csv
import io
import platform
import resource
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

import openpyxl
from openpyxl.utils import get_column_letter

from cartel.engine.tabular import map_headers, read_table, validate_rows
from cartel.synth import HEADERS, make_list_pair

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(work: Callable[[], Any]) -> tuple[float, float, Any]:
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def _openpyxl_workbook(header: list[str], rows: list[list[str]]) -> bytes:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Реестр")
    sheet.append(header)
    for row in rows:
        sheet.append([value or None for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _excel_like_workbook(header: list[str], rows: list[list[str]]) -> bytes:
    """An XLSX laid out as Excel saves it: every text in the shared-string table, a dimension, cell references."""
    index: dict[str, int] = {}
    body: list[str] = []
    for number, row in enumerate([header, *rows], start=1):
        cells = []
        for column, value in enumerate(row, start=1):
            if value:
                position = index.setdefault(value, len(index))
                cells.append(f'<c r="{get_column_letter(column)}{number}" t="s"><v>{position}</v></c>')
        body.append(f'<row r="{number}">{"".join(cells)}</row>')
    strings = "".join(f"<si><t>{escape(text)}</t></si>" for text in index)
    last = f"{get_column_letter(len(header))}{len(rows) + 1}"
    members = {
        "[Content_Types].xml": f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_CT}.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{_PKG}"><Relationship Id="rId1" '
        f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{_PKG}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>'
        f'<sheet name="Реестр" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/sharedStrings.xml": f'<sst xmlns="{_MAIN}" uniqueCount="{len(index)}">{strings}</sst>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_MAIN}"><dimension ref="A1:{last}"/>'
        f"<sheetData>{''.join(body)}</sheetData></worksheet>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content.encode("utf-8"))
    return buffer.getvalue()


def _csv(header: list[str], rows: list[list[str]], encoding: str) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def _baseline_xlsx(data: bytes) -> int:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    sheet.reset_dimensions()
    return sum(1 for _ in sheet.iter_rows(values_only=True))


def _baseline_csv(data: bytes, encoding: str) -> int:
    return sum(1 for _ in csv.reader(io.StringIO(data.decode(encoding), newline=""), delimiter=";"))


def _measure(label: str, blob: bytes, baseline: Callable[[bytes], int], rows: int) -> None:
    base_wall, base_cpu, _ = _timed(lambda: baseline(blob))
    progress: list[tuple[int, int | None]] = []
    read_wall, read_cpu, table = _timed(
        lambda: read_table(blob, "list", on_progress=lambda done, total: progress.append((done, total)))
    )
    mapping = map_headers(table.columns)
    check_wall, check_cpu, report = _timed(lambda: validate_rows(table, mapping, "registry"))
    codes = Counter(issue.code for issue in report.errors)
    print(
        f"| {label} | {len(blob) / 1e6:.1f} | {base_wall:.1f} / {base_cpu:.1f} | {read_wall:.1f} / {read_cpu:.1f} | "
        f"{check_wall:.1f} / {check_cpu:.1f} | {read_wall + check_wall:.1f} / {read_cpu + check_cpu:.1f} | "
        f"{report.summary.valid_rows:,} | {dict(codes.most_common(4))} | {_peak_mb():,.0f} |",
        flush=True,
    )
    assert len(table.rows) == rows, (len(table.rows), rows)
    assert not mapping.unknown_columns, mapping.unknown_columns
    assert progress and progress[-1][0] == rows
    print(f"<!-- {label}: encoding {table.encoding}, {len(progress)} progress calls -->", file=sys.stderr)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()

    print(
        f"# tabular benchmark: {args.rows:,} rows; Python {platform.python_version()}, openpyxl {openpyxl.__version__}"
    )
    made, _, pair = _timed(lambda: make_list_pair(args.rows, 1, overlap=0.0, seed=3))
    columns = list(pair.registry.columns)
    header = [HEADERS["ru"][name] for name in columns]
    rows = [[getattr(row, name) for name in columns] for row in pair.registry.rows]
    print(f"synthetic registry made in {made:.1f} s; columns: {', '.join(header)}")

    files: list[tuple[str, bytes, Callable[[bytes], int]]] = [
        ("xlsx as Excel saves it (shared strings)", _excel_like_workbook(header, rows), _baseline_xlsx),
        (
            "xlsx as openpyxl streams it (inline strings, no dimension)",
            _openpyxl_workbook(header, rows),
            _baseline_xlsx,
        ),
        ("csv cp1251 ;", _csv(header, rows, "cp1251"), lambda d: _baseline_csv(d, "cp1251")),
        ("csv utf-8 ;", _csv(header, rows, "utf-8"), lambda d: _baseline_csv(d, "utf-8")),
    ]
    print("\nseconds are wall / CPU")
    print(
        "| file | MB | baseline | read_table | map + validate | total | valid rows | issues | peak RSS MB |"
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
