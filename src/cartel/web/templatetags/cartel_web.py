"""Template tags of the web shell: status labels and SVG charts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template

from cartel.web import charts
from cartel.web.labels import role_label as _role_label
from cartel.web.labels import status_label as _status_label

register = template.Library()


@register.filter
def status_label(value: str) -> Any:
    """The translated label of a lifecycle state."""
    return _status_label(str(value or ""))


@register.filter
def role_label(value: str) -> Any:
    """The translated name of a role."""
    return _role_label(str(value or ""))


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """`mapping[key]`, or None when missing."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.inclusion_tag("web/charts/bar.html")
def bar_chart(items: Sequence[tuple[Any, int]], title: Any = "") -> dict[str, Any]:
    return {"chart": charts.bar_chart(items), "title": title}


@register.inclusion_tag("web/charts/donut.html")
def donut_chart(items: Sequence[tuple[Any, int]], title: Any = "") -> dict[str, Any]:
    return {"chart": charts.donut_chart(items), "title": title}


@register.inclusion_tag("web/charts/line.html")
def line_chart(items: Sequence[tuple[Any, int]], title: Any = "") -> dict[str, Any]:
    return {"chart": charts.line_chart(items), "title": title}
