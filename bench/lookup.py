"""Benchmark of one family inquiry against a large registry: `CandidateIndex.lookup` beside a full scan.

Run: `uv run python bench/lookup.py` (1M-record registry, 1,000 inquiries), `--size 100k` for a quick look.

The registry is a synthetic Russian-Cyrillic list rendered with the holdout noise profile; the inquiries are
family inquiries about registered and unregistered persons, half of them in Latin letters. Each lookup is timed
from the raw inquiry row (feature extraction included) to the ranked matches. The baseline scans every
registry name with rapidfuzz (Jaro-Winkler on the Latin skeleton of the full name, `process.extract`), the
simplest thing that finds cross-script spellings without an index. Top-1 accuracy counts inquiries about a
registered person whose record comes first (for the index, with probability ≥ 0.5).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import time

import numpy as np

SIZES = {"100k": 100_000, "1m": 1_000_000}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    pick = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    return (
        f"p50 {pick(0.5):7.2f} ms  p95 {pick(0.95):7.2f} ms  p99 {pick(0.99):7.2f} ms  max {ms[-1]:7.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=list(SIZES), default="1m")
    parser.add_argument("--inquiries", type=int, default=1000)
    parser.add_argument("--baseline-inquiries", type=int, default=100, help="the full scan is slow: fewer")
    parser.add_argument("--seed", type=int, default=4242)
    args = parser.parse_args()

    from rapidfuzz import process
    from rapidfuzz.distance import JaroWinkler

    from cartel.engine.linkage import CandidateIndex, build_features, default_params, record_features
    from cartel.engine.names import skeleton
    from cartel.synth import HOLDOUT, make_list_pair
    from cartel.synth.lists import make_inquiries

    n = SIZES[args.size]
    load = os.getloadavg()[0]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, load {load:.1f}"
    )
    start = time.perf_counter()
    pair = make_list_pair(n, 1000, seed=args.seed, profile=HOLDOUT)
    registered = np.array(sorted(int(pid[1:]) for pid in pair.registry.truth.values()))
    rng = np.random.default_rng(args.seed)
    others = np.setdiff1d(np.arange(len(pair.population.side)), registered)
    k = args.inquiries
    members = np.concatenate([rng.choice(registered, k * 7 // 10, replace=False),
                              rng.choice(others, k - k * 7 // 10, replace=False)])  # fmt: skip
    inquiries, _ = make_inquiries(pair.population, members, owner="A", language="uk", profile=HOLDOUT,
                                  seed=args.seed, latin_share=0.5)  # fmt: skip
    record_of = {pid: rid for rid, pid in pair.registry.truth.items()}
    print(
        f"rendered {n:,} registry records and {len(inquiries):,} inquiries in {time.perf_counter() - start:.1f} s"
    )

    start = time.perf_counter()
    features = build_features([row._asdict() for row in pair.registry.rows])
    built_features = time.perf_counter() - start
    start = time.perf_counter()
    index = CandidateIndex(features, default_params())
    built_index = time.perf_counter() - start
    print(f"features {built_features:.1f} s, index {built_index:.1f} s, peak memory {peak_mb():,.0f} MB")

    rows = [row._asdict() for row in inquiries.rows]
    latencies, hits, asked, candidates = [], 0, 0, []
    for row in rows:
        t = time.perf_counter()
        matches = index.lookup(row)
        latencies.append(time.perf_counter() - t)
        expected = record_of.get(inquiries.truth[row["id"]])
        if expected is not None:
            asked += 1
            hits += bool(matches) and matches[0].id == expected
    for row in rows[:200]:
        candidates.append(len(index.candidates(record_features(row))))
    print(f"\nCandidateIndex.lookup ({len(rows):,} inquiries): {percentiles(latencies)}")
    print(f"  top-1 accuracy {hits / asked:.3f} on {asked:,} registered persons; "
          f"mean candidates {statistics.mean(candidates):.0f}")  # fmt: skip

    names = [skeleton(" ".join(x for x in (r.surname, r.given_name, r.patronymic, r.full_name) if x))
             for r in pair.registry.rows]  # fmt: skip
    ids = [r.id for r in pair.registry.rows]
    latencies, hits, asked = [], 0, 0
    for row in rows[: args.baseline_inquiries]:
        t = time.perf_counter()
        query = skeleton(
            " ".join(x for x in (row["surname"], row["given_name"], row["patronymic"], row["full_name"]) if x)
        )
        best = process.extract(query, names, scorer=JaroWinkler.similarity, limit=10)
        latencies.append(time.perf_counter() - t)
        expected = record_of.get(inquiries.truth[row["id"]])
        if expected is not None:
            asked += 1
            hits += bool(best) and ids[best[0][2]] == expected
    print(f"\nbaseline full scan ({len(latencies):,} inquiries): {percentiles(latencies)}")
    print(f"  top-1 accuracy {hits / max(asked, 1):.3f} on {asked:,} registered persons")
    print(f"\npeak memory {peak_mb():,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
