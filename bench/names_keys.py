"""Benchmark of `name_keys(parse_full_name(...))` on synthetic noisy names, plus per-person key agreement.

Run: `uv run python bench/names_keys.py [--people N]` (default 35,000 people, rendered three times: a Russian
Cyrillic registry, a Ukrainian Cyrillic request list and a family-inquiry list that is half Latin, so about 105k
varied strings with typos, homoglyphs, initials and every name order).

Figures: records per CPU second (the machine is shared, so wall-clock varies) with cold caches (first pass: every distinct word is worked out once) and warm caches
(second pass), beside a baseline of `str.split` + `str.lower` per record (the least work a key builder can do);
then, for the same person across two lists, the share whose surname skeleton, surname fold and given-name group
agree. The agreement figures use synth's own transliteration for the Latin rows, so they are optimistic.
"""

from __future__ import annotations

import argparse
import random
import resource
import time
from collections.abc import Callable, Sequence

from cartel.engine.names import NameKeys, name_keys, parse_full_name
from cartel.engine.names._name_index import name_index
from cartel.synth.lists import SynthList, render_list
from cartel.synth.people import make_population
from cartel.synth.render import Clerk, ListRow


def full_name(row: ListRow) -> str:
    if row.full_name:
        return row.full_name
    return " ".join(p for p in (row.surname, row.given_name, row.patronymic) if p)


def timed(label: str, fn: Callable[[], object], n: int) -> float:
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"  {label:<38} {seconds:7.2f} s wall {cpu_seconds:7.2f} s CPU"
        f"   {n / cpu_seconds:>10,.0f} records per CPU second"
    )
    return seconds


def clear_caches() -> None:
    from cartel.engine.names import equivalence, homoglyphs, keys, parse, skeleton, translit

    for module in (equivalence, homoglyphs, keys, parse, skeleton, translit):
        for value in vars(module).values():
            if hasattr(value, "cache_clear"):
                value.cache_clear()


def agreement(lists: Sequence[SynthList], found: dict[str, NameKeys]) -> None:
    by_person: dict[str, list[NameKeys]] = {}
    for synth in lists:
        for rid, pid in synth.truth.items():
            by_person.setdefault(pid, []).append(found[rid])
    pairs = [(a, b) for ks in by_person.values() for i, a in enumerate(ks) for b in ks[i + 1 :]]
    pairs = [(a, b) for a, b in pairs if not a.empty and not b.empty]
    for field in ("surname_skel", "surname_fold", "given_group", "patronymic_group"):
        both = [(getattr(a, field), getattr(b, field)) for a, b in pairs]
        both = [(x, y) for x, y in both if x and y]
        same = sum(x == y for x, y in both)
        print(f"  {field:<18} equal for {same / max(len(both), 1):6.1%} of {len(both):,} same-person pairs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--people", type=int, default=35_000)
    args = parser.parse_args()

    start = time.perf_counter()
    population = make_population({"A": args.people}, seed=7)
    members = list(range(args.people))
    clerks = {
        "ru-registry": Clerk(language="ru", layout="split"),
        "uk-requests": Clerk(language="uk", layout="full_name"),
        "inquiries": Clerk(
            language="uk", script="mixed", layout="full_name", own_names=True, patronymic_known=0.5
        ),
    }
    lists = [
        render_list(
            population,
            members,
            name=name,
            kind="registry",
            owner="B",
            about="A",
            clerk=clerk,
            seed=i,
            id_prefix=f"{name}-",
        )
        for i, (name, clerk) in enumerate(clerks.items())
    ]
    rows = [(row.id, full_name(row)) for synth in lists for row in synth.rows]
    random.Random(0).shuffle(rows)
    texts = [text for _, text in rows]
    n = len(texts)
    print(
        f"{n:,} name strings ({len(set(texts)):,} distinct) generated in {time.perf_counter() - start:.1f} s"
    )

    print("throughput")
    index_start = time.perf_counter()
    name_index()
    print(f"  {'name index build (once per process)':<38} {time.perf_counter() - index_start:7.2f} s")
    timed("baseline: split + lower", lambda: [t.lower().split() for t in texts], n)
    clear_caches()
    timed("name_keys(parse_full_name) cold", lambda: [name_keys(parse_full_name(t)) for t in texts], n)
    timed("name_keys(parse_full_name) warm", lambda: [name_keys(parse_full_name(t)) for t in texts], n)
    parse_full_name.cache_clear()
    name_keys.cache_clear()
    timed("warm words, strings not seen", lambda: [name_keys(parse_full_name(t)) for t in texts], n)
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")

    found = {rid: name_keys(parse_full_name(text)) for rid, text in rows}
    print("same person across lists (Russian registry / Ukrainian requests / mixed-script inquiries)")
    agreement(lists, found)


if __name__ == "__main__":
    main()
