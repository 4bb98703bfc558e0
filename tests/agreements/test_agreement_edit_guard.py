"""An examination decided meanwhile is not decided again from a stale page; consent forms carry the guard too."""

from __future__ import annotations

from django.urls import reverse

from cartel.agreements.models import Examination
from cartel.agreements.services import examination_decide, examination_propose
from cartel.registry.services import RecordData, source_list_create
from edit_guard_forms import assert_refused, form_fields, post_fresh


def _wounded(parties, users, surname):
    rows = [RecordData(external_id=surname, row_number=2, raw={},
                       extra={"status": "eligible", "seriously_wounded": True},
                       fields={"surname": surname, "given_name": "Петро", "birth_date": "1979-09-09"})]  # fmt: skip
    return source_list_create(owner=parties["A"], kind="registry", name=f"held {surname}", actor=users["a-operator"],
                              rows=rows).records.get().person  # fmt: skip


def test_a_stale_examination_decision_is_refused_and_a_fresh_one_recorded(client, users, parties, agreement):
    first, second = _wounded(parties, users, "Гнатюк"), _wounded(parties, users, "Мельник")
    exams = [examination_propose(person=p, proposer="detaining_doctor", actor=users["a-operator"])
             for p in (first, second)]  # fmt: skip
    client.force_login(users["a-operator"])
    url = reverse("agreement", args=["second-round"])
    page = client.get(url)
    decide = [reverse("examination-decide", args=["second-round", e.pk]) for e in exams]
    stale = form_fields(page, decide[0])
    assert form_fields(page, reverse("agreement-consent", args=["second-round", first.pk]))
    examination_decide(examination=exams[0], decision="repatriate", actor=users["a-lead"], manifest=True,
                       annex_category="A2")  # fmt: skip
    decision = {"decision": "repatriate", "manifest": "on", "annex_category": "B1"}
    assert_refused(client.post(decide[0], {**stale, **decision}))
    assert Examination.objects.get(pk=exams[0].pk).annex_category == "A2"

    post_fresh(client, url, decide[1], decision)
    assert Examination.objects.get(pk=exams[1].pk).annex_category == "B1"
