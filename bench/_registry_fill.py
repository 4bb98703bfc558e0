"""Shared by the benchmarks: start Django on a chosen database and fill it with a large synthetic registry.

`django_start(db)` points Cartel at a SQLite file or a PostgreSQL URL, migrates and bootstraps the standard cast;
`registry_fill(n, seed)` stores `n` persons through the real bulk path (`source_list_create`): two registries
shared across (40% each), one side's requests shared with the other (10%) and one side's family inquiries kept
private (10%). Names come from the synthetic population (`cartel.synth`): Ukrainian or Russian Cyrillic, one record
in ten romanised as foreign clerks write it. The same `n` and `seed` always give the same data.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARES = (("A", "registry", 0.4, ("B", "M")), ("B", "registry", 0.4, ("A", "M")),
          ("B", "requests", 0.1, ("A", "M")), ("A", "inquiries", 0.1, ()))  # fmt: skip
LATIN_SCHEMES = ("uk-kmu-2010", "ru-icao")


def peak_rss_mb() -> float:
    """The process's peak resident memory so far, in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine() -> str:
    """CPU count, model and memory of this machine, in one line."""
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        mem = next(ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
        gb = int(mem.split()[1]) / 1024 / 1024
    except (OSError, StopIteration):
        gb = 0.0
    return f"{os.cpu_count()} cores {model}, {gb:.0f} GB RAM, load {os.getloadavg()[0]:.1f}"


def django_start(db: str, *, fresh: bool) -> None:
    """Set Django up on `db` (SQLite path or postgresql:// URL), wiping it first when `fresh`, and migrate."""
    if fresh and "://" not in db:
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)
    if "://" in db:
        _pg_database(db, fresh=fresh)
    os.environ["CARTEL_DB"] = db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cartel.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _pg_database(url: str, *, fresh: bool) -> None:
    """Create the database named in `url` if it is missing; drop and create it again when `fresh`."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


@dataclass(frozen=True, slots=True)
class Sought:
    """One stored person as a clerk would look them up: names as written, in Cyrillic, and the birth date."""

    surname: str
    given: str
    patronymic: str
    birth_date: str


def _rows(pop: Any, start: int, stop: int, seed: int) -> Iterator[Any]:
    import random

    from cartel.registry.services import RecordData
    from cartel.synth import transliterate

    rng = random.Random(seed * 7919 + start)
    persons = (
        p
        for chunk in range(start, stop, 10_000)
        for p in pop.persons(range(chunk, min(chunk + 10_000, stop)))
    )
    for p in persons:
        name = p.name()
        parts = [name.surname, name.given, name.patronymic]
        if rng.random() < 0.1:
            scheme = LATIN_SCHEMES[p.name_language == "ru"]
            parts = [transliterate(x, scheme) for x in parts]
        birth = p.birth_date.isoformat()
        fields = {"surname": parts[0], "given_name": parts[1], "patronymic": parts[2], "birth_date": birth,
                  "sex": p.sex, "service_number": p.service_number, "unit": p.unit}  # fmt: skip
        yield RecordData(external_id=p.id, row_number=p.index - start + 2, raw=fields, fields=fields)


def registry_fill(n: int, seed: int, say: Any = print) -> dict[str, Any]:
    """Store `n` persons in four lists (unless this database already holds them); return counts and timings."""
    from cartel.parties.bootstrap import accounts_bootstrap, parties_bootstrap
    from cartel.registry.models import Person, SourceList
    from cartel.registry.services import source_list_create
    from cartel.synth import make_population

    marker = f"bench-{n}-{seed}"
    if SourceList.objects.filter(name__startswith=marker).exists():
        return {"persons": Person.objects.count(), "reused": True}
    parties = parties_bootstrap()
    accounts_bootstrap(parties)
    started = time.perf_counter()
    pop = make_population({"A": n // 2, "B": n - n // 2}, seed=seed)
    say(f"population of {n} generated in {time.perf_counter() - started:.1f} s")
    start = 0
    for code, kind, share, shared in SHARES:
        stop = n if code == "A" and kind == "inquiries" else start + int(n * share)
        t0 = time.perf_counter()

        def progress(
            done: int, t0: float = t0, total: int = stop - start, label: str = f"{code} {kind}"
        ) -> None:
            if done % 100_000 < 2000 or done == total:
                rate = done / max(time.perf_counter() - t0, 1e-9)
                say(f"  {label}: {done}/{total} rows ({rate:,.0f} rows/s)")

        source_list_create(owner=parties[code], kind=kind, name=f"{marker}-{code}-{kind}", actor="bench",
                           rows=_rows(pop, start, stop, seed), share_with=[parties[c] for c in shared],
                           on_progress=progress)  # fmt: skip
        start = stop
    seconds = time.perf_counter() - started
    t0 = time.perf_counter()
    maintain()
    return {"persons": Person.objects.count(), "fill_s": round(seconds, 1), "reused": False,
            "analyze_s": round(time.perf_counter() - t0, 1)}  # fmt: skip


def maintain() -> None:
    """What autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) does after a bulk load: fresh planner stats."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")


def sample_sought(n: int, seed: int, k: int) -> list[Sought]:
    """`k` stored persons spread over the lists, with their names in the language of their own documents."""
    import random

    from cartel.synth import make_population

    pop = make_population({"A": n // 2, "B": n - n // 2}, seed=seed)
    rng = random.Random(seed)
    out = []
    for i in sorted(rng.sample(range(n), k)):
        p = pop.person(i)
        name = p.name()
        out.append(Sought(name.surname, name.given, name.patronymic, p.birth_date.isoformat()))
    return out
