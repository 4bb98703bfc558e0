"""Agreements fixtures: the shared exchange scenario's agreement."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cartel.agreements.services import CategorySpec, agreement_create


@pytest.fixture
def agreement(parties: dict[str, Any], users: dict[str, Any]) -> Any:
    return agreement_create(
        code="second-round", title="Wounded and young", concluded_on=dt.date(2025, 6, 2),
        parties=[parties["A"], parties["B"]], actor=users["m-mediator"],
        categories=[
            CategorySpec(code="wounded", name="Seriously wounded", rule="all_for_all", requires_medical=True),
            CategorySpec(code="young", name="Aged 18 to 25", rule="all_for_all", age_min=18, age_max=25),
        ],
    )  # fmt: skip
