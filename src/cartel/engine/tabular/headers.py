"""Map the header cells of a list file to canonical field names, in English, Ukrainian and Russian.

Headers are compared by a key that ignores case, punctuation, spaces, a BOM, parenthesised remarks, a leading
«1.» and Latin letters that look Cyrillic in a Cyrillic word, so «П.І.Б.», «ПIБ» (Latin I), «піб» and
«ПІБ (повністю)» are one header. A saved mapping template (a plain dict of header → field, or → None to ignore a
column) wins over the alias table; the alias table can be extended for new list kinds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from cartel.engine.tabular.errors import TabularError

__all__ = [
    "CORE_FIELDS",
    "DEFAULT_ALIASES",
    "EXTRA_FIELDS",
    "AliasTable",
    "HeaderMapping",
    "header_key",
    "map_headers",
]

CORE_FIELDS = (
    "id", "full_name", "surname", "given_name", "patronymic", "birth_date", "birth_place",
    "service_number", "unit", "rank", "sex",
)  # fmt: skip
EXTRA_FIELDS = ("notes", "category", "wounded", "consent", "phone", "relationship")

# fmt: off
_ALIASES: dict[str, tuple[str, ...]] = {
    "id": (
        "id", "№", "номер", "ід", "ид", "record id", "record", "no", "nr", "number", "uid", "identifier",
        "№ п/п", "№ з/п", "п/п", "з/п", "порядковий номер", "порядковый номер", "номер запису", "номер записи",
        "ідентифікатор", "идентификатор", "код", "code",
    ),
    "full_name": (
        "full_name", "full name", "name", "person", "surname name", "name surname", "піб", "п.і.б.", "фіо",
        "фио", "ф.и.о.", "прізвище ім'я по батькові", "прізвище, ім'я, по батькові", "прізвище та ім'я",
        "прізвище ім'я", "фамилия имя отчество", "фамилия, имя, отчество", "фамилия и имя", "фамилия имя",
        "фио полностью", "піб повністю",
    ),
    "surname": (
        "surname", "last name", "lastname", "family name", "прізвище", "фамилия", "призвище",
    ),
    "given_name": (
        "given_name", "given name", "first name", "firstname", "forename", "ім'я", "имя", "імя",
    ),
    "patronymic": (
        "patronymic", "middle name", "middlename", "father's name", "по батькові", "по-батькові", "отчество",
    ),
    "birth_date": (
        "birth_date", "birth date", "date of birth", "dob", "d.o.b.", "birthdate", "born", "year of birth",
        "дата народження", "дата нар.", "д.н.", "д/н", "рік народження", "народився", "дата і рік народження",
        "дата рождения", "дата рожд.", "д.р.", "год рождения", "родился",
    ),
    "birth_place": (
        "birth_place", "birth place", "place of birth", "birthplace", "місце народження", "місце нар.",
        "уродженець", "место рождения", "место рожд.", "уроженец",
    ),
    "service_number": (
        "service_number", "service number", "service no", "personal number", "military id", "military number",
        "dog tag", "tag", "особовий номер", "особовий №", "особ. номер", "особистий номер", "військовий квиток",
        "номер військового квитка", "жетон", "номер жетона", "номер жетону", "№ жетона", "№ жетону",
        "личный номер", "личный №", "военный билет", "номер военного билета",
    ),
    "unit": (
        "unit", "military unit", "в/ч", "військова частина", "підрозділ", "частина", "воинская часть",
        "подразделение", "часть",
    ),
    "rank": (
        "rank", "military rank", "звання", "військове звання", "звание", "воинское звание",
    ),
    "sex": (
        "sex", "gender", "стать", "пол",
    ),
    "notes": (
        "notes", "note", "comment", "comments", "remarks", "примітки", "примітка", "коментар", "примечание",
        "примечания", "комментарий",
    ),
    "category": (
        "category", "категорія", "категория",
    ),
    "wounded": (
        "wounded", "injured", "поранений", "поранення", "ранен", "раненый", "ранение",
    ),
    "consent": (
        "consent", "згода", "согласие",
    ),
    "phone": (
        "phone", "telephone", "tel", "mobile", "телефон", "тел", "моб", "номер телефону", "номер телефона",
        "контактний телефон", "контактный телефон",
    ),
    "relationship": (
        "relationship", "relation", "kinship", "ступінь спорідненості", "спорідненість", "ким доводиться",
        "степень родства", "родство", "кем приходится",
    ),
}
# fmt: on

# Latin letters that look like Cyrillic ones; applied to keys that contain Cyrillic.
_LATIN_TO_CYRILLIC = str.maketrans("aceiopxykmthb", "асеіорхукмтнв")
_REMARK_RE = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_NUMBERING_RE = re.compile(r"^\s*\d{1,3}\s*[.)]\s*(?=\D)")


def header_key(text: str) -> str:
    """Return the comparison key of a header: case-, punctuation-, space- and homoglyph-insensitive."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    stripped = _NUMBERING_RE.sub("", _REMARK_RE.sub(" ", folded))
    key = _letters(stripped) or _letters(folded)
    if any("\u0400" <= ch <= "\u04ff" for ch in key):
        key = key.translate(_LATIN_TO_CYRILLIC)
    return key


