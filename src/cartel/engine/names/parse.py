"""Split a full-name string into surname, given name and patronymic, whatever the order.

Roles are assigned by evidence, strongest first: a patronymic suffix (-ович, -івна, -ovych, -ovna) or initials,
a comma after the surname, an ALL-CAPS surname among mixed-case words, membership of the given-name table,
a surname ending (-енко, -чук, -ов…) on one word only; else the usual order of the script (Cyrillic lists: surname
first; Latin: given name first). Digits typed for letters are read back first (B0NDAR), and a rank written before
or after the name («ст. лейтенант», "Sgt.") is taken off.
`order_confidence` says how sure the assignment is, so that linkage can fall back to order-free tokens.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .equivalence import given_name_group, is_diminutive, looks_like_surname, patronymic_sex
from .homoglyphs import repair_digits, repair_homoglyphs
from .script import Script, detect_script
from .titles import strip_rank

__all__ = ["NameParts", "parse_full_name", "parse_name_fields"]

_TOKEN = re.compile(r"[^\W\d_]+(?:['’ʼ`\-][^\W\d_]+)*\.?|,")
# Digits and the year-of-birth words that follow them ("1991 р.н.", "1991 г.р.", "1991 року"):
_DIGITS = re.compile(r"\S*\d\S*(?:\s*(?:р\.?\s*н\.?|г\.?\s*р\.?|р\.|г\.|року|рік|года|год)(?=[\s,;]|$))?")
_SPACES = re.compile(r"\s+")
_ANY_DIGIT = re.compile(r"\d")
_GUESSED = 0.3  # order by the script's habit alone
_BY_ENDING = 0.5  # order by a surname ending on one word


@dataclass(frozen=True, slots=True, kw_only=True)
class NameParts:
    """A person's name split into roles; a missing part is None."""

    surname: str | None
    given: str | None
    patronymic: str | None
    order_confidence: float  # 0 (a guess) … 1 (given as separate fields)

    @property
    def empty(self) -> bool:
        """True when no part holds a letter."""
        return not (self.surname or self.given or self.patronymic)


_EMPTY = NameParts(surname=None, given=None, patronymic=None, order_confidence=0.0)


def _is_initial(token: str) -> bool:
    return len(token.rstrip(".")) == 1


@lru_cache(maxsize=131072)
def _is_patronymic(token: str) -> bool:
    return len(token) >= 5 and "-" not in token and patronymic_sex(token) is not None


@lru_cache(maxsize=131072)
def _is_given(token: str) -> bool:
    return not _is_initial(token) and given_name_group(token) is not None


def _is_caps(token: str) -> bool:
    return len(token) > 1 and token.isupper()


def _parts(surname: list[str], given: str | None, patronymic: str | None, confidence: float) -> NameParts:
    return NameParts(
        surname=" ".join(surname) or None, given=given, patronymic=patronymic, order_confidence=confidence
    )


def _with_patronymic(tokens: list[str], p: int) -> NameParts:
    given = tokens[p - 1]
    rest = tokens[: p - 1] + tokens[p + 1 :]
    confidence = 0.97 if _is_given(given) else 0.85
    return _parts(rest, given, tokens[p], confidence)


def _with_initials(tokens: list[str]) -> NameParts:
    initials = [t for t in tokens if _is_initial(t)]
    words = [t for t in tokens if not _is_initial(t)]
    if len(words) == 1:
        patronymic = initials[1] if len(initials) > 1 else None
        return _parts(words, initials[0], patronymic, 0.9)
    # "Kovalenko Oleksandr P.": the initial is the patronymic; order the words without it.
    parts = _two_or_more(words)
    return NameParts(
        surname=parts.surname,
        given=parts.given,
        patronymic=parts.patronymic or initials[0],
        order_confidence=parts.order_confidence * 0.95,
    )


