"""Imports are all-or-nothing: every bad file leaves the database exactly as it was, with a clear message."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook

from cartel.audit.models import Event
from cartel.cli import main
from cartel.imports.services import import_file
from cartel.registry.models import Person, SourceList, SourceRecord

GOOD = "id;Прізвище;Ім'я;По батькові;Дата народження\n1;Коваленко;Олександр;Петрович;12.03.1991\n2;Бойко;Іван;;1990\n"
GOOD_RU = (
    "id;Фамилия;Имя;Отчество;Дата рождения\n1;Коваленко;Александр;Петрович;12.03.1991\n2;Бойко;Иван;;1990\n"
)


def _state():
    return (
        SourceList.objects.count(),
        SourceRecord.objects.count(),
        Person.objects.count(),
        Event.objects.count(),
    )


def _run(parties, users, data, name="list.csv", **kw):
    return import_file(
        data=data, file_name=name, party=parties["A"], kind="registry", actor=users["a-operator"], **kw
    )


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1251", "koi8-r"], ids=lambda e: e)
def test_good_file_in_any_common_encoding_imports(parties, users, encoding):
    text = GOOD_RU if encoding == "koi8-r" else GOOD  # KOI8-R has no Ukrainian letters
    outcome = _run(parties, users, text.encode(encoding))
    assert outcome.ok and outcome.imported and outcome.rows_imported == 2, outcome.message
    record = SourceRecord.objects.get(external_id="1")
    assert record.surname == "Коваленко" and record.birth_date == "1991-03-12"
    assert "Коваленко" in record.raw.values()


def test_xlsx_imports(parties, users, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.append(["№", "Фамилия", "Имя", "Отчество", "Дата рождения"])
    ws.append([7, "Шевченко", "Николай", "Иванович", "01.02.1995"])
    buf = io.BytesIO()
    wb.save(buf)
    outcome = _run(parties, users, buf.getvalue(), name="list.xlsx")
    assert outcome.ok, outcome.message
    assert SourceRecord.objects.get().given_name == "Николай"


BAD = {
    "empty file": (b"", "list.csv", "empty"),
    "missing id column": ("Прізвище;Ім'я\nКоваленко;Олександр\n".encode(), "list.csv", "id"),
    "duplicate ids": (b"id,surname\n1,Koval\n1,Bondar\n", "list.csv", "1"),
    "junk bytes": (bytes(range(256)) * 40, "list.csv", ""),
    "old binary xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "list.xls", "XLSX"),
    "pdf in disguise": (b"%PDF-1.4\n" + b"x" * 300, "list.csv", "PDF"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_file_changes_nothing_and_says_why(parties, users, case):
    data, name, hint = BAD[case]
    before = _state()
    outcome = _run(parties, users, data, name=name)
    assert not outcome.ok and not outcome.imported
    assert (
        outcome.message
        and hint.lower() in (outcome.message + " ".join(i["message"] for i in outcome.issues)).lower()
    )
    assert _state() == before


def test_wrong_delimiter_is_detected(parties, users):
    outcome = _run(parties, users, b"id|surname|given_name\n1|Koval|Ivan\n2|Bondar|Petro\n")
    assert outcome.ok and outcome.delimiter == "|", outcome.message


def test_huge_file_is_refused_before_reading(parties, users, monkeypatch):
    from cartel import conf

    monkeypatch.setattr(conf, "MAX_UPLOAD_MB", 1)
    before = _state()
    outcome = _run(parties, users, b"id,surname\n" + b"1,Koval\n" * 200_000)
    assert not outcome.ok and "MB" in outcome.message
    assert _state() == before


def test_zip_bomb_xlsx_is_refused(parties, users):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/worksheets/sheet1.xml", "<" + "a" * 300_000_000 + ">")
    before = _state()
    outcome = _run(parties, users, buf.getvalue(), name="bomb.xlsx")
    assert not outcome.ok
    assert _state() == before


def test_rows_with_errors_block_everything_unless_valid_only(parties, users):
    data = b"id,surname,birth_date\n1,Koval,12.03.1991\n2,Bondar,31.02.1990\n3,Tkach,1988\n"
    before = _state()
    refused = _run(parties, users, data)
    assert not refused.ok and refused.errors and refused.errors[0]["row"] == 3
    assert _state() == before
    partial = _run(parties, users, data, valid_only=True)
    assert partial.ok and partial.rows_imported == 2


def test_dry_run_reports_and_changes_nothing(parties, users):
    before = _state()
    outcome = _run(parties, users, GOOD.encode(), dry_run=True)
    assert outcome.ok and not outcome.imported and outcome.rows_valid == 2
    assert _state() == before


def test_cli_import_reports_and_exits_nonzero_on_bad_file(parties, users, tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("surname\nKoval\n")
    assert main(["import", str(bad), "--party", "A", "--kind", "registry"]) == 1
    assert "id" in capsys.readouterr().err.lower()
    good = tmp_path / "good.csv"
    good.write_bytes(GOOD.encode("cp1251"))
    assert main(["import", str(good), "--party", "A", "--kind", "requests"]) == 0
    assert SourceRecord.objects.filter(kind="requests").count() == 2


def test_a_long_list_is_checked_then_stored_in_batches_with_progress(parties, users, monkeypatch):
    import cartel.registry.services as registry_services

    monkeypatch.setattr(registry_services, "BATCH", 7)  # several store batches from a short file
    body = "".join(f"{n};Коваленко;Іван;;{1960 + n % 40}\n" for n in range(1, 51))
    data = ("id;Прізвище;Ім'я;По батькові;Дата народження\n" + body + "51;;;;\n").encode()
    heard: list[tuple[str, int, int | None]] = []
    outcome = _run(
        parties, users, data, valid_only=True, on_progress=lambda d, t, m: heard.append((str(m), d, t))
    )
    assert outcome.ok and outcome.rows_total == 51 and outcome.rows_valid == outcome.rows_imported == 50
    phases = [message for message, _done, _total in heard]
    assert phases.index("Checking rows") < phases.index("Storing records")
    assert ("Checking rows", 51, 51) in heard and ("Storing records", 50, 50) in heard
    assert [d for m, d, _t in heard if m == "Storing records"] == [7, 14, 21, 28, 35, 42, 49, 50]
    stored = SourceRecord.objects.filter(source_list_id=outcome.source_list_id)
    assert sorted(stored.values_list("external_id", flat=True), key=int) == [str(n) for n in range(1, 51)]


def _statistics_of(table: str) -> bool:
    """Whether the database holds planner statistics for `table`."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_stats WHERE tablename = %s LIMIT 1", [table])
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return False
            cursor.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = %s", [table])
        return cursor.fetchone() is not None


