"""The demo scenario loads through the real services, and identity resolution links the right records."""

from __future__ import annotations

import pytest

from cartel.audit.services import audit_verify
from cartel.registry.models import CandidatePair, IdentityLink, SourceRecord
from cartel.scenario_load import load_scenario
from cartel.stats import collect_stats


@pytest.fixture
def said():
    """What the load said, line by line."""
    return []


@pytest.fixture
def loaded(db, django_capture_on_commit_callbacks, said):
    with django_capture_on_commit_callbacks(execute=True):
        return load_scenario(persons_per_side=60, seed=11, say=said.append)


def test_scenario_loads_every_area_and_links_the_right_records(loaded):
    """One load (it is the slow part) checks every area and the quality of identity resolution."""
    tables = collect_stats()["tables"]
    assert tables["parties.party"]["count"] == 4
    assert tables["registry.sourcelist"]["count"] == 6
    assert tables["registry.sourcerecord"]["count"] > 250
    assert tables["tracing.inquiry"]["count"] > 0
    assert tables["remains.remains"]["count"] > 0
    assert tables["exchanges.stage"]["count"] >= 1
    assert audit_verify().ok

    truth = {}
    for synth_list in loaded.scenario.lists:
        truth.update({(synth_list.name, rid): person for rid, person in synth_list.truth.items()})
    key = {
        pk: truth.get((name, ext))
        for pk, name, ext in SourceRecord.objects.values_list("pk", "source_list__name", "external_id")
    }
    links = list(IdentityLink.objects.values_list("left_id", "right_id"))
    assert len(links) > 50
    correct = sum(1 for a, b in links if key[a] is not None and key[a] == key[b])
    assert correct / len(links) >= 0.97, f"{correct} of {len(links)} links are right"
    # Persons were merged: a linked pair shares one person.
    a, b = links[0]
    assert SourceRecord.objects.get(pk=a).person_id == SourceRecord.objects.get(pk=b).person_id
    assert CandidatePair.objects.count() >= 0


def test_inquiries_find_their_captives_once_the_registries_are_shared(loaded, said):
    """Sharing re-matches every open inquiry in the load itself: nothing is left queued for a worker."""
    from django_tasks_db.models import DBTaskResult

    from cartel.tracing.models import Inquiry, InquiryMatch

    assert not DBTaskResult.objects.filter(task_path__endswith="inquiries_rematch_task").exists()
    assert any("inquiries: re-matching inquiries 0/" in line for line in said)  # it says where it is
    truth = {}
    for synth_list in loaded.scenario.lists:
        truth.update({(synth_list.name, rid): person for rid, person in synth_list.truth.items()})
    latent_of_person: dict[int, set[str]] = {}
    for person_id, name, ext in SourceRecord.objects.values_list(
        "person_id", "source_list__name", "external_id"
    ):
        latent_of_person.setdefault(person_id, set()).add(truth.get((name, ext)))
    sought = {meta.record_id: meta.person_id for meta in loaded.scenario.inquiries}
    held = {c.person_id for c in loaded.scenario.captives}
    found = asked = 0
    for inquiry in Inquiry.objects.select_related("source_record"):
        latent = sought.get(inquiry.source_record.external_id)
        if latent not in held:
            continue
        asked += 1
        suggested = InquiryMatch.objects.filter(inquiry=inquiry, person__isnull=False).values_list(
            "person_id", flat=True
        )
        found += any(latent in latent_of_person.get(pid, ()) for pid in suggested)
    assert asked > 10
    assert found / asked >= 0.6, f"{found} of {asked} inquiries about captives have the right suggestion"
