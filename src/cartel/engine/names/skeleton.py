"""The Latin skeleton: an aggressive fold that makes most spellings of one name equal (MATCHING.md §1.4).

Kovalenko, Kowalenko, Коваленко → "kovalenko"; Shevchenko, Schewtschenko, Szewczenko, Шевченко → "shevchenko";
Hryhorii, Grigory, Григорій, Григорий → "grigori"; Tkachuk, Tkatchouk, Tkatschuk, Tkaczuk, Ткачук → "tkachuk";
Prokhorov, Prochorow → "prokhorov". A skeleton is a comparison key, never shown to people.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .homoglyphs import repair_homoglyphs
from .script import is_cyrillic_char

__all__ = ["skeleton", "skeleton_token", "skeleton_tokens"]

_CYRILLIC = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "io", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia", "ў": "u",
})  # fmt: skip
_DIACRITICS = str.maketrans({
    "š": "sh", "č": "ch", "ž": "zh", "ŝ": "shch", "ż": "zh", "ł": "l", "ß": "ss", "ø": "o", "æ": "ae",
    "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i",
})  # fmt: skip

# Orthographies of other languages, folded to English-style letter groups (longest first):
_ORTHOGRAPHY = {
    "schtsch": "shch", "szcz": "shch", "tsch": "ch", "tch": "ch", "sch": "sh", "sz": "sh", "cz": "ch", "ck": "k",
    "ph": "f", "qu": "kv", "q": "k", "w": "v", "x": "ks", "ou": "u", "tz": "ts",
}  # fmt: skip
_ORTHOGRAPHY_RE = re.compile("|".join(sorted(_ORTHOGRAPHY, key=len, reverse=True)))
# German and Polish write х as ch (Prochorow, Chomenko) and ч as tsch or cz. In a word that shows either
# orthography (w for в, sch, sz, cz), a ch that is not part of sch or tsch is х; elsewhere ch stays ч (English).
_GERMAN_OR_POLISH = re.compile("w|sch|sz|cz")
_CH_AS_KH = re.compile("(?<![st])ch")
# Letter groups kept apart from h → g and from the glide rules, as placeholder digits:
_PROTECT = {"shch": "4", "zh": "3", "kh": "2", "ch": "1", "sh": "5"}
_PROTECT_RE = re.compile("shch|zh|kh|ch|sh")
_RESTORE = str.maketrans({v: k for k, v in _PROTECT.items()})
_HARD_C = re.compile(r"c(?=[aoubdfgklmnprstvz])")
_GLIDE_E = re.compile(r"[iyj]+e")
_GLIDE = re.compile(r"[iyj]+([aou])")
_I_RUN = re.compile(r"[iyj]+")
_DOUBLE = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z]+")
_SPLIT = re.compile(r"[^\w'’ʼ`]+|_")


@lru_cache(maxsize=131072)
def skeleton_token(token: str) -> str:
    """Return the skeleton of one word (letters only; "" when nothing foldable is left)."""
    low = token.lower()
    if any(is_cyrillic_char(ch) for ch in low):
        low = low.translate(_CYRILLIC)
    low = _NOT_LETTER.sub("", unicodedata.normalize("NFKD", low.translate(_DIACRITICS)))
    if "ch" in low and _GERMAN_OR_POLISH.search(low):
        low = _CH_AS_KH.sub("kh", low)
    low = _ORTHOGRAPHY_RE.sub(lambda m: _ORTHOGRAPHY[m.group()], low)
    low = _PROTECT_RE.sub(lambda m: _PROTECT[m.group()], low)
    low = low.replace("h", "g").replace("ts", "c")
    low = _HARD_C.sub("k", low)
    low = _GLIDE_E.sub("e", low)
    low = _GLIDE.sub(r"i\1", low)
    low = _I_RUN.sub("i", low)
    low = _DOUBLE.sub(r"\1", low)
    return low.translate(_RESTORE)


@lru_cache(maxsize=131072)
def skeleton_tokens(text: str) -> tuple[str, ...]:
    """Return the non-empty skeletons of the words of `text`, in order."""
    fixed = repair_homoglyphs(text)
    return tuple(s for s in (skeleton_token(w) for w in _SPLIT.split(fixed) if w) if s)


def skeleton(text: str) -> str:
    """Return the Latin skeleton of `text`: its words folded and joined by single spaces."""
    return " ".join(skeleton_tokens(text))
