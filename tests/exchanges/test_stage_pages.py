"""The stage pages carry a stage end to end through the browser's requests, for every role, under a strict CSP."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from cartel.exchanges.models import HomePathway, Placement, StageList, TransitCare
from cartel.jobs.models import Job

INLINE = re.compile(r"<script(?![^>]*\bsrc=)|\sstyle=", re.IGNORECASE)


@pytest.fixture
def immediate_tasks(settings: Any) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


class Browser:
    """One test client that switches between the demo users."""

    def __init__(self, client: Any, users: dict[str, Any]) -> None:
        self.client, self.users = client, users

    def as_(self, username: str) -> Any:
        self.client.force_login(self.users[username])
        return self.client

    def get(self, username: str, url: str, status: int = 200, **headers: Any) -> Any:
        response = self.as_(username).get(url, **headers)
        assert response.status_code == status, (username, url, response.status_code)
        if status == 200 and response["Content-Type"].startswith("text/html"):
            assert not INLINE.search(response.content.decode()), f"inline script or style on {url}"
        return response

    def post(self, username: str, url: str, data: dict[str, Any] | None = None, **headers: Any) -> Any:
        response = self.as_(username).post(url, data or {}, **headers)
        assert response.status_code in (200, 302), (username, url, response.status_code)
        return response


def test_a_stage_runs_through_the_pages(client, users, stage, captives, immediate_tasks):
    web = Browser(client, users)
    base = f"/stages/{stage.pk}/"
    for user in ("a-operator", "a-lead", "b-lead", "m-mediator", "t-medic"):
        assert stage.agreement.code in web.get(user, "/stages/").content.decode()
        web.get(user, base)

    web.post("m-mediator", f"{base}plan/")
    job = Job.objects.get(kind="stage_plan")
    assert job.status == "done", job.message
    web.get("m-mediator", f"{base}plan/jobs/{job.pk}/")
    web.get("a-lead", f"{base}plan/jobs/{job.pk}/", status=404)
    assert "6 of 7 candidates selected" in web.get("m-mediator", base).content.decode()
    web.post("m-mediator", f"{base}do/adopt/")

    for code in ("a", "b"):
        response = web.post(f"{code}-lead", f"{base}draft/")
        draft = StageList.objects.get(stage=stage, party__code=code.upper())
        assert response.url == f"/stages/lists/{draft.pk}/"
        page = web.get(f"{code}-lead", response.url).content.decode().casefold()
        assert "коваленко" in page and "submit to the mediator" in page
        web.post(f"{code}-lead", f"/stages/lists/{draft.pk}/submit/")
        assert "unchanged since submission" in web.get(f"{code}-lead", response.url).content.decode()
    web.get("a-lead", f"{base}reconciliation/", status=403)
    web.post("m-mediator", f"{base}do/reconcile/")
    assert "The two versions agree" in web.get("m-mediator", f"{base}reconciliation/").content.decode()
    for user in ("a-lead", "b-lead", "m-mediator"):
        web.post(user, f"{base}do/sign/")
    web.post("m-mediator", f"{base}do/schedule/")
    web.post("m-mediator", f"{base}do/start_handover/")

    page = web.get("a-operator", f"{base}handover/").content.decode().casefold()
    assert "коваленко" in page and "смирнов" not in page  # A confirms only its own returnees
    web.get("a-operator", f"{base}handover/live/")
    for placement in Placement.objects.filter(stage=stage).select_related("side"):
        user = f"{placement.side.code.lower()}-operator"
        row = web.post(user, f"/stages/placements/{placement.pk}/confirm/", HTTP_HX_REQUEST="true")
        assert "received" in row.content.decode()
    live = web.get("m-mediator", f"{base}handover/live/").content.decode()
    assert "3 / 3" in live
    web.post("m-mediator", f"{base}do/complete/")

    board = web.get("t-medic", "/stages/transit/").content.decode().casefold()
    assert "смирнов" in board and "коваленко" not in board
    web.get("b-lead", "/stages/transit/", status=403)
    for care in TransitCare.objects.all():
        web.post("t-medic", f"/stages/transit/{care.pk}/", {"action": "admit", "triage": "urgent"})
        care.refresh_from_db()
        web.post("t-medic", f"/stages/transit/{care.pk}/", {"action": "update", "version": care.version,
                                                            "triage": "minor", "fit_to_travel": "on"})  # fmt: skip
        web.post("t-medic", f"/stages/transit/{care.pk}/", {"action": "discharge", "discharged_to": "rail"})
    assert not TransitCare.objects.filter(discharged_at__isnull=True).exists()
    assert "смирнов" not in web.get("t-medic", "/stages/transit/").content.decode().casefold()

    for code in ("a", "b"):
        assert "Arrived home" in web.get(f"{code}-operator", "/stages/home/").content.decode()
        for placement in Placement.objects.filter(stage=stage, side__code=code.upper()):
            web.post(
                f"{code}-operator", f"/stages/placements/{placement.pk}/arrive/", {"facility": "Hospital 3"}
            )
        for pathway in HomePathway.objects.filter(party__code=code.upper()):
            web.post(
                f"{code}-operator", f"/stages/home/{pathway.pk}/", {"step": "closed", "art117_notice": "on"}
            )
    assert HomePathway.objects.filter(step="closed").count() == 6

    web.post("m-mediator", f"{base}do/communique/")
    texts = web.get("b-lead", f"{base}communiques/").content.decode()
    assert "получила лиц: 3" in texts and "коваленко" not in texts.casefold()
    ledger = web.get("a-lead", "/stages/ledger/second-round/").content.decode()
    assert "<svg" in ledger and "A: 3" in ledger

    protocol = web.get("b-lead", f"{base}protocol.pdf")
    assert protocol["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(protocol.content)).pages)
    stage.refresh_from_db()
    assert stage.reconciled_hash[:16] in text.replace("\n", "") and "Протокол" in text
    manifest = web.get("a-lead", f"{base}manifest/A.pdf")
    manifest_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(manifest.content)).pages)
    assert "коваленко" in manifest_text.casefold() and "смирнов" not in manifest_text.casefold()
    sheet = load_workbook(io.BytesIO(web.get("a-lead", f"{base}manifest/B.xlsx").content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "Кузнецов",
        "Попов",
        "Смирнов",
    ] or sorted(row[1] for row in sheet.iter_rows(min_row=2, values_only=True)) == [
        "Кузнецов",
        "Попов",
        "Смирнов",
    ]


def test_pages_of_other_stages_look_missing(client, users, stage, agreement):
    from cartel.exchanges.services import stage_create

    web = Browser(client, users)
    hidden = stage_create(agreement=agreement, actor=users["m-mediator"])  # no transit: T may not see it
    web.get("t-medic", f"/stages/{hidden.pk}/", status=404)
    web.get("t-medic", f"/stages/{stage.pk}/")
    web.get("a-lead", "/stages/99999/", status=404)
    web.get("a-lead", "/stages/ledger/nope/", status=404)
    response = web.post("a-lead", f"/stages/{stage.pk}/do/reconcile/")
    assert response.status_code == 302
    stage.refresh_from_db()
    assert stage.status == "planned"


def test_the_stages_index_counts_people_without_reading_the_plan(client, users, stage, flow):
    """A plan drawn from a million persons carries tens of MB of reasons; the index counted through a join that
    grouped the stage's row, plan included, once per placement (minutes and gigabytes at 280k per side)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cartel.exchanges.selectors import stages_for

    flow.plan_and_adopt(stage)
    placements = Placement.objects.filter(stage=stage)
    withdrawn = placements.first()
    Placement.objects.filter(pk=withdrawn.pk).update(status="withdrawn")
    with CaptureQueriesContext(connection) as queries:
        page = Browser(client, users).get("a-lead", "/stages/").content.decode()
    assert not [q["sql"] for q in queries if '"plan"' in q["sql"]]
    counted = stages_for(users["a-lead"]).get(pk=stage.pk)
    assert counted.people == placements.count() - 1 > 0 and counted.crossed == 0
    assert f'<td class="num">{counted.people}</td>' in page
