"""The `cartel` command (DESIGN.md): a thin layer over services, engines and Django management commands."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

Handler = Callable[[argparse.Namespace], int]
HANDLERS: dict[str, Handler] = {}


def command(name: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        HANDLERS[name] = fn
        return fn

    return register


def setup_django(db: str | None = None) -> None:
    """Point Cartel at a database (when given) and start Django."""
    if db:
        os.environ["CARTEL_DB"] = str(Path(db).expanduser().resolve()) if "://" not in db else db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cartel.settings")
    import django

    django.setup()


def migrate(verbosity: int = 0) -> None:
    """Apply pending migrations (a no-op, and cheap, when the schema is current)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if not executor.migration_plan(executor.loader.graph.leaf_nodes()):
        return
    call_command("migrate", verbosity=verbosity, interactive=False)


def fail(message: str, code: int = 2) -> int:
    print(f"cartel: {message}", file=sys.stderr)
    return code


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="cartel", description="Exchanges of prisoners of war and repatriation of remains."
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser("demo", help="create the database, load a synthetic scenario, serve the web app")
    s.add_argument("--persons", type=int, default=2000, help="captives per side (default 2000)")
    s.add_argument("--db", help="SQLite file or database URL")
    s.add_argument("--no-serve", action="store_true", help="stop after loading")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--seed", type=int, default=2025)
    s.add_argument("--reset", action="store_true", help="delete the SQLite file first")

    s = sub.add_parser("serve", help="start the web server on 127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--db")
    s = sub.add_parser("worker", help="run background tasks (imports, linkage, planning, exports)")
    s.add_argument("--db")
    s.add_argument("--batch", action="store_true", help="drain the queue, then exit")

    s = sub.add_parser("import", help="import a list file (CSV, TSV, XLSX)")
    s.add_argument("file")
    s.add_argument("--party", required=True, help="code of the owning party (e.g. A)")
    s.add_argument("--kind", required=True, choices=["registry", "requests", "inquiries", "remains"])
    s.add_argument("--mapping", help="name of a saved header-mapping template")
    s.add_argument("--dry-run", action="store_true", help="validate and report; change nothing")
    s.add_argument(
        "--valid-only", action="store_true", help="import the valid rows even if some rows have errors"
    )
    s.add_argument("--name", help="list name (default: the file name)")
    s.add_argument("--user", help="username to record as the importer")
    s.add_argument("--db")

    s = sub.add_parser("link", help="link two list files; write scored pairs")
    s.add_argument("left")
    s.add_argument("right")
    s.add_argument("--out", required=True)
    s.add_argument("--threshold", type=float, default=0.5)
    s.add_argument("--engine", choices=["duckdb", "spark"], default="duckdb")
    s.add_argument("--explain", action="store_true")

    s = sub.add_parser("dedupe", help="find duplicates within one list; write clusters")
    s.add_argument("list")
    s.add_argument("--out", required=True)
    s.add_argument("--threshold", type=float, default=0.9)

    s = sub.add_parser("translit", help="transliterate text by a named standard")
    s.add_argument("text")
    s.add_argument(
        "--system",
        required=True,
        choices=["uk-kmu-2010", "uk-passport-2007", "ru-icao-9303", "ru-gost-7.79-b", "ru-bgn-pcgn", "iso-9"],
    )

    s = sub.add_parser("plan", help="choose an optimal stage from a candidate pool")
    s.add_argument("pool")
    s.add_argument("--out", required=True)

    s = sub.add_parser("ledger", help="balances per category and side of an agreement")
    s.add_argument("--agreement", required=True)
    s.add_argument("--json", action="store_true")
    s.add_argument("--db")

    s = sub.add_parser("audit", help="audit trail")
    s.add_argument("action", choices=["verify"])
    s.add_argument("--db")

    s = sub.add_parser("stats", help="counts per table and status")
    s.add_argument("--json", action="store_true")
    s.add_argument("--db")

    s = sub.add_parser("backup", help="consistent snapshot of the database and files")
    s.add_argument("path")
    s.add_argument("--db")
    s = sub.add_parser("restore", help="bring a snapshot back")
    s.add_argument("path")
    s.add_argument("--db")

    s = sub.add_parser("reindex", help="rebuild stored name keys after an upgrade that changes them")
    s.add_argument("--db")

    s = sub.add_parser("token", help="print a new API token for a user")
    s.add_argument("username")
    s.add_argument("--db")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from cartel import commands  # noqa: F401  (handlers register on import)

    try:
        return HANDLERS[args.command](args)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    # Run through the importable module so that handlers register where `main` looks for them.
    from cartel.cli import main as cartel_main

    sys.exit(cartel_main())
