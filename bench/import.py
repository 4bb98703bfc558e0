"""Benchmark of importing a list file (DESIGN.md budget: a 100k-row XLSX in <= 60 s, with progress).

Run: `uv run python bench/import.py` (`--rows N`, `--db PATH-or-URL`, `--profile` for where the time goes).

A registry of N rows (Russian Cyrillic, split name columns, clerk's noise, `cartel.synth`) is written once to an
XLSX file kept in /tmp/cartel-bench. On an empty database the file goes through `imports.services.import_file`,
the path of the upload page, the CLI and the demo; its progress callback is printed as it arrives (reading, then
storing). Beside it, in the same process: the baseline, the raw openpyxl read of the same file (read-only mode,
every cell's value), which is the floor of any import that uses openpyxl. The inquiry re-matching that an import
queues after its commit is timed separately (`after commit`), as it belongs to the tracing area.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _registry_fill import django_start, machine, peak_rss_mb

FOLDER = Path("/tmp/cartel-bench")


def make_file(rows: int, seed: int) -> Path:
    """The registry as an XLSX file, written once per size and seed."""
    from cartel.scenario_load import FILE_HABITS  # the demo's habit: registries come as XLSX
    from cartel.synth import make_list_pair, write_xlsx

    assert FILE_HABITS["registry"][0] == "xlsx"
    path = FOLDER / f"registry-{rows}-{seed}.xlsx"
    if not path.exists():
        FOLDER.mkdir(parents=True, exist_ok=True)
        t = time.perf_counter()
        pair = make_list_pair(rows, 1000, overlap=0.5, seed=seed)
        write_xlsx(pair.registry.rows, path, columns=pair.registry.columns, header_language="ru")
        print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - t:.1f} s")
    return path


def baseline_openpyxl(path: Path) -> tuple[float, int]:
    """Seconds to read every cell with openpyxl's read-only mode, and the rows read."""
    from openpyxl import load_workbook

    t = time.perf_counter()
    wb = load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    n = sum(1 for _ in wb.active.iter_rows(values_only=True))
    wb.close()
    return time.perf_counter() - t, n


def run_import(path: Path, profile: bool) -> dict[str, Any]:
    """Import the file as B's operator; print progress as it comes; return timings."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from cartel.imports.services import import_file
    from cartel.parties.bootstrap import accounts_bootstrap, parties_bootstrap

    parties = parties_bootstrap()
    accounts_bootstrap(parties)
    actor = get_user_model().objects.get(username="b-operator")
    marks: dict[str, float] = {}
    start = time.perf_counter()
    last = [0.0]

    def progress(done: int, total: int | None, message: str) -> None:
        now = time.perf_counter() - start
        marks.setdefault(str(message), now)
        marks[f"{message} (end)"] = now
        if now - last[0] >= 2 or (total and done == total):
            last[0] = now
            print(f"  {now:6.1f} s  {message}: {done:,}/{total or '?'}", flush=True)

    data = path.read_bytes()
    profiler = cProfile.Profile() if profile else None
    cpu = time.process_time()
    if profiler:
        profiler.enable()
    after: list[float] = []
    from django.db import transaction

    def on_commit_timer() -> None:  # runs after import_file's own on-commit hook
        after.append(time.perf_counter())

    with transaction.atomic():
        outcome = import_file(data=data, file_name=path.name, party=parties["B"], kind="registry", actor=actor,
                              list_name="bench registry", valid_only=True, on_progress=progress)  # fmt: skip
        stored = time.perf_counter()
        transaction.on_commit(on_commit_timer)
    if profiler:
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(35)
        print(out.getvalue())
    total = time.perf_counter() - start
    return {
        "imported": outcome.rows_imported,
        "message": outcome.message,
        "seconds_to_stored": round(stored - start, 1),
        "seconds_total": round(total, 1),
        "after_commit_s": round(after[0] - stored, 1) if after else None,
        "cpu_s": round(time.process_time() - cpu, 1),
        "phases": {k: round(v, 1) for k, v in marks.items()},
        "backend": connection.vendor,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=11)
    p.add_argument(
        "--db", default="/tmp/cartel-bench/import.sqlite3", help="SQLite file or postgresql:// URL"
    )
    p.add_argument("--profile", action="store_true", help="print the cProfile summary of the import")
    args = p.parse_args()
    django_start(args.db, fresh=True)
    path = make_file(args.rows, args.seed)
    base_s, base_rows = baseline_openpyxl(path)
    print(f"\nImport of a {args.rows:,}-row XLSX ({path.stat().st_size / 1e6:.1f} MB) — {machine()}")
    result = run_import(path, args.profile)
    print(f"\n  {'':34} {'seconds':>8} {'rows/s':>9}")
    print(f"  {'import_file, read to stored':34} {result['seconds_to_stored']:>8} "
          f"{result['imported'] / max(result['seconds_to_stored'], 1e-9):>9,.0f}")  # fmt: skip
    print(f"  {'  of which CPU in this process':34} {result['cpu_s']:>8}")
    if result["after_commit_s"] is not None:
        print(f"  {'after commit (inquiry re-matching)':34} {result['after_commit_s']:>8}")
    print(f"  {'baseline: openpyxl read only':34} {base_s:>8.1f} {base_rows / base_s:>9,.0f}")
    print(f"  phases (s from start): {result['phases']}")
    print(f"  peak RSS {peak_rss_mb():.0f} MB; {result['backend']}; {result['message']}")
    verdict = "met" if result["seconds_to_stored"] <= 60 else "NOT met"
    print(f"  budget <= 60 s: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
