"""Issue 2 in a real browser: an operator uploads a small Cyrillic list, watches the import finish, finds a
person from it by a Latin spelling and opens the record exactly as the file gave it."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect

LIST_CSV = (
    "№,Прізвище,Ім'я,По батькові,Дата народження,Військова частина\n"
    "701,Гнатюк,Тарас,Богданович,14.02.1993,72 ОМБр\n"
    "702,Мельничук,Оксана,Іванівна,05.05.1990,93 ОМБр\n"
    "703,Зайченко,Дмитро,,1987,24 ОМБр\n"
)


def test_upload_a_list_then_find_a_person_from_it_by_latin_spelling(sessions: Any, run_worker: Any) -> None:
    page = sessions.go("a-operator", "/")
    page.click("nav.main-nav >> text=Import")
    expect(page.locator("h1")).to_have_text("Import a list")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "held-may.csv", "mimeType": "text/csv", "buffer": LIST_CSV.encode()}],
    )
    page.select_option("select[name=kind]", "registry")
    page.click("#upload-form button[type=submit]")

    progress = page.locator(".job")
    expect(progress).to_contain_text("queued")  # waiting for the worker
    run_worker()
    report = page.locator(".job .report")  # the polled fragment turns into the row report
    expect(report).to_have_class("report ok")
    expect(report).to_contain_text("3 rows, 3 valid")
    expect(report).to_contain_text("Військова частина")  # the column mapping as recognised
    expect(page.locator("[role=progressbar]")).to_have_attribute("aria-valuenow", "100")
    page.reload()
    expect(page.locator("table").last).to_contain_text("held-may.csv")

    page.click("nav.main-nav >> text=Registry")
    page.locator("#q").press_sequentially("Hnatiuk Taras", delay=20)  # live search, no submit
    hit = page.locator("#results a", has_text="ГНАТЮК Тарас")
    expect(hit).to_be_visible()
    expect(page.locator("#results")).not_to_contain_text("МЕЛЬНИЧУК")
    hit.click()

    expect(page.locator("h1")).to_contain_text("ГНАТЮК Тарас Богданович")
    records = page.locator("section.side-by-side")
    expect(records).to_contain_text("held-may.csv")
    expect(records).to_contain_text("row 2, id 701")
    cells = records.locator("tr", has_text="Дата народження")
    expect(cells).to_contain_text("14.02.1993")  # the cell as received, beside the parsed date
    expect(records.locator("tr", has_text="Військова частина")).to_contain_text("72 ОМБр")
