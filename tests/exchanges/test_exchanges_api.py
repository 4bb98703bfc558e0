"""The exchanges API: stages, versions with owner and shared flags, handover by token, ledger; hidden is 404."""

from __future__ import annotations

from typing import Any

from cartel.exchanges.models import Placement
from cartel.parties.models import ApiToken


def _token(user: Any) -> dict[str, str]:
    raw = ApiToken.new_raw()
    ApiToken.objects.create(user=user, prefix=raw[:8], digest=ApiToken.digest_of(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_api_follows_a_stage_as_each_party_sees_it(client, users, stage, flow):
    flow.plan_and_adopt(stage)
    a, b, m = _token(users["a-lead"]), _token(users["b-lead"]), _token(users["m-mediator"])
    stages = client.get("/api/exchanges/stages", **a).json()
    assert [s["id"] for s in stages] == [stage.pk] and stages[0]["owner_party"] == "M" and stages[0]["shared"]
    mine = client.get(f"/api/exchanges/stages/{stage.pk}/lists", **a).json()
    assert [(v["owner_party"], v["shared"], v["content_hash"]) for v in mine] == [("A", False, "")]
    assert (
        client.get(f"/api/exchanges/stages/{stage.pk}/lists", **m).json() == []
    )  # drafts stay with the party
    other_draft = client.get(f"/api/exchanges/stages/{stage.pk}/lists", **b).json()[0]["id"]
    assert client.get(f"/api/exchanges/lists/{other_draft}/entries", **a).status_code == 404

    submitted = client.post(f"/api/exchanges/lists/{mine[0]['id']}/submit", **a).json()
    assert len(submitted["content_hash"]) == 64
    again = client.post(f"/api/exchanges/lists/{mine[0]['id']}/submit", **a)
    assert again.status_code == 409 and "already" in again.json()["detail"]
    entries = client.get(f"/api/exchanges/lists/{mine[0]['id']}/entries", **m).json()
    assert len(entries) == 6 and {e["side"] for e in entries} == {"A", "B"}
    assert client.get(f"/api/exchanges/stages/{stage.pk}/reconciliation", **a).status_code == 404
    client.post(f"/api/exchanges/lists/{other_draft}/submit", **b)
    assert (
        client.get(f"/api/exchanges/stages/{stage.pk}/reconciliation", **m).json()["counts"]["matched"] == 6
    )

    flow_stage_to_handover(stage, flow)
    placement = Placement.objects.filter(stage=stage, side__code="A").first()
    refused = client.post(f"/api/exchanges/placements/{placement.pk}/handover", **_token(users["b-operator"]))
    assert refused.status_code == 409
    done = client.post(
        f"/api/exchanges/placements/{placement.pk}/handover", **_token(users["a-operator"])
    ).json()
    assert done["status"] == "handed_over"
    counts = client.get(f"/api/exchanges/stages/{stage.pk}/counts", **m).json()
    assert sum(c["handed_over"] for c in counts) == 1
    ledger = client.get("/api/exchanges/agreements/second-round/ledger", **b).json()
    assert ledger["totals"]["A"]["exchanged"] == 1
    assert (
        client.get("/api/exchanges/agreements/second-round/ledger", **_token(users["t-medic"])).status_code
        == 200
    )
    assert client.get("/api/exchanges/stages/999", **a).status_code == 404


def flow_stage_to_handover(stage: Any, flow: Any) -> None:
    from cartel.exchanges import services as svc

    users = flow.users
    svc.stage_reconcile(stage=stage, actor=users["m-mediator"])
    for signer in ("a-lead", "b-lead", "m-mediator"):
        svc.stage_sign(stage=stage, actor=users[signer])
    svc.stage_schedule(stage=stage, actor=users["m-mediator"])
    svc.stage_start_handover(stage=stage, actor=users["m-mediator"])