def _two_or_more(tokens: list[str]) -> NameParts:
    caps = [t for t in tokens if _is_caps(t)]
    if caps and len(caps) < len(tokens):
        others = [t for t in tokens if not _is_caps(t)]
        return _parts(caps, others[0], " ".join(others[1:]) or None, 0.85)
    known = [i for i, t in enumerate(tokens) if _is_given(t)]
    full = [i for i in known if not is_diminutive(tokens[i])] or known
    if len(full) == 1 and len(tokens) > 1:
        g = full[0]
        others = tokens[:g] + tokens[g + 1 :]
        surname = others[-1:] if g == 0 else others[:1]
        middle = [t for t in others if t not in surname]
        return _parts(surname, tokens[g], " ".join(middle) or None, 0.8 if len(tokens) == 2 else 0.6)
    latin = detect_script(" ".join(tokens)) == Script.LATIN
    if latin:
        guess = _parts(tokens[-1:], tokens[0], " ".join(tokens[1:-1]) or None, _GUESSED)
    else:
        guess = _parts(tokens[:1], tokens[1], " ".join(tokens[2:]) or None, _GUESSED)
    return _surname_by_ending(guess)


def _surname_by_ending(parts: NameParts) -> NameParts:
    """Swap a guessed order when the "given name" ends like a surname and the "surname" does not.

    "KOVALENKO RUSLANCHYK" (an unknown diminutive) is read by Latin habit as given name first.
    """
    given, surname = parts.given, parts.surname
    if not given or not surname or " " in surname:
        return parts
    if looks_like_surname(given) and not looks_like_surname(surname):
        return NameParts(
            surname=given, given=surname, patronymic=parts.patronymic, order_confidence=_BY_ENDING
        )
    return parts


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFC", text)
    if _ANY_DIGIT.search(text):
        text = _DIGITS.sub(" ", repair_digits(text))
    text = repair_homoglyphs(text)
    # "О.П.Коваленко" yields "О.", "П.", "Коваленко": a token ends at its dot.
    return [t for t in _TOKEN.findall(text) if t.strip(".")]


@lru_cache(maxsize=65536)
def parse_full_name(text: str) -> NameParts:
    """Return the surname, given name and patronymic found in a free-text full name (never raises)."""
    tokens, _rank = strip_rank(_tokens(text))
    comma = tokens.index(",") if "," in tokens else -1
    tokens = [t for t in tokens if t != ","]
    words = [t.rstrip(".") if not _is_initial(t) else t for t in tokens]
    if not words:
        return _EMPTY
    if len(words) == 1:
        only = words[0]
        if _is_given(only) and not _is_caps(only):
            return _parts([], only, None, 0.3)
        return _parts([only], None, None, 0.3)
    candidates = [
        i for i, t in enumerate(words) if i > 0 and _is_patronymic(t) and not _is_initial(words[i - 1])
    ]
    if candidates:
        preferred = [i for i in candidates if _is_given(words[i - 1]) and not _is_patronymic(words[i - 1])]
        return _with_patronymic(words, (preferred or candidates)[-1])
    if any(_is_initial(t) for t in words) and not all(_is_initial(t) for t in words):
        return _with_initials(words)
    if comma == 1:
        return _parts(words[:1], words[1], " ".join(words[2:]) or None, 0.9)
    return _two_or_more(words)


@lru_cache(maxsize=131072)
def _clean_field(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = _SPACES.sub(" ", repair_homoglyphs(repair_digits(unicodedata.normalize("NFC", value)))).strip(
        " ,;"
    )
    return cleaned if any(ch.isalpha() for ch in cleaned) else None


def parse_name_fields(
    *, surname: str | None = None, given: str | None = None, patronymic: str | None = None
) -> NameParts:
    """Return NameParts from separate columns; a whole name typed into one column is parsed instead."""
    s, g, p = _clean_field(surname), _clean_field(given), _clean_field(patronymic)
    filled = [v for v in (s, g, p) if v]
    if len(filled) == 1 and not p and len(_tokens(filled[0])) > 1:
        return parse_full_name(filled[0])
    if g and not p:
        pieces = _tokens(g)
        if len(pieces) == 2 and all(_is_initial(t) for t in pieces):
            g, p = pieces
    return NameParts(surname=s, given=g, patronymic=p, order_confidence=1.0 if filled else 0.0)
