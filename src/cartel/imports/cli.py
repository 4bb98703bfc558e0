"""`cartel import FILE --party CODE --kind KIND`: the command-line face of `import_file`, with a progress bar."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tqdm import tqdm

from cartel.transitions import party_by_code

from .services import import_file


def run_import(args: argparse.Namespace) -> int:
    """Import one file and print its row-by-row report; exit 0 only when it was imported (or validated, dry run)."""
    path = Path(args.file)
    if not path.is_file():
        print(f"cartel import: no file at {path}", file=sys.stderr)
        return 2
    try:
        party = party_by_code(args.party)
    except ValueError as exc:
        print(f"cartel import: {exc}", file=sys.stderr)
        return 2
    actor = _actor(args.user, party)
    bar = tqdm(total=None, unit="rows", disable=not sys.stderr.isatty(), file=sys.stderr)

    def progress(done: int, total: int | None, stage: str) -> None:
        if total and bar.total != total:
            bar.reset(total=total)
        bar.set_description(stage)
        bar.n = done
        bar.refresh()

    outcome = import_file(
        data=path.read_bytes(),
        file_name=path.name,
        party=party,
        kind=args.kind,
        actor=actor,
        mapping_name=args.mapping,
        list_name=args.name,
        dry_run=args.dry_run,
        valid_only=args.valid_only,
        on_progress=progress,
    )
    bar.close()
    print(f"{path.name}: {outcome.format or '?'}, encoding {outcome.encoding or '-'}, "
          f"delimiter {outcome.delimiter!r}, {outcome.rows_total} rows, {outcome.rows_valid} valid")  # fmt: skip
    if outcome.mapping:
        print("columns: " + ", ".join(f"{src} → {dst}" for src, dst in outcome.mapping.items()))
    for issue in outcome.issues[:200]:
        where = f"row {issue['row']}" if issue["row"] else "file"
        col = f" [{issue['column']}]" if issue["column"] else ""
        print(f"  {issue['severity']}: {where}{col}: {issue['message']}")
    if len(outcome.issues) > 200:
        print(f"  … and {len(outcome.issues) - 200} more")
    print(outcome.message, file=sys.stdout if outcome.ok else sys.stderr)
    return 0 if outcome.ok else 1


def _actor(username: str | None, party: object) -> object:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    if username:
        user = users.filter(username=username).first()
        if user is not None:
            return user
    return f"cli ({party})"
