"""Writes about parties, users and tokens."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cartel.audit.models import AuditVerb
from cartel.audit.services import audit_record

from .models import ApiToken, Membership, Organisation, Party


def party_create(*, code: str, name: str, kind: str, language: str = "en", actor: Any = "system") -> Party:
    """Create a party with its information bureau."""
    with transaction.atomic():
        party = Party.objects.create(code=code, name=name, kind=kind, language=language)
        audit_record(actor=actor, verb=AuditVerb.CREATED, target=party, summary=f"party {code}", party_code=code,
                     after={"code": code, "name": name, "kind": kind})  # fmt: skip
    return party


def user_create(
    *,
    username: str,
    password: str,
    organisation: Organisation,
    role: str,
    is_demo: bool = False,
    actor: Any = "system",
) -> Any:
    """Create a user with one membership (organisation and role)."""
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=username, password=password)
        Membership.objects.create(user=user, organisation=organisation, role=role, is_demo=is_demo)
        audit_record(
            actor=actor, verb=AuditVerb.CREATED, target=user, summary=f"user {username} ({role})",
            party_code=organisation.party.code, after={"username": username, "role": role, "org": organisation.name},
        )  # fmt: skip
    return user


def api_token_issue(*, user: Any, actor: Any, label: str = "") -> str:
    """Create a token for `user` and return it; only its hash is kept, so it is shown once."""
    raw = ApiToken.new_raw()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user, prefix=raw[3:11], digest=ApiToken.digest_of(raw), label=label
        )
        audit_record(actor=actor, verb=AuditVerb.TOKEN, target=token, summary=f"token {token.prefix}… issued")
    return raw


def api_token_revoke(*, token: ApiToken, actor: Any) -> ApiToken:
    """Revoke a token at once."""
    with transaction.atomic():
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        audit_record(
            actor=actor, verb=AuditVerb.TOKEN, target=token, summary=f"token {token.prefix}… revoked"
        )
    token.refresh_from_db()
    return token
