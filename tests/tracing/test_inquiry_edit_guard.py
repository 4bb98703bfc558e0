"""A suggestion or inquiry changed by another liaison meanwhile is not overwritten from a stale page."""

from __future__ import annotations

from django.urls import reverse

from cartel.registry.services import RecordData, source_list_create
from cartel.tracing.answers import match_reject
from cartel.tracing.models import Inquiry, InquiryMatch
from cartel.tracing.services import inquiry_create
from edit_guard_forms import assert_refused, form_fields, post_fresh


def test_a_stale_match_decision_is_refused_and_a_fresh_inquiry_action_works(client, users, parties):
    source_list_create(owner=parties["B"], kind="registry", name="held", actor=users["b-operator"],
                       share_with=[parties["A"]],
                       rows=[RecordData(external_id="1", row_number=2, raw={},
                                        fields={"full_name": "ШЕВЧЕНКО Николай Иванович", "birth_date": "1999-02-15"})])  # fmt: skip
    inquiry = inquiry_create(party=parties["A"], actor=users["a-liaison"], subject_name="Mykola Shevchenko",
                             subject_birth_date="1999-02-15", inquirer_name="Шевченко Ганна", channel="phone")  # fmt: skip
    match = inquiry.matches.get()
    client.force_login(users["a-liaison"])
    url = reverse("inquiry-detail", args=[inquiry.pk])
    page = client.get(url)
    accept = reverse("inquiry-match-decide", args=[match.pk, "accept"])
    stale = form_fields(page, accept)
    match_reject(match=match, actor=users["a-lead"], reason="different father's name")
    before = Inquiry.objects.get(pk=inquiry.pk)
    assert_refused(client.post(accept, {**stale, "evidence": "NIB list B, row 1"}))
    assert InquiryMatch.objects.get(pk=match.pk).status == "rejected"
    after = Inquiry.objects.get(pk=inquiry.pk)
    assert (after.status, after.version, after.answer) == (before.status, before.version, before.answer)

    post_fresh(client, url, reverse("inquiry-action", args=[inquiry.pk, "no_information"]))
    assert Inquiry.objects.get(pk=inquiry.pk).version > before.version
