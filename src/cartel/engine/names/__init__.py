"""Names: script detection, homoglyph repair, transliteration by named standards, Ukrainian↔Russian name
equivalence, parsing a name string into parts (digits read as letters, ranks taken off), military ranks, dates of
birth and the matching keys built from them.

Everything here is pure and cached; see docs/names.md for the standards followed and the known limits.
"""

from .dates import DatePrecision, ParsedDate, parse_date, swap_day_month
from .equivalence import (
    Sex,
    given_name_group,
    given_name_language,
    given_name_sex,
    is_diminutive,
    looks_like_surname,
    patronymic_group,
    patronymic_sex,
    surname_fold,
    surname_sex,
    surname_to_russian,
)
from .homoglyphs import normalize_identifier, repair_digits, repair_homoglyphs
from .keys import KEYS_VERSION, NameKeys, latin_display, name_keys
from .parse import NameParts, parse_full_name, parse_name_fields
from .script import Language, Script, detect_language, detect_script
from .skeleton import skeleton, skeleton_tokens
from .titles import RANKS, rank_key, strip_rank
from .translit import SYSTEMS, System, to_cyrillic_guess, transliterate

__all__ = [
    "KEYS_VERSION",
    "RANKS",
    "SYSTEMS",
    "DatePrecision",
    "Language",
    "NameKeys",
    "NameParts",
    "ParsedDate",
    "Script",
    "Sex",
    "System",
    "detect_language",
    "detect_script",
    "given_name_group",
    "given_name_language",
    "given_name_sex",
    "is_diminutive",
    "latin_display",
    "looks_like_surname",
    "name_keys",
    "normalize_identifier",
    "parse_date",
    "parse_full_name",
    "parse_name_fields",
    "patronymic_group",
    "patronymic_sex",
    "rank_key",
    "repair_digits",
    "repair_homoglyphs",
    "skeleton",
    "skeleton_tokens",
    "strip_rank",
    "surname_fold",
    "surname_sex",
    "surname_to_russian",
    "swap_day_month",
    "to_cyrillic_guess",
    "transliterate",
]
