"""Blocking fits the run: rules that would make too many pairs for the size of the lists are refined."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from linkage_fixtures import holdout_pair, prf, rows_of, truth_pairs

from cartel.engine.linkage import LINK_SPEC, build_features, link_features
from cartel.engine.linkage.model import Block, Term, to_splink
from cartel.engine.linkage.run._backend import _affordable, _block_count, make_linker, open_backend
from cartel.engine.linkage.run._train import default_params


def test_a_block_is_refined_term_by_term_until_it_fits() -> None:
    block = Block(name="b", terms=(Term(left="dob"),), refine=(Term(left="given_initial"), Term(left="sex")))
    once = block.refined()
    assert [t.left for t in once.terms] == ["dob", "given_initial"] and once.refine == (Term(left="sex"),)
    assert once.refined().refined() == once.refined()  # nothing left to add


def test_heavy_blocks_are_refined_only_when_the_lists_are_too_big_for_them(tmp_path: Path) -> None:
    pair = holdout_pair(900, 3)
    left, right = build_features(rows_of(pair.registry)), build_features(rows_of(pair.requests))
    tight = dataclasses.replace(LINK_SPEC, block_pairs_per_record=0.05)
    with open_backend("duckdb") as backend:
        make_linker(backend, LINK_SPEC, (left, right), to_splink(LINK_SPEC, default_params(LINK_SPEC)))
        physical = [f.physical_name for f in backend.frames]
        roomy = _affordable(backend, LINK_SPEC).blocks[: len(LINK_SPEC.blocks)]
        fitted = _affordable(backend, tight).blocks[: len(LINK_SPEC.blocks)]
        assert roomy == LINK_SPEC.blocks  # small lists: every rule as written
        refined = [(a, b) for a, b in zip(LINK_SPEC.blocks, fitted, strict=True) if a != b]
        assert refined and all(a.refine for a, _ in refined)
        for before, after in refined:
            assert after.terms[: len(before.terms)] == before.terms
            assert _block_count(backend, tight, after, physical) < _block_count(
                backend, tight, before, physical
            )
    plain = link_features(left, right, cache_dir=tmp_path)
    lean = link_features(left, right, cache_dir=tmp_path, spec=tight)
    truth = truth_pairs(pair.registry, pair.requests)
    for result in (plain, lean):
        found = zip(result.pairs["left_id"].to_pylist(), result.pairs["right_id"].to_pylist(), strict=True)
        precision, recall, _ = prf(found, truth)
        assert precision > 0.95 and recall > 0.85
