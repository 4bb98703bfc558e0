"""The National Information Bureau's export of the GC III Art. 122(4) particulars, one row per captive, as XLSX.

Columns follow the treaty's list; particulars the registry does not hold (mother's maiden name, person to be
informed, address for mail) stay empty rather than guessed. Every text cell is neutralised against formulas.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

from cartel.engine.tabular import write_xlsx

NIB_COLUMNS = (
    "surname",
    "first_names",
    "rank",
    "service_number",
    "birth_date",
    "birth_place",
    "power_depended_on",
    "father_first_name",
    "mother_maiden_name",
    "person_to_inform",
    "mail_address",
    "status",
    "holding_party",
    "record_id",
)


def _first(records: list[Any], attr: str) -> str:
    return next((getattr(r, attr) for r in records if getattr(r, attr)), "")


def _raw(records: list[Any], *names: str) -> str:
    for r in records:
        for key, value in (r.raw or {}).items():
            if str(key).strip().casefold() in names and value:
                return str(value)
    return ""


def nib_rows(persons: Iterable[Any]) -> Iterable[dict[str, Any]]:
    """One Art. 122(4) row per person (persons must come from the visibility policy, with records prefetched)."""
    for p in persons:
        records = list(p.records.all())
        yield {
            "surname": p.surname or p.display_name,
            "first_names": p.given_name,
            "rank": p.rank,
            "service_number": p.service_number,
            "birth_date": p.birth_date,
            "birth_place": _first(records, "birth_place"),
            "power_depended_on": p.origin_party.name if p.origin_party else "",
            "father_first_name": _raw(records, "father", "father's name", "ім'я батька", "имя отца"),
            "mother_maiden_name": _raw(
                records, "mother's maiden name", "дівоче прізвище матері", "девичья фамилия матери"
            ),
            "person_to_inform": _raw(
                records, "next of kin", "person to inform", "кого повідомити", "кого известить"
            ),
            "mail_address": _raw(
                records, "mail address", "address for mail", "поштова адреса", "почтовый адрес"
            ),
            "status": p.status,
            "holding_party": p.holding_party.code if p.holding_party else "",
            "record_id": ";".join(r.external_id for r in records),
        }


def nib_export_xlsx(persons: Iterable[Any]) -> tuple[bytes, int]:
    """The XLSX bytes of the Art. 122(4) export and the number of rows."""
    buffer = io.BytesIO()
    count = write_xlsx(nib_rows(persons), NIB_COLUMNS, buffer, sheet_title="Art. 122(4)")
    return buffer.getvalue(), count
