"""Template context: the navigation a user's role calls for."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from cartel.engine.lifecycle import Role
from cartel.parties.visibility import viewer_party, viewer_role

# (url name, label, roles that see it; None = everyone signed in)
NAVIGATION: tuple[tuple[str, Any, frozenset[Role] | None], ...] = (
    ("dashboard", _("Dashboard"), None),
    ("persons", _("Registry"), frozenset(Role) - {Role.TRANSIT_MEDICAL}),
    (
        "imports",
        _("Import"),
        frozenset({Role.OPERATOR, Role.LEAD, Role.LIAISON, Role.FORENSIC, Role.MEDIATOR}),
    ),
    ("review", _("Review"), frozenset({Role.OPERATOR, Role.LEAD, Role.MEDIATOR, Role.LIAISON})),
    ("stages", _("Stages"), frozenset({Role.OPERATOR, Role.LEAD, Role.MEDIATOR, Role.TRANSIT_MEDICAL})),
    ("remains", _("Remains"), frozenset({Role.FORENSIC, Role.LEAD, Role.MEDIATOR, Role.OPERATOR})),
    ("inquiries", _("Inquiries"), frozenset({Role.LIAISON, Role.LEAD, Role.MEDIATOR, Role.OPERATOR})),
    ("audit", _("Audit"), frozenset({Role.LEAD, Role.MEDIATOR, Role.ADMIN})),
)


def _routable(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Expose the viewer's party, role and the navigation entries for that role."""
    user = request.user
    role = viewer_role(user)
    items = [
        (name, label)
        for name, label, roles in NAVIGATION
        if role is not None and (roles is None or role in roles) and _routable(name)
    ]
    return {"viewer_party": viewer_party(user), "viewer_role": role, "nav_items": items}
