"""Server-rendered SVG charts (bar, donut, line): geometry here, markup in `web/charts/*.html`.

No script and no inline style: colours come from CSS classes (`tone-0` … `tone-7`) in the site's stylesheet,
so the charts work under the strict Content-Security-Policy and without any network.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

TONES = 8


@dataclass(frozen=True, slots=True, kw_only=True)
class Bar:
    """One horizontal bar: its label, value, vertical position and length."""

    label: Any
    value: int
    y: float
    length: float
    tone: int


@dataclass(frozen=True, slots=True, kw_only=True)
class BarChart:
    bars: tuple[Bar, ...]
    width: int
    height: int
    label_width: int
    bar_height: int
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Slice:
    """One ring segment of a donut, drawn as a dashed circle stroke."""

    label: Any
    value: int
    dash: str
    offset: float
    tone: int
    percent: int


@dataclass(frozen=True, slots=True, kw_only=True)
class DonutChart:
    slices: tuple[Slice, ...]
    size: int
    center: float
    radius: float
    total: int


@dataclass(frozen=True, slots=True, kw_only=True)
class LineChart:
    points: str
    dots: tuple[tuple[float, float, Any, int], ...]
    width: int
    height: int
    top: int
    first_label: Any
    last_label: Any
    total: int


def bar_chart(
    items: Sequence[tuple[Any, int]], *, width: int = 420, bar_height: int = 18, label_width: int = 170
) -> BarChart:
    """Horizontal bars for (label, value) items, longest bar scaled to the free width."""
    gap = 6
    room = width - label_width - 48
    top = max((v for _, v in items), default=0) or 1
    bars = tuple(
        Bar(
            label=label,
            value=value,
            y=i * (bar_height + gap),
            length=round(room * value / top, 1),
            tone=i % TONES,
        )
        for i, (label, value) in enumerate(items)
    )
    height = max(len(bars) * (bar_height + gap), bar_height)
    return BarChart(
        bars=bars,
        width=width,
        height=height,
        label_width=label_width,
        bar_height=bar_height,
        total=sum(v for _, v in items),
    )


def donut_chart(items: Sequence[tuple[Any, int]], *, size: int = 140) -> DonutChart:
    """A ring split into (label, value) shares; empty items are left out."""
    radius = size / 2 - 14
    circumference = 2 * math.pi * radius
    total = sum(v for _, v in items if v > 0)
    slices: list[Slice] = []
    start = 0.0
    for i, (label, value) in enumerate((lb, v) for lb, v in items if v > 0):
        share = value / total
        length = circumference * share
        slices.append(
            Slice(
                label=label,
                value=value,
                dash=f"{length:.2f} {circumference - length:.2f}",
                offset=round(-start, 2),
                tone=i % TONES,
                percent=round(share * 100),
            )
        )
        start += length
    return DonutChart(slices=tuple(slices), size=size, center=size / 2, radius=round(radius, 2), total=total)


def line_chart(items: Sequence[tuple[Any, int]], *, width: int = 420, height: int = 120) -> LineChart:
    """A line through (label, value) points in order, e.g. rows imported per day."""
    pad = 8
    top = max((v for _, v in items), default=0) or 1
    n = len(items)
    step = (width - 2 * pad) / (n - 1) if n > 1 else 0
    dots = tuple(
        (round(pad + i * step, 1), round(height - pad - (height - 2 * pad) * v / top, 1), label, v)
        for i, (label, v) in enumerate(items)
    )
    return LineChart(
        points=" ".join(f"{x},{y}" for x, y, _, _ in dots),
        dots=dots,
        width=width,
        height=height,
        top=top,
        first_label=items[0][0] if items else "",
        last_label=items[-1][0] if items else "",
        total=sum(v for _, v in items),
    )
