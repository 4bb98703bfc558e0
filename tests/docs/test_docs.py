"""Every setting and every command is documented."""

from __future__ import annotations

import re
from pathlib import Path

from cartel.cli import build_parser

ROOT = Path(__file__).parents[2]


def test_every_setting_is_in_docs_settings_md():
    source = (ROOT / "src/cartel/conf.py").read_text()
    names = set(re.findall(r'read_\w+\("(CARTEL_\w+)"', source))
    doc = (ROOT / "docs/settings.md").read_text()
    assert names, "no settings found"
    missing = sorted(n for n in names if f"`{n}`" not in doc)
    assert not missing, f"undocumented settings: {missing}"


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text()
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    missing = sorted(
        c for c in sub.choices if f"`cartel {c}" not in readme and f"/ `cartel {c}" not in readme
    )
    assert not missing, f"commands missing from README: {missing}"