def _letters(text: str) -> str:
    return "".join(
        ch for ch in text if unicodedata.category(ch)[0] in "LN" and unicodedata.category(ch) != "Lm"
    )


@dataclass(frozen=True, slots=True)
class AliasTable:
    """Header aliases per canonical field; `extended` returns a table with more fields or aliases."""

    aliases: Mapping[str, tuple[str, ...]]
    _index: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index: dict[str, str] = {}
        for name, names in self.aliases.items():
            for alias in (name, *names):
                index.setdefault(header_key(alias), name)
        object.__setattr__(self, "_index", index)

    @property
    def fields(self) -> tuple[str, ...]:
        """The canonical field names this table knows."""
        return tuple(self.aliases)

    def lookup(self, header: str) -> str | None:
        """Return the canonical field a header names, or None."""
        return self._index.get(header_key(header))

    def extended(self, extra: Mapping[str, Iterable[str]]) -> AliasTable:
        """Return a copy with more aliases for existing fields or new fields."""
        merged = {name: tuple(names) for name, names in self.aliases.items()}
        for name, names in extra.items():
            merged[name] = (*merged.get(name, ()), *names)
        return AliasTable(merged)


DEFAULT_ALIASES = AliasTable(_ALIASES)


@dataclass(frozen=True, slots=True, kw_only=True)
class HeaderMapping:
    """Which column feeds which field, which columns are not understood, and which required fields are absent."""

    mapping: dict[str, str]
    unknown_columns: list[str]
    missing_required: list[str]
    ignored_columns: list[str] = field(default_factory=list)
    duplicate_fields: dict[str, list[str]] = field(default_factory=dict)

    def column_for(self, name: str) -> str | None:
        """Return the column mapped to a canonical field, or None."""
        for column, mapped in self.mapping.items():
            if mapped == name:
                return column
        return None


def map_headers(
    columns: Sequence[str],
    template: Mapping[str, str | None] | None = None,
    *,
    aliases: AliasTable = DEFAULT_ALIASES,
    required: Iterable[str] = ("id",),
) -> HeaderMapping:
    """Map header cells to canonical fields, using a saved template first and the alias table second."""
    by_key = _template_index(template or {}, aliases)
    mapping: dict[str, str] = {}
    unknown: list[str] = []
    ignored: list[str] = []
    duplicates: dict[str, list[str]] = {}
    taken: set[str] = set()
    for column in columns:
        if template is not None and column in template:
            target = template[column] or None
            explicit = True
        elif header_key(column) in by_key:
            target = by_key[header_key(column)]
            explicit = True
        else:
            target = aliases.lookup(column)
            explicit = False
        if target is None:
            (ignored if explicit else unknown).append(column)
        elif target in taken:
            duplicates.setdefault(target, []).append(column)
            unknown.append(column)
        else:
            mapping[column] = target
            taken.add(target)
    missing = [name for name in required if name not in taken]
    return HeaderMapping(
        mapping=mapping,
        unknown_columns=unknown,
        missing_required=missing,
        ignored_columns=ignored,
        duplicate_fields=duplicates,
    )


def _template_index(template: Mapping[str, str | None], aliases: AliasTable) -> dict[str, str | None]:
    known = set(aliases.fields)
    index: dict[str, str | None] = {}
    for column, target in template.items():
        if target and target not in known:
            raise TabularError(
                f"The saved mapping sends column «{column}» to «{target}», which is not a known field. Known "
                f"fields: {', '.join(sorted(known))}. Edit the mapping and try again.",
                code="bad_template",
            )
        index[header_key(column)] = target or None
    return index
