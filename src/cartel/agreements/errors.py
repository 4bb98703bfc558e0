"""The refusal every agreement and exchange service raises when a rule or a right says no; the message says why."""

from __future__ import annotations


class Refused(Exception):
    """A change refused by a rule of law, of the agreement, or by the actor's rights."""


__all__ = ["Refused"]
