"""Military ranks and titles: one key per rank across Ukrainian, Russian and English, and ranks taken off names.

Clerks write a rank into the rank column («ст. лейтенант», «старший лейтенант», "senior lieutenant") and often
in front of the name as well («сержант Коваленко Іван», "Sgt. Kovalenko"). `rank_key` compares the first;
`strip_rank` takes the second off a name before it is split into parts.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Final

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from .skeleton import skeleton, skeleton_token

__all__ = ["RANKS", "rank_key", "strip_rank"]

# Ranks as Ukrainian and Russian clerks write them; a key is the first form on its line.
_RANK_LINES: Final = """
солдат/рядовий/рядовой/рядовой солдат/private
старший солдат/ефрейтор/lance corporal
матрос/seaman
старший матрос
молодший сержант/младший сержант/junior sergeant
сержант/sergeant
старший сержант/senior sergeant
головний сержант/старшина/главный сержант/chief sergeant
штаб-сержант/staff sergeant
прапорщик/warrant officer
старший прапорщик
молодший лейтенант/младший лейтенант/junior lieutenant
лейтенант/lieutenant
старший лейтенант/senior lieutenant
капітан/капитан/captain
майор/major
підполковник/подполковник/lieutenant colonel
полковник/colonel
генерал-майор/major general
"""
RANKS: Final[tuple[tuple[str, ...], ...]] = tuple(
    tuple(skeleton(form) for form in line.split("/")) for line in _RANK_LINES.strip().splitlines()
)
"""Each rank as its skeleton forms, the key first ("soldat", "riadovii", "riadovoi", …)."""
_RANK_FORMS: Final = {form: line[0] for line in RANKS for form in line}
_RANK_CHOICES: Final = list(_RANK_FORMS)

# Abbreviations written with names, and what they stand for:
_ABBREVIATIONS: Final = {
    skeleton_token(short): skeleton(full)
    for short, full in (
        ("ст", "старший"),
        ("мл", "молодший"),
        ("мол", "молодший"),
        ("ряд", "рядовий"),
        ("sr", "senior"),
        ("jr", "junior"),
        ("sgt", "sergeant"),
        ("lt", "lieutenant"),
        ("capt", "captain"),
        ("cpt", "captain"),
        ("maj", "major"),
        ("col", "colonel"),
        ("pvt", "private"),
        ("cpl", "lance corporal"),
    )
}
# Abbreviations that are no name part, so they count without their dot too ("Sgt Kovalenko"):
_BARE_ABBREVIATIONS: Final = frozenset(skeleton_token(w) for w in ("sgt", "pvt", "cpl", "cpt", "capt", "lt"))
# Words that make a rank senior or junior; alone they are no rank:
_QUALIFIERS: Final = frozenset(
    skeleton(w)
    for w in ("старший", "молодший", "младший", "головний", "главный", "senior", "junior", "staff")
)
_MAX_WORDS: Final = 3  # "старший прапорщик", "lieutenant colonel", "рядовой солдат", "ст. лейтенант"


@lru_cache(maxsize=4096)
def rank_key(rank: str) -> str | None:
    """Return the rank as one canonical key across languages and spellings, else None.

    «солдат», «рядовий», «рядовой» and "private" give one key; a close misspelling (Jaro-Winkler ≥ 0.88) too.
    """
    skel = skeleton(rank)
    if not skel:
        return None
    if skel in _RANK_FORMS:
        return _RANK_FORMS[skel]
    best = process.extractOne(skel, _RANK_CHOICES, scorer=JaroWinkler.similarity, score_cutoff=0.88)
    return _RANK_FORMS[best[0]] if best else None


@lru_cache(maxsize=131072)
def _word_key(word: str) -> str:
    skel = skeleton_token(word.rstrip("."))
    if word.endswith(".") or skel in _BARE_ABBREVIATIONS:
        return _ABBREVIATIONS.get(skel, skel)
    return skel


def _is_rank(words: list[str]) -> bool:
    keys = [_word_key(w) for w in words]
    if keys[-1] in _QUALIFIERS:
        return False
    return " ".join(keys) in _RANK_FORMS or (
        len(keys) > 1 and keys[0] in _QUALIFIERS and " ".join(keys[1:]) in _RANK_FORMS
    )


def strip_rank(words: list[str]) -> tuple[list[str], str | None]:
    """Return the words of a name without a rank written before or after it, and the rank key found.

    Only exact rank words and their usual abbreviations count («ст. лейтенант», "Sgt.", «рядовий»; an
    abbreviation that could be a name part, such as «ст», "Col", "Maj", only with its dot), never a fuzzy match, and at least one word must be left, so a surname that is also a rank word (Майор) is kept when
    it stands alone. A leading rank is tried first, longest first.
    """
    for n in range(min(_MAX_WORDS, len(words) - 1), 0, -1):
        if _is_rank(words[:n]):
            return words[n:], rank_key(" ".join(_word_key(w) for w in words[:n]))
    for n in range(min(_MAX_WORDS, len(words) - 1), 0, -1):
        if _is_rank(words[-n:]):
            return words[:-n], rank_key(" ".join(_word_key(w) for w in words[-n:]))
    return words, None
