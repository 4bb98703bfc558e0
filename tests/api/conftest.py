"""The API tests use the same registry data as the web tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "web_registry_data", Path(__file__).parents[1] / "web" / "conftest.py"
)
assert _spec is not None and _spec.loader is not None
_data = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_data)

list_maker = _data.list_maker
registry = _data.registry
