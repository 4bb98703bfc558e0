"""The `cartel` command as a newcomer uses it: each command in a fresh process against a SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def cartel(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, CARTEL_DB=str(db), CARTEL_DATA_DIR=str(db.parent))
    done = subprocess.run([sys.executable, "-m", "cartel.cli", *args], env=env, capture_output=True, text=True,
                          timeout=600, check=False)  # fmt: skip
    if check and done.returncode != 0:
        raise AssertionError(
            f"cartel {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
        )
    return done


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("cli")


def test_translit_and_plan_need_no_database(workdir):
    out = cartel("translit", "Згорани", "--system", "uk-kmu-2010", db=workdir / "none.sqlite3").stdout
    assert out.strip() == "Zghorany"
    pool = {
        "agreement": {"categories": [{"code": "wounded", "rule": "all_for_all"}]},
        "stage": {
            "capacity_per_side": 1,
            "stretcher_capacity_per_side": 1,
            "balance": "overall",
            "tolerance": 0,
        },
        "candidates": [
            {
                "id": "A-1",
                "side": "A",
                "category": "wounded",
                "priority": 5,
                "ready": True,
                "consent": True,
                "stretcher": False,
            },
            {
                "id": "B-1",
                "side": "B",
                "category": "wounded",
                "priority": 3,
                "ready": True,
                "consent": True,
                "stretcher": False,
            },
            {
                "id": "B-2",
                "side": "B",
                "category": "wounded",
                "priority": 1,
                "ready": False,
                "consent": True,
                "stretcher": False,
            },
        ],
    }
    (workdir / "pool.json").write_text(json.dumps(pool))
    cartel(
        "plan", str(workdir / "pool.json"), "--out", str(workdir / "plan.json"), db=workdir / "none.sqlite3"
    )
    plan = json.loads((workdir / "plan.json").read_text())
    assert sorted(plan["selected"]) == ["A-1", "B-1"] and plan["objective"] == 8
    assert [e["id"] for e in plan["excluded"]] == ["B-2"] and plan["excluded"][0]["reason"]


def test_import_stats_token_backup_restore_and_audit(workdir):
    db = workdir / "cartel.sqlite3"
    lists = workdir / "lists"
    lists.mkdir()
    (lists / "held.csv").write_bytes(
        "id;Фамилия;Имя;Дата рождения\n1;Коваленко;Александр;12.03.1991\n".encode("cp1251")
    )
    (lists / "more.csv").write_text("id,surname,given_name\n9,Bondar,Petro\n")
    # A database with the standard cast (parties and users) comes from a tiny demo load without serving.
    cartel("demo", "--no-serve", "--persons", "5", "--db", str(db), db=db)
    cartel("import", str(lists / "held.csv"), "--party", "B", "--kind", "registry", db=db)
    stats = json.loads(cartel("stats", "--json", db=db).stdout)
    assert stats["tables"]["registry.sourcelist"]["count"] >= 1
    token = cartel("token", "a-operator", db=db).stdout.strip()
    assert token.startswith("ct_") and len(token) > 30

    archive = workdir / "backup.tar"
    cartel("backup", str(archive), db=db)
    cartel("import", str(lists / "more.csv"), "--party", "A", "--kind", "requests", db=db)
    changed = json.loads(cartel("stats", "--json", db=db).stdout)
    assert changed != stats
    cartel("restore", str(archive), db=db)
    restored = json.loads(cartel("stats", "--json", db=db).stdout)
    assert restored["tables"]["registry.sourcerecord"] == stats["tables"]["registry.sourcerecord"]
    assert "intact" in cartel("audit", "verify", db=db).stdout

    bad = cartel("import", str(lists / "held.csv"), "--party", "Z", "--kind", "registry", db=db, check=False)
    assert bad.returncode == 2 and "No party with code Z" in bad.stderr


def test_demo_stopped_by_sigterm_stops_its_worker_too(workdir):
    """A service manager stops `cartel demo` with SIGTERM: the worker it started must not be left running."""
    import contextlib
    import signal
    import socket
    import time

    db = workdir / "serve.sqlite3"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, CARTEL_DB=str(db), CARTEL_DATA_DIR=str(workdir))
    demo = subprocess.Popen([sys.executable, "-m", "cartel.cli", "demo", "--persons", "5", "--db", str(db),
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip

    def children() -> list[int]:
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == demo.pid:
                found.append(int(stat.parent.name))
        return found

    workers: list[int] = []
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and demo.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        workers = children()
        assert workers, "the demo started no worker"
        demo.send_signal(signal.SIGTERM)
        demo.wait(timeout=30)
        time.sleep(1)
        assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()
                    and "Z" not in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]]  # fmt: skip
    finally:
        if demo.poll() is None:
            demo.kill()
        for pid in workers:  # never leave one behind, even when the test fails
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
