"""A paginator told its count instead of counting: over a million rows a `COUNT(*)` per page view costs more than
the page itself, and the count is already a dashboard figure (`cartel.web.snapshots`) kept per change of the data."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CountedPaginator(Paginator):
    """`Paginator` whose `count` is given (a page past the end shows the last page, as `get_page` does)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count
