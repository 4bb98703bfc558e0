"""Benchmark of the person search box at scale (DESIGN.md budget: p95 <= 100 ms at 1M persons, any script).

Run: `uv run python bench/search.py` (1M persons on SQLite and PostgreSQL; `--persons N`, `--backends sqlite`,
`--queries K`, `--sqlite PATH`, `--pg URL`, `--fresh` to rebuild the data even if it is there).

Each backend runs in its own process: it fills a database through the real bulk path (`bench/_registry_fill.py`,
kept between runs), then times `registry.selectors.persons_search` as A's operator, B's operator and the mediator
on queries built from stored persons: a Cyrillic surname, a Latin surname and given name (cross-script), the full
name in another order, surname with a birth date, a typo, a word being typed, a date alone, and a name nobody has.
Beside it, in the same process on the same data, two baselines: the same search with the index switched off
(`search_index.index_kind` forced to `scan`, substring scans) and a plain `icontains` filter on the display name,
each on a smaller sample because every query reads the whole table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _registry_fill import Sought, django_start, machine, peak_rss_mb, registry_fill, sample_sought

KINDS = ("surname", "latin", "reordered", "with date", "typo", "typing", "date only", "nobody")
VIEWERS = ("a-operator", "b-operator", "m-mediator")


def queries_for(sought: list[Sought], per_kind: int, seed: int) -> list[tuple[str, str]]:
    """(kind, query text) pairs built from stored persons, `per_kind` of each kind, in a fixed shuffled order."""
    from cartel.synth import transliterate

    rng = random.Random(seed)
    out: list[tuple[str, str]] = []
    for i, s in enumerate(sought[:per_kind]):
        scheme = "uk-passport-2007" if i % 2 else "ru-icao"
        y, m, d = s.birth_date.split("-")
        typo_at = rng.randrange(1, max(2, len(s.surname) - 1))
        typo = s.surname[:typo_at] + rng.choice("аеиоу") + s.surname[typo_at + 1 :]
        out += [
            ("surname", s.surname),
            ("latin", f"{transliterate(s.surname, scheme)} {transliterate(s.given, scheme)}"),
            ("reordered", f"{s.given} {s.patronymic} {s.surname}"),
            ("with date", f"{s.surname} {d}.{m}.{y}"),
            ("typo", f"{typo} {s.given}"),
            ("typing", transliterate(s.surname, scheme)[: 3 + i % 3]),
            ("date only", s.birth_date),
            ("nobody", "Qwzxy Vbnmk"[: 5 + i % 6]),
        ]
    rng.shuffle(out)
    return out


CPU: list[float] = []  # in-process CPU milliseconds of every timed call, in order


def _time(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall milliseconds of `fn()` and its value; its CPU milliseconds in this process go to CPU."""
    t, c = time.perf_counter(), time.process_time()
    value = fn()
    CPU.append((time.process_time() - c) * 1000)
    return (time.perf_counter() - t) * 1000, value


def _percentiles(ms: list[float]) -> dict[str, float]:
    if not ms:
        return {}
    q = statistics.quantiles(ms, n=100, method="inclusive") if len(ms) > 1 else [ms[0]] * 99
    return {"n": len(ms), "p50": round(q[49], 1), "p95": round(q[94], 1), "p99": round(q[98], 1),
            "max": round(max(ms), 1)}  # fmt: skip


def _baseline_icontains(viewer: Any, query: str) -> list[Any]:
    """The naive search: every query word as a case-insensitive substring of the display name, first 50."""
    from django.db.models import Q

    from cartel.parties.visibility import persons_visible_to

    qs = persons_visible_to(viewer)
    for word in query.split():
        qs = qs.filter(Q(display_name__icontains=word) | Q(latin_name__icontains=word))
    return list(qs[:50])


