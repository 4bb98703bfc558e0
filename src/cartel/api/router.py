"""The API object and its routers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from cartel.parties.visibility import NotVisible

from .auth import AUTH


def column_length(model: type[Any], field: str) -> int:
    """The length of a text column, for the input schema that writes it: a longer value is a 422 that names the
    field, not a database error (PostgreSQL refuses it; SQLite would store it whole)."""
    length = model._meta.get_field(field).max_length
    assert length, f"{model.__name__}.{field} has no max_length"
    return int(length)


api = NinjaAPI(
    title="Cartel API",
    version="1",
    description="Exchanges of prisoners of war and repatriation of remains. Every object names its owner party "
    "and whether it was shared with the caller's party. Authenticate with `Authorization: Bearer <token>` "
    "(`cartel token USERNAME`).",
    auth=AUTH,
    urls_namespace="api",
)


@api.exception_handler(NotVisible)
def not_visible(request: HttpRequest, exc: NotVisible) -> HttpResponse:
    return api.create_response(request, {"detail": "Not found."}, status=404)


def _register() -> None:
    from . import exchanges, imports, registry, remains, tracing  # noqa: F401  (each adds its router)


_register()
