"""Benchmark of the web app over 1M persons on PostgreSQL (DESIGN.md budget: 20 concurrent users browsing lists
and dashboards, p95 <= 300 ms, no errors).

Run: `uv run python bench/web.py` (`--persons N`, `--pg URL`, `--users 20`, `--seconds 60`, `--think 2`, `--no-profile`).

The data: the 1M-person registry of `bench/search.py` (same database and seed by default, filled once through the
bulk import path), plus what the dashboards and queues show — an agreement with three stages, 20,000 pairs waiting
for review, 50,000 family inquiries registered from the inquiries list, 300 bodies — then `VACUUM ANALYZE`.
The load: `bench/load.py`'s users (signed in through the login form, every role, each browsing dashboard, live
panel, registry list, searches in both scripts, persons found, API search and its menu's pages) against gunicorn
(gthread, 2 workers x 8 threads, production profile) on a loopback port, bounded in time and requests. Each user
pauses `--think` seconds on average after a page (2 s: people read a page far longer), then a second run without
pauses shows the saturation point. The baseline, in the same run against the same server and in the same rhythm:
the same number of users fetching the sign-in page, which touches no data (the floor set by the server, Django's
middleware and the shared 2 cores). Then, unless
`--no-profile`, each page is fetched alone in-process under cProfile: its time, its SQL time and query count, and
the functions where its time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load
from _registry_fill import django_start, machine, registry_fill

MARKER = "bench-web"
PROFILED = [("m-mediator", "/"), ("a-operator", "/"), ("a-lead", "/"), ("a-liaison", "/"), ("a-forensic", "/"),
            ("a-operator", "/registry/"), ("m-mediator", "/registry/?q=Коваленко Іван"), ("a-operator", "person"),
            ("m-mediator", "/registry/review/"), ("m-mediator", "/stages/"), ("a-liaison", "/inquiries/"),
            ("a-forensic", "/remains/"), ("a-admin", "/audit/")]  # fmt: skip


def world_extras(say: Any) -> dict[str, float]:
    """Add stages, review pairs, inquiries and remains to the registry (once per database); seconds per part."""
    import datetime as dt

    from django.contrib.auth import get_user_model

    from cartel.agreements.models import Agreement
    from cartel.agreements.services import CategorySpec, agreement_create
    from cartel.exchanges.services import stage_create
    from cartel.parties.models import Party
    from cartel.registry.models import SourceRecord
    from cartel.registry.services import ScoredPair, links_store
    from cartel.remains.services import remains_create
    from cartel.tracing.services import inquiries_from_records

    if Agreement.objects.filter(code=MARKER).exists():
        return {}
    users = {u.username: u for u in get_user_model().objects.all()}
    parties = {p.code: p for p in Party.objects.all()}
    took: dict[str, float] = {}
    t = time.perf_counter()
    agreement = agreement_create(
        code=MARKER, title="All for all", concluded_on=dt.date(2025, 6, 2), parties=[parties["A"], parties["B"]],
        actor=users["m-mediator"], categories=[CategorySpec(code="general", name="General", rule="all_for_all")],
    )  # fmt: skip
    for week in range(3):
        stage_create(agreement=agreement, actor=users["m-mediator"], planned_date=dt.date(2025, 7, 1 + 7 * week),
                     transit_party=parties["T"], transit_side=parties["B"])  # fmt: skip
    took["agreement and stages"] = time.perf_counter() - t

    def ids(kind: str, owner: str, n: int) -> list[int]:
        qs = (
            SourceRecord.objects.filter(kind=kind, owner__code=owner)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        return list(qs[:n])

    t = time.perf_counter()
    held, asked = ids("registry", "A", 20_000), ids("requests", "B", 20_000)
    pairs = [ScoredPair(left=min(a, b), right=max(a, b), probability=0.55 + (i % 40) / 100)
             for i, (a, b) in enumerate(zip(held, asked, strict=False))]  # fmt: skip
    links_store(pairs=pairs, auto_threshold=0.98, review_threshold=0.5, actor=users["m-mediator"])
    took["review pairs"] = time.perf_counter() - t
    t = time.perf_counter()
    inquiries_from_records(ids("inquiries", "A", 50_000), users["a-liaison"])
    took["inquiries"] = time.perf_counter() - t
    t = time.perf_counter()
    for _ in range(300):
        remains_create(holding_party=parties["A"], actor=users["a-forensic"], claimed_party=parties["B"])
    took["remains"] = time.perf_counter() - t
    say("extras: " + ", ".join(f"{k} {v:.0f} s" for k, v in took.items()))
    return took


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    """Fill (or reuse) the database, add the extras, refresh the planner statistics."""
    django_start(args.pg, fresh=False)
    say = lambda m: print(m, file=sys.stderr, flush=True)  # noqa: E731
    fill = registry_fill(args.persons, args.seed, say=say)
    extras = world_extras(say)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return {"fill": fill, "extras": extras}


def menu_pages() -> list[tuple[str, str]]:
    """Every demo account's dashboard, registry list and the pages of its menu (as `load.Session.login` finds them)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = {u.username: u for u in get_user_model().objects.all()}
    pages: list[tuple[str, str]] = []
    for username in [*load.ACCOUNTS, "a-admin"]:
        client = Client()
        client.force_login(users[username])
        menu = load.NAV.search(client.get("/").content.decode())
        links = load.HREF.findall(menu[1] if menu else "")
        pages += [(username, url) for url in dict.fromkeys(["/", "/registry/", *links])]
    return pages


