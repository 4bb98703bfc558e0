"""Run linkage with Splink: train (or reuse) the model, score blocked pairs, assign, explain.

The only place that talks to DuckDB, Spark and Splink (besides `model.to_splink`, which builds the settings).
`link` matches two lists (each holding a person at most once), `dedupe` finds the records of one list that
name the same person, `train_params` trains a model without labels.
"""

from cartel.engine.linkage.run._backend import Engine, ProgressCallback
from cartel.engine.linkage.run._link import DedupeResult, LinkResult, dedupe, link, link_features
from cartel.engine.linkage.run._train import default_params, train_params

__all__ = [
    "DedupeResult",
    "Engine",
    "LinkResult",
    "ProgressCallback",
    "dedupe",
    "default_params",
    "link",
    "link_features",
    "train_params",
]
