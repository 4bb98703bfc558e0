"""Reading a batch manifest (CSV, TSV or XLSX in any encoding) into rows of body particulars.

The pure reader in `cartel.engine.tabular` does the decoding, header mapping and row checks; this module adds the
columns a remains manifest has beyond a list of persons (where and when found, date and cause of death, identity
disc, claimed nationality) and turns each valid row into the particulars of one body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cartel.engine.names import parse_date
from cartel.engine.tabular import (
    DEFAULT_ALIASES,
    Limits,
    RowValidation,
    TabularError,
    map_headers,
    read_table,
)

MANIFEST_ALIASES = DEFAULT_ALIASES.extended(
    {
        "recovered_place": (
            "place found",
            "place of recovery",
            "recovered at",
            "місце виявлення",
            "місце знаходження",
            "место обнаружения",
            "место нахождения",
        ),
        "recovered_on": (
            "date found",
            "date of recovery",
            "recovered on",
            "дата виявлення",
            "дата знаходження",
            "дата обнаружения",
        ),
        "death_date": ("date of death", "died", "дата смерті", "дата загибелі", "дата смерти", "дата гибели"),
        "death_place": ("place of death", "місце смерті", "місце загибелі", "место смерти", "место гибели"),
        "cause_of_death": ("cause of death", "причина смерті", "причина смерти"),
        "identity_disc": (
            "identity disc",
            "disc",
            "id disc",
            "ідентифікаційний знак",
            "опознавательный знак",
        ),
        "kind": ("kind", "type", "remains type", "вид останків", "вид останков"),
        "effects": ("effects", "personal effects", "особисті речі", "личные вещи"),
    }
)
_DATE_FIELDS = ("recovered_on", "death_date")


@dataclass(frozen=True, slots=True, kw_only=True)
class ManifestRow:
    """One body on a manifest: its number in the file, row, particulars and raw cells."""

    external_id: str
    row_number: int
    particulars: dict[str, Any]
    raw: dict[str, str]
    partial: bool = False


@dataclass(slots=True, kw_only=True)
class ManifestReading:
    """The rows of a manifest and every problem found, row by row."""

    rows: list[ManifestRow] = field(default_factory=list)
    issues: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [i for i in self.issues if i["severity"] == "error"]


def _issue(row: int | None, column: str | None, message: str, severity: str = "error") -> dict[str, Any]:
    return {"row": row, "column": column or "", "message": message, "severity": severity}


def manifest_read(data: bytes, file_name: str, *, max_bytes: int | None = None) -> ManifestReading:
    """Read and check a manifest file; rows with errors are reported and left out."""
    reading = ManifestReading()
    try:
        table = read_table(data, file_name, limits=Limits(max_bytes=max_bytes) if max_bytes else None)
    except TabularError as exc:
        reading.issues.append(_issue(None, None, str(exc)))
        return reading
    headers = map_headers(table.columns, aliases=MANIFEST_ALIASES)
    validation = RowValidation(table, headers, "remains")
    reading.total = len(table.rows)
    reading.issues += [_issue(i.row_number, i.column, i.message, i.severity) for i in validation.issues]
    for parsed in validation.valid_rows():
        particulars: dict[str, Any] = {k: v for k, v in parsed.fields.items() if k != "birth_date_precision"}
        if "full_name" in particulars:
            particulars["name_on_record"] = particulars.pop("full_name")
        bad = False
        for name in _DATE_FIELDS:
            text = particulars.get(name)
            if not text:
                continue
            date = parse_date(text)
            if date is None:
                reading.issues.append(
                    _issue(
                        parsed.row_number,
                        headers.column_for(name),
                        f"«{text}» is not a date (write dd.mm.yyyy or yyyy-mm-dd).",
                    )
                )
                bad = True
            else:
                particulars[name] = date.iso()
        if particulars.get("recovered_on") and len(particulars["recovered_on"]) != 10:
            particulars["recovered_place"] = (
                f"{particulars.get('recovered_place', '')} ({particulars['recovered_on']})".strip()
            )
            particulars.pop("recovered_on")
        if bad:
            continue
        kind = str(particulars.pop("kind", "")).casefold()
        reading.rows.append(
            ManifestRow(
                external_id=parsed.external_id,
                row_number=parsed.row_number,
                particulars=particulars,
                raw=dict(parsed.raw),
                partial=kind.startswith(("part", "фрагм", "част")),
            )
        )
    return reading
