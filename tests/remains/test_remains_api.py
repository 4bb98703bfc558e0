"""The remains API: drafts hidden from the receiver, receipt with a discrepancy, ledger and custody chain."""

from __future__ import annotations

from remains_files import bearer, manifest_csv

from cartel.remains.batches import batch_create, batch_hand_over, batch_import_manifest, batch_list


def test_remains_api_lists_ledger_custody_and_hides_drafts(client, users, parties):
    sender = users["b-forensic"]
    batch = batch_create(sender=parties["B"], receiver=parties["A"], actor=sender)
    batch_import_manifest(batch=batch, data=manifest_csv(3), file_name="m.csv", actor=sender)
    receiver = bearer(users["a-forensic"])
    assert client.get(f"/api/remains/batches/{batch.pk}", headers=receiver).status_code == 404
    assert client.get("/api/remains/", headers=receiver).json() == []
    batch_list(batch=batch, actor=sender)
    batch_hand_over(batch=batch, actor=sender)
    got = client.post(f"/api/remains/batches/{batch.pk}/receive", {"missing": ["B-R-000002"]},
                      content_type="application/json", headers=receiver)  # fmt: skip
    assert got.status_code == 200 and got.json()["received_count"] == 2 and got.json()["shared"] is True
    [line] = client.get("/api/remains/ledger", headers=receiver).json()
    assert (line["manifested"], line["received"], line["missing"]) == (3, 2, 1)
    body = next(r for r in client.get("/api/remains/", headers=receiver).json() if r["status"] == "received")
    steps = [e["action"] for e in client.get(f"/api/remains/{body['id']}/custody", headers=receiver).json()]
    assert steps == ["record", "store", "list_for_repatriation", "hand_over", "receive"]
    refused = client.post(f"/api/remains/{body['id']}/conclusion",
                          {"conclusion": "identified", "method": "dna", "evidence_ref": "LAB-1"},
                          content_type="application/json", headers=receiver)  # fmt: skip
    assert refused.status_code == 409, "examination comes first"
    assert client.get(f"/api/remains/{body['id']}", headers=bearer(users["t-medic"])).status_code == 404
