"""Benchmark of the web app over 1M persons on PostgreSQL (DESIGN.md budget: 20 concurrent users browsing lists
and dashboards, p95 <= 300 ms, no errors).

Run: `uv run python bench/web.py` (`--persons N`, `--pg URL`, `--users 20`, `--seconds 60`, `--no-profile`).

The data: the 1M-person registry of `bench/search.py` (same database and seed by default, filled once through the
bulk import path), plus what the dashboards and queues show — an agreement with three stages, 20,000 pairs waiting
for review, 50,000 family inquiries registered from the inquiries list, 300 bodies — then `VACUUM ANALYZE`.
The load: `bench/load.py`'s users (signed in through the login form, every role, each browsing dashboard, live
panel, registry list, searches in both scripts, persons found, API search and its menu's pages) against gunicorn
(gthread, 2 workers x 8 threads, production profile) on a loopback port, bounded in time and requests.
The baseline, in the same run against the same server: the same number of users fetching the sign-in page, which
touches no data (the floor set by the server, Django's middleware and the shared 2 cores). Then, unless
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
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import load
from _registry_fill import ROOT, django_start, machine, registry_fill

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


def profile_pages(args: argparse.Namespace) -> list[dict[str, Any]]:
    """Each page alone, in-process: median ms, SQL ms and queries, and the top functions under cProfile."""
    django_start(args.pg, fresh=False)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from cartel.registry.models import Person

    users = {u.username: u for u in get_user_model().objects.all()}
    person = Person.objects.filter(holding_party__code="A").order_by("pk").first()
    out = []
    for username, url in PROFILED:
        url = f"/registry/persons/{person.pk}/" if url == "person" and person else url
        client = Client()
        client.force_login(users[username])
        client.get(url)
        walls, sqls, counts = [], [], []
        profiler = cProfile.Profile()
        for _ in range(args.profile_requests):
            with CaptureQueriesContext(connection) as ctx:
                t = time.perf_counter()
                profiler.enable()
                status = client.get(url).status_code
                profiler.disable()
                walls.append((time.perf_counter() - t) * 1000)
            sqls.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
            counts.append(len(ctx.captured_queries))
        stream = io.StringIO()
        stats = pstats.Stats(profiler, stream=stream)
        stats.sort_stats("tottime").print_stats(r"cartel|django/(template|db/models/sql)|psycopg", 6)
        top = [
            ln.strip()
            for ln in stream.getvalue().splitlines()
            if ln.strip()[:1].isdigit() and "calls" not in ln
        ]
        out.append({"user": username, "url": url, "status": status, "ms": round(sorted(walls)[len(walls) // 2], 1),
                    "sql_ms": round(sorted(sqls)[len(sqls) // 2], 1), "queries": max(counts), "top": top})  # fmt: skip
    return out


def _users_run(port: int, n: int, seconds: float, budget: int, seed: int, signed_in: bool) -> dict[str, Any]:
    """`n` users browsing (or, unsigned, fetching the sign-in page) until `seconds` or `budget` requests each."""
    samples: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()

    def record(kind: str, seconds: float, error: str | None) -> None:
        with lock:
            samples[kind].append(seconds)
            if error:
                errors[f"{kind} {error}"] += 1

    sessions = [load.Session(port, record) for _ in range(n)]
    if signed_in and not all(s.login(load.ACCOUNTS[i % len(load.ACCOUNTS)], load.DEMO_PASSWORD)
                             for i, s in enumerate(sessions)):  # fmt: skip
        raise SystemExit("sign-in failed")
    deadline = time.monotonic() + seconds

    def sign_in_page(session: Any, rng: random.Random, deadline: float, budget: int) -> None:
        for _ in range(budget):
            if time.monotonic() >= deadline:
                return
            session.request("sign-in page", "GET", "/login/")

    target = load.browse if signed_in else sign_in_page
    started = time.perf_counter()
    threads = [threading.Thread(target=target, args=(s, random.Random(seed + i), deadline, budget))
               for i, s in enumerate(sessions)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    browsing = [v for k, vs in samples.items() if k != "login" for v in vs]
    return {"seconds": round(wall, 1), "requests": len(browsing), "rps": round(len(browsing) / wall, 1),
            "errors": dict(errors), "all": {"n": len(browsing), **load._percentiles(browsing)},
            "by_kind": {k: {"n": len(v), **load._percentiles(v)} for k, v in sorted(samples.items()) if k != "login"}}  # fmt: skip


def serve_and_load(args: argparse.Namespace) -> dict[str, Any]:
    """Start gunicorn on a free loopback port, run the baseline then the browsing users, stop the server."""
    port = load._free_port()
    base = {k: v for k, v in os.environ.items() if not k.startswith("CARTEL_")}
    env = {**base, "CARTEL_DB": args.pg, "DJANGO_SETTINGS_MODULE": "cartel.settings", "CARTEL_PRODUCTION": "1",
           "CARTEL_SECRET_KEY": secrets.token_urlsafe(50), "CARTEL_ALLOWED_HOSTS": load.HOST}  # fmt: skip
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "cartel.wsgi:application", "--bind",
                               f"{load.HOST}:{port}", "--worker-class", "gthread", "--workers", str(args.workers),
                               "--threads", str(args.threads), "--timeout", "120"], env=env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(240):
            try:
                socket.create_connection((load.HOST, port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        # Warm-up, not counted: every worker imports the app and compiles templates on its first requests.
        _users_run(port, args.users, 60, 3, args.seed, False)
        _users_run(port, args.users, 60, 8, args.seed + 1000, True)
        baseline = _users_run(port, args.users, min(args.seconds, 20), args.max_requests, args.seed, False)
        browsing = _users_run(port, args.users, args.seconds, args.max_requests, args.seed, True)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return {"baseline": baseline, "browsing": browsing}


def report(prepared: dict[str, Any], runs: dict[str, Any], profile: list[dict[str, Any]], args: Any) -> None:
    """Print the browsing figures beside the baseline, then the per-page profile."""
    fill = prepared["fill"]
    print(f"\nWeb over {fill['persons']:,} persons (PostgreSQL), {args.users} users, gunicorn gthread "
          f"{args.workers}x{args.threads} — {machine()}")  # fmt: skip
    b, base = runs["browsing"], runs["baseline"]
    print(f"{'page':<18}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    rows = [*b["by_kind"].items(), ("ALL (browsing)", b["all"]), ("baseline: sign-in", base["all"])]
    for kind, r in rows:
        print(f"{kind:<18}{r['n']:>7}{r['p50']:>9.0f}{r['p95']:>9.0f}{r['p99']:>9.0f}{r['max']:>9.0f}")
    errors = sum(b["errors"].values())
    print(
        f"browsing: {b['requests']} requests in {b['seconds']} s ({b['rps']}/s), errors {errors} {b['errors'] or ''}"
    )
    print(f"baseline: {base['requests']} requests in {base['seconds']} s ({base['rps']}/s)")
    verdict = "met" if b["all"]["p95"] <= 300 and not errors else "NOT met"
    print(f"budget p95 <= 300 ms, no errors: {verdict}")
    if profile:
        print(f"\nEach page alone, in-process (median of {args.profile_requests}):")
        print(f"{'user':<12}{'page':<34}{'ms':>7}{'SQL ms':>8}{'queries':>8}")
        for p in profile:
            print(f"{p['user']:<12}{p['url'][:33]:<34}{p['ms']:>7}{p['sql_ms']:>8}{p['queries']:>8}")
            for line in p["top"][:4]:
                print(f"      {line[:150]}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--persons", type=int, default=1_000_000)
    p.add_argument("--seed", type=int, default=7, help="the same as bench/search.py's to share its data")
    p.add_argument("--pg", default="postgresql://postgres@127.0.0.1:5432/cartel_bench_search")
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--max-requests", type=int, default=300, help="per user")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--profile-requests", type=int, default=5)
    p.add_argument("--no-profile", action="store_true")
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
    return 0 if not runs["browsing"]["errors"] else 2


if __name__ == "__main__":
    raise SystemExit(main())
