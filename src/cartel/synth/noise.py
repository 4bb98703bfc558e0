"""Noise profiles (all rates in one dataclass) and the clerical errors they drive.

Two profiles ship: `TUNING` for fitting the matcher, `HOLDOUT` for measuring it. The holdout profile uses other
rates and romanisation habits that `TUNING` never uses (MATCHING.md §4, "avoid circularity"). `CLEAN` renders
without any noise, for tests.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate
from typing import Final

__all__ = [
    "CLEAN",
    "HOLDOUT",
    "PROFILES",
    "TUNING",
    "NoiseProfile",
    "Weights",
    "apply_typo",
    "homoglyph",
    "pick",
]

Weights = tuple[tuple[str, float], ...]


@lru_cache(maxsize=1024)
def _cumulative(weights: Weights) -> tuple[tuple[str, ...], tuple[float, ...]]:
    keys = tuple(k for k, _ in weights)
    total = sum(w for _, w in weights)
    return keys, tuple(accumulate(w / total for _, w in weights))


def pick(rng: random.Random, weights: Weights) -> str:
    """Draw one key from `(key, weight)` pairs."""
    keys, cum = _cumulative(weights)
    return keys[min(bisect(cum, rng.random()), len(keys) - 1)]


@dataclass(frozen=True, slots=True, kw_only=True)
class NoiseProfile:
    """Every rate of every clerical habit and error the renderer applies; probabilities are per row or token."""

    name: str
    # Language, script and romanisation.
    hybrid_token: float = 0.08  # a name token keeps the person's own-language spelling
    latin_row: float = 0.02  # a row of a Cyrillic list written in Latin letters
    uk_schemes: Weights = (("uk-kmu-2010", 0.6), ("uk-passport-2007", 0.25), ("uk-bgn", 0.15))
    ru_schemes: Weights = (("ru-icao", 0.55), ("ru-mvd-310", 0.3), ("ru-bgn", 0.15))
    latin_upper: float = 0.25  # passport-style capitals in Latin rows
    yo_written: float = 0.3  # a Russian clerk writes ё rather than е
    # Name layout.
    name_orders: Weights = (("sgp", 0.7), ("gps", 0.15), ("s_initials", 0.1), ("sg_p", 0.05))
    surname_upper: float = 0.35  # "КОВАЛЕНКО Олександр Петрович"
    all_upper: float = 0.05
    patronymic: Weights = (("full", 0.85), ("initial", 0.08), ("missing", 0.07))
    diminutive: float = 0.05
    # Clerical errors in names, per token.
    typo: float = 0.04
    typo_kinds: Weights = (
        ("deletion", 0.25),
        ("transposition", 0.2),
        ("keyboard", 0.25),
        ("ocr", 0.15),
        ("duplication", 0.15),
    )
    homoglyph: float = 0.02  # one letter from the other script's look-alikes
    # Birth date.
    dob_formats: Weights = (("dmy", 0.8), ("iso", 0.08), ("mdy", 0.04), ("year", 0.04), ("missing", 0.04))
    dob_swap: float = 0.02
    dob_day_off: float = 0.015
    dob_year_off: float = 0.01
    # Other fields.
    birth_place_missing: float = 0.25
    unit_missing: float = 0.15
    service_number_missing: float = 0.2
    digit_swap: float = 0.02  # two adjacent digits of a unit or service number swapped
    prefix_homoglyph: float = 0.1  # Cyrillic prefix of a unit or service number typed in Latin
    code_separator: float = 0.1  # "АР-1234567" or "АР 1234567" rather than "АР1234567"
    unit_label: float = 0.4  # "в/ч А1234" rather than "А1234"
    rank_missing: float = 0.1
    sex_missing: float = 0.1

    def with_rates(self, **rates: object) -> NoiseProfile:
        """Return a copy with some rates changed."""
        return replace(self, **rates)  # type: ignore[arg-type]

    def schemes(self) -> frozenset[str]:
        """Return every romanisation habit this profile may use."""
        return frozenset(k for k, w in self.uk_schemes + self.ru_schemes if w > 0)


TUNING: Final = NoiseProfile(name="tuning")

HOLDOUT: Final = NoiseProfile(
    name="holdout",
    hybrid_token=0.12,
    latin_row=0.04,
    uk_schemes=(("uk-kmu-2010", 0.4), ("uk-german", 0.2), ("uk-french", 0.15), ("uk-polish", 0.25)),
    ru_schemes=(("ru-icao", 0.35), ("ru-gost-52535", 0.25), ("ru-wikipedia", 0.4)),
    latin_upper=0.4,
    yo_written=0.15,
    name_orders=(("sgp", 0.5), ("gps", 0.25), ("s_initials", 0.15), ("sg_p", 0.1)),
    surname_upper=0.5,
    all_upper=0.1,
    patronymic=(("full", 0.75), ("initial", 0.12), ("missing", 0.13)),
    diminutive=0.07,
    typo=0.06,
    typo_kinds=(
        ("deletion", 0.2),
        ("transposition", 0.15),
        ("keyboard", 0.2),
        ("ocr", 0.3),
        ("duplication", 0.15),
    ),
    homoglyph=0.04,
    dob_formats=(("dmy", 0.6), ("iso", 0.15), ("mdy", 0.1), ("year", 0.07), ("missing", 0.08)),
    dob_swap=0.04,
    dob_day_off=0.025,
    dob_year_off=0.02,
    birth_place_missing=0.35,
    unit_missing=0.25,
    service_number_missing=0.3,
    digit_swap=0.04,
    prefix_homoglyph=0.2,
    code_separator=0.2,
    unit_label=0.6,
    rank_missing=0.15,
    sex_missing=0.15,
)

CLEAN: Final = NoiseProfile(
    name="clean",
    hybrid_token=0.0,
    latin_row=0.0,
    uk_schemes=(("uk-kmu-2010", 1.0),),
    ru_schemes=(("ru-icao", 1.0),),
    latin_upper=0.0,
    yo_written=1.0,
    name_orders=(("sgp", 1.0),),
    surname_upper=0.0,
    all_upper=0.0,
    patronymic=(("full", 1.0),),
    diminutive=0.0,
    typo=0.0,
    homoglyph=0.0,
    dob_formats=(("dmy", 1.0),),
    dob_swap=0.0,
    dob_day_off=0.0,
    dob_year_off=0.0,
    birth_place_missing=0.0,
    unit_missing=0.0,
    service_number_missing=0.0,
    digit_swap=0.0,
    prefix_homoglyph=0.0,
    code_separator=0.0,
    unit_label=0.0,
    rank_missing=0.0,
    sex_missing=0.0,
)

PROFILES: Final = {p.name: p for p in (TUNING, HOLDOUT, CLEAN)}


def _neighbours(rows: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for r, row in enumerate(rows):
        for c, ch in enumerate(row):
            near = [row[c - 1] if c else "", row[c + 1] if c + 1 < len(row) else ""]
            for other in (rows[r - 1] if r else "", rows[r + 1] if r + 1 < len(rows) else ""):
                near += [other[c] if c < len(other) else ""]
            out[ch] = "".join(n for n in near if n)
    return out


# ЙЦУКЕН (Russian letters, Ukrainian letters where their keys sit) and QWERTY.
_KEYS: Final = {
    **_neighbours(("йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю")),
    **{k: v for k, v in _neighbours(("йцукенгшщзхї", "фівапролджє", "ячсмитьбю")).items() if k in "іїє"},
    **_neighbours(("qwertyuiop", "asdfghjkl", "zxcvbnm")),
}
_OCR: Final = {
    "и": "н",
    "н": "и",
    "ш": "щ",
    "щ": "ш",
    "е": "ё",
    "ё": "е",
    "п": "н",
    "ц": "щ",
    "і": "l",
    "m": "rn",
    "rn": "m",
    "l": "1",
    "o": "0",
    "u": "v",
    "i": "l",
}
_CYR_TO_LAT: Final = dict(zip("аеорсухіАВЕКМНОРСТХІ", "aeopcyxiABEKMHOPCTXI", strict=True))
_LAT_TO_CYR: Final = {v: k for k, v in _CYR_TO_LAT.items()}


def homoglyph(text: str, rng: random.Random) -> str:
    """Replace one letter by its look-alike from the other script (Cyrillic с ↔ Latin c)."""
    spots = [i for i, ch in enumerate(text) if ch in _CYR_TO_LAT or ch in _LAT_TO_CYR]
    if not spots:
        return text
    i = rng.choice(spots)
    ch = text[i]
    return text[:i] + _CYR_TO_LAT.get(ch, _LAT_TO_CYR.get(ch, ch)) + text[i + 1 :]


def apply_typo(text: str, kind: str, rng: random.Random) -> str:
    """Apply one clerical error of `kind` (see `NoiseProfile.typo_kinds`) at a random position."""
    n = len(text)
    if n < 3:
        return text
    i = 1 + int(rng.random() * (n - 2))  # first letters are rarely wrong
    if kind == "deletion":
        return text[:i] + text[i + 1 :]
    if kind == "transposition":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == "duplication":
        return text[: i + 1] + text[i:]
    if kind == "keyboard":
        ch = text[i]
        near = _KEYS.get(ch.lower(), "")
        if not near:
            return text
        sub = rng.choice(near)
        return text[:i] + (sub.upper() if ch.isupper() else sub) + text[i + 1 :]
    if kind == "ocr":
        for j in [*range(i, n), *range(0, i)]:
            for width in (2, 1):
                chunk = text[j : j + width]
                if len(chunk) == width and chunk in _OCR:
                    return text[:j] + _OCR[chunk] + text[j + width :]
        return text
    raise ValueError(f"unknown typo kind {kind!r}")
