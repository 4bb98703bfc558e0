"""The one error a list file can raise: what went wrong, what to do, and a stable code."""

from __future__ import annotations

__all__ = ["TabularError"]


class TabularError(ValueError):
    """A list file that cannot be read; the message says what happened and what to do."""

    def __init__(self, message: str, *, code: str = "unreadable") -> None:
        super().__init__(message)
        self.message = message
        self.code = code

    def __reduce__(self) -> tuple[type[TabularError], tuple[str], dict[str, str]]:
        return (TabularError, (self.message,), {"code": self.code})
