"""Record linkage of person lists across Ukrainian, Russian and Latin spellings (Splink 5 on DuckDB or Spark).

`link` matches two lists, `dedupe` finds duplicates within one, `CandidateIndex` answers single inquiries
against an existing set in milliseconds. The model (`LINK_SPEC`) is plain data; only `run` talks to Splink.
See docs/linkage.md for the comparisons, blocking rules, training and measured accuracy.
"""

from cartel.engine.linkage.explain import format_explanation
from cartel.engine.linkage.features import FEATURE_COLUMNS, build_features, record_features
from cartel.engine.linkage.incremental import CandidateIndex, Match
from cartel.engine.linkage.model import (
    DEDUPE_SPEC,
    LINK_SPEC,
    Block,
    FieldComparison,
    Level,
    LinkageSpec,
    to_splink,
)
from cartel.engine.linkage.params import ModelParams
from cartel.engine.linkage.run import (
    DedupeResult,
    LinkResult,
    dedupe,
    default_params,
    link,
    link_features,
    train_params,
)
from cartel.engine.linkage.scoring import Evidence, PairScore, score_pair

__all__ = [
    "DEDUPE_SPEC",
    "FEATURE_COLUMNS",
    "LINK_SPEC",
    "Block",
    "CandidateIndex",
    "DedupeResult",
    "Evidence",
    "FieldComparison",
    "Level",
    "LinkResult",
    "LinkageSpec",
    "Match",
    "ModelParams",
    "PairScore",
    "build_features",
    "dedupe",
    "default_params",
    "format_explanation",
    "link",
    "link_features",
    "record_features",
    "score_pair",
    "to_splink",
    "train_params",
]
