"""Load a synthetic scenario (`cartel.synth`) into the database through the same services people use.

Lists are written to files in the formats and encodings clerks really send and go through the real import path;
parties, accounts, the agreement, inquiries, remains and the first stage plan go through their services.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.bulk import statistics_refresh, update_rows
from cartel.parties.bootstrap import DemoAccount, accounts_bootstrap, parties_bootstrap
from cartel.parties.models import Party
from cartel.registry.models import Person, SourceList, SourceRecord

Say = Callable[[str], None]

# How each list is sent: (format, encoding, delimiter, header language) — the mix real bureaus produce.
FILE_HABITS: dict[str, tuple[str, str, str, str]] = {
    "registry": ("xlsx", "", "", "ru"),
    "requests": ("csv", "utf-8-sig", ";", "uk"),
    "inquiries": ("csv", "utf-8", ",", "en"),
    "remains": ("csv", "cp1251", ";", "ru"),
}
XLSX_MAX_ROWS = 1_048_576  # rows in one Excel sheet, header included
CAPTIVE_FACTS = ("seriously_wounded", "consent", "stretcher", "judicial_hold", "status", "medical_category")


@dataclass(slots=True)
class LoadReport:
    accounts: list[DemoAccount] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    scenario: Any = None


def _peak_mb() -> float:
    """This process's peak resident memory so far, in MB (Linux reports kilobytes)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _user(username: str) -> Any:
    return get_user_model().objects.get(username=username)


def _write(synth_list: Any, folder: Path) -> Path:
    from cartel.synth import write_csv, write_xlsx

    fmt, encoding, delimiter, header_language = FILE_HABITS[str(synth_list.kind)]
    if synth_list.owner == "A" and header_language == "ru":
        header_language = "uk"
    if fmt == "xlsx" and len(synth_list.rows) >= XLSX_MAX_ROWS:
        fmt, encoding, delimiter = (
            "csv",
            "utf-8-sig",
            ";",
        )  # a sheet holds 1,048,576 rows: clerks send CSV then
    path = folder / f"{synth_list.name}.{fmt}"
    if fmt == "xlsx":
        return write_xlsx(synth_list.rows, path, columns=synth_list.columns, header_language=header_language)
    return write_csv(synth_list.rows, path, columns=synth_list.columns, encoding=encoding, delimiter=delimiter,
                     header_language=header_language, errors="replace")  # fmt: skip


def load_lists(scenario: Any, parties: dict[str, Party], say: Say) -> dict[str, SourceList]:
    """Import every list of the scenario through `import_file`; share registries and requests as GC III asks."""
    from cartel.imports.services import import_file

    loaded: dict[str, SourceList] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for synth_list in scenario.lists:
            if str(synth_list.kind) == "remains":
                continue  # manifests become remains batches (demo_hooks.load_remains)
            started = time.perf_counter()
            path = _write(synth_list, Path(tmp))
            written = time.perf_counter()
            owner = parties[synth_list.owner]
            actor = _user(f"{owner.code.lower()}-operator")
            with transaction.atomic():  # to time apart what the import queues after its commit
                outcome = import_file(data=path.read_bytes(), file_name=path.name, party=owner,
                                      kind=str(synth_list.kind), actor=actor, list_name=synth_list.name,
                                      valid_only=True, on_progress=progress_printer(say, path.name),
                                      rematch=str(synth_list.kind) != "registry")  # fmt: skip
                stored = time.perf_counter()
            if not outcome.imported or outcome.source_list_id is None:
                raise RuntimeError(f"demo list {path.name} did not import: {outcome.message}")
            source_list = SourceList.objects.get(pk=outcome.source_list_id)
            loaded[synth_list.name] = source_list
            synth_list.rows.clear()  # stored now: a million rows need not stay in memory (the truth stays)
            path.unlink()
            took, after = stored - written, time.perf_counter() - stored
            # Registries are matched against every open inquiry once, when they are shared (`share_lists`).
            say(f"  {path.name}: {outcome.rows_imported} rows ({outcome.encoding or outcome.format}), written in "
                f"{written - started:.1f} s, imported in {took:.1f} s ({outcome.rows_imported / took:,.0f} rows/s), "
                f"then {after:.1f} s of work queued after the commit (inquiry matching)")  # fmt: skip
    return loaded


def progress_printer(say: Say, label: str, every: float = 5.0) -> Callable[[int, int | None, str], None]:
    """An import progress callback that says where it is when the phase changes and every `every` seconds."""
    state = {"phase": "", "at": time.perf_counter()}

    def report(done: int, total: int | None, message: str) -> None:
        now = time.perf_counter()
        if str(message) != state["phase"] or now - state["at"] >= every:
            state["phase"], state["at"] = str(message), now
            say(f"    {label}: {message} {done:,}" + (f"/{total:,}" if total else ""))

    return report


