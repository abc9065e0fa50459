"""The EES screener checks themselves, registered with coding.ees_checks (names match eesyscreener)."""

import re

import pandas as pd

from coding.ees_checks import (ETHNICITY_MAJOR, LEVELS, LIMIT_CODE, LIMIT_ITEM, LIMIT_LABEL,
                               LIMIT_NAME, MONTHS, OBSERVATIONAL, OPTIONAL_META, REQUIRED_DATA,
                               REQUIRED_META, SMUSHED, TERMS, TIME_FAMILIES, TIME_IDENTIFIERS,
                               Release, _reference, check, precheck)

LA_COLUMNS = ["old_la_code", "new_la_code", "la_name"]


def _family(identifier: str) -> str:
    """The time family an identifier belongs to, for the mix and digit checks."""
    if identifier in TERMS or identifier.startswith("Academic year"):
        return "Academic year"
    if identifier in MONTHS or identifier.startswith(("Week", "Calendar year")):
        return "Calendar year"
    return next((f for f in TIME_FAMILIES if identifier.startswith(f)), identifier)


# Prechecks: the file's shape; the main checks only run when these pass.

@precheck
def precheck_col_req_data(r: Release) -> list[str]:
    """Check all required columns are present in data."""
    return [f"data file has no {c} column" for c in REQUIRED_DATA if c not in r.data.columns]


@precheck
def precheck_col_req_meta(r: Release) -> list[str]:
    """Check all required columns are present in metadata."""
    return [f"metadata file has no {c} column" for c in REQUIRED_META if c not in r.meta.columns]


@precheck
def precheck_col_invalid_meta(r: Release) -> list[str]:
    """Check there are no invalid columns in the metadata."""
    return [f"{c} is not a metadata column" for c in r.meta.columns
            if c not in REQUIRED_META + OPTIONAL_META]


@precheck
def precheck_col_to_rows(r: Release) -> list[str]:
    """Quick check of data columns vs metadata rows."""
    return [] if len(r.data.columns) >= len(r.meta) + 5 else \
        ["the data file has fewer than 5 more columns than the metadata file has rows"]


@precheck
def precheck_cross_data_to_meta(r: Release) -> list[str]:
    """Check all data variables exist in the metadata file."""
    named = set(r.meta.get("col_name", [])) | set(r.filter_groups())
    return [f"data column {c} is not in the metadata" for c in r.data.columns
            if c not in OBSERVATIONAL and c not in named and r.data[c].nunique() > 1]


@precheck
def precheck_cross_meta_to_data(r: Release) -> list[str]:
    """Check all metadata variables exist in the data file."""
    names = list(r.meta.get("col_name", [])) + r.filter_groups()
    return [f"metadata names {c}, which is not a data column" for c in names
            if c and c not in r.data.columns]


@precheck
def precheck_filter_not_singular(r: Release) -> list[str]:
    """Check all filters have more than one level."""
    return [f"filter {c} has only one value" for c in r.col_type("Filter")
            if c in r.data.columns and r.data[c].nunique() < 2]


@precheck
def precheck_geog_level(r: Release) -> list[str]:
    """Check that the geographic_level values are all valid."""
    levels = set(r.data.get("geographic_level", []))
    return [f"geographic_level {v!r} is not an EES level"
            for v in sorted(levels - set(LEVELS["geographic_level"]))]


@precheck
def precheck_geog_level_present(r: Release) -> list[str]:
    """Check we have the right columns for the geographic level."""
    problems = []
    present = LEVELS["geographic_level"].isin(set(r.data.get("geographic_level", [])))
    for _, level in LEVELS[present].iterrows():
        fields = [level[c] for c in ("code_field", "name_field", "code_field_secondary")
                  if level[c]]
        problems += [f"{level['geographic_level']} rows need a {f} column" for f in fields
                     if f not in r.data.columns]
    return problems


@precheck
def precheck_meta_col_name(r: Release) -> list[str]:
    """Check col_name is completed for all rows."""
    blank = (r.meta.get("col_name", pd.Series(dtype=str)) == "").any()
    return ["a metadata row has no col_name"] if blank else []


@precheck
def precheck_meta_col_type(r: Release) -> list[str]:
    """Check col_type entries are valid."""
    return [f"col_type {v!r} is not Filter or Indicator"
            for v in sorted(set(r.meta.get("col_type", [])) - {"Filter", "Indicator"})]


@precheck
def precheck_meta_ob_unit(r: Release) -> list[str]:
    """Check there are no observational units with rows in the metadata."""
    names = list(r.meta.get("col_name", [])) + r.filter_groups()
    return [f"{c} is an observational unit and must not be in the metadata" for c in names
            if c in OBSERVATIONAL]


@precheck
def precheck_time_id_valid(r: Release) -> list[str]:
    """Check all time_identifier values are valid."""
    return [f"time_identifier {v!r} is not an EES time identifier"
            for v in sorted(set(r.data.get("time_identifier", [])) - TIME_IDENTIFIERS)]


