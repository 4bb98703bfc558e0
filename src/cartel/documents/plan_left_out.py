"""Everyone a stage's last plan left out, and why, as a spreadsheet for the mediator.

A pool can hold a million candidates: the rows are read a page at a time in id order, checked against the
visibility policy, and streamed to the workbook (openpyxl's write-only mode), so the export never holds them all.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from itertools import batched
from typing import Any

from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record
from cartel.bulk import BATCH, rows_in_id_order
from cartel.engine.tabular.writer import write_xlsx
from cartel.exchanges.common import require_mediator
from cartel.exchanges.models import PlanExclusion, Stage
from cartel.exchanges.planning import reason_label
from cartel.parties.visibility import persons_visible_to

COLUMNS = ("person_id", "surname", "given_name", "patronymic", "birth_date", "origin", "reason", "details")
_FIELDS = ("pk", "person_id", "person__surname", "person__given_name", "person__patronymic", "person__birth_date",
           "person__origin_party__code", "reason_code", "reason")  # fmt: skip


def left_out_rows(stage: Stage, viewer: Any) -> Iterator[dict[str, Any]]:
    """The stage's exclusions the viewer may see, in the planner's order.

    Read a page at a time; each page's persons are checked against the visibility policy by id (one small query a
    page, rather than the whole policy's subquery once per page)."""
    rows = PlanExclusion.objects.filter(stage=stage).values_list(*_FIELDS)
    visible = persons_visible_to(viewer)
    for page in batched(rows_in_id_order(rows, BATCH), BATCH):
        shown = set(visible.filter(pk__in=[row[1] for row in page]).values_list("pk", flat=True))
        for _pk, person_id, surname, given, patronymic, born, origin, code, reason in page:
            if person_id in shown:
                yield {"person_id": person_id, "surname": surname, "given_name": given, "patronymic": patronymic,
                       "birth_date": born, "origin": origin or "", "reason": str(reason_label(code)),
                       "details": reason}  # fmt: skip


def plan_left_out_xlsx(stage: Stage, viewer: Any) -> bytes:
    """The mediator's spreadsheet of every candidate left out of the stage's plan; the export is audited."""
    require_mediator(viewer, stage)
    buffer = io.BytesIO()
    count = write_xlsx(
        left_out_rows(stage, viewer), COLUMNS, buffer, sheet_title=f"Stage {stage.number} left out"
    )
    audit_record(actor=viewer, verb=AuditVerb.EXPORTED, target=stage,
                 summary=f"{stage}: {count} candidates left out of the plan, XLSX")  # fmt: skip
    return buffer.getvalue()
