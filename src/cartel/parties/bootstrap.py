"""The standard cast: two belligerents (A, B), a mediator (M), a transit state (T), and one user per role.

Used by `cartel demo` and by the tests, so that both exercise the same setup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from cartel.engine.lifecycle import Role

from .models import Organisation, Party, PartyKind
from .services import party_create, user_create

DEFAULT_PARTIES: tuple[tuple[str, str, str, str], ...] = (
    ("A", "Party A — Republic of Aldoria", PartyKind.BELLIGERENT, "uk"),
    ("B", "Party B — Federation of Borvia", PartyKind.BELLIGERENT, "ru"),
    ("M", "Mediating State", PartyKind.MEDIATOR, "en"),
    ("T", "Transit State", PartyKind.TRANSIT, "ru"),
)

# (username suffix, organisation name suffix, role) per party kind
ROLES_BY_KIND: dict[str, tuple[tuple[str, str, Role], ...]] = {
    PartyKind.BELLIGERENT: (
        ("operator", "Information Bureau", Role.OPERATOR),
        ("lead", "Information Bureau", Role.LEAD),
        ("forensic", "Forensic Service", Role.FORENSIC),
        ("liaison", "Information Bureau", Role.LIAISON),
        ("admin", "Information Bureau", Role.ADMIN),
    ),
    PartyKind.MEDIATOR: (
        ("mediator", "Mediation Office", Role.MEDIATOR),
        ("admin", "Mediation Office", Role.ADMIN),
    ),
    PartyKind.TRANSIT: (("medic", "Transit Hospital", Role.TRANSIT_MEDICAL),),
}
DEMO_PASSWORD = "cartel-demo-2025"  # noqa: S105  (demo accounts only; printed by `cartel demo`)


@dataclass(frozen=True, slots=True)
class DemoAccount:
    username: str
    password: str
    party: str
    role: str


def parties_bootstrap(parties: tuple[tuple[str, str, str, str], ...] = DEFAULT_PARTIES) -> dict[str, Party]:
    """Create the parties (idempotent) and return them by code."""
    out: dict[str, Party] = {}
    for code, name, kind, language in parties:
        existing = Party.objects.filter(code=code).first()
        out[code] = existing or party_create(code=code, name=name, kind=kind, language=language)
    return out


def accounts_bootstrap(
    parties: dict[str, Party], *, password: str = DEMO_PASSWORD, is_demo: bool = True, actor: Any = "system"
) -> list[DemoAccount]:
    """Create one user per role of every party (idempotent): usernames like `a-operator`, `m-mediator`."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    accounts: list[DemoAccount] = []
    with transaction.atomic():
        for code, party in parties.items():
            for suffix, org_suffix, role in ROLES_BY_KIND[party.kind]:
                username = f"{code.lower()}-{suffix}"
                org, _ = Organisation.objects.get_or_create(party=party, name=f"{party.code} {org_suffix}")
                if not users.filter(username=username).exists():
                    user_create(username=username, password=password, organisation=org, role=role, is_demo=is_demo,
                                actor=actor)  # fmt: skip
                accounts.append(DemoAccount(username, password, code, role.value))
    return accounts
