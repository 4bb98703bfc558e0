"""Faults, with real processes on a real database (a SQLite file, or a fresh PostgreSQL database when the suite runs
on PostgreSQL): a worker killed in the middle of an import leaves nothing half-written and its job is reaped as
failed; a linkage run killed midway leaves whole clusters and resumes; `cartel backup` taken while users write
restores exactly."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
CARTEL = [sys.executable, "-c", "import sys; from cartel.cli import main; sys.exit(main())"]

SETUP = """
import django; django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from cartel.parties.bootstrap import accounts_bootstrap, parties_bootstrap
accounts_bootstrap(parties_bootstrap())
"""

KILLED_IMPORT = """
import os, signal, sys, django; django.setup()
from django.contrib.auth import get_user_model
from cartel.imports.services import import_file
from cartel.jobs.services import job_create, job_progress, job_start
from cartel.parties.models import Party
user = get_user_model().objects.get(username="a-operator")
party = Party.objects.get(code="A")
job = job_create(kind="import", actor=user, party=party)
job_start(job.pk)
print(job.pk, flush=True)
def progress(done, total, message):
    job_progress(job.pk, done, total, message)
    if message.startswith("Storing") and done >= 2000:
        os.kill(os.getpid(), signal.SIGKILL)  # the worker dies with half the rows written in its transaction
import_file(data=open(sys.argv[1], "rb").read(), file_name="big.csv", party=party, kind="registry", actor=user,
            on_progress=progress)
print("not killed", flush=True)
"""

WRITER = """
import sys, time, django; django.setup()
from django.contrib.auth import get_user_model
from cartel.parties.models import Party
from cartel.registry.services import RecordData, source_list_create
user = get_user_model().objects.get(username="b-operator")
party, stop, n = Party.objects.get(code="B"), time.monotonic() + 40, 0
while time.monotonic() < stop and not __import__("os").path.exists(sys.argv[1]):
    rows = [RecordData(external_id=str(i), row_number=i + 2, raw={"n": f"Кузнецов {n}-{i}"},
                       fields={"surname": "Кузнецов", "given_name": f"Алексей{n}x{i}", "birth_date": "1990"})
            for i in range(5)]
    source_list_create(owner=party, kind="registry", name=f"writer {n}", rows=rows, actor=user)
    n += 1
    print(n, flush=True)
"""

CHANGE = """
import django; django.setup()
from django.contrib.auth import get_user_model
from cartel.parties.models import Party
from cartel.registry.services import RecordData, source_list_create
source_list_create(owner=Party.objects.get(code="A"), kind="registry", name="after the backup",
                   rows=[RecordData(external_id="1", row_number=2, raw={}, fields={"full_name": "Олена Бойко"})],
                   actor=get_user_model().objects.get(username="a-operator"))
"""

FINGERPRINT = """
import hashlib, json, django; django.setup()
from django.db import connection
from cartel.registry.models import SourceList
out = {}
with connection.cursor() as c:
    for table, cols in (("registry_person", "id, display_name, status, version"),
                        ("registry_sourcerecord", "id, source_list_id, external_id, person_id"),
                        ("registry_sourcelist", "id, name, version"), ("audit_event", "seq, hash")):
        c.execute(f"SELECT {cols} FROM {table} ORDER BY 1")
        rows = [[str(v) for v in r] for r in c.fetchall()]
        out[table] = [len(rows), hashlib.sha256(json.dumps(rows).encode()).hexdigest()]
out["torn_lists"] = [l.name for l in SourceList.objects.all() if l.records.count() not in (5,)
                     and l.name.startswith("writer")]
