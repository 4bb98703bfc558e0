"""Benchmark of `cartel link` against plain Splink on synthetic holdout lists with ground truth.

Run: `uv run python bench/linkage.py` (100k registry × 70k requests), `--size 1m` (1M × 200k), `--size 20k`
for a quick look; `--latin` adds registry × Latin-script family inquiries; `--no-baseline` skips plain Splink.
`--engines duckdb,spark` runs `cartel link` once per engine on the same lists (Spark needs the extra:
`uv run --extra spark python bench/linkage.py --engines duckdb,spark`) and compares their pairs; the Spark child
gets `--spark-driver-memory` (4g: Spark's default 1 GB heap runs out at 5k × 3.5k) through PYSPARK_SUBMIT_ARGS
unless that is set already.
`--write-default-params` trains the shipped parameters on tuning-profile lists (never on holdout data).

The lists are rendered with the HOLDOUT noise profile (other seeds, rates and romanisation habits than tuning)
and written as CSV. Each linker then runs in its own child process, end to end from the CSV files (reading,
features, training, scoring, one-to-one assignment, writing PAIRS.csv), so that its wall time and peak resident
memory are its own: CPU is the child's rusage including the processes it waited for (Spark's JVM: the child stops
it and waits), peak memory the largest sampled sum of resident memory over the child and its descendants (the
JVM beside the Python driver), or the rusage peak of one process if that is higher. Each engine trains on its
own (separate model caches). Pairs lost at blocking count as misses.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

SIZES = {"5k": (5_000, 3_500), "20k": (20_000, 14_000), "100k": (100_000, 70_000), "1m": (1_000_000, 200_000)}
REVIEW_LOW, REVIEW_HIGH = 0.5, 0.8


# ---------------------------------------------------------------- children: one linker per process


def child_cartel(left: str, right: str, out: str, cache: str, engine: str = "duckdb") -> dict[str, Any]:
    """Read both files as `cartel link --engine ENGINE` does, link them, write PAIRS.csv; return phase timings."""
    from cartel.engine.linkage import link
    from cartel.engine.linkage.cli import read_list
    from cartel.engine.tabular import write_csv_safe

    start = time.perf_counter()
    cpu = time.process_time()
    rows_l, rows_r = read_list(left), read_list(right)
    timings = {"read": time.perf_counter() - start}
    if engine == "spark":  # start the session (and JVM) `link` will use, to time it apart
        from cartel.engine.linkage.run._backend import _spark_session

        t = time.perf_counter()
        session = _spark_session()
        timings["spark start"] = time.perf_counter() - t
    result = link(rows_l, rows_r, threshold=REVIEW_LOW, cache_dir=Path(cache), engine=engine)  # type: ignore[arg-type]
    t = time.perf_counter()
    rows = zip(
        *(result.pairs[c].to_pylist() for c in ("left_id", "right_id", "match_probability")), strict=True
    )
    write_csv_safe(rows, ["left_id", "right_id", "match_probability"], out, bom=False)
    timings |= {**result.timings, "write": time.perf_counter() - t}
    if engine == "spark":  # stop the JVM and wait for it, so that its CPU and memory count in our rusage
        t = time.perf_counter()
        gateway = session.sparkContext._gateway
        session.stop()
        gateway.shutdown()
        gateway.proc.stdin.close()
        gateway.proc.wait()
        timings["spark stop"] = time.perf_counter() - t
    return {"timings": timings, "total": time.perf_counter() - start, "cpu": time.process_time() - cpu,
            "summary": {k: v for k, v in result.summary.items() if isinstance(v, int | float | str)}}  # fmt: skip


_NAIVE = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "e", "ж": "zh", "з": "z",
    "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "'": "", "’": "",
})  # fmt: skip


def _naive(text: str) -> str:
    """Lower case, Cyrillic letters replaced one by one, accents dropped: what unidecode-style folding does."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text.lower().translate(_NAIVE))
    return "".join(ch for ch in folded if ch.isalnum() or ch == " ").strip()


