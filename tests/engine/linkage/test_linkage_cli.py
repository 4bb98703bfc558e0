"""`cartel link` and `cartel dedupe` on real files: formats, encodings, header languages, output, errors."""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import pytest
from linkage_fixtures import holdout_pair

from cartel.engine.linkage.cli import PAIR_COLUMNS, dedupe_file, explanation_columns, link_files
from cartel.synth.lists import make_list_pair
from cartel.synth.noise import CLEAN
from cartel.synth.writers import write_csv, write_xlsx


def _link_args(left: Path, right: Path, out: Path, **extra: object) -> argparse.Namespace:
    values = {"threshold": 0.5, "engine": "duckdb", "explain": False} | extra
    return argparse.Namespace(left=str(left), right=str(right), out=str(out), **values)


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A registry as Russian-headed UTF-8 CSV and the requests as Ukrainian-headed cp1251 TSV and as XLSX."""
    pair = holdout_pair(1500, 5)
    folder = tmp_path_factory.mktemp("lists")
    registry = write_csv(pair.registry.rows, folder / "registry.csv", columns=pair.registry.columns,
                         header_language="ru")  # fmt: skip
    requests = write_csv(pair.requests.rows, folder / "requests.tsv", columns=pair.requests.columns,
                         header_language="uk", encoding="utf-16", delimiter="\t")  # fmt: skip
    xlsx = write_xlsx(pair.requests.rows, folder / "requests.xlsx", columns=pair.requests.columns)
    return {"registry": registry, "requests": requests, "xlsx": xlsx, "cache": folder / "cache"}


def test_link_writes_pairs_with_exact_columns(
    files: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """PAIRS.csv has left_id,right_id,match_probability; the summary line goes to stderr."""
    monkeypatch.setenv("CARTEL_LINKAGE_CACHE", str(files["cache"]))
    out = tmp_path / "pairs.csv"
    assert link_files(_link_args(files["registry"], files["requests"], out)) == 0
    columns, rows = _read(out)
    assert columns == list(PAIR_COLUMNS)
    pair = holdout_pair(1500, 5)
    assert len(rows) > 0.9 * len(pair.true_pairs())
    assert all(0.5 <= float(r["match_probability"]) <= 1 for r in rows)
    assert all(r["left_id"] in pair.registry.truth and r["right_id"] in pair.requests.truth for r in rows)
    err = capsys.readouterr().err
    assert "linked 1,500 × 1,050 records" in err and str(out) in err


def test_link_reads_xlsx_and_explains(
    files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An XLSX list links too; --explain adds the match weight and per-field values, levels and weights."""
    monkeypatch.setenv("CARTEL_LINKAGE_CACHE", str(files["cache"]))  # same lists: the model is reused
    out = tmp_path / "explained.csv"
    assert link_files(_link_args(files["registry"], files["xlsx"], out, explain=True, threshold=0.9)) == 0
    columns, rows = _read(out)
    assert columns == [*PAIR_COLUMNS, *explanation_columns()]
    first = rows[0]
    assert first["surname_level"] and first["birth_date_weight"]
    assert all(float(r["match_probability"]) >= 0.9 for r in rows)


def test_unreadable_files_get_a_clear_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A missing file, an empty file and a file without an id column each fail with exit status 2."""
    good = tmp_path / "good.csv"
    good.write_text("id,full_name\n1,Бойко Іван\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    no_id = tmp_path / "no_id.csv"
    no_id.write_text("name,born\nБойко Іван,1990\n", encoding="utf-8")
    for bad, words in ((tmp_path / "missing.csv", "cannot read"), (empty, "empty"), (no_id, "no id column")):
        assert link_files(_link_args(good, bad, tmp_path / "out.csv")) == 2
        err = capsys.readouterr().err
        assert err.startswith("cartel link:") and words in err and str(bad) in err
    assert link_files(_link_args(good, good, tmp_path / "out.csv", threshold=1.5)) == 2
    assert "--threshold" in capsys.readouterr().err


def test_dedupe_writes_clusters(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CLUSTERS.csv lists every record once with its cluster; entered-twice persons share one."""
    monkeypatch.setenv("CARTEL_LINKAGE_CACHE", str(tmp_path / "cache"))
    pair = make_list_pair(600, 60, seed=4, profile=CLEAN, duplicate_rate=0.05)
    path = write_csv(pair.registry.rows, tmp_path / "list.csv", columns=pair.registry.columns)
    out = tmp_path / "clusters.csv"
    assert dedupe_file(argparse.Namespace(list=str(path), out=str(out), threshold=0.9)) == 0
    columns, rows = _read(out)
    assert columns == ["id", "cluster_id"]
    assert [r["id"] for r in rows] == [row.id for row in pair.registry.rows]
    cluster = {r["id"]: r["cluster_id"] for r in rows}
    by_person: dict[str, set[str]] = {}
    for rid, pid in pair.registry.truth.items():
        by_person.setdefault(pid, set()).add(cluster[rid])
    assert all(len(c) == 1 for c in by_person.values())
    assert len(set(cluster.values())) == len(by_person)
