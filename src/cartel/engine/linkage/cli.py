"""`cartel link` and `cartel dedupe`: read list files, run linkage with a progress bar, write CSV.

PAIRS.csv has `left_id,right_id,match_probability` (with `--explain`, then `match_weight` and, per compared
field, the two values, the level reached and its weight); CLUSTERS.csv has `id,cluster_id`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from cartel.engine.linkage.model import LINK_SPEC
from cartel.engine.linkage.run import ProgressCallback, dedupe, link
from cartel.engine.tabular import (
    ParsedRow,
    TabularError,
    map_headers,
    read_table,
    validate_rows,
    write_csv_safe,
)

__all__ = ["PAIR_COLUMNS", "dedupe_file", "explanation_columns", "link_files", "read_list"]

PAIR_COLUMNS = ("left_id", "right_id", "match_probability")
CLUSTER_COLUMNS = ("id", "cluster_id")
_STAGES = ("features", "training", "scoring", "clustering")
_STAGE_SHARE = {"features": 0.3, "training": 0.3, "scoring": 0.35, "clustering": 0.05}


class ListFileError(Exception):
    """A list file cannot be used; the message says why and what to do."""


def read_list(path: str, *, err: TextIO = sys.stderr) -> list[ParsedRow]:
    """Read a CSV/TSV/XLSX list into parsed rows; rows that cannot be used are reported and left out."""
    file = Path(path)
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ListFileError(f"cannot read {path}: {exc.strerror or exc}") from exc
    try:
        table = read_table(data, file.name)
    except TabularError as exc:
        raise ListFileError(f"{path}: {exc}") from exc
    mapping = map_headers(table.columns)
    if mapping.missing_required:
        found = ", ".join(table.columns) or "none"
        raise ListFileError(f"{path}: no id column (columns found: {found}); every row needs an id.")
    report = validate_rows(table, mapping, kind="remains", unparseable_date="warning")
    errors = [issue for issue in report.errors if issue.severity == "error"]
    if errors and not report.valid_rows:
        raise ListFileError(f"{path}: {errors[0].message}")
    skipped = report.summary.total_rows - len(report.valid_rows)
    if skipped:
        first = next((issue for issue in errors if issue.row_number is not None), None)
        detail = f" (first: row {first.row_number}: {first.message})" if first else ""
        print(f"{path}: {skipped} of {report.summary.total_rows} rows left out{detail}", file=err)
    return report.valid_rows


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[ProgressCallback | None]:
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    bar = tqdm(
        total=100, file=sys.stderr, unit="%", bar_format="{desc:<10} {bar} {percentage:3.0f}% {elapsed}"
    )
    offsets = {}
    acc = 0.0
    for stage in _STAGES:
        offsets[stage] = acc
        acc += _STAGE_SHARE[stage]

    def update(stage: str, done: float) -> None:
        value = 100.0 * (offsets.get(stage, 0.0) + _STAGE_SHARE.get(stage, 0.0) * min(max(done, 0.0), 1.0))
        bar.set_description_str(stage)
        bar.n = round(value, 1)
        bar.refresh()

    try:
        yield update
    finally:
        bar.close()


def explanation_columns() -> list[str]:
    """Return the extra PAIRS.csv columns written with --explain."""
    columns = ["match_weight"]
    for comparison in LINK_SPEC.comparisons:
        field = comparison.field
        columns += [f"{field}_left", f"{field}_right", f"{field}_level", f"{field}_weight"]
    return columns


def _pair_rows(pairs: Any, explain: bool) -> Iterator[list[Any]]:
    columns = pairs.to_pydict()
    for i in range(pairs.num_rows):
        row: list[Any] = [
            columns["left_id"][i],
            columns["right_id"][i],
            f"{columns['match_probability'][i]:.6f}",
        ]
        if explain:
            row.append(f"{columns['match_weight'][i]:.3f}")
            for item in columns["explanation"][i]:
                row += [item["left"] or "", item["right"] or "", item["level"], f"{item['weight']:.3f}"]
        yield row


def _threshold(value: float) -> float:
    if not 0.0 < value <= 1.0:
        raise ListFileError(f"--threshold must be a probability above 0 and at most 1, not {value}")
    return value


def link_files(args: argparse.Namespace) -> int:
    """Run `cartel link LEFT RIGHT --out PAIRS.csv`; return the exit status."""
    start = time.perf_counter()
    try:
        threshold = _threshold(float(args.threshold))
        left = read_list(args.left)
        right = read_list(args.right)
        with _progress_bar(sys.stderr.isatty() or bool(getattr(args, "progress", False))) as progress:
            result = link(left, right, threshold=threshold, explain=bool(args.explain), engine=args.engine,
                          on_progress=progress)  # fmt: skip
        columns = list(PAIR_COLUMNS) + (explanation_columns() if args.explain else [])
        written = write_csv_safe(_pair_rows(result.pairs, bool(args.explain)), columns, args.out, bom=False)
    except (ListFileError, OSError) as exc:
        print(f"cartel link: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        print(f"cartel link: {exc}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - start
    print(
        f"linked {len(left):,} × {len(right):,} records: {written:,} pairs at p ≥ {threshold:g} "
        f"({result.summary['review_band']:,} below {LINK_SPEC.review_threshold:g} for review) "
        f"→ {args.out} in {elapsed:.1f} s (model: {result.params.source})",
        file=sys.stderr,
    )
    return 0


def dedupe_file(args: argparse.Namespace) -> int:
    """Run `cartel dedupe LIST --out CLUSTERS.csv`; return the exit status."""
    start = time.perf_counter()
    try:
        threshold = _threshold(float(args.threshold))
        records = read_list(args.list)
        with _progress_bar(sys.stderr.isatty() or bool(getattr(args, "progress", False))) as progress:
            result = dedupe(records, threshold=threshold, engine=getattr(args, "engine", "duckdb"),
                            on_progress=progress)  # fmt: skip
        clusters = result.clusters.to_pydict()
        rows = zip(clusters["id"], clusters["cluster_id"], strict=True)
        write_csv_safe(rows, CLUSTER_COLUMNS, args.out, bom=False)
    except (ListFileError, OSError) as exc:
        print(f"cartel dedupe: {exc}", file=sys.stderr)
        return 2
    except RuntimeError as exc:
        print(f"cartel dedupe: {exc}", file=sys.stderr)
        return 1
    n_clusters = result.summary["clusters"]
    print(
        f"deduplicated {len(records):,} records into {n_clusters:,} clusters "
        f"({len(records) - n_clusters:,} duplicates at p ≥ {threshold:g}) → {args.out} "
        f"in {time.perf_counter() - start:.1f} s",
        file=sys.stderr,
    )
    return 0
