"""Dates of birth as clerks write them: numeric in several orders, with Ukrainian, Russian or English month
names, or a bare year. The result keeps its precision and says when day and month could be the other way round.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

__all__ = ["DatePrecision", "ParsedDate", "parse_date", "swap_day_month"]

MIN_YEAR = 1850
MAX_YEAR = 2100
# Two-digit years up to this value are read as 20yy, above it as 19yy ("07" → 2007, "64" → 1964):
CENTURY_PIVOT = 30


class DatePrecision(StrEnum):
    """How much of a date is known."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True, slots=True, kw_only=True)
class ParsedDate:
    """A calendar date known to the day, the month or the year only."""

    year: int
    month: int | None = None
    day: int | None = None
    precision: DatePrecision = DatePrecision.DAY
    # True when day and month were both ≤ 12, differed, and the format did not fix their order (01/02/1990):
    ambiguous_day_month: bool = False

    def iso(self) -> str:
        """Return "1991-03-12", "1991-03" or "1991" according to the precision."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("січень", "січня", "январь", "января", "january"),
    2: ("лютий", "лютого", "февраль", "февраля", "february"),
    3: ("березень", "березня", "март", "марта", "march"),
    4: ("квітень", "квітня", "апрель", "апреля", "april"),
    5: ("травень", "травня", "май", "мая", "may"),
    6: ("червень", "червня", "июнь", "июня", "june"),
    7: ("липень", "липня", "июль", "июля", "july"),
    8: ("серпень", "серпня", "август", "августа", "august"),
    9: ("вересень", "вересня", "сентябрь", "сентября", "september", "sept"),
    10: ("жовтень", "жовтня", "октябрь", "октября", "october"),
    11: ("листопад", "листопада", "ноябрь", "ноября", "november"),
    12: ("грудень", "грудня", "декабрь", "декабря", "december"),
}
_MONTH_LIST = [(name, month) for month, names in _MONTH_NAMES.items() for name in names]

_YEAR_WORDS = re.compile(
    r"\s*(?:р\.?\s*н\.?|г\.?\s*р\.?|року|рік|р\.?|года|год|г\.?|y\.?|yr\.?|year)\s*$", re.IGNORECASE
)
_TIME = re.compile(r"(?:t|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?$")
_ISO = re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})")
_ISO_MONTH = re.compile(r"(\d{4})[-./](\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})[./-](\d{4})")
_COMPACT = re.compile(r"\d{8}")
_YEAR = re.compile(r"\d{4}")
_WORDS = re.compile(r"[^\W\d_]+|\d+")


def _day_ok(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _make(
    year: int, month: int | None = None, day: int | None = None, *, ambiguous: bool = False
) -> ParsedDate | None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        return None
    if month is None:
        return ParsedDate(year=year, precision=DatePrecision.YEAR)
    if not 1 <= month <= 12:
        return None
    if day is None:
        return ParsedDate(year=year, month=month, precision=DatePrecision.MONTH)
    if not _day_ok(year, month, day):
        return None
    return ParsedDate(year=year, month=month, day=day, ambiguous_day_month=ambiguous)


def _full_year(digits: str, pivot: int) -> int:
    value = int(digits)
    if len(digits) == 4:
        return value
    return 2000 + value if value <= pivot else 1900 + value


def _numeric(a: int, sep: str, b: int, year: int) -> ParsedDate | None:
    if a > 12 or sep == ".":
        if b > 12 >= a:  # dots, but the first number cannot be a day's month: written month-first
            return _make(year, a, b)
        return _make(year, b, a)
    if b > 12:  # US order, proven by the day
        return _make(year, a, b)
    return _make(year, b, a, ambiguous=a != b)


def _month_of(word: str) -> int | None:
    word = word.rstrip(".")
    if len(word) < 3:
        return None
    for name, month in _MONTH_LIST:
        if name.startswith(word):
            return month
    return None


def _textual(text: str, pivot: int) -> ParsedDate | None:
    words = _WORDS.findall(text)
    months = [(i, m) for i, w in enumerate(words) if not w.isdigit() and (m := _month_of(w)) is not None]
    numbers = [w for w in words if w.isdigit()]
    others = [
        w
        for w in words
        if not w.isdigit() and _month_of(w) is None and w not in ("of", "st", "nd", "rd", "th")
    ]
    if len(months) != 1 or others or not 1 <= len(numbers) <= 2:
        return None
    month = months[0][1]
    years = [n for n in numbers if len(n) == 4]
    if len(years) != 1:
        return None
    days = [n for n in numbers if n != years[0]]
    if not days:
        return _make(int(years[0]), month)
    if len(days[0]) > 2:
        return None
    return _make(_full_year(years[0], pivot), month, int(days[0]))


def _parse(text: str, pivot: int) -> ParsedDate | None:
    text = unicodedata.normalize("NFKC", text).strip().lower()
    text = _TIME.sub("", text).strip()
    text = _YEAR_WORDS.sub("", text).strip(" ,")
    text = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text)
    text = re.sub(r"\s*([./-])\s*", r"\1", text) if re.fullmatch(r"[\d\s./-]+", text) else text
    if m := _ISO.fullmatch(text):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.fullmatch(text):
        return _numeric(int(m[1]), m[2], int(m[3]), _full_year(m[4], pivot))
    if m := _ISO_MONTH.fullmatch(text):
        return _make(int(m[1]), int(m[2]))
    if m := _MONTH_YEAR.fullmatch(text):
        return _make(int(m[2]), int(m[1]))
    if _COMPACT.fullmatch(text):
        return _make(int(text[:4]), int(text[4:6]), int(text[6:])) or _make(
            int(text[4:]), int(text[2:4]), int(text[:2])
        )
    if _YEAR.fullmatch(text):
        return _make(int(text))
    return _textual(text, pivot)


def parse_date(text: str, *, pivot: int = CENTURY_PIVOT) -> ParsedDate | None:
    """Return the date written in `text`, or None when it is not a plausible date (never raises)."""
    if not isinstance(text, str) or len(text) > 64:
        return None
    return _parse_cached(text, pivot)


@lru_cache(maxsize=65536)
def _parse_cached(text: str, pivot: int) -> ParsedDate | None:
    # Registries repeat birth dates (a million persons hold some 20,000 distinct ones); ParsedDate is frozen.
    try:
        return _parse(text, pivot)
    except (ValueError, OverflowError):
        return None


def swap_day_month(date: ParsedDate) -> ParsedDate | None:
    """Return the date with day and month exchanged, or None when that is no valid date or the day is unknown."""
    if date.day is None or date.month is None or not _day_ok(date.year, date.day, date.month):
        return None
    return replace(date, day=date.month, month=date.day)
