"""A plan's exclusions are rows apart from the stage: counted by reason on the stage, listed, exported in full."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import load_workbook

from cartel.audit.models import Event
from cartel.exchanges import services as svc
from cartel.exchanges.models import PlanExclusion


def test_exclusions_are_stored_as_rows_and_summarised_on_the_stage(
    stage: Any, users: Any, captives: Any
) -> None:
    output = svc.stage_plan_run(stage=stage, actor=users["m-mediator"])
    stage.refresh_from_db()
    assert "excluded" not in stage.plan  # the stage row no longer carries one entry per candidate
    assert stage.plan["excluded_count"] == len(output["excluded"]) >= 1
    assert stage.plan["excluded_by_reason"] == {"no_consent": 1}
    rows = PlanExclusion.objects.filter(stage=stage)
    assert {(str(e.person_id), e.reason_code, e.reason) for e in rows} == {
        (e["id"], e["reason_code"], e["reason"]) for e in output["excluded"]
    }
    assert rows.get().person == captives["Ткаченко"]

    svc.stage_plan_run(stage=stage, actor=users["m-mediator"])  # planning again replaces, never adds
    assert PlanExclusion.objects.filter(stage=stage).count() == len(output["excluded"])


def test_the_mediator_sees_the_reasons_and_downloads_every_one(client: Any, stage: Any, users: Any,
                                                                captives: Any) -> None:  # fmt: skip
    svc.stage_plan_run(stage=stage, actor=users["m-mediator"])
    client.force_login(users["m-mediator"])
    page = client.get(f"/stages/{stage.pk}/").content.decode()
    assert "Left out: 1" in page and "no consent" in page  # the chart's bar
    assert f'href="/registry/persons/{captives["Ткаченко"].pk}/"' in page
    events = Event.objects.count()
    response = client.get(f"/stages/{stage.pk}/plan/left-out.xlsx")
    assert response.status_code == 200 and "left-out.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    header, *body = list(sheet.iter_rows(values_only=True))
    assert header[:2] == ("person_id", "surname") and len(body) == 1
    assert body[0][0] == captives["Ткаченко"].pk and body[0][1] == "Ткаченко" and body[0][6] == "no consent"
    assert Event.objects.count() == events + 1  # the export is audited

    client.force_login(users["a-lead"])
    assert "Left out" not in client.get(f"/stages/{stage.pk}/").content.decode()
    refused = client.get(f"/stages/{stage.pk}/plan/left-out.xlsx")
    assert refused.status_code == 302 and refused.url == f"/stages/{stage.pk}/"


def test_plans_made_before_the_rows_existed_are_moved_out_and_back(stage: Any, users: Any) -> None:
    import importlib

    from django.apps import apps

    from cartel.exchanges.models import Stage

    migration = importlib.import_module("cartel.exchanges.migrations.0005_plan_exclusions")
    output = svc.stage_plan_run(stage=stage, actor=users["m-mediator"])
    old_style = {k: v for k, v in output.items()}  # what the stage kept before: every exclusion in its JSON
    PlanExclusion.objects.filter(stage=stage).delete()
    Stage.objects.filter(pk=stage.pk).update(plan=old_style)

    migration.move_exclusions_out(apps, None)
    stage.refresh_from_db()
    assert "excluded" not in stage.plan and stage.plan["excluded_count"] == len(output["excluded"])
    assert stage.plan["excluded_by_reason"] == {"no_consent": 1}
    assert [(str(e.person_id), e.reason_code) for e in PlanExclusion.objects.filter(stage=stage)] == [
        (e["id"], e["reason_code"]) for e in output["excluded"]
    ]
    migration.move_exclusions_back(apps, None)
    stage.refresh_from_db()
    assert stage.plan["excluded"] == output["excluded"] and "excluded_count" not in stage.plan
