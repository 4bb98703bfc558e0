"""A batch or body form loaded before someone else changed the record is refused and changes nothing."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from remains_files import manifest_csv

from cartel.remains.batches import (
    batch_create,
    batch_hand_over,
    batch_import_manifest,
    batch_list,
    batch_receive,
)
from cartel.remains.models import Remains, RemainsBatch
from cartel.remains.services import remains_examine
from edit_guard_forms import assert_refused, form_fields, post_fresh


def _batch(parties, users, agreement):
    sender = users["b-forensic"]
    batch = batch_create(sender=parties["B"], receiver=parties["A"], agreement=agreement, actor=sender)
    batch_import_manifest(batch=batch, data=manifest_csv(3), file_name="m.csv", actor=sender)
    return batch


def test_a_manifest_form_from_before_the_listing_adds_no_bodies(client, users, parties, agreement):
    batch = _batch(parties, users, agreement)
    client.force_login(users["b-forensic"])
    page = client.get(reverse("remains-batch", args=[batch.pk]))
    manifest = reverse("remains-batch-action", args=[batch.pk, "manifest"])
    stale = form_fields(page, manifest)
    batch_list(batch=batch, actor=users["b-lead"])  # the manifest is closed meanwhile
    upload = SimpleUploadedFile("more.csv", manifest_csv(2, start=10), content_type="text/csv")
    assert_refused(client.post(manifest, {**stale, "file": upload}))
    assert Remains.objects.filter(batch=batch).count() == 3
    assert RemainsBatch.objects.get(pk=batch.pk).status == "listed"

    hand_over = reverse("remains-batch-action", args=[batch.pk, "hand_over"])
    post_fresh(client, reverse("remains-batch", args=[batch.pk]), hand_over)
    assert RemainsBatch.objects.get(pk=batch.pk).status == "handed_over"


def test_a_body_step_from_a_stale_page_is_refused(client, users, parties, agreement):
    batch = _batch(parties, users, agreement)
    batch_list(batch=batch, actor=users["b-forensic"])
    batch_hand_over(batch=RemainsBatch.objects.get(pk=batch.pk), actor=users["b-forensic"])
    batch_receive(batch=RemainsBatch.objects.get(pk=batch.pk), actor=users["a-forensic"])
    first, second = Remains.objects.filter(batch=batch).order_by("code")[:2]
    client.force_login(users["a-forensic"])
    examine = reverse("remains-step", args=[first.pk, "examine"])
    stale = form_fields(client.get(reverse("remains-detail", args=[first.pk])), examine)
    remains_examine(remains=[Remains.objects.get(pk=first.pk)], actor=users["a-forensic"])  # another session
    refused = client.post(examine, stale)
    assert_refused(refused)
    body = Remains.objects.get(pk=first.pk)
    assert (body.status, body.version, body.custody_events.filter(action="examine").count()) == (
        "forensic_examination", first.version + 1, 1)  # fmt: skip

    examine = reverse("remains-step", args=[second.pk, "examine"])
    post_fresh(client, reverse("remains-detail", args=[second.pk]), examine)
    assert Remains.objects.get(pk=second.pk).status == "forensic_examination"
