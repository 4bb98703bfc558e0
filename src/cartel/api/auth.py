"""Token authentication for the API: `Authorization: Bearer <token>`; a session also works for the web app."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, django_auth

from cartel.parties.models import ApiToken


class TokenAuth(HttpBearer):
    """Accept a personal API token that has not been revoked; act as its user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = (
            ApiToken.objects.select_related("user", "user__membership__organisation__party")
            .filter(digest=ApiToken.digest_of(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


AUTH = [TokenAuth(), django_auth]
