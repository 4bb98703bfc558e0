"""Declarative state machines for captives, remains, inquiries and exchange stages (DOMAIN.md §4)."""

from .diagram import to_mermaid
from .model import (
    ANY,
    Actor,
    GuardFailed,
    IllegalTransition,
    Lifecycle,
    LifecycleError,
    NotPermitted,
    Role,
    Transition,
    advance,
)
from .tables import CAPTIVE, INQUIRY, LIFECYCLES, REMAINS, STAGE

__all__ = [
    "ANY",
    "CAPTIVE",
    "INQUIRY",
    "LIFECYCLES",
    "REMAINS",
    "STAGE",
    "Actor",
    "GuardFailed",
    "IllegalTransition",
    "Lifecycle",
    "LifecycleError",
    "NotPermitted",
    "Role",
    "Transition",
    "advance",
    "to_mermaid",
]