print(json.dumps(out))
"""


def _env(db: str, tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CARTEL_", "DATABASE_URL"))}
    return {**env, "CARTEL_DB": db, "CARTEL_DATA_DIR": str(tmp), "DJANGO_SETTINGS_MODULE": "cartel.settings",
            "PYTHONUNBUFFERED": "1"}  # fmt: skip


def _run(args: list[str], env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


def _py(script: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = _run([sys.executable, "-c", script, *args], env)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def fresh_db(tmp_path_factory: Any) -> Iterator[Callable[[Path], dict[str, str]]]:
    """`fresh(folder)`: a new migrated database with the standard cast, on the engine the suite runs on — a copy
    of one migrated SQLite file, or a PostgreSQL database made from a migrated template (migrating is slow)."""
    folder = tmp_path_factory.mktemp("template")
    if connection.vendor != "postgresql":
        template = folder / "cartel.sqlite3"
        _py(SETUP, _env(str(template), folder))

        def copy(target: Path) -> dict[str, str]:
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(template, target / "cartel.sqlite3")
            return _env(str(target / "cartel.sqlite3"), target)

        yield copy
        return
    import psycopg

    settings = connection.settings_dict
    server = {"host": settings["HOST"] or "127.0.0.1", "port": settings["PORT"] or 5432,
              "user": settings["USER"] or "postgres", "password": settings["PASSWORD"] or None}  # fmt: skip
    auth = f"{server['user']}:{server['password']}@" if server["password"] else f"{server['user']}@"
    prefix = f"cartel_faults_{uuid.uuid4().hex[:8]}"
    made = [f"{prefix}_tpl"]

    def url(name: str) -> str:
        return f"postgresql://{auth}{server['host']}:{server['port']}/{name}"

    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{made[0]}"')
    try:
        _py(SETUP, _env(url(made[0]), folder))

        def clone(target: Path) -> dict[str, str]:
            target.mkdir(parents=True, exist_ok=True)
            made.append(f"{prefix}_{len(made)}")
            with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
                admin.execute(f'CREATE DATABASE "{made[-1]}" TEMPLATE "{made[0]}"')
            return _env(url(made[-1]), target)

        yield clone
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            for name in reversed(made):
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_worker_killed_mid_import_leaves_nothing_and_its_job_is_reaped(
    fresh_db: Any, tmp_path: Path
) -> None:
    file_db = fresh_db(tmp_path / "db")
    big = tmp_path / "big.csv"
    lines = ["id,surname,given_name,birth_date"] + [f"{i},Коваленко,Іван{i},1990-01-01" for i in range(4100)]
    big.write_text("\n".join(lines), encoding="utf-8")
    killed = _run([sys.executable, "-c", KILLED_IMPORT, str(big)], file_db)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    assert "not killed" not in killed.stdout
    job_id = int(killed.stdout.split()[0])
    check = _py("""
import json, django; django.setup()
from cartel.registry.models import Person, SourceList, SourceRecord
from cartel.jobs.models import Job
from cartel.jobs.services import jobs_reap_stale
before = Job.objects.get(pk=JOB).status
reaped = jobs_reap_stale(older_than_minutes=0)
job = Job.objects.get(pk=JOB)
print(json.dumps({"lists": SourceList.objects.count(), "records": SourceRecord.objects.count(),
                  "persons": Person.objects.count(), "before": before, "reaped": reaped, "after": job.status,
                  "message": job.message}))
""".replace("JOB", str(job_id)), file_db)  # fmt: skip
    state = json.loads(check.stdout.strip().splitlines()[-1])
    assert (state["lists"], state["records"], state["persons"]) == (0, 0, 0)
    assert state["before"] == "running" and state["reaped"] == [job_id] and state["after"] == "failed"
    assert "nothing from it was saved" in state["message"]
    verify = _run([*CARTEL, "audit", "verify"], file_db)
    assert verify.returncode == 0, verify.stdout + verify.stderr


LINKAGE = """
import json, os, signal, sys, django; django.setup()
from django.contrib.auth import get_user_model
from cartel.parties.models import Party
from cartel.registry.linkage import linkage_run
from cartel.registry.models import IdentityLink, Person, SourceRecord
from cartel.registry.services import RecordData, source_list_create
mode = sys.argv[1]
if mode in ("seed-and-kill", "seed-and-run"):
    people = [("Коваленко", "Іван", "1991-03-12"), ("Шевченко", "Олена", "1988-07-01"), ("Бондаренко", "Сергій", "1979-01-02"),
              ("Мельник", "Андрій", "1990-02-03"), ("Ткаченко", "Марія", "1985-05-06"), ("Кравченко", "Олег", "1993-09-10")]
    latin = [("Kovalenko", "Ivan"), ("Shevchenko", "Olena"), ("Bondarenko", "Serhii"), ("Melnyk", "Andrii"),
             ("Tkachenko", "Mariia"), ("Kravchenko", "Oleh")]
    for owner, kind, names in (("A", "registry", [(s, g) for s, g, _ in people]), ("B", "requests", latin),
                               ("B", "registry", latin), ("A", "requests", [(s, g) for s, g, _ in people])):
        rows = [RecordData(external_id=str(i), row_number=i + 2, raw={"s": s, "g": g},
                           fields={"surname": s, "given_name": g, "birth_date": people[i][2]})
                for i, (s, g) in enumerate(names)]
        source_list_create(owner=Party.objects.get(code=owner), kind=kind, name=f"{owner} {kind}", rows=rows,
                           actor="system")
