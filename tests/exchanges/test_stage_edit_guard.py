"""Stage and list forms loaded before someone else changed the record are refused and change nothing."""

from __future__ import annotations

from django.urls import reverse

from cartel.exchanges import services as svc
from cartel.exchanges.models import Stage, StageList, StageListEntry
from edit_guard_forms import assert_refused, form_fields, post_fresh


def test_a_stale_stage_action_is_refused_and_a_fresh_one_works(client, users, stage):
    client.force_login(users["m-mediator"])
    cancel = reverse("stage-action", args=[stage.pk, "cancel"])
    stale = form_fields(client.get(reverse("stage", args=[stage.pk])), cancel)
    svc.stage_postpone(
        stage=stage, actor=users["m-mediator"], reason="shelling near the crossing"
    )  # another tab
    assert_refused(client.post(cancel, {**stale, "reason": "called off"}))
    assert Stage.objects.get(pk=stage.pk).status == "postponed"

    post_fresh(client, reverse("stage", args=[stage.pk]), reverse("stage-action", args=[stage.pk, "resume"]))
    assert Stage.objects.get(pk=stage.pk).status == "planned"


def test_a_draft_form_from_before_the_submission_is_refused(client, users, stage, flow):
    """A list's `version` numbers it (v1, v2) and never changes, so the guard follows the row's fields instead."""
    flow.plan_and_adopt(stage)
    draft = svc.list_draft_open(stage=stage, actor=users["a-lead"])
    first, second = list(draft.entries.order_by("pk"))[:2]
    client.force_login(users["a-lead"])
    page = client.get(reverse("stage-list", args=[draft.pk]))
    remove = [reverse("stage-list-remove", args=[draft.pk, e.pk]) for e in (first, second)]
    assert client.post(remove[0], form_fields(page, remove[0])).status_code == 302
    assert not StageListEntry.objects.filter(pk=first.pk).exists()

    stale = form_fields(page, remove[1])  # the same page: still current after one's own removal above
    svc.list_submit(stage_list=StageList.objects.get(pk=draft.pk), actor=users["a-lead"])  # another tab
    assert_refused(client.post(remove[1], stale))
    assert StageListEntry.objects.filter(pk=second.pk).exists()
    assert StageList.objects.get(pk=draft.pk).submitted