def run_child(args: argparse.Namespace) -> dict[str, Any]:
    """Fill (or reuse) one backend's database, then time the search and its baselines there."""
    db = args.sqlite if args.child == "sqlite" else args.pg
    django_start(db, fresh=args.fresh)
    from django.contrib.auth import get_user_model
    from django.db import connection

    from cartel.registry import search_index
    from cartel.registry.selectors import persons_search

    fill = registry_fill(args.persons, args.seed, say=lambda m: print(m, file=sys.stderr, flush=True))
    users = {u.username: u for u in get_user_model().objects.filter(username__in=VIEWERS)}
    viewers = [users[v] for v in VIEWERS]
    for v in viewers:  # resolve each viewer's party once, as a request's user would be
        persons_search(viewer=v, query="warmup", limit=1)
    queries = queries_for(sample_sought(args.persons, args.seed, args.queries), args.queries, args.seed)
    kind = search_index.index_kind()
    by_kind: dict[str, list[float]] = {k: [] for k in KINDS}
    hits_found = 0
    for i, (k, q) in enumerate(queries):
        ms, hits = _time(lambda q=q, i=i: list(persons_search(viewer=viewers[i % 3], query=q, limit=50)))
        by_kind[k].append(ms)
        hits_found += bool(hits)
    all_ms = [m for v in by_kind.values() for m in v]
    cpu = list(CPU)
    result: dict[str, Any] = {
        "backend": connection.vendor,
        "index": kind,
        "fill": fill,
        "search": _percentiles(all_ms),
        "search_cpu": _percentiles(cpu),
        "load": round(os.getloadavg()[0], 1),
        "by_kind": {k: _percentiles(v) for k, v in by_kind.items()},
        "queries_with_hits": f"{hits_found}/{len(queries)}",
    }
    sample = queries[: args.baseline_queries]
    base_ms = [
        _time(lambda q=q, i=i: _baseline_icontains(viewers[i % 3], q))[0] for i, (_, q) in enumerate(sample)
    ]
    result["baseline_icontains"] = _percentiles(base_ms)
    search_index._checked.clear()
    search_index._checked[("default", str(connection.settings_dict.get("NAME")))] = "scan"
    scan_ms = [_time(lambda q=q, i=i: list(persons_search(viewer=viewers[i % 3], query=q, limit=50)))[0]
               for i, (_, q) in enumerate(sample)]  # fmt: skip
    search_index.index_forget()
    result["baseline_no_index"] = _percentiles(scan_ms)
    result["peak_rss_mb"] = round(peak_rss_mb())
    return result


def report(results: list[dict[str, Any]], persons: int) -> None:
    """Print the figures of every backend, the search beside its baselines."""
    print(f"\nPerson search at {persons:,} persons — {machine()}")
    for r in results:
        fill = r["fill"]
        filled = "reused" if fill.get("reused") else f"filled in {fill.get('fill_s')} s"
        print(f"\n{r['backend']} (index: {r['index']}; {fill['persons']:,} persons, {filled}; "
              f"peak RSS {r['peak_rss_mb']} MB; queries with hits {r['queries_with_hits']})")  # fmt: skip
        print(f"  {'':24} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
        rows = [("search (all kinds)", r["search"]), ("  CPU in this process", r["search_cpu"])]
        rows += [(f"  {k}", v) for k, v in r["by_kind"].items()]
        rows += [
            ("baseline: no index", r["baseline_no_index"]),
            ("baseline: icontains", r["baseline_icontains"]),
        ]
        for label, p in rows:
            if p:
                print(f"  {label:24} {p['n']:>5} {p['p50']:>8} {p['p95']:>8} {p['p99']:>8} {p['max']:>8}")
        budget = "met" if r["search"]["p95"] <= 100 else "NOT met"
        print(
            f"  budget p95 <= 100 ms (wall): {budget}; load average during the run {r['load']} on {os.cpu_count()} cores"
        )


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--persons", type=int, default=1_000_000)
    p.add_argument(
        "--queries", type=int, default=40, help="stored persons to build queries from (8 per person)"
    )
    p.add_argument("--baseline-queries", type=int, default=24)
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--backends", default="sqlite,postgresql")
    p.add_argument("--sqlite", default="/tmp/cartel-bench/search.sqlite3")
    p.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/cartel_bench_search")
    p.add_argument("--fresh", action="store_true", help="rebuild the data even if the database holds it")
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--json", action="store_true", help="print the raw figures as JSON too")
    args = p.parse_args()
    if args.child:
        print(json.dumps(run_child(args)))
        return 0
    results = []
    for backend in args.backends.split(","):
        cmd = [sys.executable, __file__, "--child", backend, *sys.argv[1:]]
        out = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    report(results, args.persons)
    if args.json:
        print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