def progress(step, total, message):
    if mode == "seed-and-kill" and step >= 1:
        os.kill(os.getpid(), signal.SIGKILL)  # the second comparison never runs
if mode != "check":
    linkage_run(actor="system", on_progress=progress)
links = sorted((l.left_id, l.right_id) for l in IdentityLink.objects.all())
split = [l for l in IdentityLink.objects.select_related("left", "right") if l.left.person_id != l.right.person_id]
groups = sorted(sorted(SourceRecord.objects.filter(person=p).values_list("id", flat=True)) for p in Person.objects.all())
print(json.dumps({"links": links, "split": len(split), "groups": [g for g in groups if g],
                  "homeless": SourceRecord.objects.filter(person__isnull=True).count()}))
"""


def test_a_linkage_run_killed_midway_is_consistent_and_resumes(fresh_db: Any, tmp_path: Path) -> None:
    """Each comparison stores whole; killed after the first, the database holds whole clusters, and a new run
    ends exactly where an uninterrupted one does."""
    file_db = fresh_db(tmp_path / "db")
    killed = _run([sys.executable, "-c", LINKAGE, "seed-and-kill"], file_db)
    assert killed.returncode == -signal.SIGKILL, killed.stderr[-2000:]
    midway = json.loads(_py(LINKAGE, file_db, "check").stdout.strip().splitlines()[-1])
    assert midway["split"] == 0 and midway["homeless"] == 0
    resumed = json.loads(_py(LINKAGE, file_db, "resume").stdout.strip().splitlines()[-1])
    reference_db = fresh_db(tmp_path / "ref")
    reference = json.loads(_py(LINKAGE, reference_db, "seed-and-run").stdout.strip().splitlines()[-1])
    assert reference["links"], "the reference run linked nothing; the test data is too far apart"
    assert len(midway["links"]) < len(reference["links"])
    assert resumed == reference


def _fingerprint(env: dict[str, str]) -> dict[str, Any]:
    return json.loads(_py(FINGERPRINT, env).stdout.strip().splitlines()[-1])


def test_backup_while_users_write_restores_exactly(fresh_db: Any, tmp_path: Path) -> None:
    live_db = fresh_db(tmp_path / "db")
    stop = tmp_path / "stop"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(stop)], env=live_db, cwd=ROOT, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
    try:
        assert writer.stdout is not None
        for _ in range(3):  # a few lists in before the snapshot
            assert writer.stdout.readline(), writer.stderr.read() if writer.stderr else ""
        archive = tmp_path / "backup.tar"
        taken = _run([*CARTEL, "backup", str(archive)], live_db)
        assert taken.returncode == 0, taken.stderr
        time.sleep(0.5)
    finally:
        stop.touch()
        writer.wait(timeout=60)
    assert writer.returncode == 0, writer.stderr.read() if writer.stderr else ""
    written = _fingerprint(live_db)
    restored = _run([*CARTEL, "restore", str(archive)], live_db)
    assert restored.returncode == 0, restored.stdout + restored.stderr
    first = _fingerprint(live_db)
    assert first["torn_lists"] == [], "a list was caught half-written"
    assert first["audit_event"][0] <= written["audit_event"][0]
    # Exactly: restoring the same archive over a changed database gives the same content, hash for hash.
    _py(CHANGE, live_db)
    assert _fingerprint(live_db) != first
    again = _run([*CARTEL, "restore", str(archive)], live_db)
    assert again.returncode == 0, again.stderr
    assert _fingerprint(live_db) == first
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())  # type: ignore[union-attr]
    assert manifest["events"] == first["audit_event"][0]
    assert manifest["persons"] == first["registry_person"][0]
