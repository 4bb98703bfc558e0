"""Handlers of the `cartel` command. Each one parses nothing itself and calls services or engines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cartel.cli import command, fail, migrate, setup_django


@command("translit")
def translit(args: argparse.Namespace) -> int:
    from cartel.engine.names import transliterate

    print(transliterate(args.text, args.system))
    return 0


@command("plan")
def plan(args: argparse.Namespace) -> int:
    from cartel.engine.planning import PoolError, plan_file

    try:
        result = plan_file(Path(args.pool), Path(args.out))
    except (OSError, json.JSONDecodeError) as exc:
        return fail(f"cannot read {args.pool}: {exc}")
    except PoolError as exc:
        return fail(f"{args.pool}: {exc}")
    print(
        f"selected {len(result.selected)}, excluded {len(result.excluded)}, objective {result.objective}, "
        f"{'optimal' if result.optimal else result.status} → {args.out}"
    )
    return 0


@command("audit")
def audit(args: argparse.Namespace) -> int:
    setup_django(args.db)
    from cartel.audit.services import audit_verify

    result = audit_verify()
    if result.ok:
        print(f"audit chain intact: {result.checked} events verified")
        return 0
    print(f"audit chain BROKEN at event #{result.first_bad_seq}: {result.problem}", file=sys.stderr)
    return 1


@command("stats")
def stats(args: argparse.Namespace) -> int:
    setup_django(args.db)
    migrate()
    from cartel.stats import collect_stats

    data = collect_stats()
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        for table, info in data["tables"].items():
            statuses = ", ".join(f"{k}: {v}" for k, v in info.get("by_status", {}).items())
            print(f"{table:<28} {info['count']:>9}  {statuses}")
    return 0


@command("token")
def token(args: argparse.Namespace) -> int:
    setup_django(args.db)
    from django.contrib.auth import get_user_model

    from cartel.parties.services import api_token_issue

    user = get_user_model().objects.filter(username=args.username).first()
    if user is None:
        return fail(f"no user named {args.username!r}")
    print(api_token_issue(user=user, actor=user, label="cli"))
    return 0


@command("reindex")
def reindex(args: argparse.Namespace) -> int:
    setup_django(args.db)
    migrate()
    from tqdm import tqdm

    from cartel.engine.names import KEYS_VERSION
    from cartel.registry.reindex import keys_rebuild

    bar = tqdm(total=None, unit="rows", disable=not sys.stderr.isatty(), file=sys.stderr)
    totals: dict[str, int] = {}

    def progress(done: int, total: int, table: str) -> None:
        if totals.get(table) != total:
            bar.reset(total=total)
            bar.set_description(table)
        totals[table] = total
        bar.n = done
        bar.refresh()

    changed = keys_rebuild(actor="cartel reindex", on_progress=progress)
    bar.close()
    for table, count in changed.items():
        print(f"{table:<10} {count:>9} changed of {totals.get(table, 0)}")
    print(f"name keys are at version {KEYS_VERSION}")
    return 0


@command("serve")
def serve(args: argparse.Namespace) -> int:
    setup_django(getattr(args, "db", None))
    migrate()
    from django.core.management import call_command

    from cartel.registry.reindex import keys_stale_message

    stale = keys_stale_message()  # checks do not run under call_command: say it here
    if stale:
        print(f"WARNING: {stale}", file=sys.stderr)
    call_command("runserver", f"127.0.0.1:{args.port}", use_reloader=False, use_threading=True)
    return 0


@command("worker")
def worker(args: argparse.Namespace) -> int:
    setup_django(args.db)
    migrate()
    from django.core.management import call_command

    from cartel.jobs.services import jobs_reap_stale

    reaped = jobs_reap_stale(older_than_minutes=0)  # one worker per database: what still runs was cut off
    if reaped:
        print(f"marked {len(reaped)} job(s) left running by a stopped worker as failed: {reaped}")
    options: dict[str, object] = {"interval": 0.5, "reload": False}
    if args.batch:
        options["batch"] = True
    else:
        _schedule_daily()
    call_command("db_worker", **options)
    return 0


def _schedule_daily() -> None:
    """Queue the daily jobs (inquiry reminders, stale-job reaping) now and every 24 hours while the worker runs."""
    import threading

    def enqueue_daily() -> None:
        from cartel.tracing.tasks import inquiries_remind_task

        inquiries_remind_task.enqueue()
        timer = threading.Timer(24 * 3600, enqueue_daily)
        timer.daemon = True
        timer.start()

    enqueue_daily()


@command("backup")
def backup(args: argparse.Namespace) -> int:
    setup_django(args.db)
    from cartel.backup import BackupError, backup_to

    try:
        manifest = backup_to(Path(args.path))
    except BackupError as exc:
        return fail(str(exc))
    print(f"backup written to {args.path}: {manifest['events']} audit events, {manifest['persons']} persons")
    return 0


@command("restore")
def restore(args: argparse.Namespace) -> int:
    setup_django(args.db)
    from cartel.backup import BackupError, restore_from

    try:
        manifest = restore_from(Path(args.path))
    except BackupError as exc:
        return fail(str(exc))
    print(f"restored {args.path} (taken {manifest['taken_at']}): audit chain verified")
    return 0


@command("import")
def import_(args: argparse.Namespace) -> int:
    setup_django(args.db)
    migrate()
    from cartel.imports.cli import run_import

    return run_import(args)


@command("ledger")
def ledger(args: argparse.Namespace) -> int:
    setup_django(args.db)
    migrate()
    from cartel.exchanges.ledger import ledger_cli

    return ledger_cli(args)


@command("link")
def link(args: argparse.Namespace) -> int:
    from cartel.engine.linkage.cli import link_files

    return link_files(args)


@command("dedupe")
def dedupe(args: argparse.Namespace) -> int:
    from cartel.engine.linkage.cli import dedupe_file

    return dedupe_file(args)


@command("demo")
def demo(args: argparse.Namespace) -> int:
    from cartel.demo import run_demo

    return run_demo(args)
