"""`cartel backup` and `cartel restore`: a consistent snapshot of the database and stored files in one archive.

SQLite is copied with SQLite's online backup API (a consistent snapshot while others write); PostgreSQL with
`pg_dump --snapshot` from a repeatable-read transaction in which the manifest is read too, so they agree. The
archive holds a manifest with counts and the audit chain's head hash; a restore checks that the restored chain
verifies and ends at that head.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT = "cartel-backup/1"


class BackupError(Exception):
    """A backup or restore that could not be done; the message says what to do."""


def _is_sqlite() -> bool:
    return bool(connection.vendor == "sqlite")


def _pg_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _manifest() -> dict[str, Any]:
    from cartel.audit.models import ChainHead
    from cartel.registry.models import Person

    head = ChainHead.objects.filter(id=1).first()
    return {
        "format": FORMAT,
        "taken_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "events": head.last_seq if head else 0,
        "head_hash": head.last_hash if head else "",
        "persons": Person.objects.count(),
    }


def backup_to(path: Path) -> dict[str, Any]:
    """Write a snapshot archive to `path` and return its manifest."""
    path = path.expanduser()
    if path.exists() and path.is_dir():
        raise BackupError(f"{path} is a folder: give a file name such as {path / 'cartel-backup.tar'}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if _is_sqlite():
            source = sqlite3.connect(str(settings.DATABASES["default"]["NAME"]))
            target = sqlite3.connect(str(work / "database.sqlite3"))
            with target:
                source.backup(target)
            # The manifest is read from the snapshot itself, so it matches the data exactly.
            manifest = _manifest_of_sqlite(work / "database.sqlite3")
            source.close()
            target.close()
            db_member = "database.sqlite3"
        else:
            manifest = _pg_dump_with_manifest(work / "database.pgdump")
            db_member = "database.pgdump"
        manifest["database"] = db_member
        path.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(path, "w") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(work / db_member, arcname=db_member)
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                tar.add(media, arcname="files")
    return manifest


def _pg_dump_with_manifest(dump: Path) -> dict[str, Any]:
    """Dump PostgreSQL and read the manifest from one and the same snapshot, so both agree while others write.

    A repeatable-read transaction exports its snapshot; the manifest is read in it and pg_dump imports it.
    """
    from django.db import transaction

    name = str(settings.DATABASES["default"]["NAME"])
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        manifest = _manifest()
        cmd = ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--no-owner", f"--file={dump}", name]
        done = subprocess.run(cmd, env=_pg_env(), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"pg_dump failed: {done.stderr.strip()} (is the PostgreSQL client installed?)")
    return manifest


def _manifest_of_sqlite(db_path: Path) -> dict[str, Any]:
    con = sqlite3.connect(str(db_path))
    try:
        row = con.execute("SELECT last_seq, last_hash FROM audit_chainhead WHERE id = 1").fetchone()
        persons = con.execute("SELECT COUNT(*) FROM registry_person").fetchone()[0]
    except sqlite3.OperationalError:
        row, persons = None, 0
    finally:
        con.close()
    return {
        "format": FORMAT,
        "taken_at": timezone.now().isoformat(),
        "engine": "sqlite",
        "events": row[0] if row else 0,
        "head_hash": row[1] if row else "",
        "persons": persons,
    }


def restore_from(path: Path) -> dict[str, Any]:
    """Replace the current database and files by the archive at `path`; verify the audit chain afterwards."""
    path = path.expanduser()
    if not path.is_file():
        raise BackupError(f"no backup file at {path}")
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(path, "r") as tar:
        tar.extractall(tmp, filter="data")
        work = Path(tmp)
        try:
            manifest = json.loads((work / "manifest.json").read_text())
        except (OSError, ValueError) as exc:
            raise BackupError(f"{path} is not a Cartel backup (no readable manifest.json)") from exc
        if manifest.get("format") != FORMAT:
            raise BackupError(f"{path} has format {manifest.get('format')!r}; this Cartel reads {FORMAT}")
        expected = "sqlite" if _is_sqlite() else "postgresql"
        if manifest["engine"] != expected:
            raise BackupError(f"the backup is of a {manifest['engine']} database; the target is {expected}")
        connections.close_all()
        if _is_sqlite():
            target_path = Path(str(settings.DATABASES["default"]["NAME"]))
            source = sqlite3.connect(str(work / manifest["database"]))
            target = sqlite3.connect(str(target_path))
            with target:
                source.backup(target)
            source.close()
            target.close()
        else:
            name = str(settings.DATABASES["default"]["NAME"])
            cmd = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", f"--dbname={name}",
                   str(work / manifest["database"])]  # fmt: skip
            done = subprocess.run(cmd, env=_pg_env(), capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
        media = Path(settings.MEDIA_ROOT)
        if (work / "files").exists():
            if media.exists():
                shutil.rmtree(media)
            shutil.copytree(work / "files", media)
    from cartel.audit.services import audit_verify

    result = audit_verify()
    if not result.ok:
        raise BackupError(f"restored, but the audit chain does not verify: {result.problem}")
    if result.checked != manifest["events"]:
        raise BackupError(f"restored {result.checked} audit events; the manifest says {manifest['events']}")
    return manifest
