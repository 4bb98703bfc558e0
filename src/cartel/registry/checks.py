"""System checks of the registry: stored name keys older than the code's key rules."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Warning


def keys_version_check(app_configs: Any = None, **_: Any) -> list[CheckMessage]:
    """Warn (on `cartel serve`, `cartel demo` and `check`) when the stored keys need `cartel reindex`."""
    from .reindex import keys_stale_message

    message = keys_stale_message()
    if message is None:
        return []
    return [
        Warning(message, hint="Run `cartel reindex` (safe to interrupt and run again).", id="cartel.W001")
    ]
