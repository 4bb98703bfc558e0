"""Fixtures for the list-file tests."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tabular_fixtures import build_xlsx


@pytest.fixture
def xlsx_bytes() -> Callable[..., bytes]:
    """Build an XLSX workbook in memory."""
    return build_xlsx
