"""Database triggers that refuse any change to a submitted stage list version or its entries.

SQLite and PostgreSQL each get their own triggers. Deletion is refused by the models (a placement protects its
entries), not by triggers, so that the test runner's flush keeps working.
"""

from django.db import migrations

MESSAGE = "submitted stage list versions never change"

SQLITE_UP = [
    f"""CREATE TRIGGER exchanges_entry_frozen_insert BEFORE INSERT ON exchanges_stagelistentry
    WHEN (SELECT submitted_at FROM exchanges_stagelist WHERE id = NEW.stage_list_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER exchanges_entry_frozen_update BEFORE UPDATE ON exchanges_stagelistentry
    WHEN (SELECT submitted_at FROM exchanges_stagelist WHERE id = OLD.stage_list_id) IS NOT NULL
      OR (SELECT submitted_at FROM exchanges_stagelist WHERE id = NEW.stage_list_id) IS NOT NULL
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
    f"""CREATE TRIGGER exchanges_stagelist_frozen BEFORE UPDATE ON exchanges_stagelist
    WHEN OLD.submitted_at IS NOT NULL AND (
      NEW.content_hash IS NOT OLD.content_hash OR NEW.submitted_at IS NOT OLD.submitted_at
      OR NEW.stage_id IS NOT OLD.stage_id OR NEW.party_id IS NOT OLD.party_id OR NEW.version IS NOT OLD.version)
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS exchanges_entry_frozen_insert",
    "DROP TRIGGER IF EXISTS exchanges_entry_frozen_update",
    "DROP TRIGGER IF EXISTS exchanges_stagelist_frozen",
]

POSTGRES_UP = [
    f"""CREATE OR REPLACE FUNCTION exchanges_entry_frozen() RETURNS trigger AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM exchanges_stagelist WHERE id = NEW.stage_list_id AND submitted_at IS NOT NULL)
         OR (TG_OP = 'UPDATE' AND EXISTS (
             SELECT 1 FROM exchanges_stagelist WHERE id = OLD.stage_list_id AND submitted_at IS NOT NULL)) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER exchanges_entry_frozen BEFORE INSERT OR UPDATE ON exchanges_stagelistentry
    FOR EACH ROW EXECUTE FUNCTION exchanges_entry_frozen()""",
    f"""CREATE OR REPLACE FUNCTION exchanges_stagelist_frozen() RETURNS trigger AS $$
    BEGIN
      IF OLD.submitted_at IS NOT NULL AND (
         NEW.content_hash IS DISTINCT FROM OLD.content_hash OR NEW.submitted_at IS DISTINCT FROM OLD.submitted_at
         OR NEW.stage_id <> OLD.stage_id OR NEW.party_id <> OLD.party_id OR NEW.version <> OLD.version) THEN
        RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER exchanges_stagelist_frozen BEFORE UPDATE ON exchanges_stagelist
    FOR EACH ROW EXECUTE FUNCTION exchanges_stagelist_frozen()""",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS exchanges_entry_frozen ON exchanges_stagelistentry",
    "DROP TRIGGER IF EXISTS exchanges_stagelist_frozen ON exchanges_stagelist",
    "DROP FUNCTION IF EXISTS exchanges_entry_frozen()",
    "DROP FUNCTION IF EXISTS exchanges_stagelist_frozen()",
]


def _run(statements: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("exchanges", "0003_entry_placement_required")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
