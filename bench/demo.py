"""Benchmark of `cartel demo --no-serve`: how long loading the synthetic scenario takes at several sizes.

Run: `uv run python bench/demo.py` (`--sizes 500,2000,10000` captives per side, `--db sqlite|postgresql`,
`--pg URL`). DESIGN.md sets no budget for the demo itself; the issue asks that it works at 1M and says how long.

Each size runs the real command in a fresh process on a fresh database and reports its wall time, each loading
step's seconds (as the command prints them) and the child's peak memory. Beside it, in this process, the baseline:
generating the same scenario and writing its list files (`cartel.synth`, no database), which is the part of the
load that does not depend on Cartel's storage; the difference is what importing, matching and planning cost.
"""

from __future__ import annotations

import argparse
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _registry_fill import ROOT, machine

LOADED = re.compile(r"^loaded: (.*)$", re.M)
STEP = re.compile(r"([^,]+?) ([0-9.]+)s(?:,|$)")
COUNTS = re.compile(r"^([\d,]+) persons from ([\d,]+) records", re.M)


# The demo command with the tracing area's after-import inquiry matching switched off (see --without-inquiry-matching):
WITHOUT_MATCHING = """
import sys
import cartel.demo as demo
from cartel.cli import main

def setup(db):
    setup.original(db)
    import cartel.tracing.services as t
    t.inquiries_rematch_for_records = lambda ids, actor: t.inquiries_from_records(list(ids), actor) and 0

setup.original = demo.setup_django
demo.setup_django = setup
sys.exit(main(sys.argv[1:]))
"""


def run_demo(persons: int, db: str, *, matching: bool = True) -> dict[str, Any]:
    """Run `cartel demo --no-serve` once; return wall seconds, steps, counts and the output's tail."""
    if "://" in db:
        from _registry_fill import _pg_database

        _pg_database(db, fresh=True)
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    start = time.perf_counter()
    command = [sys.executable, "-m", "cartel.cli"] if matching else [sys.executable, "-c", WITHOUT_MATCHING]
    done = subprocess.run([*command, "demo", "--no-serve", "--persons", str(persons), "--db", db, "--reset"],
                          cwd=ROOT, capture_output=True, text=True, check=False)  # fmt: skip
    wall = time.perf_counter() - start
    out = done.stdout
    steps = {}
    if m := LOADED.search(out):
        steps = {k.strip(): float(v) for k, v in STEP.findall(m[1])}
    counts = COUNTS.search(out)
    return {
        "persons_per_side": persons,
        "ok": done.returncode == 0,
        "wall_s": round(wall, 1),
        "steps": steps,
        "persons": counts[1] if counts else "?",
        "records": counts[2] if counts else "?",
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
        "tail": (out + done.stderr).strip().splitlines()[-3:] if done.returncode else [],
    }


def baseline(persons: int) -> float:
    """Seconds to generate the scenario and write its list files as the demo does, without any database."""
    import os

    import django

    os.environ.setdefault("CARTEL_DB", "/tmp/cartel-bench/demo-baseline.sqlite3")  # imported, never queried
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cartel.settings")
    django.setup()
    from cartel.scenario_load import _write
    from cartel.synth import build_scenario

    start = time.perf_counter()
    scenario = build_scenario(persons, seed=2025)
    with tempfile.TemporaryDirectory() as tmp:
        for synth_list in scenario.lists:
            if str(synth_list.kind) != "remains":
                _write(synth_list, Path(tmp))
    return time.perf_counter() - start


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="500,2000,10000", help="captives per side, comma-separated")
    p.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/cartel_bench_demo")
    p.add_argument("--without-inquiry-matching", action="store_true",
                   help="register imported inquiries but skip matching each one after the import (the step that "
                   "grows with inquiries x persons), to time the rest of the load at large sizes")  # fmt: skip
    p.add_argument("--no-baseline", action="store_true")
    args = p.parse_args()
    db = args.pg if args.db == "postgresql" else "/tmp/cartel-bench/demo.sqlite3"
    Path("/tmp/cartel-bench").mkdir(parents=True, exist_ok=True)
    what = " without the after-import inquiry matching" if args.without_inquiry_matching else ""
    print(f"cartel demo --no-serve on {args.db}{what} — {machine()}", flush=True)
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        base = 0.0 if args.no_baseline else baseline(size)
        result = run_demo(size, db, matching=not args.without_inquiry_matching)
        rows.append((result, base))
        steps = ", ".join(f"{k} {v:.0f}" for k, v in result["steps"].items())
        status = "" if result["ok"] else f"  FAILED: {' | '.join(result['tail'])}"
        print(f"\n{size:,} per side: {result['wall_s']:,.1f} s wall ({result['persons']} persons from "
              f"{result['records']} records), peak RSS {result['peak_rss_mb']:,} MB{status}\n"
              f"  baseline (generate + write the files, no database): {base:.1f} s\n"
              f"  steps (s): {steps}", flush=True)  # fmt: skip
    print(f"\n{'per side':>10} {'demo s':>9} {'baseline s':>11} {'persons':>11} {'peak MB':>8}")
    for result, base in rows:
        print(f"{result['persons_per_side']:>10,} {result['wall_s']:>9,.1f} {base:>11.1f} {result['persons']:>11} "
              f"{result['peak_rss_mb']:>8,}")  # fmt: skip
    return 0 if all(r["ok"] for r, _ in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
