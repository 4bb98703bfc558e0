"""The planner writes nothing of its own to the terminal: HiGHS's banner and log stay off (DESIGN.md, `cartel plan`).

HiGHS prints its banner from C++, once per process, at the first solver it builds. So each check runs in a fresh
Python process that writes to this test's own file descriptors, and capfd reads what reached them.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from planning_pools import random_pool

_SOLVE = """
import json, sys
from cartel.engine.planning import {solver}, load_pool, plan
result = plan(load_pool(json.load(open(sys.argv[1], encoding="utf-8"))), solver={solver}())
assert result.selected and result.optimal, result
"""


def _pool(tmp_path: Path, seed: int) -> Path:
    path = tmp_path / "pool.json"
    path.write_text(json.dumps(random_pool(random.Random(seed), 60)), encoding="utf-8")
    return path


@pytest.mark.parametrize("solver", ["HighsSolver", "BinaryHighsSolver"])
def test_solving_writes_nothing_to_stdout_or_stderr(
    solver: str, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    pool = _pool(tmp_path, 7)
    capfd.readouterr()
    done = subprocess.run(
        [sys.executable, "-c", _SOLVE.format(solver=solver), str(pool)], timeout=120, check=False
    )
    out, err = capfd.readouterr()
    assert done.returncode == 0, err
    assert (out, err) == ("", "")


def test_cartel_plan_prints_only_its_summary_line(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    pool, out_path = _pool(tmp_path, 11), tmp_path / "plan.json"
    capfd.readouterr()
    done = subprocess.run(
        [sys.executable, "-m", "cartel.cli", "plan", str(pool), "--out", str(out_path)],
        timeout=120,
        check=False,
    )
    out, err = capfd.readouterr()
    assert done.returncode == 0, err
    written = json.loads(out_path.read_text(encoding="utf-8"))
    assert out.splitlines() == [
        f"selected {len(written['selected'])}, excluded {len(written['excluded'])}, "
        f"objective {written['objective']}, optimal → {out_path}"
    ]
    assert err == ""
