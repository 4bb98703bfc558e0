"""Shared fixtures: the standard cast of parties and one user per role, on SQLite or PostgreSQL."""

from __future__ import annotations

import os
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# CI runs property tests on a fixed seed so that a run is reproducible; locally they keep exploring.
from hypothesis import settings as hypothesis_settings

hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "files"


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts in English, whatever language an earlier request switched the thread to."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow by design; tests that check hashing itself set PASSWORD_HASHERS back."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _dashboard_figures_fresh(monkeypatch: Any) -> Any:
    """Dashboard figures are recomputed on every audited change and forgotten between tests (each test's database
    starts over, so an audit head may repeat with other data); tests of the refresh interval set it themselves."""
    from cartel import conf
    from cartel.web.snapshots import SNAPSHOTS

    monkeypatch.setattr(conf, "DASHBOARD_REFRESH_S", 0.0)
    SNAPSHOTS.clear()
    yield
    SNAPSHOTS.clear()


@pytest.fixture
def parties(db: Any) -> dict[str, Any]:
    """Parties A and B (belligerents), M (mediator) and T (transit state)."""
    from cartel.parties.bootstrap import parties_bootstrap

    return parties_bootstrap()


@pytest.fixture
def users(parties: dict[str, Any]) -> dict[str, Any]:
    """One user per role of every party, by username (`a-operator`, `b-lead`, `m-mediator`, `t-medic`, …)."""
    from django.contrib.auth import get_user_model

    from cartel.parties.bootstrap import accounts_bootstrap

    accounts_bootstrap(parties)
    return {u.username: u for u in get_user_model().objects.select_related("membership__organisation__party")}
