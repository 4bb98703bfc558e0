"""The demo's later loading steps, each calling one area's service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

HOOKS: list[tuple[str, Callable[..., Any]]] = []
