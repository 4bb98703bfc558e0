"""Trained parameters of a linkage model: the prior share of matches and m/u per comparison level.

`ModelParams` is plain data, saved as JSON so that a re-run on the same lists skips training and so that
`cartel.engine.linkage.scoring` can score pairs without a database.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cartel.engine.linkage.model import LinkageSpec

__all__ = ["ModelParams", "params_from_splink", "prior_params"]

_FLOOR = 1e-6  # keeps log-weights finite when a level was never seen in training
# Clerks err: no level is ever taken as impossible for a true match (caps a disagreement at about -9 bits).
_M_FLOOR = 0.005


@dataclass(frozen=True, slots=True, kw_only=True)
class ModelParams:
    """The prior match share and, per comparison, one (m, u) pair per level (None for "missing" levels)."""

    spec_fingerprint: str
    lambda_: float
    levels: dict[str, tuple[tuple[float, float] | None, ...]]
    source: str = "trained"  # "trained", "cache" or "default"
    notes: dict[str, Any] = field(default_factory=dict)

    def m_u(self, comparison: str, level: int) -> tuple[float, float]:
        """Return (m, u) of one level, floored so that weights stay finite."""
        pair = self.levels[comparison][level]
        if pair is None:
            return (1.0, 1.0)
        m, u = pair
        return (max(m, _FLOOR), max(u, _FLOOR))

    def weight(self, comparison: str, level: int) -> float:
        """Return the match weight (log2 of m/u) of one level; 0 for a "missing" level."""
        if self.levels[comparison][level] is None:
            return 0.0
        m, u = self.m_u(comparison, level)
        return math.log2(m / u)

    def prior_weight(self) -> float:
        """Return log2 of the prior odds that two random records match."""
        return math.log2(self.lambda_ / (1.0 - self.lambda_))

    def to_json(self) -> str:
        """Return the parameters as a JSON document."""
        return json.dumps(
            {
                "spec_fingerprint": self.spec_fingerprint,
                "lambda": self.lambda_,
                "levels": {k: [list(p) if p else None for p in v] for k, v in self.levels.items()},
                "source": self.source,
                "notes": self.notes,
            },
            indent=1,
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, text: str, *, source: str | None = None) -> ModelParams:
        """Read parameters written by `to_json`."""
        data = json.loads(text)
        return cls(
            spec_fingerprint=data["spec_fingerprint"],
            lambda_=float(data["lambda"]),
            levels={
                k: tuple((float(p[0]), float(p[1])) if p else None for p in v)
                for k, v in data["levels"].items()
            },
            source=source or data.get("source", "trained"),
            notes=data.get("notes", {}),
        )

    def save(self, path: Path) -> None:
        """Write the parameters to `path` atomically."""
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(self.to_json(), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path, *, source: str | None = None) -> ModelParams:
        """Read parameters from `path`."""
        return cls.from_json(path.read_text(encoding="utf-8"), source=source)

    def fits(self, spec: LinkageSpec) -> bool:
        """Return whether these parameters were trained for the structure of `spec`."""
        if self.spec_fingerprint != spec.fingerprint():
            return False
        return all(len(self.levels.get(c.name, ())) == len(c.levels) for c in spec.comparisons)


def params_from_splink(
    spec: LinkageSpec, settings: dict[str, Any], *, fallback: ModelParams | None
) -> ModelParams:
    """Read trained m/u from a Splink settings dict, keeping `fallback` values for levels training left empty."""
    by_name = {c["output_column_name"]: c for c in settings["comparisons"]}
    levels: dict[str, tuple[tuple[float, float] | None, ...]] = {}
    for comparison in spec.comparisons:
        splink_levels = by_name[comparison.name]["comparison_levels"]
        out: list[tuple[float, float] | None] = []
        for i, (level, raw) in enumerate(zip(comparison.levels, splink_levels, strict=True)):
            if level.kind == "null":
                out.append(None)
                continue
            m, u = raw.get("m_probability"), raw.get("u_probability")
            if (m is None or u is None) and fallback is not None:
                fm, fu = fallback.m_u(comparison.name, i)
                m = fm if m is None else m
                u = fu if u is None else u
            m_value = max(float(m if m is not None else 0.5), _M_FLOOR)
            out.append((m_value, float(u if u is not None else 0.5)))
        levels[comparison.name] = tuple(out)
    return ModelParams(
        spec_fingerprint=spec.fingerprint(),
        lambda_=float(settings["probability_two_random_records_match"]),
        levels=levels,
    )


def prior_params(spec: LinkageSpec, *, lambda_: float = 1e-4) -> ModelParams:
    """Return rough hand-set parameters (agreement likely for matches, rare for non-matches) to start from."""
    levels: dict[str, tuple[tuple[float, float] | None, ...]] = {}
    for comparison in spec.comparisons:
        n = (
            sum(1 for level in comparison.levels if level.kind != "null") - 1
        )  # agreeing levels, before "else"
        shares = [0.35**i for i in range(n)]
        m = [0.98 * x / sum(shares) for x in shares] + [0.02]
        u = [0.002 * 3**i for i in range(n)]
        scale = min(1.0, 0.5 / sum(u)) if u else 1.0
        u = [x * scale for x in u]
        u.append(1.0 - sum(u))
        pairs = iter(zip(m, u, strict=True))
        levels[comparison.name] = tuple(
            None if lv.kind == "null" else next(pairs) for lv in comparison.levels
        )
    return ModelParams(spec_fingerprint=spec.fingerprint(), lambda_=lambda_, levels=levels, source="prior")
