"""Importing a list file: read, map headers, validate every row, then store all-or-nothing.

A file with errors changes nothing unless the user chose to import only the valid rows; the outcome always carries a
row-by-row report. The pure reading and validation live in `cartel.engine.tabular`; this module stores the result.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from cartel.bulk import statistics_refresh
from cartel.engine.tabular import Limits, RowValidation, TabularError, map_headers, read_table
from cartel.parties.models import Party
from cartel.registry.services import RecordData, source_list_create

from .models import MappingTemplate

Progress = Callable[[int, int | None, str], None]


@dataclass(slots=True, kw_only=True)
class ImportOutcome:
    """What an import did or would do, with every problem found, row by row."""

    ok: bool
    imported: bool = False
    dry_run: bool = False
    message: str = ""
    file_name: str = ""
    file_sha256: str = ""
    encoding: str | None = None
    delimiter: str | None = None
    format: str = ""
    rows_total: int = 0
    rows_valid: int = 0
    rows_imported: int = 0
    source_list_id: int | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    unknown_columns: list[str] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [i for i in self.issues if i.get("severity") == "error"]


def _limits() -> Limits:
    from cartel import conf

    return Limits(max_bytes=conf.MAX_UPLOAD_MB * 1024 * 1024)


def _issue_dict(issue: Any) -> dict[str, Any]:
    return {
        "row": getattr(issue, "row_number", None),
        "column": getattr(issue, "column", "") or "",
        "message": str(getattr(issue, "message", issue)),
        "severity": str(getattr(issue, "severity", "error")),
    }


def import_file(
    *,
    data: bytes,
    file_name: str,
    party: Party,
    kind: str,
    actor: Any,
    mapping_name: str | None = None,
    list_name: str | None = None,
    dry_run: bool = False,
    valid_only: bool = False,
    on_progress: Progress | None = None,
    rematch: bool = True,
) -> ImportOutcome:
    """Validate a list file and, unless told otherwise or it has errors, store it as a new source list.

    After the commit, open inquiries are matched against the new records; a bulk loader that matches once after
    its last list (the demo) passes `rematch=False` for the lists it covers then."""
    outcome = ImportOutcome(ok=False, dry_run=dry_run, file_name=file_name)
    outcome.file_sha256 = hashlib.sha256(data).hexdigest()
    template: dict[str, str] | None = None
    if mapping_name:
        saved = MappingTemplate.objects.filter(party=party, name=mapping_name).first()
        if saved is None:
            outcome.message = _("No saved mapping named “%(name)s” for party %(party)s.") % {
                "name": mapping_name,
                "party": party.code,
            }
            return outcome
        template = dict(saved.mapping)

    def read_progress(done: int, total: int | None) -> None:
        if on_progress:
            on_progress(done, total, _("Reading the file"))

    try:
        table = read_table(data, file_name, limits=_limits(), on_progress=read_progress)
    except TabularError as exc:
        outcome.message = str(exc)
        outcome.issues.append({"row": None, "column": "", "message": str(exc), "severity": "error"})
        return outcome
    outcome.encoding, outcome.delimiter, outcome.format = table.encoding, table.delimiter, table.format
    outcome.rows_total = len(table.rows)
    headers = map_headers(table.columns, template)
    outcome.mapping = dict(headers.mapping)
    outcome.unknown_columns = list(headers.unknown_columns)

    def check_progress(done: int) -> None:
        if on_progress:
            on_progress(done, outcome.rows_total, _("Checking rows"))

    # parsed rows are stored as they come, never all held: a million-row list fits in memory
    validation = RowValidation(table, headers, kind, on_progress=check_progress)
    outcome.issues += [_issue_dict(i) for i in validation.issues]
    outcome.rows_valid = validation.summary.valid_rows
    file_errors = [i for i in outcome.issues if i["row"] is None and i["severity"] == "error"]
    if file_errors:
        outcome.message = file_errors[0]["message"]
        return outcome
    if outcome.errors and not valid_only:
        outcome.message = _(
            "%(n)d rows have errors; nothing was imported. Fix them, or import only the %(valid)d valid rows."
        ) % {"n": len({i["row"] for i in outcome.errors}), "valid": outcome.rows_valid}
        return outcome
    if not outcome.rows_valid:
        outcome.message = _("The file has no valid rows; nothing was imported.")
        return outcome
    if dry_run:
        outcome.ok = True
        outcome.message = _("Dry run: %(valid)d of %(total)d rows would be imported.") % {
            "valid": outcome.rows_valid,
            "total": outcome.rows_total,
        }
        return outcome

    rows = (
        RecordData(
            external_id=row.external_id,
            row_number=row.row_number,
            raw=row.raw,
            fields=row.fields,
            extra=row.extra,
        )
        for row in validation.valid_rows()
    )
    total = outcome.rows_valid

    def store_progress(done: int) -> None:
        if on_progress:
            on_progress(done, total, _("Storing records"))

    with transaction.atomic():
        source_list = source_list_create(
            owner=party,
            kind=kind,
            name=list_name or file_name,
            rows=rows,
            actor=actor,
            file_name=file_name,
            file_sha256=outcome.file_sha256,
            on_progress=store_progress,
        )
        record_ids = list(source_list.records.values_list("pk", flat=True))
        transaction.on_commit(lambda: _after_import(record_ids, actor, rematch=rematch))
    outcome.ok = outcome.imported = True
    outcome.rows_imported = source_list.row_count
    outcome.source_list_id = source_list.pk
    outcome.message = _("Imported %(n)d rows as “%(name)s” version %(v)d.") % {
        "n": source_list.row_count,
        "name": source_list.name,
        "v": source_list.version,
    }
    return outcome


ANALYZE_AFTER_ROWS = 10_000  # the planner's statistics go stale after a bulk load of this size


def _refresh_statistics(rows: int) -> None:
    """After a large import, refresh the planner's statistics (both databases): stale ones made pages take seconds."""
    if rows >= ANALYZE_AFTER_ROWS:
        statistics_refresh(("registry_sourcerecord", "registry_person", "registry_sourcelist_shared_with"))


def _after_import(record_ids: list[int], actor: Any, *, rematch: bool = True) -> None:
    """Tell the areas that react to new records (inquiry re-matching) that a list arrived."""
    _refresh_statistics(len(record_ids))
    if not rematch:
        return
    try:
        from cartel.tracing.services import inquiries_rematch_for_records
    except ImportError:
        return
    inquiries_rematch_for_records(record_ids, actor)


def mapping_template_save(*, party: Party, name: str, mapping: dict[str, str], actor: Any) -> MappingTemplate:
    """Save (or replace) a named header mapping for a party."""
    from cartel.audit.models import AuditVerb
    from cartel.audit.services import audit_record

    with transaction.atomic():
        template, _created = MappingTemplate.objects.update_or_create(
            party=party, name=name, defaults={"mapping": mapping}
        )
        audit_record(actor=actor, verb=AuditVerb.UPDATED, target=template, summary=f"mapping template {name}",
                     after={"mapping": mapping})  # fmt: skip
    return template
