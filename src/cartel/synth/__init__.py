"""Realistic synthetic scenarios and noisy lists with ground truth, for the demo, the tests and the benchmarks.

Synthetic data only: names come from frequency-weighted pools of common names, parties are fictional. The
romanisation tables here are the generator's own, independent of the matcher (MATCHING.md §4).
"""

from cartel.synth.lists import (
    FULL_NAME_COLUMNS,
    SPLIT_COLUMNS,
    InquiryMeta,
    ListKind,
    ListPair,
    SynthList,
    make_inquiries,
    make_list_pair,
    make_remains_manifest,
    render_list,
)
from cartel.synth.model import (
    PARTIES,
    USERS,
    Agreement,
    Captive,
    Category,
    DemoUser,
    Party,
    RemainsBatch,
    StageSeed,
)
from cartel.synth.noise import CLEAN, HOLDOUT, PROFILES, TUNING, NoiseProfile
from cartel.synth.people import NameParts, Person, Population, Relative, make_population
from cartel.synth.render import COLUMNS, Clerk, ListRow, render_row
from cartel.synth.scenario import Scenario, build_scenario
from cartel.synth.translit import SCHEMES, transliterate
from cartel.synth.writers import HEADERS, write_csv, write_truth_csv, write_xlsx

__all__ = [
    "CLEAN",
    "COLUMNS",
    "FULL_NAME_COLUMNS",
    "HEADERS",
    "HOLDOUT",
    "PARTIES",
    "PROFILES",
    "SCHEMES",
    "SPLIT_COLUMNS",
    "TUNING",
    "USERS",
    "Agreement",
    "Captive",
    "Category",
    "Clerk",
    "DemoUser",
    "InquiryMeta",
    "ListKind",
    "ListPair",
    "ListRow",
    "NameParts",
    "NoiseProfile",
    "Party",
    "Person",
    "Population",
    "Relative",
    "RemainsBatch",
    "Scenario",
    "StageSeed",
    "SynthList",
    "build_scenario",
    "make_inquiries",
    "make_list_pair",
    "make_population",
    "make_remains_manifest",
    "render_list",
    "render_row",
    "transliterate",
    "write_csv",
    "write_truth_csv",
    "write_xlsx",
]
