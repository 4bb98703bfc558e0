"""Dashboard figures computed once per change of the data, not once per page view.

Over a million persons one count of a party's registry takes tens of milliseconds, and a dashboard shows half a
dozen, polled every few seconds by everyone signed in. The figures of a party and role are the same for all its
users, so each is kept in this process with the audit log's head (`audit_head`: every change of the data is audited;
sign-ins and exports do not count) it was computed at, and reused while the head has not moved. When it has moved the figure is recomputed — at most once per
`conf.DASHBOARD_REFRESH_S` per figure, so a stream of writes does not turn every poll into a recount — and at least
every `MAX_AGE_S` whatever happens (a change made outside the services, a restored backup). One thread recomputes a
figure; the others asking for it meanwhile get the value it replaces at once (a count a few seconds old) instead of
queueing behind a recount that takes seconds over a million persons; only a figure never computed is waited for.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from cartel import conf
from cartel.audit.selectors import audit_head

T = TypeVar("T")
MAX_AGE_S = 300.0


@dataclass(frozen=True, slots=True)
class _Entry:
    stamp: tuple[int, str]
    at: float
    value: Any


class Snapshots:
    """Figures by key, each with the audit head and the time it was computed at."""

    def __init__(self) -> None:
        self._entries: dict[Hashable, _Entry] = {}
        self._locks: dict[Hashable, threading.Lock] = {}
        self._guard = threading.Lock()

    def clear(self) -> None:
        with self._guard:
            self._entries.clear()
            self._locks.clear()

    def _usable(self, entry: _Entry | None, stamp: tuple[int, str], now: float) -> bool:
        if entry is None or now - entry.at >= MAX_AGE_S:
            return False
        return entry.stamp == stamp or now - entry.at < conf.DASHBOARD_REFRESH_S

    def get(self, key: Hashable, stamp: tuple[int, str], compute: Callable[[], T]) -> T:
        """The figure under `key`: kept if still usable at `stamp`, else computed (by one thread at a time)."""
        entry = self._entries.get(key)
        if self._usable(entry, stamp, time.monotonic()):
            return entry.value  # type: ignore[union-attr]
        with self._guard:
            lock = self._locks.setdefault(key, threading.Lock())
        if not lock.acquire(blocking=entry is None):
            return entry.value  # type: ignore[union-attr]  # being recomputed: the previous value meanwhile
        try:
            entry = self._entries.get(key)
            if self._usable(entry, stamp, time.monotonic()):
                return entry.value  # type: ignore[union-attr]
            value = compute()
            self._entries[key] = _Entry(stamp, time.monotonic(), value)
            return value
        finally:
            lock.release()


SNAPSHOTS = Snapshots()


class Figures:
    """The figures of one dashboard view: `figures(name, compute)` for a party-and-role figure, `mine=True` for one
    that depends on the viewer (e.g. the pairs this reviewer has not decided yet)."""

    def __init__(self, *, scope: Hashable, viewer_pk: Any, store: Snapshots = SNAPSHOTS) -> None:
        self.scope, self.viewer_pk, self.store = scope, viewer_pk, store
        self.stamp = audit_head()

    def __call__(self, name: str, compute: Callable[[], T], *, mine: bool = False) -> T:
        key = (self.scope, name, self.viewer_pk if mine else None)
        return self.store.get(key, self.stamp, compute)


def figures_for(viewer: Any) -> Figures:
    """The figures of `viewer`'s party and role (a viewer without a membership gets figures of its own)."""
    from cartel.parties.visibility import viewer_party, viewer_role

    party, role = viewer_party(viewer), viewer_role(viewer)
    scope = (party.pk, str(role)) if party is not None and role is not None else ("user", viewer.pk)
    return Figures(scope=scope, viewer_pk=viewer.pk)
