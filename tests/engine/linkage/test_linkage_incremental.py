"""Single inquiries against an existing set: the right person comes first, with evidence, and quickly."""

from __future__ import annotations

import collections
import time

import pytest
from linkage_fixtures import holdout_pair, rows_of

from cartel.engine.linkage import CandidateIndex, build_features, default_params, record_features, score_pair


@pytest.fixture(scope="module")
def index() -> CandidateIndex:
    """The 1,500-record holdout registry, indexed with the shipped parameters."""
    return CandidateIndex(build_features(rows_of(holdout_pair(1500, 5).registry)), default_params())


def test_each_registered_request_finds_its_record_first(index: CandidateIndex) -> None:
    """Most requests about registered persons put the right record at the top."""
    pair = holdout_pair(1500, 5)
    registered = {pid: rid for rid, pid in pair.registry.truth.items()}
    asked = [(row, registered[pair.requests.truth[row.id]]) for row in pair.requests.rows
             if pair.requests.truth[row.id] in registered][:200]  # fmt: skip
    hits = 0
    for row, expected in asked:
        matches = index.lookup(row._asdict())
        hits += bool(matches) and matches[0].id == expected
    assert hits / len(asked) > 0.9


def test_cyrillic_inquiry_finds_latin_spelling() -> None:
    """An inquiry in Ukrainian finds the record written in Latin letters, and explains why."""
    records = [
        {
            "id": "R1",
            "full_name": "KOVALENKO Oleksandr Petrovych",
            "birth_date": "1990-03-12",
            "unit": "A1234",
        },
        {"id": "R2", "full_name": "Kovalenko Oleh Ivanovych", "birth_date": "1975-06-01"},
        {"id": "R3", "full_name": "Shevchenko Taras", "birth_date": "1984-03-09"},
    ]
    index = CandidateIndex(build_features(records), default_params())
    matches = index.lookup(
        {"id": "Q", "full_name": "Коваленко Олександр Петрович", "birth_date": "12.03.1990"}
    )
    assert [m.id for m in matches][:1] == ["R1"]
    assert matches[0].match_probability > 0.9
    labels = {e.comparison: e.label for e in matches[0].evidence}
    assert labels["surname"] == "same spelling" and labels["dob"] == "same date"
    assert index.display("R1")["d_unit"] == "A1234"


def test_probabilities_weigh_rival_candidates(index: CandidateIndex) -> None:
    """Two candidates never add up to more than certainty."""
    pair = holdout_pair(1500, 5)
    for row in pair.requests.rows[:100]:
        matches = index.lookup(row._asdict(), threshold=0.0, limit=50)
        assert sum(m.match_probability for m in matches) <= 1.0 + 1e-9


def test_weights_match_the_pairwise_scorer(index: CandidateIndex) -> None:
    """The index scores with the same weights as `score_pair`, term frequencies taken from the indexed set."""
    table = build_features(rows_of(holdout_pair(1500, 5).registry))
    existing = {r["id"]: r for r in table.to_pylist()}
    tf: dict[str, dict[object, float]] = {}
    for column in {lv.column for c in index.spec.comparisons for lv in c.levels if lv.tf}:
        counts = collections.Counter(v for v in table[column].to_pylist() if v is not None)
        tf[column] = {value: n / sum(counts.values()) for value, n in counts.items()}
    row = holdout_pair(1500, 5).requests.rows[0]._asdict()
    matches = index.lookup(row, threshold=0.0, limit=5)
    assert matches
    for match in matches:
        score = score_pair(index.spec, index.params, existing[match.id], record_features(row), tf)
        assert score.match_weight == pytest.approx(match.match_weight)


def test_extend_adds_records_without_changing_the_index(index: CandidateIndex) -> None:
    """A new record can be found after extending; the original index is unchanged."""
    new = {"id": "NEW-1", "full_name": "Ярошенко Мирослав Богданович", "birth_date": "02.02.2002"}
    bigger = index.extend([new])
    query = {"id": "Q", "full_name": "Iaroshenko Myroslav", "birth_date": "2002-02-02"}
    assert [m.id for m in bigger.lookup(query)][:1] == ["NEW-1"]
    assert all(m.id != "NEW-1" for m in index.lookup(query))
    assert len(bigger) == len(index) + 1


def test_lookup_is_fast(index: CandidateIndex) -> None:
    """An inquiry takes milliseconds (the 1M-record figure is in bench/lookup.py)."""
    rows = [r._asdict() for r in holdout_pair(1500, 5).requests.rows[:200]]
    start = time.perf_counter()
    for row in rows:
        index.lookup(row)
    assert (time.perf_counter() - start) / len(rows) < 0.05
