"""Benchmark of the synthetic generator, and the source of the linkage benchmarks' input files.

Run: `uv run python bench/synth.py` for the speed figures (100k x 70k list pair, the 2,000-per-side scenario, CSV
and XLSX writers), `--large` to add the 1M x 200k pair and a scenario of 1M persons in all, `--out DIR` to also
write the 100k x 70k pair (or `--registry N --requests M`) as CSV with its truth files, for `cartel link`.

Figures are wall-clock on this machine beside a baseline: a plain loop that builds each row with `random.choice`
per field and no noise (the least work a generator can do per row). Peak memory is the process's maximum
resident set size so far (`resource.getrusage`).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cartel.synth import (
    HOLDOUT,
    TUNING,
    build_scenario,
    make_list_pair,
    write_csv,
    write_truth_csv,
    write_xlsx,
)
from cartel.synth.pools import COMMON_SURNAMES, MALE, SURNAMES


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(label: str, fn: Callable[[], Any], records: int | Callable[[Any], int]) -> Any:
    start = time.perf_counter()
    out = fn()
    elapsed = time.perf_counter() - start
    n = records(out) if callable(records) else records
    print(f"{label:<44} {elapsed:8.2f} s {n / elapsed:>12,.0f} rec/s   peak {peak_mb():7,.0f} MB")
    return out


def scenario_rows(scenario: Any) -> int:
    return sum(len(lst) for lst in scenario.lists)


def baseline(n: int) -> list[tuple[str, ...]]:
    rng = random.Random(0)
    return [
        (
            f"r{i}",
            rng.choice(SURNAMES[:COMMON_SURNAMES]).ru,
            rng.choice(MALE).ru,
            f"{rng.randrange(1, 29):02d}.01.1990",
        )
        for i in range(n)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--registry", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=70_000)
    parser.add_argument("--overlap", type=float, default=0.7)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--profile", choices=("tuning", "holdout"), default="tuning")
    parser.add_argument("--large", action="store_true", help="add 1M x 200k and a 1M-person scenario")
    parser.add_argument("--out", type=Path, help="write registry.csv, requests.csv and truth files here")
    args = parser.parse_args()
    profile = HOLDOUT if args.profile == "holdout" else TUNING
    print(
        f"Python {platform.python_version()} on {platform.machine()}, {sys.platform}; profile {profile.name}"
    )

    n = args.registry + args.requests
    timed(f"baseline: plain rows, no noise ({n:,})", lambda: baseline(n), n)
    pair = timed(
        f"list pair {args.registry:,} x {args.requests:,}",
        lambda: make_list_pair(
            args.registry, args.requests, overlap=args.overlap, seed=args.seed, profile=profile
        ),
        n,
    )
    scenario = timed("scenario, 2,000 per side", lambda: build_scenario(2000, seed=args.seed), scenario_rows)
    print(f"{'':<44} ({scenario_rows(scenario):,} list rows, {len(scenario.population):,} persons)")

    with tempfile.TemporaryDirectory() as tmp:
        reg = pair.registry
        timed("write CSV cp1251 ';' (registry)", lambda: write_csv(reg.rows, Path(tmp) / "r.csv",
              columns=reg.columns, encoding="cp1251", delimiter=";", header_language="ru", errors="replace"),
              len(reg))  # fmt: skip
        timed("write XLSX (registry)", lambda: write_xlsx(reg.rows, Path(tmp) / "r.xlsx", columns=reg.columns,
              header_language="ru"), len(reg))  # fmt: skip

    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        write_csv(pair.registry.rows, args.out / "registry.csv", columns=pair.registry.columns)
        write_csv(pair.requests.rows, args.out / "requests.csv", columns=pair.requests.columns)
        write_truth_csv(pair.registry.truth, args.out / "registry_truth.csv")
        write_truth_csv(pair.requests.truth, args.out / "requests_truth.csv")
        print(
            f"wrote {args.out}/registry.csv, requests.csv and *_truth.csv ({len(pair.true_pairs()):,} true pairs)"
        )

    if args.large:
        del pair, scenario
        timed("list pair 1,000,000 x 200,000", lambda: make_list_pair(1_000_000, 200_000, seed=args.seed,
              profile=profile), 1_200_000)  # fmt: skip
        big = timed(
            "scenario, 500,000 per side", lambda: build_scenario(500_000, seed=args.seed), scenario_rows
        )
        print(f"{'':<44} ({scenario_rows(big):,} list rows, {len(big.population):,} persons)")
    print(f"load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
