"""Benchmark of identity resolution in the demo: `linkage_run` over a loaded scenario, stage by stage.

Run: `uv run python bench/resolve.py --persons 50000` (captives per side). The first run loads the demo scenario
through `cartel demo`'s own path into `--cache DIR` (default: the system's temporary folder) and keeps a copy of the
database as it is just before identity resolution; later runs with the same size and seed start from that copy.
Each measurement runs in a child process on a fresh copy of it, so its wall time and peak memory are its own.

Printed: the time of each stage of each comparison (features, training, scoring, storing — the storing is mostly the
merging of persons), links and review pairs made, peak memory; and, for the first comparison, the pairs each
blocking rule makes as written (the baseline, counted in the same run) beside the pairs once the rules are fitted
to the size of the lists (`Block.refine`, see docs/linkage.md).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import contextlib

from _registry_fill import django_start, machine


def child_build(persons: int, seed: int, snapshot: str) -> None:
    """Load the demo scenario; at identity resolution copy the database to `snapshot` and stop."""
    work = snapshot + ".loading"
    django_start(work, fresh=True)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    from cartel import demo_hooks
    from cartel.scenario_load import load_scenario

    class _Done(Exception):
        pass

    def snapshot_and_stop(**_: Any) -> None:
        connection.ensure_connection()
        target = sqlite3.connect(snapshot)
        connection.connection.backup(target)
        target.close()
        raise _Done

    demo_hooks.HOOKS[:] = [(label, snapshot_and_stop if label == "identity resolution" else hook)
                           for label, hook in demo_hooks.HOOKS]  # fmt: skip
    with contextlib.suppress(_Done):
        load_scenario(persons_per_side=persons, seed=seed, say=lambda message: None)
    for suffix in ("", "-wal", "-shm"):
        Path(work + suffix).unlink(missing_ok=True)


def _block_counts() -> list[tuple[str, int, int, bool]]:
    """(rule, pairs as written, pairs as fitted, optional) for the first comparison."""
    from cartel.engine.linkage import LINK_SPEC, build_features
    from cartel.engine.linkage.model import to_splink
    from cartel.engine.linkage.run._backend import _affordable, _block_count, make_linker, open_backend
    from cartel.engine.linkage.run._train import default_params
    from cartel.registry.linkage import _records, comparisons
    from cartel.registry.models import ListKind

    holder, origin, kinds = comparisons()[0]
    left = build_features(_records(holder, [ListKind.REGISTRY]))
    right = build_features(_records(origin, kinds))
    with open_backend("duckdb") as backend:
        make_linker(backend, LINK_SPEC, (left, right), to_splink(LINK_SPEC, default_params(LINK_SPEC)))
        physical = [f.physical_name for f in backend.frames]
        fitted = _affordable(backend, LINK_SPEC).blocks
        rows = []
        for block in LINK_SPEC.blocks + LINK_SPEC.optional_blocks:
            written = _block_count(backend, LINK_SPEC, block, physical)
            now = next((b for b in fitted if b.name == block.name), None)
            optional = block in LINK_SPEC.optional_blocks
            rows.append(
                (block.name, written, _block_count(backend, LINK_SPEC, now, physical) if now else 0, optional)
            )
        return rows


def child_run(database: str, blocks: bool) -> None:
    """Run identity resolution on `database`; print one JSON line of stage times, counts and peak memory."""
    django_start(database, fresh=False)
    from django.contrib.auth import get_user_model

    from cartel.registry.linkage import linkage_run

    out: dict[str, Any] = {"stages": []}
    if blocks:
        started = time.perf_counter()
        out["blocks"] = _block_counts()
        out["blocks_seconds"] = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    state = {"label": "", "at": started}

    def progress(_step: int, _total: int | None, label: str) -> None:
        stage = label.rsplit(" ", 1)[0] if label.endswith("%") else label
        if stage != state["label"]:
            now = time.perf_counter()
            if state["label"]:
                out["stages"].append((state["label"], round(now - state["at"], 1)))
            state["label"], state["at"] = stage, now

    summary = linkage_run(actor=get_user_model().objects.get(username="m-mediator"), on_progress=progress)
    out["seconds"] = round(time.perf_counter() - started, 1)
    out["runs"] = summary["runs"]
    out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out), flush=True)


def _child(args: list[str]) -> str:
    result = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"child {args[0]} failed:\n{result.stderr[-4000:]}")
    return result.stdout


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--persons", type=int, default=50_000, help="captives per side (default 50,000)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "cartel-bench-resolve")
    parser.add_argument(
        "--no-blocks", action="store_true", help="skip counting the pairs of each blocking rule"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        if args.child[0] == "build":
            child_build(int(args.child[1]), int(args.child[2]), args.child[3])
        else:
            child_run(args.child[1], args.child[2] == "blocks")
        return 0
    print(machine())
    args.cache.mkdir(parents=True, exist_ok=True)
    snapshot = args.cache / f"before-resolution-{args.persons}-{args.seed}.sqlite3"
    if not snapshot.exists():
        started = time.perf_counter()
        _child(["build", str(args.persons), str(args.seed), str(snapshot)])
        print(
            f"loaded the scenario up to identity resolution in {time.perf_counter() - started:.0f} s → {snapshot}"
        )
    work = str(args.cache / "resolve-work.sqlite3")
    shutil.copy(snapshot, work)
    started = time.perf_counter()
    out = json.loads(_child(["run", work, "none" if args.no_blocks else "blocks"]).strip().splitlines()[-1])
    wall = time.perf_counter() - started
    for suffix in ("", "-wal", "-shm"):
        Path(work + suffix).unlink(missing_ok=True)
    if "blocks" in out:
        print(f"\npairs per blocking rule, first comparison (counted in {out['blocks_seconds']} s):")
        print(f"  {'as written':>12} {'fitted':>12}  rule")
        for name, written, fitted, optional in out["blocks"]:
            print(f"  {written:>12,} {fitted:>12,}  {name}{' (optional)' if optional else ''}")
        # An optional rule is used, as written, where it fits; the baseline is the rules as written.
        total_w = sum(fitted if optional else written for _, written, fitted, optional in out["blocks"])
        total_f = sum(fitted for _, _, fitted, _ in out["blocks"])
        print(f"  {total_w:>12,} {total_f:>12,}  all rules used (before pairs found by several are merged)")
    print(f"\nidentity resolution at {args.persons:,} captives per side: {out['seconds']:.0f} s "
          f"({wall:.0f} s with the child's start), peak {out['peak_mb']:,.0f} MB")  # fmt: skip
    for run in out["runs"]:
        print(f"  {run['comparison']}: {run['left']:,} × {run['right']:,} → {run['auto']:,} links, "
              f"{run['review']:,} for review, {run['seconds']} s")  # fmt: skip
    print("  stages: " + ", ".join(f"{label} {seconds} s" for label, seconds in out["stages"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
