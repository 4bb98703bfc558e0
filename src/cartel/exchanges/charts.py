"""Geometry of the ledger chart: cumulative exchanged per side over time, drawn as server-side SVG steps."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cartel.engine.ledger import SeriesPoint

LABEL_GAP = 14  # px between the end labels of lines that finish at (nearly) the same height


@dataclass(frozen=True, slots=True, kw_only=True)
class SideLine:
    side: str
    points: str  # SVG polyline points
    last_x: float
    last_y: float
    label_y: float  # where the "side: total" label sits, clear of the labels of the lines drawn before
    total: int
    tone: int


@dataclass(frozen=True, slots=True, kw_only=True)
class LedgerChart:
    lines: tuple[SideLine, ...]
    width: int
    height: int
    top: int
    first_day: str
    last_day: str
    ticks: tuple[tuple[float, int], ...]  # (y, value)


def ledger_chart(series: Sequence[SeriesPoint], *, width: int = 640, height: int = 220) -> LedgerChart | None:
    """Step lines per side through the cumulative totals; None when nothing was exchanged yet."""
    if not series:
        return None
    days = sorted({p.on for p in series})
    sides = list(dict.fromkeys(p.side for p in series))
    top = max(p.total for p in series) or 1
    pad_left, pad, plot_w, plot_h = 48, 10, width - 58, height - 20
    span = max((days[-1] - days[0]).days, 1)

    def x(day_index: int) -> float:
        return (
            round(pad_left + plot_w * (days[day_index] - days[0]).days / span, 1)
            if len(days) > 1
            else pad_left
        )

    def y(value: int) -> float:
        return round(pad + plot_h * (1 - value / top), 1)

    lines: list[SideLine] = []
    for tone, side in enumerate(sides):
        totals = {p.on: p.total for p in series if p.side == side}
        coords: list[tuple[float, float]] = [(pad_left, y(0))]
        for i, day in enumerate(days):
            value = totals.get(day, 0)
            coords.append((x(i), coords[-1][1]))
            coords.append((x(i), y(value)))
        coords.append((pad_left + plot_w, coords[-1][1]))
        points = " ".join(f"{a},{b}" for a, b in coords)
        label_y = coords[-1][1]
        while any(abs(label_y - line.label_y) < LABEL_GAP for line in lines):
            label_y += LABEL_GAP
        lines.append(SideLine(side=side, points=points, last_x=coords[-1][0], last_y=coords[-1][1],
                              label_y=label_y, total=totals.get(days[-1], 0), tone=tone % 8))  # fmt: skip
    ticks = tuple((y(v), v) for v in sorted({0, top // 2, top}))
    return LedgerChart(lines=tuple(lines), width=width, height=height, top=top, first_day=days[0].isoformat(),
                       last_day=days[-1].isoformat(), ticks=ticks)  # fmt: skip
