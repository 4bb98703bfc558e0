"""API helpers for the tracing and remains tests."""

from __future__ import annotations

from typing import Any


def bearer(user: Any) -> dict[str, str]:
    """An Authorization header with a fresh API token for `user`."""
    from cartel.parties.models import ApiToken

    raw = ApiToken.new_raw()
    ApiToken.objects.create(user=user, prefix=raw[:8], digest=ApiToken.digest_of(raw), label="test")
    return {"Authorization": f"Bearer {raw}"}
