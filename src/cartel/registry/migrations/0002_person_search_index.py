"""The person search index: an FTS5 table kept in step by triggers on SQLite, a GIN index on PostgreSQL.

SQLite: `registry_person_fts` is an external-content FTS5 table over `registry_person.search_text` (the skeleton
tokens and birth dates), with insert, update and delete triggers so it never drifts from the persons; a date stays
one token (`-` is a token character) and two- and three-letter prefixes are indexed for words still being typed.
PostgreSQL: a GIN index on `to_tsvector('simple', search_text)`, which answers exact and prefix token queries.
Other databases get nothing and the search falls back to plain `LIKE` scans.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS registry_person_fts USING fts5(
        search_text, content='registry_person', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0 tokenchars '-'", prefix='2 3')""",
    """CREATE TRIGGER IF NOT EXISTS registry_person_fts_insert AFTER INSERT ON registry_person BEGIN
        INSERT INTO registry_person_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS registry_person_fts_delete AFTER DELETE ON registry_person BEGIN
        INSERT INTO registry_person_fts(registry_person_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
    END""",
    """CREATE TRIGGER IF NOT EXISTS registry_person_fts_update AFTER UPDATE OF search_text ON registry_person
    BEGIN
        INSERT INTO registry_person_fts(registry_person_fts, rowid, search_text)
        VALUES ('delete', old.id, old.search_text);
        INSERT INTO registry_person_fts(rowid, search_text) VALUES (new.id, new.search_text);
    END""",
    "INSERT INTO registry_person_fts(registry_person_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS registry_person_fts_update",
    "DROP TRIGGER IF EXISTS registry_person_fts_delete",
    "DROP TRIGGER IF EXISTS registry_person_fts_insert",
    "DROP TABLE IF EXISTS registry_person_fts",
]
POSTGRESQL_FORWARD = [
    """CREATE INDEX IF NOT EXISTS registry_person_search_gin ON registry_person
        USING gin (to_tsvector('simple'::regconfig, search_text))""",
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS registry_person_search_gin"]


class VendorRunSQL(migrations.RunSQL):
    """`RunSQL` that runs only on one database vendor (`sqlite`, `postgresql`) and is a no-op elsewhere."""

    def __init__(self, vendor: str, sql: list[str], reverse_sql: list[str]) -> None:
        super().__init__(sql=sql, reverse_sql=reverse_sql, elidable=False)
        self.vendor = vendor

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == self.vendor:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == self.vendor:
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self) -> str:
        return f"Raw SQL for {self.vendor} only"


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [
        VendorRunSQL("sqlite", SQLITE_FORWARD, SQLITE_BACKWARD),
        VendorRunSQL("postgresql", POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
    ]
