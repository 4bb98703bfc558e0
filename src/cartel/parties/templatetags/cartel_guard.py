"""`{% edit_guard obj %}`: the hidden field that makes a form refuse to overwrite a record changed meanwhile."""

from __future__ import annotations

from typing import Any

from django import template

from cartel.parties.guard import guard_field

register = template.Library()


@register.simple_tag
def edit_guard(obj: Any) -> str:
    """The hidden `_edit_guard` input carrying the signed state of `obj`."""
    return guard_field(obj)