def share_lists(lists: dict[str, SourceList], parties: dict[str, Party], say: Say) -> int:
    """Registries and requests go to the mediator and the counterpart (GC III Arts 122–123); then every open
    inquiry is re-matched against what became visible, here and now rather than by the worker, so the database is
    complete when the load ends. Returns the number of new suggestions."""
    from cartel.registry.services import source_list_share
    from cartel.tracing.services import inquiries_rematch_for_records

    shared: list[int] = []
    for source_list in lists.values():
        if source_list.kind not in ("registry", "requests"):
            continue
        others = [
            p for code, p in parties.items() if code in ("A", "B", "M") and p.pk != source_list.owner_id
        ]
        source_list_share(source_list=source_list, parties=others,
                          actor=_user(f"{source_list.owner.code.lower()}-lead"), rematch=False)  # fmt: skip
        if source_list.kind == "registry":  # requests hold no persons to suggest (the matcher skips them)
            shared += source_list.records.values_list("pk", flat=True)
    started = time.perf_counter()
    suggestions = inquiries_rematch_for_records(
        shared, "system", progress_printer(say, "inquiries", every=30.0)
    )
    say(f"  inquiries re-matched against {len(shared):,} shared registry records: {suggestions:,} suggestions "
        f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    return suggestions


def apply_captive_facts(scenario: Any, lists: dict[str, SourceList]) -> int:
    """Set what the detaining party knows of each captive: wounds, consent, holds, readiness, status."""
    captives = {c.person_id: c for c in scenario.captives}
    updated = 0
    with transaction.atomic():
        for synth_list in scenario.lists:
            if str(synth_list.kind) != "registry":
                continue
            source_list = lists[synth_list.name]
            by_external = dict(
                SourceRecord.objects.filter(source_list=source_list).values_list("external_id", "person_id")
            )
            persons: list[tuple[Any, ...]] = []
            for record_id, latent in synth_list.truth.items():
                captive = captives.get(latent)
                person_id = by_external.get(record_id)
                if captive is None or person_id is None:
                    continue
                wounded = "wounded" in captive.categories
                status = "interned"
                if captive.ready and not captive.judicial_hold:
                    status = (
                        "consent_recorded" if captive.consent else ("declined" if wounded else "eligible")
                    )
                persons.append((person_id, wounded, captive.consent if wounded else None, captive.stretcher,
                                captive.judicial_hold, status, "A1" if wounded else ""))  # fmt: skip
            update_rows(Person, CAPTIVE_FACTS, persons)
            updated += len(persons)
        audit_record(actor="demo loader", verb=AuditVerb.UPDATED, target_type="registry.person", target_id="*",
                     summary=f"captive facts for {updated} persons from the synthetic scenario")  # fmt: skip
    return updated


def load_agreement(scenario: Any, parties: dict[str, Party]) -> Any:
    """Record the scenario's agreement and its categories as the mediator, through the agreements service."""
    from cartel.agreements.services import CategorySpec, agreement_create

    spec = scenario.agreement
    return agreement_create(
        code=spec.code, title=spec.title, concluded_on=spec.concluded_on, place=spec.place,
        parties=[parties[c] for c in spec.parties], art117_applies=spec.art117_applies, notes=spec.notes,
        actor=_user("m-mediator"),
        categories=[
            CategorySpec(code=c.code, name=c.name, rule=c.rule, quota=c.quota, for_remains=c.for_remains,
                         age_min=c.age_min, age_max=c.age_max, age_reference_date=spec.concluded_on,
                         requires_medical=c.requires_medical, consent_required=c.requires_medical,
                         person_type=c.person_type)
            for c in spec.categories
        ],
    )  # fmt: skip


def load_scenario(*, persons_per_side: int, seed: int, say: Say) -> LoadReport:
    """Build the synthetic scenario and load all of it; return accounts, counts and timings."""
    from cartel.synth import build_scenario

    report = LoadReport()

    def timed(label: str, fn: Callable[[], Any]) -> Any:
        start = time.perf_counter()
        say(f"{label} …")
        value = fn()
        report.timings[label] = round(time.perf_counter() - start, 2)
        say(f"  ({label}: {report.timings[label]:.1f} s; peak memory so far {_peak_mb():,.0f} MB)")
        return value

    scenario = timed("generate scenario", lambda: build_scenario(persons_per_side, seed=seed))
    report.scenario = scenario
    parties = timed("parties and accounts", lambda: parties_bootstrap(
        tuple((p.code, p.display, p.kind, p.language) for p in scenario.parties)))  # fmt: skip
    report.accounts = accounts_bootstrap(parties)
    agreement = timed("agreement", lambda: load_agreement(scenario, parties))
    lists = timed("import lists", lambda: load_lists(scenario, parties, say))
    report.counts["suggestions after sharing"] = timed(
        "share lists", lambda: share_lists(lists, parties, say)
    )
    report.counts["captive facts"] = timed("captive facts", lambda: apply_captive_facts(scenario, lists))
    for label, hook in _hooks():
        result = timed(label, lambda hook=hook: hook(scenario=scenario, parties=parties, lists=lists,
                                                     agreement=agreement, say=say))  # fmt: skip
        if isinstance(result, dict):
            report.counts.update({f"{label}: {k}": v for k, v in result.items() if isinstance(v, int)})
    timed("planner statistics", statistics_refresh)  # every table was filled in bulk: plan by real sizes
    return report


def _hooks() -> list[tuple[str, Callable[..., Any]]]:
    """Later steps owned by other areas, in order: inquiries, remains, linkage, the first stage plan."""
    from cartel import demo_hooks

    return demo_hooks.HOOKS