def _naive_date(text: str) -> str | None:
    import re

    if m := re.fullmatch(r"(\d{1,2})[./](\d{1,2})[./](\d{4})", text.strip()):
        return f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}"
    if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip()):
        return m.group()
    return None


def _naive_rows(path: str, side: str) -> list[dict[str, Any]]:
    """Plain fields in fixed order (first word surname, second given name), as a straightforward setup would."""
    rows = []
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            words = row.get("full_name", "").split()
            surname = row.get("surname") or (words[0] if words else "")
            given = row.get("given_name") or (words[1] if len(words) > 1 else "")
            rows.append({
                "unique_id": row["id"], "surname": _naive(surname) or None, "first_name": _naive(given) or None,
                "dob": _naive_date(row.get("birth_date", "")), "source": side,
            })  # fmt: skip
    return rows


def child_splink(left: str, right: str, out: str) -> dict[str, Any]:
    """Plain Splink 5: standard comparisons and blocking on naively folded raw fields, unsupervised training."""
    import logging

    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    start = time.perf_counter()
    cpu = time.process_time()
    db = DuckDBAPI()
    frames = [db.register(pa.Table.from_pylist(_naive_rows(p, s)), dataset_display_name=s)
              for p, s in ((left, "list_l"), (right, "list_r"))]  # fmt: skip
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=[
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.NameComparison("first_name").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison("dob", input_is_string=True),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("surname", "first_name"),
            block_on("dob"),
            block_on("surname", "substr(dob, 1, 4)"),
        ],
        retain_matching_columns=False,
    )
    linker = Linker(frames, settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("surname", "first_name", "dob")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"), max_pairs=1.5e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("surname"), max_pairs=1.5e6)
    trained = time.perf_counter() - start
    predictions = linker.inference.predict(threshold_match_probability=REVIEW_LOW)
    table = predictions.as_pyarrow_table()
    one = linker.clustering.cluster_using_single_best_links(
        predictions, duplicate_free_datasets=["list_l", "list_r"], threshold_match_probability=REVIEW_LOW
    ).as_pyarrow_table()
    clusters: dict[Any, list[tuple[str, str]]] = defaultdict(list)
    for cid, src, uid in zip(
        *(one[c].to_pylist() for c in ("cluster_id", "source_dataset", "unique_id")), strict=True
    ):
        clusters[cid].append((src, uid))
    best = set()
    for members in clusters.values():
        ids = dict(members)
        if "list_l" in ids and "list_r" in ids:
            best.add((ids["list_l"], ids["list_r"]))
    with open(out, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["left_id", "right_id", "match_probability", "one_to_one"])
        for lid, rid, sl, p in zip(*(table[c].to_pylist() for c in ("unique_id_l", "unique_id_r", "source_dataset_l",
                                                                     "match_probability")), strict=True):  # fmt: skip
            lid, rid = (lid, rid) if sl == "list_l" else (rid, lid)
            writer.writerow([lid, rid, p, int((lid, rid) in best)])
    return {"timings": {"training": trained, "scoring and clustering": time.perf_counter() - start - trained},
            "total": time.perf_counter() - start, "cpu": time.process_time() - cpu}  # fmt: skip


# ---------------------------------------------------------------- parent: data, processes, metrics


def _tree_rss(pid: int) -> int:
    """Return the resident bytes of a process and all its descendants (0 once it is gone)."""
    total, todo, page = 0, [pid], os.sysconf("SC_PAGE_SIZE")
    while todo:
        current = todo.pop()
        try:
            with open(f"/proc/{current}/statm") as handle:
                total += int(handle.read().split()[1]) * page
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    todo.extend(int(c) for c in handle.read().split())
        except (OSError, ValueError):
            continue
    return total


def run_child(args: list[str]) -> tuple[dict[str, Any], float, float]:
    """Run this script in child mode; return its JSON report (with CPU seconds), wall seconds and peak RSS in MB.

    CPU: the child and the processes it waited for (workers, Spark's JVM). Peak: the larger of the rusage peak
    (one process) and the sampled sum over the child and its descendants (Python driver plus JVM).
    """
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE)
    peak_tree, done = 0, threading.Event()

    def sample() -> None:
        nonlocal peak_tree
        while not done.wait(0.2):
            peak_tree = max(peak_tree, _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out = proc.stdout.read().decode() if proc.stdout else ""
    done.set()
    sampler.join()
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"child {args[1]} failed with status {status}")
    report = json.loads(out.strip().splitlines()[-1])
    report["cpu"] = usage.ru_utime + usage.ru_stime
    report["peak_one_process_mb"] = usage.ru_maxrss / 1024
    return report, time.perf_counter() - start, max(usage.ru_maxrss * 1024, peak_tree) / 2**20


