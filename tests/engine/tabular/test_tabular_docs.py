"""docs/imports.md names every refusal code, every row-check code and every header alias."""

from __future__ import annotations

import re
from pathlib import Path

from cartel.engine.tabular import DEFAULT_ALIASES

ROOT = Path(__file__).parents[3]
SOURCE = ROOT / "src/cartel/engine/tabular"
DOC = (ROOT / "docs/imports.md").read_text(encoding="utf-8")


def _source() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in sorted(SOURCE.glob("*.py")))


def test_every_refusal_code_is_documented() -> None:
    codes = set(re.findall(r'code="([a-z_0-9]+)"', _source()))
    assert codes
    missing = sorted(code for code in codes if f"`{code}`" not in DOC)
    assert not missing, f"undocumented TabularError/issue codes: {missing}"


def test_every_row_check_code_is_documented() -> None:
    codes = set(re.findall(r'(?:error|warning)\((?:[^()]|\([^()]*\))*?"([a-z_]+)",?\s*\)', _source(), re.S))
    assert {"no_id_column", "duplicate_id", "too_long"} <= codes
    missing = sorted(code for code in codes if f"`{code}`" not in DOC)
    assert not missing, f"undocumented row-check codes: {missing}"


def test_every_header_alias_is_in_the_table() -> None:
    rows = {line.split("|")[1].strip(" `"): line for line in DOC.splitlines() if line.startswith("| `")}
    for field, aliases in DEFAULT_ALIASES.aliases.items():
        assert field in rows, field
        missing = [alias for alias in aliases if alias != field and alias not in rows[field]]
        assert not missing, (field, missing)
