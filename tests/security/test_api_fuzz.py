"""Schemathesis against `/api/openapi.json` through the WSGI app, with a valid token: no server error, and every
response body conforms to the schema it declares. Bounded: a few examples per operation, no shrinking."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

MAX_EXAMPLES = 6


@pytest.fixture
def api_schema(db: Any) -> Iterator[Any]:
    """The schema, served by the WSGI app; the test transaction's connection stays open between requests (as
    Django's own test client arranges), so that PostgreSQL keeps the test data."""
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(users: Any, parties: Any) -> dict[str, str]:
    """A token of A's lead, with a little data to find: lists of A (shared with M) and of B (shared with A)."""
    from cartel.parties.services import api_token_issue
    from cartel.registry.services import RecordData, source_list_create

    for owner, other, people in (("A", "B", [("Коваленко", "Іван"), ("Шевченко", "Олена")]),
                                 ("B", "A", [("Кузнецов", "Алексей"), ("Kovalenko", "Ivan")])):  # fmt: skip
        rows = [RecordData(external_id=f"{owner}{i}", row_number=i + 2, raw={"s": s, "g": g},
                           fields={"surname": s, "given_name": g, "birth_date": "1991-03-12"})
                for i, (s, g) in enumerate(people)]  # fmt: skip
        source_list_create(owner=parties[owner], kind="registry", name=f"{owner} list", rows=rows,
                           actor=users[f"{owner.lower()}-operator"], share_with=[parties[other]])  # fmt: skip
    return {"Authorization": f"Bearer {api_token_issue(user=users['a-lead'], actor='system', label='fuzz')}"}


def test_api_answers_within_its_schema(api_schema: Any, bearer: dict[str, str]) -> None:
    """Every operation, a few generated requests each; failures are collected and reported together."""
    failures: list[str] = []
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10

    for operation in operations:

        @settings(max_examples=MAX_EXAMPLES, deadline=None, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck), derandomize=True, database=None)  # fmt: skip
        @given(case=operation.as_strategy())
        def run(case: Any) -> None:
            case.call_and_validate(headers=bearer, checks=[not_a_server_error, response_schema_conformance])

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # report each operation, run the others
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)
