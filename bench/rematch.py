"""Benchmark of re-matching family inquiries when persons arrive or change, on a demo database.

Run: `uv run python bench/rematch.py --db demo.sqlite3` (a database made by `cartel demo --no-serve --persons N`;
`--one 20` persons one at a time, `--many 20000` persons at once). Nothing is kept: every run is rolled back.

Two paths of `tracing.services.inquiries_suggest_for_persons`:
- **one person** (a death notice, an edited record): the inquiries whose stored surname keys the person's words can
  hold are indexed, not every open inquiry. Baseline in the same run: the same call indexing every open inquiry
  (what it did before, `FEW_TEXTS = 0`); both must find the same suggestions.
- **many persons** (a shared registry): every open inquiry is indexed once and each person looked up in it;
  printed as persons per second, with the index build apart.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _registry_fill import django_start, machine


class _Rollback(Exception):
    pass


def _timed(call: Any) -> tuple[float, Any]:
    """Run `call` in a transaction that is rolled back; its seconds and result."""
    from django.db import transaction

    out: list[Any] = []
    started = time.perf_counter()
    try:
        with transaction.atomic():
            out.append(call())
            raise _Rollback
    except _Rollback:
        pass
    return time.perf_counter() - started, out[0]


def _ms(values: list[float]) -> str:
    ordered = sorted(v * 1000 for v in values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"p50 {statistics.median(ordered):,.0f} ms, p95 {p95:,.0f} ms"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", required=True, help="a demo database (SQLite path or postgresql:// URL)")
    p.add_argument("--one", type=int, default=20, help="persons re-matched one at a time")
    p.add_argument("--many", type=int, default=20000, help="persons re-matched at once (0: skip)")
    p.add_argument("--seed", type=int, default=3)
    args = p.parse_args()
    django_start(args.db, fresh=False)
    from cartel.registry.models import Person
    from cartel.tracing import bulk
    from cartel.tracing.models import Inquiry, InquiryMatch
    from cartel.tracing.services import WATCHED, inquiries_suggest_for_persons

    watched = Inquiry.objects.filter(status__in=WATCHED).count()
    persons = Person.objects.count()
    top = Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    rng = random.Random(args.seed)
    ids = sorted(set(Person.objects.filter(pk__in=[rng.randint(1, top) for _ in range(args.one * 3)])
                     .values_list("pk", flat=True)))[: args.one]  # fmt: skip
    print(f"{persons:,} persons, {watched:,} open inquiries — {machine()}")
    few, every, same = [], [], 0

    def suggested(pk: int) -> set[tuple[int, float]]:
        inquiries_suggest_for_persons(person_ids=[pk])
        return set(
            InquiryMatch.objects.filter(person_id=pk, origin="rematch").values_list("inquiry_id", "score")
        )

    for pk in ids:
        took, found = _timed(lambda pk=pk: suggested(pk))
        few.append(took)
        limit, bulk.FEW_TEXTS = bulk.FEW_TEXTS, 0
        try:
            took, baseline = _timed(lambda pk=pk: suggested(pk))
        finally:
            bulk.FEW_TEXTS = limit
        every.append(took)
        same += found == baseline
    print(f"one person ({len(ids)}): {_ms(few)}; baseline, every open inquiry indexed: {_ms(every)}; "
          f"same suggestions {same}/{len(ids)}")  # fmt: skip
    if args.many:
        many = list(Person.objects.order_by("?").values_list("pk", flat=True)[: args.many])
        started = time.perf_counter()
        index = bulk.open_inquiries_index()
        built = time.perf_counter() - started
        del index
        took, queued = _timed(lambda: inquiries_suggest_for_persons(person_ids=many))
        print(f"many persons ({len(many):,}): {took:.1f} s in all, {len(many) / took:,.0f} persons/s; "
              f"of which indexing {watched:,} open inquiries {built:.1f} s; {queued:,} suggestions")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