def read_pairs(
    path: Path, one_to_one_column: bool = False
) -> tuple[dict[tuple[str, str], float], set[tuple[str, str]]]:
    """Return all scored pairs with probabilities, and the one-to-one subset."""
    pairs, best = {}, set()
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            key = (row["left_id"], row["right_id"])
            pairs[key] = float(row["match_probability"])
            if not one_to_one_column or row["one_to_one"] == "1":
                best.add(key)
    return pairs, best


def pairwise(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    tp = len(found & truth)
    p = tp / len(found) if found else 0.0
    r = tp / len(truth) if truth else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bcubed(found: set[tuple[str, str]], truth_of: dict[str, str], *, partnered_only: bool) -> float:
    """B-cubed F1 over all records (or only those with a true partner); predicted clusters are the pairs."""
    predicted: dict[str, str] = {}
    for lid, rid in found:
        predicted[f"L:{lid}"] = predicted[f"R:{rid}"] = f"{lid}|{rid}"
    members: dict[str, list[str]] = defaultdict(list)
    for node in truth_of:
        members[predicted.get(node, node)].append(node)
    persons: dict[str, list[str]] = defaultdict(list)
    for node, pid in truth_of.items():
        persons[pid].append(node)
    nodes = [n for n in truth_of if not partnered_only or len(persons[truth_of[n]]) > 1]
    precision = recall = 0.0
    for node in nodes:
        cluster = members[predicted.get(node, node)]
        same = sum(1 for other in cluster if truth_of[other] == truth_of[node])
        precision += same / len(cluster)
        recall += same / len(persons[truth_of[node]])
    precision, recall = precision / len(nodes), recall / len(nodes)
    return 2 * precision * recall / (precision + recall)


def one_to_one_accuracy(
    found: set[tuple[str, str]], truth: set[tuple[str, str]], right_ids: list[str]
) -> float:
    """Share of right-hand records whose assignment (a partner, or none) is correct."""
    partner = {right: left for left, right in truth}
    chosen = {right: left for left, right in found}
    return sum(1 for r in right_ids if chosen.get(r) == partner.get(r)) / len(right_ids)


def evaluate(name: str, pairs_path: Path, truth: set[tuple[str, str]], truth_of: dict[str, str],
             right_ids: list[str], *, one_to_one_column: bool) -> dict[str, Any]:  # fmt: skip
    scored, best = read_pairs(pairs_path, one_to_one_column)
    out = {"linker": name}
    out["pairwise_all"] = pairwise(set(scored), truth)
    out["pairwise_one_to_one"] = pairwise(best, truth)
    out["bcubed_all"] = bcubed(best, truth_of, partnered_only=False)
    out["bcubed_partnered"] = bcubed(best, truth_of, partnered_only=True)
    out["one_to_one_accuracy"] = one_to_one_accuracy(best, truth, right_ids)
    out["review_band"] = sum(1 for k in best if REVIEW_LOW <= scored[k] < REVIEW_HIGH)
    return out


def _engine_name(engine: str) -> str:
    return "cartel" if engine == "duckdb" else f"cartel {engine}"


def compare_engines(paths: dict[str, Path], truth: set[tuple[str, str]]) -> dict[str, Any]:
    """Compare two engines' one-to-one pairs: how many they share, and how many of the others are true."""
    (a_name, a_path), (b_name, b_path) = paths.items()
    (scores_a, a), (scores_b, b) = read_pairs(a_path), read_pairs(b_path)
    both = a & b
    return {
        "shared pairs": len(both),
        f"only {a_name}": len(a - b),
        f"true among only {a_name}": len((a - b) & truth),
        f"only {b_name}": len(b - a),
        f"true among only {b_name}": len((b - a) & truth),
        "max |Δp| on shared": max((abs(scores_a[k] - scores_b[k]) for k in both), default=0.0),
    }


def make_inputs(size: str, seed: int, latin: bool, folder: Path) -> list[dict[str, Any]]:
    """Render the holdout lists, write them as CSV and return one task per linkage to measure."""
    import numpy as np

    from cartel.synth import HOLDOUT, make_list_pair, write_csv
    from cartel.synth.lists import make_inquiries

    n_left, n_right = SIZES[size]
    start = time.perf_counter()
    pair = make_list_pair(n_left, n_right, seed=seed, profile=HOLDOUT)
    lists = [("requests", pair.requests)]
    if latin:
        registered = np.array(sorted(int(pid[1:]) for pid in pair.registry.truth.values()))
        rng = np.random.default_rng(seed)
        others = np.setdiff1d(np.arange(len(pair.population.side)), registered)
        members = np.concatenate([rng.choice(registered, n_right // 3, replace=False),
                                  rng.choice(others, min(len(others), n_right // 10), replace=False)])  # fmt: skip
        inquiries, _ = make_inquiries(pair.population, members, owner="A", language="uk", profile=HOLDOUT,
                                      seed=seed, latin_share=1.0)  # fmt: skip
        lists.append(("latin inquiries", inquiries))
    write_csv(pair.registry.rows, folder / "registry.csv", columns=pair.registry.columns)
    tasks = []
    for label, other in lists:
        path = folder / f"{label.replace(' ', '_')}.csv"
        write_csv(other.rows, path, columns=other.columns)
        by_person: dict[str, list[str]] = defaultdict(list)
        for rid, pid in pair.registry.truth.items():
            by_person[pid].append(rid)
        truth = {(lid, rid) for rid, pid in other.truth.items() for lid in by_person.get(pid, ())}
        truth_of = {f"L:{k}": v for k, v in pair.registry.truth.items()} | {
            f"R:{k}": v for k, v in other.truth.items()
        }
        tasks.append({"label": label, "right": path, "truth": truth, "truth_of": truth_of,
                      "right_ids": list(other.truth), "n": (len(pair.registry), len(other))})  # fmt: skip
    print(f"rendered and wrote the holdout lists in {time.perf_counter() - start:.1f} s", flush=True)
    return tasks


def machine() -> str:
    cpus = os.cpu_count()
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()[0]
    return f"{platform.processor() or platform.machine()}, {cpus} cores, {mem:.0f} GB RAM, Python {platform.python_version()}, load {load:.1f}"


def fmt(x: tuple[float, float, float]) -> str:
    return f"{x[0]:.4f} / {x[1]:.4f} / {x[2]:.4f}"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=list(SIZES), default="100k")
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument(
        "--latin", action="store_true", help="also link the registry with Latin-script inquiries"
    )
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--engines",
        default="duckdb",
        help="comma-separated `cartel link` engines: duckdb, spark (default duckdb)",
    )
    parser.add_argument("--spark-driver-memory", default="4g", help="heap of Spark's local JVM (default 4g)")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    parser.add_argument("--write-default-params", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *paths = args.child
        report = child_cartel(*paths) if kind == "cartel" else child_splink(*paths)
        print(json.dumps(report))
        return 0
    if args.write_default_params:
        return write_default_params()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if unknown := set(engines) - {"duckdb", "spark"}:
        parser.error(f"unknown engine(s) {', '.join(sorted(unknown))}: use duckdb, spark")
    if "spark" in engines:  # children inherit it; a session started by `link` then gets this heap
        os.environ.setdefault(
            "PYSPARK_SUBMIT_ARGS", f"--driver-memory {args.spark_driver_memory} pyspark-shell"
        )
        print(
            f"spark: {os.environ['PYSPARK_SUBMIT_ARGS']}, master {os.environ.get('CARTEL_SPARK_MASTER', 'local[2]')}"
        )
    print(f"machine: {machine()}")
    results = []
    with tempfile.TemporaryDirectory(prefix="cartel-bench-") as tmp:
        folder = Path(tmp)
        for task in make_inputs(args.size, args.seed, args.latin, folder):
            n_left, n_right = task["n"]
            print(
                f"\n== registry ({n_left:,}) × {task['label']} ({n_right:,}), holdout profile, seed {args.seed}"
            )
            linkers = [(_engine_name(e), ["cartel", str(folder / "registry.csv"), str(task["right"]),
                                          str(folder / f"cartel_{e}_pairs.csv"), str(folder / f"cache_{e}"), e],
                        False) for e in engines]  # fmt: skip
            if not args.no_baseline:
                linkers.append(("plain splink", ["splink", str(folder / "registry.csv"), str(task["right"]),
                                                 str(folder / "splink_pairs.csv")], True))  # fmt: skip
            for name, child_args, flag in linkers:
                report, wall, peak = run_child(["--child", *child_args])
                metrics = evaluate(name, Path(child_args[3]), task["truth"], task["truth_of"], task["right_ids"],
                                   one_to_one_column=flag)  # fmt: skip
                metrics |= {"task": task["label"], "wall_s": wall, "cpu_s": report["cpu"], "peak_mb": peak,
                            "phases": report["timings"], "summary": report.get("summary", {})}  # fmt: skip
                results.append(metrics)
                phases = ", ".join(f"{k} {v:.1f}" for k, v in report["timings"].items())
                print(
                    f"{name:13s} wall {wall:6.1f} s  cpu {report['cpu']:6.1f} s  peak {peak:7.0f} MB  [{phases}]"
                )
                print(f"{'':13s} pairwise P/R/F1 one-to-one {fmt(metrics['pairwise_one_to_one'])}   "
                      f"all pairs ≥ 0.5 {fmt(metrics['pairwise_all'])}")  # fmt: skip
                print(f"{'':13s} B³ F1 all {metrics['bcubed_all']:.4f}  partnered {metrics['bcubed_partnered']:.4f}  "
                      f"one-to-one accuracy {metrics['one_to_one_accuracy']:.4f}  review band {metrics['review_band']:,}")  # fmt: skip
            if len(engines) > 1:
                agreement = compare_engines(
                    {e: folder / f"cartel_{e}_pairs.csv" for e in engines[:2]}, task["truth"]
                )
                results.append({"task": task["label"], "engine_agreement": agreement})
                print(
                    "  ".join(
                        f"{k} {v:,}" if isinstance(v, int) else f"{k} {v:.2g}" for k, v in agreement.items()
                    )
                )
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "size": args.size, "seed": args.seed,
                                         "results": results}, indent=1, default=list))  # fmt: skip
    return 0


def write_default_params() -> int:
    """Train the shipped parameters on tuning-profile lists (20k × 14k, seeds never used for holdout)."""
    from cartel.engine.linkage import LINK_SPEC, build_features, link_features
    from cartel.synth import TUNING, make_list_pair

    pair = make_list_pair(20_000, 14_000, seed=777, profile=TUNING)
    left = build_features([r._asdict() for r in pair.registry.rows])
    right = build_features([r._asdict() for r in pair.requests.rows])
    result = link_features(left, right, use_cache=False, spec=LINK_SPEC)
    params = result.params
    target = Path(__file__).resolve().parents[1] / "src/cartel/engine/linkage/default_params.json"
    notes = {"trained_on": "synthetic TUNING lists, 20,000 × 14,000, seed 777 (bench/linkage.py)"}
    from dataclasses import replace

    replace(params, source="default", notes=notes).save(target)
    print(f"wrote {target} (prior {params.lambda_:.3g})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
