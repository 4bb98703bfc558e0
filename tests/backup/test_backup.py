"""`cartel backup` and `cartel restore` round-trip exactly, and restore refuses a broken archive."""

from __future__ import annotations

import tarfile

import pytest
from django.db import connection

from cartel.audit.models import Event
from cartel.backup import BackupError, backup_to, restore_from
from cartel.registry.models import Person, SourceRecord
from cartel.registry.services import RecordData, source_list_create

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def sqlite_file_db(settings, tmp_path):
    if connection.vendor != "sqlite":
        return None
    return settings.DATABASES["default"]["NAME"]


def _snapshot():
    return (
        list(Person.objects.order_by("pk").values_list("pk", "display_name", "status")),
        list(SourceRecord.objects.order_by("pk").values_list("pk", "raw", "person_id")),
        list(Event.objects.order_by("seq").values_list("seq", "hash")),
    )


def test_round_trip_restores_exactly(parties, users, tmp_path):
    if connection.vendor == "sqlite" and "memory" in str(connection.settings_dict["NAME"]):
        pytest.skip("SQLite backup needs a database file; covered by the CLI test on a file database")
    source_list_create(
        owner=parties["A"],
        kind="registry",
        name="l",
        actor=users["a-operator"],
        rows=[
            RecordData(external_id="1", row_number=2, raw={"n": "Іван"}, fields={"full_name": "Іван Бойко"})
        ],
    )
    before = _snapshot()
    archive = tmp_path / "b.tar"
    manifest = backup_to(archive)
    assert manifest["events"] == len(before[2])
    source_list_create(
        owner=parties["B"],
        kind="registry",
        name="later",
        actor=users["b-operator"],
        rows=[RecordData(external_id="9", row_number=2, raw={}, fields={"full_name": "Later Change"})],
    )
    assert _snapshot() != before
    restore_from(archive)
    assert _snapshot() == before


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path, db):
    junk = tmp_path / "junk.tar"
    with tarfile.open(junk, "w"):
        pass
    with pytest.raises(BackupError, match="manifest"):
        restore_from(junk)
    with pytest.raises(BackupError, match="no backup file"):
        restore_from(tmp_path / "missing.tar")