def profile_pages(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Each page alone, in-process: its first (cold) time, then median ms, SQL ms and queries, and the top functions
    under cProfile. The pages are `PROFILED`, or with `--pages menus` every role's menu (`menu_pages`)."""
    django_start(args.pg, fresh=False)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cartel.registry.models import Person
    from cartel.web.snapshots import SNAPSHOTS

    users = {u.username: u for u in get_user_model().objects.all()}
    person = Person.objects.filter(holding_party__code="A").order_by("pk").first()
    pages = menu_pages() if getattr(args, "pages", "") == "menus" else PROFILED
    SNAPSHOTS.clear()  # the first view of each party and role computes its figures, as after a restart
    out = []
    for username, url in pages:
        url = f"/registry/persons/{person.pk}/" if url == "person" and person else url
        client = Client()
        client.force_login(users[username])
        t = time.perf_counter()
        client.get(url)
        cold = (time.perf_counter() - t) * 1000
        walls, sqls, counts = [], [], []
        for _ in range(args.profile_requests):  # timed without the profiler, which slows Python several times
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                status = client.get(url).status_code
                walls.append((time.perf_counter() - t) * 1000)
            sqls.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
            counts.append(len(ctx.captured_queries))
        profiler = cProfile.Profile()
        profiler.runcall(client.get, url)
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats("tottime").print_stats(r"cartel|django/(template|db/models/sql)|psycopg", 6)
        top = [
            ln.strip()
            for ln in stream.getvalue().splitlines()
            if ln.strip()[:1].isdigit() and "calls" not in ln
        ]
        out.append({"user": username, "url": url, "status": status, "cold_ms": round(cold, 1),
                    "ms": round(sorted(walls)[len(walls) // 2], 1),
                    "sql_ms": round(sorted(sqls)[len(sqls) // 2], 1), "queries": max(counts), "top": top})  # fmt: skip
    return out


def serve_and_load(args: argparse.Namespace) -> list[tuple[str, dict[str, Any]]]:
    """Start gunicorn on a free loopback port; the baseline, the browsing users and the saturation run."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("CARTEL_")}
    with load.gunicorn({**base, "CARTEL_DB": args.pg}, args.workers, args.threads) as port:
        # Warm-up, not counted: every worker imports the app and compiles templates on its first requests.
        load.users_run(port, args.users, 60, 3, args.seed, signed_in=False)
        load.users_run(port, args.users, 60, 8, args.seed + 1000)
        seconds, most = args.seconds, args.max_requests
        runs = [
            (f"baseline: sign-in page, {args.think:g} s pauses",
             load.users_run(port, args.users, min(seconds, 30), most, args.seed, signed_in=False, think=args.think)),
            (f"browsing, {args.think:g} s pauses", load.users_run(port, args.users, seconds, most, args.seed,
                                                                   think=args.think)),
        ]  # fmt: skip
        if args.think:
            runs += [
                ("baseline: sign-in page, no pauses",
                 load.users_run(port, args.users, min(seconds, 30), most, args.seed, signed_in=False)),
                ("saturation: browsing, no pauses", load.users_run(port, args.users, seconds, most, args.seed)),
            ]  # fmt: skip
    return runs


def report(prepared: dict[str, Any], runs: list[tuple[str, dict[str, Any]]], profile: list[dict[str, Any]],
           args: Any) -> None:  # fmt: skip
    """Print the browsing figures beside the baseline, then the per-page profile."""
    fill = prepared["fill"]
    print(f"\nWeb over {fill['persons']:,} persons (PostgreSQL), {args.users} users, gunicorn gthread "
          f"{args.workers}x{args.threads} — {machine()}")  # fmt: skip
    load.print_runs(runs)
    browsing = dict(runs)[f"browsing, {args.think:g} s pauses"]
    errors = sum(browsing["errors"].values())
    verdict = "met" if browsing["all"]["p95"] <= 300 and not errors else "NOT met"
    print(f"\nbudget p95 <= 300 ms, no errors (browsing): {verdict}")
    print_profile(profile, args.profile_requests)


def print_profile(profile: list[dict[str, Any]], requests: int, *, top: int = 4) -> None:
    """The per-page table of `profile_pages`: first view, then the median of the next `requests`."""
    if not profile:
        return
    print(f"\nEach page alone, in-process (first view, then median of {requests}):")
    print(f"{'user':<12}{'page':<34}{'first ms':>9}{'ms':>7}{'SQL ms':>8}{'queries':>8}")
    for p in profile:
        print(
            f"{p['user']:<12}{p['url'][:33]:<34}{p['cold_ms']:>9}{p['ms']:>7}{p['sql_ms']:>8}{p['queries']:>8}"
        )
        for line in p["top"][:top]:
            print(f"      {line[:150]}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--persons", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=7, help="the same as bench/search.py's to share its data")
    p.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/cartel_bench_search")
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--max-requests", type=int, default=300, help="per user")
    p.add_argument("--think", type=float, default=2.0, help="mean pause between a user's pages, seconds")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--profile-requests", type=int, default=5)
    p.add_argument("--no-profile", action="store_true")
    p.add_argument("--pages", default="", help="'menus': profile every role's menu pages instead of PROFILED")
    p.add_argument("--step", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.step == "prepare":
        print(json.dumps(prepare(args)))
        return 0
    if args.step == "profile":
        print(json.dumps(profile_pages(args)))
        return 0

    def step(name: str) -> Any:
        done = subprocess.run([sys.executable, __file__, "--step", name, *sys.argv[1:]], check=True,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
        return json.loads(done.stdout.strip().splitlines()[-1])

    prepared = step("prepare")
    runs = serve_and_load(args)
    profile = [] if args.no_profile else step("profile")
    report(prepared, runs, profile, args)
    return 2 if any(run["errors"] for _, run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