@pytest.mark.django_db(transaction=True)
def test_a_large_import_refreshes_the_planner_statistics(parties, users, monkeypatch):
    from django.db import connection

    import cartel.imports.services as import_services

    # PostgreSQL's autovacuum may analyze on its own; SQLite has statistics only when asked
    sqlite = connection.vendor == "sqlite"
    assert not (sqlite and _statistics_of("registry_person"))
    _run(parties, users, GOOD.encode())  # below the threshold: statistics untouched
    assert not (sqlite and _statistics_of("registry_person"))
    monkeypatch.setattr(import_services, "ANALYZE_AFTER_ROWS", 2)  # "large" for a two-row file
    _run(parties, users, GOOD_RU.encode(), name="second.csv")
    assert _statistics_of("registry_person") and _statistics_of("registry_sourcerecord")


@pytest.mark.django_db(transaction=True)
def test_inquiries_are_rematched_after_an_import_unless_the_loader_does_it_later(parties, users, monkeypatch):
    import cartel.tracing.services as tracing_services

    calls: list[int] = []
    monkeypatch.setattr(
        tracing_services, "inquiries_rematch_for_records", lambda ids, actor: calls.append(len(ids))
    )
    _run(parties, users, GOOD.encode())
    assert calls == [2]
    _run(parties, users, GOOD_RU.encode(), name="second.csv", rematch=False)
    assert calls == [2]
