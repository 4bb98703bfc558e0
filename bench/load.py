"""Load test of the web app: N concurrent signed-in users browsing lists, search, persons and dashboards.

Run: `uv run python bench/load.py` (PostgreSQL at postgresql://postgres@127.0.0.1:5432/cartel_load by default;
`--db URL|PATH`, `--persons N` per side for the scenario, `--users 20`, `--seconds 60`, `--max-requests 400`).

It loads the synthetic scenario once (`cartel demo --no-serve`, skipped when the database already holds persons),
runs ANALYZE, serves `cartel.wsgi` with gunicorn (gthread: `--workers 2 --threads 8`) on a free loopback port in
the production profile (no debug, as deployed; requests carry `X-Forwarded-Proto: https` as behind the TLS
proxy), signs each user in through the real login form (demo accounts of every role), then lets each browse —
dashboard, registry list, searches in both scripts, persons found, API search, the pages of its role's menu —
until the time or request budget is spent, pausing `--think` seconds on average after each page as a person
reading it would (2 s by default, far shorter than people take); a second run without pauses shows where the
server saturates. Only 127.0.0.1 is contacted.
Prints p50/p95/p99 per page kind and overall, errors, throughput; `--json PATH` writes the same figures.
`--profile` then times every role's menu pages alone in a fresh process (`bench/web.py`'s profile): the first view
(each party and role computing its dashboard figures, as after a restart) and the median of three more, with the
SQL time, query count and where the time goes; `--no-load` skips the users.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HOST = "127.0.0.1"
ACCOUNTS = ["a-operator", "a-lead", "b-operator", "b-lead", "m-mediator", "a-liaison", "b-liaison", "a-forensic",
            "b-forensic", "t-medic"]  # fmt: skip
SEARCHES = ["Kovalenko", "Коваленко Іван", "Кузнецов", "Shevchenko O", "Бондаренко 1979", "Ivanov", "Петров",
            "Melnyk Andrii", "Сидоренко", "Bondar"]  # fmt: skip
DEMO_PASSWORD = "cartel-demo-2025"  # cartel.parties.bootstrap.DEMO_PASSWORD, printed by `cartel demo`
NAV = re.compile(r'<nav class="main-nav">(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]+)"')
PERSON_LINK = re.compile(r'href="/registry/persons/(\d+)/"')


class Session:
    """One browser-like user: its own connection and cookies, all requests timed."""

    def __init__(self, port: int, record: Any) -> None:
        self.port, self.record, self.cookies = port, record, {}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.nav: list[
            str
        ] = []  # the pages the user's role has in its menu (review, inquiries, remains, audit…)

    def request(
        self, kind: str, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str]:
        headers = {"X-Forwarded-Proto": "https", "Host": f"{HOST}:{self.port}", "Accept-Language": "en",
                   "Referer": f"https://{HOST}:{self.port}/login/"}  # fmt: skip
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Connection"] = (
            "close"  # one connection per request: the development server's keep-alive stalls
        )
        start = time.perf_counter()
        try:
            self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode(errors="replace")
            self.conn.close()
        except (OSError, http.client.HTTPException) as exc:
            self.record(kind, time.perf_counter() - start, f"{type(exc).__name__}")
            return 0, ""
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        status = response.status
        self.record(kind, time.perf_counter() - start, None if status < 400 else str(status))
        return status, text

    def login(self, username: str, password: str) -> bool:
        self.request("login", "GET", "/login/")
        token = next(
            (v for k, v in self.cookies.items() if k.endswith("csrftoken") or k.endswith("cartel_csrf")), ""
        )
        status, _ = self.request("login", "POST", "/login/", {"username": username, "password": password,
                                                               "csrfmiddlewaretoken": token})  # fmt: skip
        if status != 302:
            print(f"sign-in as {username}: HTTP {status}", file=sys.stderr)
            return False
        _, page = self.request("dashboard", "GET", "/")
        menu = NAV.search(page)
        self.nav = [h for h in HREF.findall(menu[1] if menu else "") if h not in ("/", "/registry/")]
        return True


def browse(session: Session, rng: random.Random, deadline: float, budget: int, think: float = 0.0) -> None:
    """A user's loop: dashboard, registry pages, searches, persons found, review and area pages; after each page the
    user reads it for `think` seconds on average (uniform between half and one and a half times; 0 = no pause)."""
    persons: list[str] = []
    done = 0
    while time.monotonic() < deadline and done < budget:
        roll = rng.random()
        if roll < 0.15:
            session.request("dashboard", "GET", "/")
        elif roll < 0.30:
            session.request("dashboard-live", "GET", "/dashboard/live/")
        elif roll < 0.45:
            session.request("registry-list", "GET", "/registry/")
        elif roll < 0.65:
            q = urllib.parse.quote(rng.choice(SEARCHES))
            _, text = session.request("search", "GET", f"/registry/?q={q}")
            persons = (PERSON_LINK.findall(text) or persons)[:50]
        elif roll < 0.80 and persons:
            session.request("person", "GET", f"/registry/persons/{rng.choice(persons)}/")
        elif roll < 0.87:
            session.request("api-search", "GET", f"/api/persons?q={urllib.parse.quote(rng.choice(SEARCHES))}")
        elif session.nav:
            session.request("nav-page", "GET", rng.choice(session.nav))
        done += 1
        if think:
            time.sleep(max(0.0, min(rng.uniform(0.5 * think, 1.5 * think), deadline - time.monotonic())))


def sign_in_page(
    session: Session, rng: random.Random, deadline: float, budget: int, think: float = 0.0
) -> None:
    """The baseline user: fetches the sign-in page (no data touched) in the same rhythm."""
    for _ in range(budget):
        if time.monotonic() >= deadline:
            return
        session.request("sign-in page", "GET", "/login/")
        if think:
            time.sleep(max(0.0, min(rng.uniform(0.5 * think, 1.5 * think), deadline - time.monotonic())))


def users_run(port: int, n: int, seconds: float, budget: int, seed: int, *, signed_in: bool = True,
              think: float = 0.0) -> dict[str, Any]:  # fmt: skip
    """`n` users browsing (or, unsigned, fetching the sign-in page) until `seconds` or `budget` requests each."""
    samples: dict[str, list[float]] = defaultdict(list)
    errors: dict[str, int] = defaultdict(int)
    lock = threading.Lock()

    def record(kind: str, seconds: float, error: str | None) -> None:
        with lock:
            samples[kind].append(seconds)
            if error:
                errors[f"{kind} {error}"] += 1

    sessions = [Session(port, record) for _ in range(n)]
    if signed_in and not all(
        s.login(ACCOUNTS[i % len(ACCOUNTS)], DEMO_PASSWORD) for i, s in enumerate(sessions)
    ):
        raise SystemExit("sign-in failed")
    deadline = time.monotonic() + seconds
    target = browse if signed_in else sign_in_page
    started = time.perf_counter()
    threads = [threading.Thread(target=target, args=(s, random.Random(seed + i), deadline, budget, think))
               for i, s in enumerate(sessions)]  # fmt: skip
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    browsing = [v for k, vs in samples.items() if k != "login" for v in vs]
    return {"users": n, "think_s": think, "seconds": round(wall, 1), "requests": len(browsing),
            "rps": round(len(browsing) / wall, 1), "errors": dict(errors),
            "all": {"n": len(browsing), **_percentiles(browsing)},
            "by_kind": {k: {"n": len(v), **_percentiles(v)} for k, v in sorted(samples.items()) if k != "login"}}  # fmt: skip


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, threads: int) -> Iterator[int]:
    """Serve `cartel.wsgi` with gunicorn (gthread) on a free loopback port in the production profile; yield the port."""
    port = _free_port()
    serve_env = {**env, "CARTEL_PRODUCTION": "1", "CARTEL_SECRET_KEY": secrets.token_urlsafe(50),
                 "CARTEL_ALLOWED_HOSTS": HOST, "DJANGO_SETTINGS_MODULE": "cartel.settings"}  # fmt: skip
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "cartel.wsgi:application", "--bind", f"{HOST}:{port}",
                               "--worker-class", "gthread", "--workers", str(workers), "--threads", str(threads),
                               "--timeout", "120"], env=serve_env, cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(240):
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def print_runs(runs: list[tuple[str, dict[str, Any]]]) -> None:
    """Per page kind then overall, for each run (label, figures), with throughput and errors."""
    for label, run in runs:
        pause = f", pause {run['think_s']:g} s" if run["think_s"] else ", no pause"
        print(f"\n{label}: {run['users']} users{pause}, {run['requests']} requests in {run['seconds']} s "
              f"({run['rps']}/s), errors {sum(run['errors'].values())} {run['errors'] or ''}")  # fmt: skip
        print(f"{'page':<18}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
        for kind, r in [*run["by_kind"].items(), ("ALL", run["all"])]:
            print(f"{kind:<18}{r['n']:>7}{r['p50']:>9.0f}{r['p95']:>9.0f}{r['p99']:>9.0f}{r['max']:>9.0f}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _ensure_database(url: str) -> None:
    if "://" not in url:
        return
    import psycopg

    parts = urllib.parse.urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _analyze(url: str) -> None:
    """Refresh PostgreSQL's planner statistics, as autovacuum would after the bulk load (stale statistics after
    a large import make the visibility subqueries take seconds instead of milliseconds)."""
    if "://" in url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("ANALYZE")


def _persons(env: dict[str, str]) -> int:
    script = "import django; django.setup()\nfrom cartel.registry.models import Person\nprint(Person.objects.count())"
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    return int(done.stdout.strip() or 0) if done.returncode == 0 else 0


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"p50": 0.0, "p95": 0.0, "p99": 0.0, "max": 0.0}
    ordered = sorted(values)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive") if len(ordered) > 1 else ordered * 99
    return {"p50": cuts[49] * 1000, "p95": cuts[94] * 1000, "p99": cuts[98] * 1000, "max": ordered[-1] * 1000}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", default="postgresql://postgres@127.0.0.1:5432/cartel_load")
    p.add_argument("--persons", type=int, default=20000, help="captives per side in the scenario")
    p.add_argument("--users", type=int, default=20)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--max-requests", type=int, default=400, help="per user")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    p.add_argument("--threads", type=int, default=8, help="threads per worker")
    p.add_argument("--think", type=float, default=2.0,
                   help="mean pause between a user's pages in seconds (0: back to back); with a pause, a run "
                        "without pauses follows (saturation)")  # fmt: skip
    p.add_argument("--json", help="write the figures to this file")
    p.add_argument(
        "--profile",
        action="store_true",
        help="then time every role's menu pages alone, in-process, first view and warm (bench/web.py)",
    )
    p.add_argument("--no-load", action="store_true", help="skip the users (with --profile: the pages alone)")
    args = p.parse_args()

    base = {k: v for k, v in os.environ.items() if not k.startswith("CARTEL_")}
    env = {**base, "CARTEL_DB": args.db, "DJANGO_SETTINGS_MODULE": "cartel.settings"}
    _ensure_database(args.db)
    have = _persons(env)
    if have == 0:
        print(f"loading the scenario ({args.persons} captives per side) …", flush=True)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "cartel.cli", "demo", "--no-serve", "--persons", str(args.persons),
                        "--db", args.db], env=env, cwd=ROOT, check=True)  # fmt: skip
        print(f"loaded in {time.perf_counter() - started:.0f} s", flush=True)
        have = _persons(env)
    _analyze(args.db)
    runs: list[tuple[str, dict[str, Any]]] = []
    if not args.no_load:
        with gunicorn(env, args.workers, args.threads) as port:
            users_run(port, args.users, 60, 5, args.seed + 1000, think=0)  # warm-up, not counted
            runs = [(f"browsing, {args.think:g} s pauses", users_run(port, args.users, args.seconds,
                                                                     args.max_requests, args.seed, think=args.think))]  # fmt: skip
            if args.think:
                runs.append(("saturation, no pauses", users_run(port, args.users, args.seconds, args.max_requests,
                                                                  args.seed, think=0)))  # fmt: skip
    profile = _profile(env, args.db) if args.profile else []
    print(f"{have} persons on {'postgresql' if '://' in args.db else 'sqlite'}, gunicorn gthread "
          f"{args.workers}x{args.threads}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}")  # fmt: skip
    print_runs(runs)
    if profile:
        sys.path.insert(0, str(ROOT / "bench"))
        import web

        web.print_profile(profile, PROFILE_REQUESTS, top=2)
    if args.json:
        Path(args.json).write_text(
            json.dumps({"persons": have, "runs": dict(runs), "pages": profile}, indent=2)
        )
    return 2 if any(run["errors"] for _, run in runs) else 0


PROFILE_REQUESTS = 3


def _profile(env: dict[str, str], db: str) -> list[dict[str, Any]]:
    """Every role's menu pages alone, in a fresh process (`bench/web.py --step profile --pages menus`)."""
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "web.py"), "--step", "profile", "--pg", db,
                           "--pages", "menus", "--profile-requests", str(PROFILE_REQUESTS)],
                          env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)  # fmt: skip
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


if __name__ == "__main__":
    raise SystemExit(main())
