"""Render a latent person as one list row, the way a given party's clerk would write it.

A `Clerk` holds the conventions of one list (language, script, column layout, which fields the source knows);
a `NoiseProfile` holds the rates of every habit and error. Work per row is a few dozen cheap operations, and
romanisation is cached per token, so lists of a million rows render in about a minute.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final, Literal, NamedTuple

from cartel.synth.morph import Language
from cartel.synth.noise import NoiseProfile, apply_typo, homoglyph, pick
from cartel.synth.people import Person
from cartel.synth.pools import FEMALE, MALE, PLACES, RANKS
from cartel.synth.translit import transliterate

__all__ = ["COLUMNS", "Clerk", "ListRow", "format_date", "render_row"]

COLUMNS: Final = (
    "id",
    "full_name",
    "surname",
    "given_name",
    "patronymic",
    "birth_date",
    "birth_place",
    "service_number",
    "unit",
    "rank",
    "sex",
)

_OTHER: Final[dict[Language, Language]] = {"uk": "ru", "ru": "uk"}
_SEX: Final = {
    "uk": (("ч", "ж"), ("чол.", "жін."), ("чоловіча", "жіноча")),
    "ru": (("м", "ж"), ("муж.", "жен."), ("мужской", "женский")),
    "latin": (("M", "F"), ("m", "f"), ("male", "female")),
}
_UNIT_LABEL: Final = {"uk": "в/ч ", "ru": "в/ч ", "latin": "mil. unit "}
_LAT_PREFIX: Final = dict(zip("АВЕКМНОРСТХ", "ABEKMHOPCTX", strict=True))


class ListRow(NamedTuple):
    """One row of a list file, with the columns of DESIGN.md; an empty string is an empty cell."""

    id: str
    full_name: str = ""
    surname: str = ""
    given_name: str = ""
    patronymic: str = ""
    birth_date: str = ""
    birth_place: str = ""
    service_number: str = ""
    unit: str = ""
    rank: str = ""
    sex: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Clerk:
    """The conventions of whoever writes one list; `*_known` are the shares of rows whose source has the field."""

    language: Language
    script: Literal["cyrillic", "latin", "mixed"] = "cyrillic"
    latin_share: float = 0.5  # share of Latin rows when script is "mixed"
    layout: Literal["split", "full_name"] = "split"
    own_names: bool = False  # writes each person's own-language name (families), not the clerk's language
    dob_format: Literal["dmy", "iso", "mdy"] | None = None  # list-wide date format; None draws per row
    name_known: float = 1.0
    patronymic_known: float = 1.0
    birth_date_known: float = 1.0
    birth_place_known: float = 1.0
    service_number_known: float = 1.0
    unit_known: float = 1.0
    rank_known: float = 1.0
    sex_known: float = 1.0


def format_date(d: date, fmt: str) -> str:
    """Format `d` as dmy (31.12.1990), iso (1990-12-31), mdy (12/31/1990) or year (1990)."""
    if fmt == "dmy":
        return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"
    if fmt == "iso":
        return f"{d.year:04d}-{d.month:02d}-{d.day:02d}"
    if fmt == "mdy":
        return f"{d.month:02d}/{d.day:02d}/{d.year:04d}"
    if fmt == "year":
        return f"{d.year:04d}"
    return ""


def _perturb_date(d: date, p: NoiseProfile, rng: random.Random) -> date:
    r = rng.random
    if r() < p.dob_swap and d.day <= 12 and d.day != d.month:
        d = date(d.year, d.day, d.month)
    if r() < p.dob_day_off:
        d += timedelta(days=1 if r() < 0.5 else -1)
    if r() < p.dob_year_off:
        year = d.year + (1 if r() < 0.5 else -1)
        d = date(year, d.month, min(d.day, 28) if d.month == 2 else d.day)
    return d


def _code(code: str, p: NoiseProfile, rng: random.Random, *, latin: bool) -> str:
    """Noise on a unit or service number: Latin look-alike prefix, swapped digits, separators."""
    r = rng.random
    if r() < (0.7 if latin and p.prefix_homoglyph else p.prefix_homoglyph):
        code = "".join(_LAT_PREFIX.get(ch, ch) for ch in code)
    if r() < p.digit_swap:
        spots = [i for i in range(len(code) - 1) if code[i].isdigit() and code[i + 1].isdigit()]
        if spots:
            i = rng.choice(spots)
            code = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
    if r() < p.code_separator:
        cut = len(code.rstrip("0123456789"))
        if 0 < cut < len(code):
            code = code[:cut] + rng.choice(("-", " ")) + code[cut:]
    return code


def _token(text: str, p: NoiseProfile, rng: random.Random) -> str:
    if not text:
        return text
    if rng.random() < p.typo:
        text = apply_typo(text, pick(rng, p.typo_kinds), rng)
    if rng.random() < p.homoglyph:
        text = homoglyph(text, rng)
    return text


def render_row(
    person: Person, *, record_id: str, clerk: Clerk, profile: NoiseProfile, rng: random.Random
) -> ListRow:
    """Return `person` as `clerk` writes them, with `profile` noise drawn from `rng`."""
    p, r = profile, rng.random
    if clerk.script == "latin":
        latin = True
    elif clerk.script == "mixed":
        latin = r() < clerk.latin_share
    else:
        latin = r() < p.latin_row
    base: Language = person.name_language if clerk.own_names else clerk.language
    schemes: dict[str, str] = {}

    def write(text: str, lang: Language) -> str:
        if lang == "ru" and "ё" in text and r() >= p.yo_written:
            text = text.replace("ё", "е").replace("Ё", "Е")
        if latin and text:
            if lang not in schemes:
                schemes[lang] = pick(rng, p.uk_schemes if lang == "uk" else p.ru_schemes)
            text = transliterate(text, schemes[lang])
        return text

    def lang() -> Language:
        return _OTHER[base] if r() < p.hybrid_token else base

    surname = given = patronymic = full_name = ""
    if r() < clerk.name_known:
        sur_lang, giv_lang, pat_lang = lang(), lang(), lang()
        parts = {sur_lang: person.name(sur_lang)}
        for lg in (giv_lang, pat_lang):
            if lg not in parts:
                parts[lg] = person.name(lg)
        surname = _token(write(parts[sur_lang].surname, sur_lang), p, rng)
        if r() < p.diminutive:
            entry = (FEMALE if person.sex == "F" else MALE)[person.given]
            given = entry.uk_short if giv_lang == "uk" else entry.ru_short
        else:
            given = parts[giv_lang].given
        given = _token(write(given, giv_lang), p, rng)
        mode = pick(rng, p.patronymic) if r() < clerk.patronymic_known else "missing"
        if mode != "missing":
            patronymic = _token(write(parts[pat_lang].patronymic, pat_lang), p, rng)
            if mode == "initial" and patronymic:
                patronymic = patronymic[0] + "."
        if r() < p.all_upper or (latin and r() < p.latin_upper):
            surname, given, patronymic = surname.upper(), given.upper(), patronymic.upper()
        elif r() < p.surname_upper:
            surname = surname.upper()
        if clerk.layout == "full_name":
            full_name = _compose(surname, given, patronymic, pick(rng, p.name_orders))
            surname = given = patronymic = ""

    birth_date = ""
    if r() < clerk.birth_date_known:
        fmt = pick(rng, p.dob_formats)
        if clerk.dob_format and fmt in ("dmy", "iso", "mdy"):
            fmt = clerk.dob_format
        if fmt != "missing":
            birth_date = format_date(_perturb_date(person.birth_date, p, rng), fmt)

    birth_place = ""
    if r() < clerk.birth_place_known and r() >= p.birth_place_missing:
        place = PLACES[person.birth_place]
        name = place.uk if base == "uk" else place.ru
        kind = place.kind_uk if base == "uk" else place.kind_ru
        birth_place = write(f"{kind} {name}" if r() < 0.7 else name, base)

    military = person.person_type == "military"
    unit = service_number = rank = ""
    if military and r() < clerk.unit_known and r() >= p.unit_missing:
        unit = _code(person.unit, p, rng, latin=latin)
        if r() < p.unit_label:
            unit = _UNIT_LABEL["latin" if latin else base] + unit
    if military and r() < clerk.service_number_known and r() >= p.service_number_missing:
        service_number = _code(person.service_number, p, rng, latin=latin)
    if military and person.rank >= 0 and r() < clerk.rank_known and r() >= p.rank_missing:
        grade = RANKS[person.rank]
        rank = write(grade.uk if base == "uk" else grade.ru, base)

    sex = ""
    if r() < clerk.sex_known and r() >= p.sex_missing:
        style = _SEX["latin" if latin else base][int(r() * 3)]
        sex = style[person.sex == "F"]

    return ListRow(
        record_id,
        full_name,
        surname,
        given,
        patronymic,
        birth_date,
        birth_place,
        service_number,
        unit,
        rank,
        sex,
    )


def _compose(surname: str, given: str, patronymic: str, order: str) -> str:
    """Join name parts in one of the orders of `NoiseProfile.name_orders`."""
    if order == "gps":
        parts = (given, patronymic, surname)
    elif order == "s_initials":
        parts = (surname, given[:1] + "." if given else "", patronymic[:1] + "." if patronymic else "")
    elif order == "sg_p":
        parts = (surname, given, patronymic[:1] + "." if patronymic else "")
    else:
        parts = (surname, given, patronymic)
    return " ".join(x for x in parts if x)
