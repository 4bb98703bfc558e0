"""`cartel demo`: set up everything on an embedded database, load a scenario, serve the web app."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from cartel.cli import migrate, setup_django


def _say(message: str) -> None:
    print(message, flush=True)


def run_demo(args: argparse.Namespace) -> int:
    """Create or reuse the database, load the scenario once, print accounts, then serve (unless --no-serve)."""
    started = time.perf_counter()
    if args.db and "://" not in args.db and args.reset:
        for suffix in ("", "-wal", "-shm"):
            Path(args.db + suffix).unlink(missing_ok=True)
    setup_django(args.db)
    from django.conf import settings

    from cartel.parties.bootstrap import DEMO_PASSWORD, ROLES_BY_KIND
    from cartel.parties.models import Party

    db = settings.DATABASES["default"]
    _say(f"Cartel demo · database: {db['NAME'] if db['ENGINE'].endswith('sqlite3') else db.get('HOST', '')}")
    _say("migrate …")
    migrate()
    if Party.objects.exists():
        _say("The database already holds data; reusing it (use --reset with --db to start again).")
    else:
        from cartel.bulk import queries_unlogged
        from cartel.scenario_load import load_scenario

        with queries_unlogged():  # a bulk load: nobody reads the query log DEBUG would keep
            report = load_scenario(persons_per_side=args.persons, seed=args.seed, say=_say)
        _say("loaded: " + ", ".join(f"{k} {v}s" for k, v in report.timings.items()))
        from cartel.registry.models import Person, SourceRecord

        _say(f"{Person.objects.count():,} persons from {SourceRecord.objects.count():,} records "
             f"({args.persons:,} captives per side) loaded in {sum(report.timings.values()):.1f} s")  # fmt: skip
    _say(f"ready in {time.perf_counter() - started:.1f} s")
    from cartel.registry.reindex import keys_stale_message

    stale = keys_stale_message()
    if stale:
        _say(f"\nWARNING: {stale}")
    _say(f"\nDemo accounts (password for all: {DEMO_PASSWORD})")
    for party in Party.objects.order_by("code"):
        for suffix, _org, role in ROLES_BY_KIND[party.kind]:
            _say(f"  {party.code.lower()}-{suffix:<10} {role.value:<16} {party.name}")
    if args.no_serve:
        return 0
    env = dict(os.environ, CARTEL_DB=os.environ.get("CARTEL_DB", str(db["NAME"])))
    worker = subprocess.Popen([sys.executable, "-m", "cartel.cli", "worker"], env=env)
    _say(f"\nWeb app: http://127.0.0.1:{args.port}/  (Ctrl+C stops the server and the worker)")
    # A service manager or a container stops with SIGTERM, not Ctrl+C: leave through `finally` then too, so that the
    # worker is not left running on its own.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        from django.core.management import call_command

        call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False, use_threading=True)
    finally:
        worker.terminate()
        worker.wait(timeout=10)
    return 0
