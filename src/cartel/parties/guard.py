"""Optimistic locking for web forms: a signed token of the record's state as the page showed it.

A form that edits a record carries `{% edit_guard obj %}` (a hidden `_edit_guard` field). When the form is posted,
`EditGuardMiddleware` compares the token with the record as it is now; if someone else changed it meanwhile, the
edit is refused with a clear message before the view runs, so no one silently overwrites another person's work.
The state is the record's `version` column where it is a lock counter, otherwise a hash of all its stored fields.
The token is signed, so it names only records the server itself showed to this user. Every form that edits or moves
an existing record carries the guard; docs/architecture.md lists them and the few deliberate exceptions.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.apps import apps
from django.core import signing
from django.db import models
from django.utils.translation import gettext as _

FIELD = "_edit_guard"
SALT = "cartel.edit-guard"


class GuardRefused(Exception):
    """The record changed, vanished, or the token was forged; the message says what to do."""


def _version_is_lock(model: type[models.Model]) -> bool:
    """Whether the model's `version` column is an optimistic-lock counter.

    A `version` that is part of a unique constraint numbers the record instead (a list's v1, v2) and never changes
    on an edit, so such records are guarded by the digest of their fields.
    """
    meta = model._meta
    if not any(f.name == "version" for f in meta.concrete_fields):
        return False
    unique_sets = [set(c.fields) for c in meta.constraints if isinstance(c, models.UniqueConstraint)]
    unique_sets += [set(fields) for fields in meta.unique_together]
    return not any("version" in fields for fields in unique_sets)


def record_state(obj: models.Model) -> str:
    """The record's lock version, or a digest of every stored field when it has no lock column."""
    if _version_is_lock(type(obj)):
        return f"v{obj.version}"  # type: ignore[attr-defined]
    values = {f.attname: f.value_to_string(obj) for f in obj._meta.concrete_fields}
    return "h" + hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:32]


def guard_token(obj: models.Model) -> str:
    """A signed token naming `obj` and its current state."""
    return signing.dumps({"m": obj._meta.label_lower, "pk": str(obj.pk), "s": record_state(obj)}, salt=SALT)


def guard_check(token: str) -> None:
    """Raise `GuardRefused` unless the record named by `token` is still in the state the token carries."""
    try:
        data = signing.loads(token, salt=SALT)
        model = apps.get_model(data["m"])
    except (signing.BadSignature, KeyError, LookupError, TypeError, ValueError) as exc:
        raise GuardRefused(_("This form could not be checked. Reload the page and try again.")) from exc
    current = model._default_manager.filter(pk=data["pk"]).first()
    if current is None:
        raise GuardRefused(_("This record no longer exists. Reload the page."))
    if record_state(current) != data["s"]:
        raise GuardRefused(
            _("This record was changed by someone else since you opened it. Reload and try again.")
        )


def guard_tokens_check(tokens: list[str]) -> str | None:
    """The refusal message for the first stale token among `tokens`, or None when all are current."""
    for token in tokens:
        try:
            guard_check(token)
        except GuardRefused as exc:
            return str(exc)
    return None


def guard_field(obj: Any) -> str:
    """The hidden input that carries the guard token of `obj`."""
    from django.utils.html import format_html

    return format_html('<input type="hidden" name="{}" value="{}">', FIELD, guard_token(obj))