@precheck
def precheck_time_id_mix(r: Release) -> list[str]:
    """Check the mix of time identifiers in the data file."""
    families = {_family(v) for v in set(r.data.get("time_identifier", []))}
    return [] if len(families) <= 1 else [f"time identifiers mix {sorted(families)}"]


@precheck
def precheck_time_period_num(r: Release) -> list[str]:
    """Check for any non-numeric time_period values."""
    bad = sorted({v for v in r.data.get("time_period", []) if not v.isdigit()})
    return [f"time_period {v!r} is not a number" for v in bad]


# Column names.

@check
def check_api_char_col_name(r: Release) -> list[str]:
    """Check if column names exceed a character limit."""
    return [f"column name {c} is over {LIMIT_NAME} characters" for c in r.data.columns
            if len(c) > LIMIT_NAME]


@check
def check_api_char_col_label(r: Release) -> list[str]:
    """Check if column labels exceed a character limit."""
    return [f"label of {c} is over {LIMIT_LABEL} characters"
            for c, label in zip(r.meta["col_name"], r.meta["label"]) if len(label) > LIMIT_LABEL]


@check
def check_api_char_filter_items(r: Release) -> list[str]:
    """Check if filter items or location names exceed character limit."""
    columns = r.col_type("Filter") + r.filter_groups() + \
        [c for c in LEVELS["name_field"] if c and c in r.data.columns]
    return [f"a value of {c} is over {LIMIT_ITEM} characters" for c in columns
            if r.data[c].str.len().max() > LIMIT_ITEM]


@check
def check_api_char_loc_code(r: Release) -> list[str]:
    """Check if location codes exceed a character limit."""
    codes = [c for f in ("code_field", "code_field_secondary") for c in LEVELS[f]
             if c and c in r.data.columns]
    return [f"a value of {c} is over {LIMIT_CODE} characters" for c in codes
            if r.data[c].str.len().max() > LIMIT_CODE]


@check
def check_col_ind_smushed(r: Release) -> list[str]:
    """Check that no indicator column names contain typical filter entries."""
    return [f"indicator {c} looks like it holds a filter value; pivot it into a filter"
            for c in r.col_type("Indicator") if SMUSHED & set(c.split("_"))]


@check
def check_col_names_spaces(r: Release) -> list[str]:
    """Check for spaces in variable names."""
    return [f"column name {c!r} has a space" for c in r.data.columns if " " in c]


@check
def check_col_snake_case(r: Release) -> list[str]:
    """Check that column names follow snake_case convention."""
    return [f"column name {c!r} is not snake_case" for c in r.data.columns
            if not re.fullmatch(r"[a-z0-9_]+", c)]


@check
def check_col_var_start(r: Release) -> list[str]:
    """Check that variable names start with a lowercase letter."""
    return [f"column name {c!r} does not start with a lowercase letter" for c in r.data.columns
            if not re.match(r"[a-z]", c)]


@check
def check_col_var_characteristic(r: Release) -> list[str]:
    """Check for characteristic or characteristic_group variable names."""
    return [f"{c} is not recommended for the EES table tool" for c in r.meta["col_name"]
            if c in ("characteristic", "characteristic_group")]


@check
def check_harmonised_variables(r: Release) -> list[str]:
    """Check col names against harmonised data standards."""
    standard = _reference("ees_harmonised_col_names.csv")
    problems = []
    for column in list(r.meta["col_name"]) + r.filter_groups():
        matches = standard[[s in column for s in standard["col_name_search_string"]]]
        if len(matches) and column not in set(matches["col_name_harmonised"]):
            names = sorted(set(matches["col_name_harmonised"]))
            problems.append(f"{column} should be one of {names}")
    return problems


@check
def check_harmonised_eth_vals(r: Release) -> list[str]:
    """Check ethnicity column values against GSS standards."""
    if "ethnicity_major" not in r.data.columns:
        return []
    return [f"ethnicity_major value {v!r} is not a GSS major ethnic group"
            for v in sorted(set(r.data["ethnicity_major"]) - ETHNICITY_MAJOR)]


# File names.

@check
def check_filename_spaces(r: Release) -> list[str]:
    """Check for spaces in filename."""
    return [f"file name {n!r} has a space" for n in (r.data_name, r.meta_name) if " " in n]


@check
def check_filename_special(r: Release) -> list[str]:
    """Check for special characters in filename."""
    return [f"file name {n!r} has special characters" for n in (r.data_name, r.meta_name)
            if not re.fullmatch(r"[A-Za-z0-9_.-]+", n)]


@check
def check_filenames_match(r: Release) -> list[str]:
    """Check filenames line up between data and metadata files."""
    stem = r.data_name.removesuffix(".csv")
    return [] if r.data_name.endswith(".csv") and r.meta_name == f"{stem}.meta.csv" else \
        [f"{r.meta_name} should be named {stem}.meta.csv"]


from coding import ees_check_values  # noqa: E402,F401  registers the value and metadata checks
