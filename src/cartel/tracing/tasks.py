"""Background work for inquiries: daily reminders and re-matching after a list became visible."""

from __future__ import annotations

from django.tasks import task

from cartel.tracing.models import Inquiry


@task()
def inquiries_remind_task() -> int:
    """Flag every inquiry pending longer than INQUIRY_REMINDER_DAYS (run daily)."""
    from .answers import inquiries_remind

    return inquiries_remind(inquiries=Inquiry.objects.all(), actor="system")


@task()
def inquiries_rematch_task(record_ids: list[int]) -> int:
    """Re-match open inquiries against the persons of these records (e.g. after a list was shared)."""
    from .services import inquiries_rematch_for_records

    return inquiries_rematch_for_records(record_ids, "system")
