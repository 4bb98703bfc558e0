"""Per-pair explanations: for each comparison, the two values as written, the level reached and its weight.

Built from Splink's `gamma_*` (level) and `mw_*` (match weight, plus `mw_tf_adj_*`) columns, or from
`cartel.engine.linkage.scoring` evidence; a reviewer reads "surname: КОВАЛЕНКО / Kovalenko — same spelling, +5.2".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

import pyarrow as pa

from cartel.engine.linkage.model import FieldComparison, LinkageSpec

__all__ = ["EXPLANATION_TYPE", "explanations", "format_explanation", "level_of_gamma"]

EXPLANATION_TYPE: Final = pa.list_(
    pa.struct([
        ("field", pa.string()),
        ("left", pa.string()),
        ("right", pa.string()),
        ("level", pa.string()),
        ("weight", pa.float64()),
    ])
)  # fmt: skip


def level_of_gamma(comparison: FieldComparison, gamma: int) -> int:
    """Return the level index that Splink's comparison vector value `gamma` stands for."""
    scored = [i for i, level in enumerate(comparison.levels) if level.kind != "null"]
    if gamma < 0:
        return next((i for i, level in enumerate(comparison.levels) if level.kind == "null"), len(scored) - 1)
    return scored[len(scored) - 1 - gamma]


def _display(table: pa.Table) -> tuple[dict[str, int], dict[str, list[Any]]]:
    ids = table["id"].to_pylist()
    columns = {name: table[name].to_pylist() for name in table.column_names if name.startswith("d_")}
    return {rid: i for i, rid in enumerate(ids)}, columns


def explanations(
    spec: LinkageSpec,
    raw: pa.Table,
    rows: Sequence[int],
    swapped: Sequence[bool],
    left: pa.Table,
    right: pa.Table,
) -> pa.Array:
    """Return one explanation list per selected row of Splink's predictions (`rows`), values from the features."""
    left_index, left_display = _display(left)
    right_index, right_display = _display(right)
    ids_l, ids_r = raw["id_l"].to_pylist(), raw["id_r"].to_pylist()
    gammas = {c.name: raw[f"gamma_{c.name}"].to_pylist() for c in spec.comparisons}
    weights = {c.name: raw[f"mw_{c.name}"].to_pylist() for c in spec.comparisons}
    tf = {
        c.name: raw[f"mw_tf_adj_{c.name}"].to_pylist()
        for c in spec.comparisons
        if f"mw_tf_adj_{c.name}" in raw.column_names
    }
    out: list[list[dict[str, Any]]] = []
    for row in rows:
        lid, rid = (ids_r[row], ids_l[row]) if swapped[row] else (ids_l[row], ids_r[row])
        li, ri = left_index[lid], right_index[rid]
        items = []
        for comparison in spec.comparisons:
            column = f"d_{comparison.field}"
            level = comparison.levels[level_of_gamma(comparison, gammas[comparison.name][row])]
            weight = (weights[comparison.name][row] or 0.0) + (
                (tf[comparison.name][row] or 0.0) if comparison.name in tf else 0.0
            )
            items.append({
                "field": comparison.field,
                "left": left_display[column][li] if column in left_display else None,
                "right": right_display[column][ri] if column in right_display else None,
                "level": level.label,
                "weight": round(float(weight), 3),
            })  # fmt: skip
        out.append(items)
    return pa.array(out, type=EXPLANATION_TYPE)


def format_explanation(items: Sequence[Mapping[str, Any]]) -> str:
    """Return an explanation as one line of text: "surname: Коваленко / Kovalenko — same spelling (+5.2); …"."""
    parts = []
    for item in items:
        left, right = item.get("left") or "—", item.get("right") or "—"
        parts.append(f"{item['field']}: {left} / {right} — {item['level']} ({float(item['weight']):+.1f})")
    return "; ".join(parts)
