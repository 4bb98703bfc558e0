"""Match new records against an existing set without re-running the whole linkage.

`CandidateIndex` keeps the existing records' features in memory with one sorted hash array per blocking rule;
an inquiry gathers the records that share a blocking key with it and scores them with the trained m/u
weights (`cartel.engine.linkage.scoring`), in milliseconds even over a million persons. Each probability weighs
the candidate against the other candidates and against the chance that the person is not indexed at all. For a whole new list,
call `cartel.engine.linkage.run.link_features` with the trained parameters: no retraining happens then.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from cartel.engine.linkage.features import FEATURE_COLUMNS, RecordLike, build_features, record_features
from cartel.engine.linkage.model import LINK_SPEC, Block, LinkageSpec
from cartel.engine.linkage.params import ModelParams
from cartel.engine.linkage.scoring import Evidence, score_pair

__all__ = ["CandidateIndex", "Match"]

_MAX_OPTIONAL_HITS = 300  # an optional (broad) block whose key matches more existing records is skipped


@dataclass(frozen=True, slots=True, kw_only=True)
class Match:
    """One existing record that may be the person asked about, with the evidence for it."""

    id: str
    match_probability: float
    match_weight: float
    evidence: tuple[Evidence, ...]


def _key_columns(columns: Mapping[str, list[Any]], block: Block, *, query_side: bool) -> list[list[Any]]:
    out = []
    for term in block.terms:
        values = columns[term.left if query_side else term.right_column]
        out.append([v[: term.prefix] if v else None for v in values] if term.prefix else values)
    return out


def _hashes(parts: list[list[Any]]) -> npt.NDArray[np.int64]:
    """Return one hash per row of the key tuple; rows with a missing part get no key (marked by a mask)."""
    return np.fromiter((hash(t) for t in zip(*parts, strict=True)), dtype=np.int64, count=len(parts[0]))


def _key_of(record: Mapping[str, Any], block: Block, *, query_side: bool) -> int | None:
    parts = []
    for term in block.terms:
        value = record.get(term.left if query_side else term.right_column)
        if value is None or value == "":
            return None
        parts.append(value[: term.prefix] if term.prefix else value)
    return hash(tuple(parts))


class CandidateIndex:
    """Existing records, indexed by every blocking key of the model, for one-record-at-a-time matching."""

    def __init__(
        self,
        features: pa.Table,
        params: ModelParams,
        *,
        spec: LinkageSpec = LINK_SPEC,
        prior_share: float = 0.5,
    ) -> None:
        """Index `features` (from `build_features`); `prior_share` is the chance an inquiry's person is in it."""
        if not params.fits(spec):
            raise ValueError("the parameters were trained for another model structure")
        self.spec = spec
        self.prior_share = prior_share
        # An inquiry names one person: before any evidence, each indexed record is equally likely to be them.
        prior = min(max(prior_share / max(features.num_rows, 1), 1e-12), 0.5)
        self.params = dataclasses.replace(params, lambda_=prior)
        # Columns stay in Arrow form (compact); a candidate's values are read one by one when it is scored.
        self._table = features
        self._features = features.select(list(FEATURE_COLUMNS)).combine_chunks()
        self._arrays = {name: self._features[name].combine_chunks() for name in FEATURE_COLUMNS}
        self._n: int = features.num_rows
        self._blocks = spec.blocks + spec.optional_blocks
        self._optional = len(spec.blocks)  # blocks from this index on are skipped when a key is too common
        self._sorted: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]] = []
        for block in self._blocks:
            needed = {t.right_column for t in block.terms}
            parts = _key_columns({n: self._arrays[n].to_pylist() for n in needed}, block, query_side=False)
            valid = np.fromiter((all(v is not None for v in row) for row in zip(*parts, strict=True)), dtype=bool,
                                count=self._n)  # fmt: skip
            hashes = _hashes(parts)
            rows = np.flatnonzero(valid)
            order = np.argsort(hashes[rows], kind="stable")
            self._sorted.append((hashes[rows][order], rows[order]))
        self._tf = self._term_frequencies()
        self._position: dict[str, int] | None = None

    @classmethod
    def from_records(
        cls, records: Iterable[RecordLike], params: ModelParams, *, spec: LinkageSpec = LINK_SPEC
    ) -> CandidateIndex:
        """Build an index over raw list records."""
        return cls(build_features(records), params, spec=spec)

    @property
    def ids(self) -> list[str]:
        """Return the ids of the indexed records, in index order."""
        return [str(v) for v in self._arrays["id"].to_pylist()]

    def __len__(self) -> int:
        return self._n

    def _term_frequencies(self) -> dict[str, dict[Any, float]]:
        tf: dict[str, dict[Any, float]] = {}
        for comparison in self.spec.comparisons:
            for level in comparison.levels:
                if level.tf and level.column not in tf:
                    counts = pc.value_counts(self._arrays[level.column].drop_null()).to_pylist()
                    total = sum(c["counts"] for c in counts) or 1
                    tf[level.column] = {c["values"]: c["counts"] / total for c in counts}
        return tf

    def candidates(self, query: Mapping[str, Any]) -> list[int]:
        """Return the row numbers of existing records sharing at least one blocking key with `query`."""
        found: set[int] = set()
        for i, (block, (hashes, rows)) in enumerate(zip(self._blocks, self._sorted, strict=True)):
            key = _key_of(query, block, query_side=True)
            if key is None:
                continue
            lo = int(np.searchsorted(hashes, key, side="left"))
            hi = int(np.searchsorted(hashes, key, side="right"))
            if hi > lo and (i < self._optional or hi - lo <= _MAX_OPTIONAL_HITS):
                found.update(rows[lo:hi].tolist())
        return sorted(found)

    def lookup(self, record: RecordLike, *, threshold: float = 0.5, limit: int = 10) -> list[Match]:
        """Return existing records that may be the person in `record`, most likely first."""
        query = record_features(record)
        return self.lookup_features(query, threshold=threshold, limit=limit)

    def lookup_features(
        self, query: Mapping[str, Any], *, threshold: float = 0.5, limit: int = 10
    ) -> list[Match]:
        """Like `lookup`, for a record already turned into features."""
        rows = self.candidates(query)
        if not rows:
            return []
        existing = self._features.take(pa.array(rows, type=pa.int64())).to_pylist()
        scored = [(e["id"], score_pair(self.spec, self.params, e, query, self._tf)) for e in existing]
        # The person asked about is one of the candidates, or not indexed at all (chance 1 − prior_share):
        shares = [(rid, s, math.pow(2.0, min(s.match_weight, 200.0))) for rid, s in scored]
        total = (1.0 - min(self.prior_share, 0.95)) + sum(share for _, _, share in shares)
        matches = [
            Match(id=rid, match_probability=share / total, match_weight=s.match_weight, evidence=s.evidence)
            for rid, s, share in shares
            if share / total >= threshold
        ]
        matches.sort(key=lambda m: (-m.match_weight, m.id))
        return matches[:limit]

    def display(self, record_id: str) -> dict[str, Any]:
        """Return the display values (`d_*` columns) of an existing record, for explanations."""
        if self._position is None:
            self._position = {rid: i for i, rid in enumerate(self.ids)}
        row = self._table.slice(self._position[record_id], 1).to_pylist()[0]
        return {name: value for name, value in row.items() if name.startswith("d_")}

    def extend(self, records: Sequence[RecordLike]) -> CandidateIndex:
        """Return a new index over the existing records plus `records` (the index itself never changes)."""
        added = build_features(records).select(self._table.column_names)
        merged = pa.concat_tables([self._table, added.cast(self._table.schema)])
        return CandidateIndex(merged, self.params, spec=self.spec, prior_share=self.prior_share)
