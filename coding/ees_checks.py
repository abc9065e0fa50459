"""EES conformance checks, one function per check in DfE's screener list that applies to our files.

Written from the EES open data standard and dfe-analytical-services/eesyscreener's check list
(../shared/reference/dfe/eesyscreener_checks.csv). Each check takes the release and returns
messages; `check_release` runs the prechecks and, only when they pass (as the screener does),
the main checks. Code lists come from coding/data/ees/ (eesyscreener, OGL v3).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).parent / "data" / "ees"
REQUIRED_DATA = ["time_period", "time_identifier", "geographic_level", "country_code",
                 "country_name"]
REQUIRED_META = ["col_name", "col_type", "label", "indicator_grouping", "indicator_unit",
                 "indicator_dp", "filter_hint", "filter_grouping_column"]
OPTIONAL_META = ["filter_default"]
SYMBOLS = {"c", "z", "x", "low", "u"}
NULLS = {"NULL", "Null", "null", "NA", "na", "Na", "N/A", "n/a", "NaN", "nan", "None"}
LEGACY_SYMBOLS = {":", "~", ".", "..", "-"}
INDICATOR_UNITS = {"", "%", "£", "£m", "pp", "numberstring"}
# eesyscreener's API limits as we read them: column name, label, filter item, location code.
LIMIT_NAME, LIMIT_LABEL, LIMIT_ITEM, LIMIT_CODE = 50, 80, 120, 30
FILTER_ITEM_LIMIT = 25_000
TIME_FAMILIES = {"Academic year": 6, "Financial year": 6, "Tax year": 6, "Calendar year": 4,
                 "Reporting year": 4}
TERMS = ("Autumn term", "Spring term", "Summer term", "Autumn and spring term")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
SMUSHED = {"male", "female", "boys", "girls", "white", "black", "asian", "mixed", "chinese",
           "primary", "secondary", "special", "fsm", "sen", "ehcp", "urban", "rural"}
GEOG_FILTER = re.compile(r"(^|_)(la|lad|region|country|pcon|lsip|lep|ward|urn|ukprn|laestab|"
                         r"trust|sponsor|geography|geographic)(_|$)")
ETHNICITY_MAJOR = {"White", "Mixed or Multiple ethnic groups", "Asian or Asian British",
                   "Black, Black British, Caribbean or African", "Other ethnic group",
                   "Unknown", "Unclassified", "Total"}


@dataclass(frozen=True)
class Problem:
    """One failed check and what is wrong."""
    check: str
    message: str

    def __str__(self) -> str:
        return f"{self.check}: {self.message}"


@dataclass(frozen=True)
class Release:
    """A data and metadata pair read as text, with their file names."""
    data: pd.DataFrame
    meta: pd.DataFrame
    data_name: str
    meta_name: str

    def col_type(self, kind: str) -> list[str]:
        """Metadata col_names of one col_type (Filter or Indicator)."""
        return list(self.meta.loc[self.meta["col_type"] == kind, "col_name"])

    def filter_groups(self) -> list[str]:
        """Non-blank filter_grouping_column values."""
        return [g for g in self.meta.get("filter_grouping_column", []) if g]


def _reference(name: str) -> pd.DataFrame:
    """One shipped EES code list as text."""
    return pd.read_csv(DATA_DIR / name, dtype=str, keep_default_na=False)


LEVELS = _reference("ees_geography_levels.csv")
GEOGRAPHY_FIELDS = {f for c in ("code_field", "name_field", "code_field_secondary")
                    for f in LEVELS[c] if f}
OBSERVATIONAL = set(REQUIRED_DATA[:3]) | GEOGRAPHY_FIELDS
TIME_IDENTIFIERS = set(TIME_FAMILIES) | set(TERMS) | set(MONTHS) | \
    {f"{y} Q{q}" for y in TIME_FAMILIES for q in range(1, 5)} | {f"Week {w}" for w in range(1, 54)}
PRECHECKS: dict[str, Callable[[Release], list[str]]] = {}
CHECKS: dict[str, Callable[[Release], list[str]]] = {}
NOT_APPLICABLE = {
    "check_data_dict_col_name": "needs DfE's API data dictionary, which is not published with "
                                "the standard; our column names are harmonised instead",
    "check_data_dict_fil_item": "needs DfE's API data dictionary (see check_data_dict_col_name)",
    "check_geog_eda_combos": "we never write English devolved area rows",
    "check_geog_lad_combos": "we never write Local authority district rows",
    "check_geog_lep_combos": "we never write Local enterprise partnership rows",
    "check_geog_lsip_combos": "we never write LSIP rows",
    "check_geog_pcon_combos": "we never write Parliamentary constituency rows",
    "check_geog_ward_combos": "we never write Ward rows (sub-LA areas stay out of EES files)",
    "check_harmonised_eth_char_grp": "we never use characteristic_group columns",
    "check_harmonised_eth_char_vals": "we never use characteristic columns",
}


def precheck(function: Callable[[Release], list[str]]) -> Callable[[Release], list[str]]:
    """Register a precheck under its function name."""
    PRECHECKS[function.__name__] = function
    return function


def check(function: Callable[[Release], list[str]]) -> Callable[[Release], list[str]]:
    """Register a main check under its function name."""
    CHECKS[function.__name__] = function
    return function


def check_release(data_csv: Path | str, meta_csv: Path | str) -> list[Problem]:
    """Every problem the applicable screener checks find in a data and metadata pair."""
    read = lambda path: pd.read_csv(path, dtype=str, keep_default_na=False)  # noqa: E731
    return check_frames(read(data_csv), read(meta_csv), Path(data_csv).name, Path(meta_csv).name)


def check_frames(data: pd.DataFrame, meta: pd.DataFrame, data_name: str,
                 meta_name: str) -> list[Problem]:
    """As check_release, on frames of text already in memory."""
    release = Release(data.astype(str), meta.astype(str), data_name, meta_name)
    problems = _run(PRECHECKS, release)
    return problems or _run(CHECKS, release)


def _run(checks: dict[str, Callable[[Release], list[str]]], release: Release) -> list[Problem]:
    """Run checks in order and collect their problems."""
    return [Problem(name, message) for name, function in checks.items()
            for message in function(release)]


from coding import ees_check_rules  # noqa: E402,F401  registers the checks
