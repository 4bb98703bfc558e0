"""The linkage model as data: which feature columns are compared, how, and which pairs are scored at all.

`LinkageSpec` knows nothing of databases or SQL dialects; `to_splink` renders it as a Splink 5 `SettingsCreator`
(optionally with trained m/u values), and `cartel.engine.linkage.scoring` evaluates the same levels in Python.
Feature columns are those made by `cartel.engine.linkage.features`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, replace
from typing import TYPE_CHECKING, Any, Final, Literal

if TYPE_CHECKING:
    from splink import SettingsCreator

    from cartel.engine.linkage.params import ModelParams

__all__ = [
    "DEDUPE_SPEC",
    "LINK_SPEC",
    "Block",
    "FieldComparison",
    "Level",
    "LevelKind",
    "LinkType",
    "LinkageSpec",
    "Term",
    "block_sql",
    "key_sql",
    "level_sql",
    "to_splink",
]

LinkType = Literal["link_only", "dedupe_only"]
LevelKind = Literal["null", "exact", "cross", "jaro_winkler", "levenshtein", "prefix", "within", "else"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Level:
    """One level of agreement between two values; the first level a pair satisfies is the one it gets.

    `kind` says how `column` is compared: "null" (missing on either side: no evidence), "exact", "cross"
    (`column` on one side equals `other` on the other, e.g. a birth date against the day/month-swapped one),
    "jaro_winkler" (similarity >= `threshold`), "levenshtein" (edit distance <= `threshold`), "prefix" (first
    `threshold` characters equal), "within" (numbers differ by at most `threshold`), "else" (anything else).
    Conditions in `also` must hold as well.
    """

    label: str
    kind: LevelKind
    column: str = ""
    other: str = ""
    threshold: float = 0.0
    tf: bool = False  # term-frequency adjustment: agreeing on a rare value weighs more than on a common one
    also: tuple[Level, ...] = ()  # further conditions that must all hold too


@dataclass(frozen=True, slots=True, kw_only=True)
class FieldComparison:
    """One comparison of the model: a named output column and its levels, most specific first."""

    name: str
    field: str  # the list column a reviewer sees in explanations ("surname", "birth_date", …)
    levels: tuple[Level, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Term:
    """One equality of a blocking rule: `left` of one record equals `right` of the other (first `prefix` chars)."""

    left: str
    right: str = ""
    prefix: int = 0

    @property
    def right_column(self) -> str:
        """Return the column compared on the other record."""
        return self.right or self.left


@dataclass(frozen=True, slots=True, kw_only=True)
class Block:
    """A blocking rule: pairs agreeing on every term are scored; all others are never compared.

    `refine` holds further terms, added one at a time while the rule would make more pairs than the run affords
    (`LinkageSpec.block_pairs_per_record`): rules on given names, patronymics, initials and dates grow with the
    square of list size, since those repeat whatever the size of the lists.
    """

    name: str
    terms: tuple[Term, ...]
    refine: tuple[Term, ...] = ()

    def refined(self) -> Block:
        """Return the rule with its next refining term added (itself when none is left)."""
        if not self.refine:
            return self
        return replace(self, terms=(*self.terms, self.refine[0]), refine=self.refine[1:])


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkageSpec:
    """Which fields are compared and how, which pairs are scored, and how the model is trained."""

    link_type: LinkType
    comparisons: tuple[FieldComparison, ...]
    blocks: tuple[Block, ...]
    # Near-certain rules used to estimate the share of matching pairs, and the recall assumed for them:
    deterministic: tuple[Block, ...]
    deterministic_recall: float = 0.7
    # Blocks for expectation-maximisation; each leaves the comparisons it does not use to be estimated:
    training_blocks: tuple[Block, ...] = ()
    # Broader blocks used only where they stay affordable: at most this many pairs per input record.
    optional_blocks: tuple[Block, ...] = ()
    optional_pairs_per_record: float = 10.0
    # A block making more pairs than this per input record is refined (`Block.refine`) until it makes fewer:
    block_pairs_per_record: float = 8.0
    review_threshold: float = 0.8

    def with_link_type(self, link_type: LinkType) -> LinkageSpec:
        """Return the same model for another link type."""
        return replace(self, link_type=link_type)

    def fingerprint(self) -> str:
        """Return a short hash that changes whenever the compared fields or their levels change."""
        text = json.dumps([asdict(c) for c in self.comparisons], sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def comparison(self, name: str) -> FieldComparison:
        """Return the comparison called `name`."""
        for comparison in self.comparisons:
            if comparison.name == name:
                return comparison
        raise KeyError(name)


def _null(column: str) -> Level:
    return Level(label=f"{column} missing", kind="null", column=column)


_ELSE: Final = Level(label="different", kind="else")

COMPARISONS: Final = (
    FieldComparison(
        name="surname",
        field="surname",
        levels=(
            _null("surname_skel"),
            Level(label="same spelling", kind="exact", column="surname_skel", tf=True),
            Level(label="same surname across languages or genders", kind="exact", column="surname_fold"),
            Level(
                label="spelling differs slightly", kind="jaro_winkler", column="surname_skel", threshold=0.94
            ),
            Level(label="spelling similar", kind="jaro_winkler", column="surname_skel", threshold=0.87),
            Level(label="two letters differ", kind="levenshtein", column="surname_skel", threshold=2),
            Level(label="written as the given name", kind="cross", column="surname_skel", other="given_skel"),
            _ELSE,
        ),
    ),
    FieldComparison(
        name="given",
        field="given_name",
        levels=(
            _null("given_initial"),
            Level(label="same given name", kind="exact", column="given_group", tf=True),
            Level(label="diminutive of the same name", kind="exact", column="given_diminutive"),
            Level(label="spelling differs slightly", kind="jaro_winkler", column="given_skel", threshold=0.9),
            Level(label="written as the surname", kind="cross", column="given_skel", other="surname_skel"),
            Level(label="initial agrees", kind="cross", column="given_initial", other="given_abbrev"),
            Level(label="other name, same initial", kind="exact", column="given_initial"),
            _ELSE,
        ),
    ),
    FieldComparison(
        name="patronymic",
        field="patronymic",
        levels=(
            _null("patronymic_initial"),
            Level(label="same patronymic", kind="exact", column="patronymic_group"),
            Level(
                label="spelling differs slightly",
                kind="jaro_winkler",
                column="patronymic_skel",
                threshold=0.9,
            ),
            Level(
                label="initial agrees", kind="cross", column="patronymic_initial", other="patronymic_abbrev"
            ),
            Level(label="other patronymic, same initial", kind="exact", column="patronymic_initial"),
            _ELSE,
        ),
    ),
    FieldComparison(
        name="dob",
        field="birth_date",
        levels=(
            _null("dob_year"),
            Level(label="same date", kind="exact", column="dob"),
            Level(label="day and month swapped", kind="cross", column="dob", other="dob_swapped"),
            Level(
                label="same day and month, years one apart",
                kind="exact",
                column="dob_md",
                also=(Level(label="", kind="within", column="dob_year", threshold=1),),
            ),
            Level(label="same year and month", kind="exact", column="dob_ym"),
            Level(label="same year", kind="exact", column="dob_year"),
            Level(label="years one apart", kind="within", column="dob_year", threshold=1),
            _ELSE,
        ),
    ),
    FieldComparison(
        name="service",
        field="service_number",
        levels=(
            _null("service_key"),
            Level(label="same number", kind="exact", column="service_key"),
            Level(
                label="one or two characters differ", kind="levenshtein", column="service_key", threshold=2
            ),
            _ELSE,
        ),
    ),
    FieldComparison(
        name="unit",
        field="unit",
        levels=(
            _null("unit_key"),
            Level(label="same unit", kind="exact", column="unit_key", tf=True),
            Level(label="one or two characters differ", kind="levenshtein", column="unit_key", threshold=2),
            _ELSE,
        ),
    ),
    FieldComparison(
        name="birth_place",
        field="birth_place",
        levels=(
            _null("birth_place_skel"),
            Level(label="same place", kind="exact", column="birth_place_skel", tf=True),
            Level(label="same place in another language", kind="exact", column="birth_place_key"),
            Level(label="similar spelling", kind="jaro_winkler", column="birth_place_skel", threshold=0.88),
            _ELSE,
        ),
    ),
    FieldComparison(
        name="rank",
        field="rank",
        levels=(_null("rank_key"), Level(label="same rank", kind="exact", column="rank_key", tf=True), _ELSE),
    ),
    FieldComparison(
        name="sex",
        field="sex",
        levels=(_null("sex"), Level(label="same sex", kind="exact", column="sex"), _ELSE),
    ),
)


def _block(name: str, *terms: str | Term, refine: tuple[str | Term, ...] = ()) -> Block:
    def term(t: str | Term) -> Term:
        return t if isinstance(t, Term) else Term(left=t)

    return Block(name=name, terms=tuple(map(term, terms)), refine=tuple(map(term, refine)))


_SURNAME_START: Final = Term(left="surname_skel", prefix=1)


# Blocking keys must stay selective at a million records: surnames and given names repeat a lot, so every
# rule pairs a name key with a birth-date key, an identifier or a second name key.
BLOCKS: Final = (
    _block("surname and birth month", "surname_fold", "dob_ym"),
    _block("initial and birth date", "given_initial", "dob", refine=(_SURNAME_START,)),
    # Swapping day and month is its own inverse, so one direction finds both.
    _block("initial and swapped birth date", "given_initial", Term(left="dob", right="dob_swapped")),
    _block("service number", "service_key"),
    _block(
        "surname start, given name, birth year",
        Term(left="surname_skel", prefix=3),
        "given_group",
        "dob_year",
        refine=("dob_ym",),
    ),
    _block("surname, given name, birth year", "surname_fold", "given_group", "dob_year"),
    _block(
        "surname, given name, patronymic initial",
        "surname_fold",
        "given_diminutive",
        "patronymic_initial",
        refine=("dob_year",),
    ),
    _block("surname, initial, birth place", "surname_fold", "given_initial", "birth_place_key"),
    _block("surname and service number start", "surname_fold", Term(left="service_key", prefix=6)),
    _block(
        "given name, patronymic and birth year",
        "given_group",
        "patronymic_group",
        "dob_year",
        refine=("dob_ym", _SURNAME_START),
    ),
    _block("unit and birth date", "unit_key", "dob"),
    _block("surname and unit", "surname_fold", "unit_key"),
    _block(
        "surname, initials, birth year", "surname_fold", "given_initial", "patronymic_initial", "dob_year"
    ),
    _block("surname, initial, birthday", "surname_fold", "given_initial", "dob_md"),
    _block("given name, patronymic initial, unit", "given_diminutive", "patronymic_initial", "unit_key"),
    _block(
        "given name, patronymic, birth place",
        "given_diminutive",
        "patronymic_group",
        "birth_place_key",
        refine=("dob_year", _SURNAME_START),
    ),
    _block("given name, unit, birth year", "given_diminutive", "unit_key", "dob_year"),
    _block(
        "given name, birth place, birth year",
        "given_diminutive",
        "birth_place_key",
        "dob_year",
        refine=("patronymic_initial", _SURNAME_START),
    ),
    _block("surname written as given name, birth date", Term(left="surname_skel", right="given_skel"), "dob"),
    _block("given name written as surname, birth date", Term(left="given_skel", right="surname_skel"), "dob"),
    _block(
        "surname and given name swapped, birth year",
        Term(left="surname_skel", right="given_skel"),
        Term(left="given_skel", right="surname_skel"),
        "dob_year",
    ),
)

# Name-only and date-only blocks find sparse records (family inquiries: a name, perhaps a year) but grow with
# the square of list size; they are used when a list pair is small enough for them.
OPTIONAL_BLOCKS: Final = (
    _block("surname and given name", "surname_fold", "given_diminutive"),
    _block("birth date", "dob"),
    _block("surname and initial", "surname_fold", "given_initial"),
)

DETERMINISTIC: Final = (
    _block(
        "surname, given name, patronymic and birth date",
        "surname_fold",
        "given_group",
        "patronymic_group",
        "dob",
    ),
    _block("service number, surname and given name", "service_key", "surname_fold", "given_group"),
)

# EM learns the comparisons a block does not use: names on birth-date blocks, birth dates on name blocks.
TRAINING_BLOCKS: Final = (
    _block("birth date", "dob"),
    _block("surname, given name and patronymic", "surname_fold", "given_diminutive", "patronymic_group"),
)

LINK_SPEC: Final = LinkageSpec(
    link_type="link_only",
    comparisons=COMPARISONS,
    blocks=BLOCKS,
    deterministic=DETERMINISTIC,
    training_blocks=TRAINING_BLOCKS,
    optional_blocks=OPTIONAL_BLOCKS,
)
DEDUPE_SPEC: Final = LINK_SPEC.with_link_type("dedupe_only")


def key_sql(block: Block, side: Literal["l", "r"], alias: str = "") -> list[str]:
    """Return the key expressions of a block on one side (`l` reads `left` columns, `r` the `right` ones)."""
    out = []
    for term in block.terms:
        column = f"{alias}{term.left if side == 'l' else term.right_column}"
        out.append(f"substr({column}, 1, {term.prefix})" if term.prefix else column)
    return out


def block_sql(block: Block) -> str:
    """Return the SQL join condition of a blocking rule (Splink's `l.`/`r.` table aliases)."""
    parts = []
    for term in block.terms:
        left, right = f"l.{term.left}", f"r.{term.right_column}"
        if term.prefix:
            left, right = f"substr({left}, 1, {term.prefix})", f"substr({right}, 1, {term.prefix})"
        parts.append(f"{left} = {right}")
    return " AND ".join(parts)


def level_sql(level: Level, dialect: str = "duckdb") -> str:
    """Return the SQL condition of a level in Splink's `column_l`/`column_r` form ("ELSE" for the last level)."""
    col, other = level.column, level.other
    if level.also:
        plain = replace(level, also=())
        return " AND ".join(f"({level_sql(c, dialect)})" for c in (plain, *level.also))
    if level.kind == "null":
        return f"{col}_l IS NULL OR {col}_r IS NULL"
    if level.kind == "else":
        return "ELSE"
    if level.kind == "exact":
        return f"{col}_l = {col}_r"
    if level.kind == "jaro_winkler":
        function = "jaro_winkler_similarity" if dialect == "duckdb" else "jaro_winkler"
        return f"{function}({col}_l, {col}_r) >= {level.threshold}"
    if level.kind == "levenshtein":
        return f"levenshtein({col}_l, {col}_r) <= {int(level.threshold)}"
    if level.kind == "cross":
        return f"({col}_l = {other}_r OR {other}_l = {col}_r)"
    if level.kind == "prefix":
        n = int(level.threshold)
        return f"substr({col}_l, 1, {n}) = substr({col}_r, 1, {n})"
    if level.kind == "within":
        return f"abs({col}_l - {col}_r) <= {level.threshold}"
    raise ValueError(f"unknown level kind {level.kind!r}")


def _level_creator(level: Level) -> Any:
    import splink.comparison_level_library as cll

    kind, col = level.kind, level.column
    if level.also:
        return cll.CustomLevel(level_sql(level))
    if kind == "null":
        return cll.NullLevel(col)
    if kind == "exact":
        return cll.ExactMatchLevel(col, term_frequency_adjustments=level.tf)
    if kind == "jaro_winkler":
        return cll.JaroWinklerLevel(col, level.threshold)
    if kind == "levenshtein":
        return cll.LevenshteinLevel(col, int(level.threshold))
    if kind == "else":
        return cll.ElseLevel()
    return cll.CustomLevel(level_sql(level))


def to_splink(
    spec: LinkageSpec,
    params: ModelParams | None = None,
    *,
    retain_intermediate: bool = False,
    extra_columns: tuple[str, ...] = (),
) -> SettingsCreator:
    """Return the Splink settings for `spec`, with trained `params` filled in when given."""
    import splink.comparison_library as cl
    from splink import SettingsCreator

    comparisons: list[Any] = []
    for comparison in spec.comparisons:
        levels = []
        for i, level in enumerate(comparison.levels):
            creator = _level_creator(level).configure(label_for_charts=level.label)
            if params is not None and level.kind != "null":
                m, u = params.m_u(comparison.name, i)
                creator = creator.configure(m_probability=m, u_probability=u)
            levels.append(creator)
        comparisons.append(cl.CustomComparison(comparison_levels=levels, output_column_name=comparison.name))
    return SettingsCreator(
        link_type=spec.link_type,
        unique_id_column_name="id",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=list[Any](block_sql(b) for b in spec.blocks),
        probability_two_random_records_match=params.lambda_ if params else 1e-5,
        retain_matching_columns=retain_intermediate,
        retain_intermediate_calculation_columns=retain_intermediate,
        additional_columns_to_retain=list(extra_columns),
        max_iterations=20,
        em_convergence=0.001,
    )
