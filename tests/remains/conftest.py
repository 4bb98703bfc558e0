"""Fixtures for remains: an agreement on bodies and manifest files in Cyrillic and Latin."""

from __future__ import annotations

import datetime as dt

import pytest


@pytest.fixture
def agreement(parties):
    """An agreement on the exchange of bodies, 1,000 for 1,000, between A and B through M."""
    from cartel.agreements.models import Agreement, Category

    agreement = Agreement.objects.create(
        code="bodies-2025", title="Bodies for bodies", concluded_on=dt.date(2025, 6, 2), mediator=parties["M"]
    )
    agreement.parties.set([parties["A"], parties["B"]])
    Category.objects.create(
        agreement=agreement, code="bodies", name="Bodies", rule="n_for_n", quota=1000, for_remains=True
    )
    return agreement
