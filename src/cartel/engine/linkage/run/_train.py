"""Training without labels, the shipped and cached parameters, and re-estimating the prior from the scores."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import logging
import math
import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, Final

import pyarrow as pa

from cartel.engine.linkage.assign import refine_prior, reweight
from cartel.engine.linkage.features import FEATURE_COLUMNS
from cartel.engine.linkage.model import (
    LINK_SPEC,
    LinkageSpec,
    block_sql,
    to_splink,
)
from cartel.engine.linkage.params import ModelParams, params_from_splink, prior_params
from cartel.engine.linkage.run._backend import Engine, make_linker, open_backend, pair_count

__all__ = ["default_params", "params_for", "refined", "save_params", "train_params"]

_TRAINING_VERSION: Final = "1"


_MIN_TRAIN_RECORDS: Final = 1000  # below this, trained weights are noise: use the shipped defaults


_U_MAX_PAIRS: Final = 1.2e6


_EM_MAX_PAIRS: Final = 1.5e6


def default_params(spec: LinkageSpec = LINK_SPEC) -> ModelParams:
    """Return the shipped parameters, trained on synthetic tuning lists (used for small inputs)."""
    resource = resources.files("cartel.engine.linkage").joinpath("default_params.json")
    if resource.is_file():
        params = ModelParams.from_json(resource.read_text(encoding="utf-8"), source="default")
        if params.fits(spec):
            return params
    return prior_params(spec)


def _default_cache_dir() -> Path:
    configured = os.environ.get("CARTEL_LINKAGE_CACHE")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("cartel")) / "linkage"


def _fingerprint(spec: LinkageSpec, tables: Sequence[pa.Table]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(f"{_TRAINING_VERSION}:{spec.link_type}:{spec.fingerprint()}".encode())
    for table in tables:
        sink = pa.BufferOutputStream()
        narrow = table.select(list(FEATURE_COLUMNS))
        with pa.ipc.new_stream(sink, narrow.schema) as writer:
            writer.write_table(narrow)
        digest.update(sink.getvalue())
    return digest.hexdigest()


def _prior_from_sizes(spec: LinkageSpec, tables: Sequence[pa.Table]) -> float:
    expected = (
        0.5 * min(t.num_rows for t in tables) if spec.link_type == "link_only" else 0.05 * tables[0].num_rows
    )
    return float(min(0.5, max(expected, 1.0) / max(pair_count(spec, tables), 1.0)))


def train_params(
    spec: LinkageSpec, tables: Sequence[pa.Table], *, engine: Engine = "duckdb", seed: int = 42
) -> ModelParams:
    """Train m/u and the prior without labels: deterministic rules, u by random sampling, then EM per block."""
    fallback = default_params(spec)
    with open_backend(engine) as backend:
        linker = make_linker(backend, spec, tables, to_splink(spec, fallback))
        training = linker.training
        training.estimate_probability_two_random_records_match(
            [block_sql(b) for b in spec.deterministic], recall=spec.deterministic_recall
        )
        small = min(t.num_rows for t in tables) < _MIN_TRAIN_RECORDS
        if not small:
            training.estimate_u_using_random_sampling(max_pairs=_U_MAX_PAIRS, seed=seed)
            for block in spec.training_blocks:
                before = copy.deepcopy(linker.misc.save_model_to_json())
                try:
                    training.estimate_parameters_using_expectation_maximisation(
                        block_sql(block), estimate_without_term_frequencies=True, max_pairs=_EM_MAX_PAIRS
                    )
                except Exception as exc:  # EM degenerates on some data (e.g. only exact duplicates)
                    logging.getLogger(__name__).warning(
                        "EM on %s failed (%s); estimates kept", block.name, exc
                    )
                    return _finish(spec, tables, before, fallback, small=False)
        settings = linker.misc.save_model_to_json()
    return _finish(spec, tables, settings, fallback, small=small)


def _finish(
    spec: LinkageSpec,
    tables: Sequence[pa.Table],
    settings: dict[str, Any],
    fallback: ModelParams,
    *,
    small: bool,
) -> ModelParams:
    """Turn Splink's trained settings into parameters, with a sane prior and defaults where training was thin."""
    trained = params_from_splink(spec, settings, fallback=fallback)
    prior = trained.lambda_
    if not (0 < prior < 1) or math.isnan(prior):
        prior = _prior_from_sizes(spec, tables)
    if small:
        return ModelParams(
            spec_fingerprint=fallback.spec_fingerprint,
            lambda_=prior,
            levels=fallback.levels,
            source="default",
        )
    return ModelParams(spec_fingerprint=trained.spec_fingerprint, lambda_=prior, levels=trained.levels)


def params_for(
    spec: LinkageSpec, tables: Sequence[pa.Table], engine: Engine, cache_dir: Path | None, use_cache: bool
) -> tuple[ModelParams, Path | None]:
    """Return cached parameters for these exact inputs, or freshly trained ones and where to cache them."""
    if not use_cache:
        return train_params(spec, tables, engine=engine), None
    path = (cache_dir or _default_cache_dir()) / f"{_fingerprint(spec, tables)}.json"
    if path.exists():
        try:
            cached = ModelParams.load(path, source="cache")
        except (OSError, ValueError, KeyError):
            cached = None
        if cached is not None and cached.fits(spec):
            return cached, None
    return train_params(spec, tables, engine=engine), path


def save_params(params: ModelParams, path: Path | None) -> None:
    """Write trained parameters to the cache, if there is one; a read-only cache only logs a warning."""
    if path is None:
        return
    try:
        params.save(path)
    except OSError:
        logging.getLogger(__name__).warning("could not write the model cache %s", path)


def refined(
    params: ModelParams, pairs: pa.Table, *, n_pairs: float, max_matches: float
) -> tuple[ModelParams, pa.Table]:
    """Re-estimate the prior from the scores themselves (once per dataset) and rescore the pairs."""
    if params.source == "cache":  # already refined on these very lists
        return params, pairs
    prior = refine_prior(
        pairs["match_weight"], prior=params.lambda_, n_pairs=n_pairs, max_matches=max_matches
    )
    notes = {**params.notes, "prior_refined": True, "prior_before_refining": params.lambda_}
    refined = dataclasses.replace(params, lambda_=prior, notes=notes)
    return refined, reweight(pairs, old_prior=params.lambda_, new_prior=prior)
