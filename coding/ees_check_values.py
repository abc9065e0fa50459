"""EES screener checks on values: filters, geography, indicators, time periods and metadata."""

import re

import pandas as pd

from coding.ees_checks import (FILTER_ITEM_LIMIT, LEGACY_SYMBOLS, LEVELS, NULLS, OBSERVATIONAL,
                               SYMBOLS, TIME_FAMILIES, Release, _reference, check)
from coding.ees_check_rules import LA_COLUMNS, _family


def _rows_at(r: Release, level: str) -> pd.DataFrame:
    """Data rows at one geographic level."""
    return r.data[r.data["geographic_level"] == level]


# Filters.

@check
def check_filter_blanks(r: Release) -> list[str]:
    """Check for blank values in filter and filter group columns."""
    return [f"filter {c} has blank values; use Total for no breakdown"
            for c in r.col_type("Filter") + r.filter_groups()
            if (r.data[c].str.strip() == "").any()]


@check
def check_filter_defaults(r: Release) -> list[str]:
    """Check default filter values are present in data."""
    defaults = r.meta.get("filter_default", pd.Series([""] * len(r.meta), index=r.meta.index))
    problems = []
    for column, kind, default in zip(r.meta["col_name"], r.meta["col_type"], defaults):
        default = default or "Total"
        if kind == "Filter" and default not in set(r.data[column]):
            problems.append(f"filter {column} has no default value {default!r} in the data")
    return problems


@check
def check_filter_group_level(r: Release) -> list[str]:
    """Check filter groups have an equal or lower number of levels."""
    pairs = zip(r.meta["col_name"], r.meta["filter_grouping_column"])
    return [f"filter group {g} has more values than filter {c}" for c, g in pairs
            if g and r.data[g].nunique() > r.data[c].nunique()]


@check
def check_filter_item_limit(r: Release) -> list[str]:
    """Check number of filter items are below limit."""
    return [f"filter {c} has more than {FILTER_ITEM_LIMIT} values" for c in r.col_type("Filter")
            if r.data[c].nunique() > FILTER_ITEM_LIMIT]


@check
def check_filter_ob_total(r: Release) -> list[str]:
    """Check for Total or All values in observational unit columns."""
    columns = [c for c in r.data.columns if c in OBSERVATIONAL]
    return [f"observational unit column {c} holds Total or All" for c in columns
            if r.data[c].isin({"Total", "total", "All", "all"}).any()]


@check
def check_filter_whitespace(r: Release) -> list[str]:
    """Check no filter values have leading or trailing whitespace."""
    return [f"filter {c} has values with leading or trailing spaces"
            for c in r.col_type("Filter") + r.filter_groups()
            if (r.data[c] != r.data[c].str.strip()).any()]


# Rows and values.

@check
def check_general_dupes(r: Release) -> list[str]:
    """Check for duplicate rows in data."""
    keys = [c for c in r.data.columns if c not in r.col_type("Indicator")]
    count = int(r.data.duplicated(subset=keys).sum())
    return [f"{count} rows repeat another row's time, geography and filters"] if count else []


@check
def check_general_null(r: Release) -> list[str]:
    """Check for null and legacy no-data symbols."""
    problems = [f"data column {c} holds null-like values" for c in r.data.columns
                if r.data[c].isin(NULLS).any()]
    problems += [f"data column {c} holds legacy no-data symbols" for c in r.data.columns
                 if r.data[c].isin(LEGACY_SYMBOLS).any()]
    return problems + [f"metadata column {c} holds null-like values" for c in r.meta.columns
                       if r.meta[c].isin(NULLS).any()]


@check
def check_ind_invalid_entry(r: Release) -> list[str]:
    """Check for invalid values in indicators."""
    number = re.compile(r"-?\d+(\.\d+)?")
    return [f"indicator {c} has blanks or values that are neither numbers nor c, z, x, low, u"
            for c in r.col_type("Indicator")
            if not all(v in SYMBOLS or number.fullmatch(v) for v in r.data[c])]


@check
def check_time_period(r: Release) -> list[str]:
    """Check that time periods match the time identifier."""
    problems = []
    for identifier, period in set(zip(r.data["time_identifier"], r.data["time_period"])):
        digits = TIME_FAMILIES.get(_family(identifier), 4)
        if len(period) != digits:
            problems.append(f"{identifier} needs {digits}-digit time periods, not {period}")
    return problems


@check
def check_time_period_six(r: Release) -> list[str]:
    """Check that 6 digit time periods give consecutive years."""
    return [f"time_period {p} is not two consecutive years (YYYYZZ)"
            for p in sorted(set(r.data["time_period"]))
            if len(p) == 6 and (int(p[:4]) + 1) % 100 != int(p[4:])]


# Geography.

def _combos(r: Release, columns: list[str], reference: str, level: str) -> list[str]:
    """Code and name combinations not in a shipped lookup (all rows at the level, else filled)."""
    if not set(columns) <= set(r.data.columns):
        return []
    known = set(map(tuple, _reference(reference)[columns].itertuples(index=False)))
    rows = r.data[(r.data["geographic_level"] == level) |
                  ((r.data[columns[0]] != "") & (r.data[columns[0]] != "x"))]
    bad = sorted(set(map(tuple, rows[columns].itertuples(index=False))) - known)
    return [f"{', '.join(columns)} {combo} is not a valid combination" for combo in bad]


@check
def check_geog_country_combos(r: Release) -> list[str]:
    """Check country code and name combinations."""
    return _combos(r, ["country_code", "country_name"], "ees_acceptable_countries.csv", "National")


@check
def check_geog_region_combos(r: Release) -> list[str]:
    """Check region code and name combinations."""
    return _combos(r, ["region_code", "region_name"], "ees_acceptable_regions.csv", "Regional")


@check
def check_geog_la_combos(r: Release) -> list[str]:
    """Check local authority code and name combinations."""
    return _combos(r, LA_COLUMNS, "ees_acceptable_las.csv", "Local authority")


@check
def check_geog_la_col_present(r: Release) -> list[str]:
    """Check that all local authority columns are present together."""
    present = [c for c in LA_COLUMNS if c in r.data.columns]
    return [] if len(present) in (0, 3) else ["old_la_code, new_la_code and la_name go together"]


@check
def check_geog_region_col_present(r: Release) -> list[str]:
    """Check region code and name columns are both present."""
    present = [c for c in ("region_code", "region_name") if c in r.data.columns]
    return [] if len(present) != 1 else ["region_code and region_name go together"]


def _region_complete(r: Release, level: str) -> list[str]:
    """Rows at a level need region_code and region_name filled in."""
    rows = _rows_at(r, level)
    if rows.empty:
        return []
    if not {"region_code", "region_name"} <= set(r.data.columns):
        return [f"{level} rows need region_code and region_name columns"]
    blank = (rows["region_code"] == "") | (rows["region_name"] == "")
    return [f"{int(blank.sum())} {level} rows have no region"] if blank.any() else []


@check
def check_geog_region_for_la(r: Release) -> list[str]:
    """Check that region columns are complete for Local authority rows."""
    return _region_complete(r, "Local authority")


@check
def check_geog_region_for_lad(r: Release) -> list[str]:
    """Check that region columns are complete for Local authority district rows."""
    return _region_complete(r, "Local authority district")


def _level_fields(level: pd.Series) -> list[str]:
    """The code, name and secondary code columns of one geographic level."""
    return [level[c] for c in ("code_field", "name_field", "code_field_secondary") if level[c]]


@check
def check_geog_level_completed(r: Release) -> list[str]:
    """Check geographic level columns are completed."""
    problems = []
    for _, level in LEVELS.iterrows():
        rows = _rows_at(r, level["geographic_level"])
        for field in _level_fields(level):
            if field != "new_la_code" and not rows.empty and (rows[field].isin(NULLS | {""})).any():
                problems.append(f"{level['geographic_level']} rows have blank {field}")
    return problems


@check
def check_geog_overcompleted_cols(r: Release) -> list[str]:
    """Check for geographic columns completed for unexpected rows."""
    allowed = {lvl["geographic_level"]: set(_level_fields(lvl)) for _, lvl in LEVELS.iterrows()}
    allowed["Local authority"] |= {"region_code", "region_name"}
    allowed["Local authority district"] |= {"region_code", "region_name"}
    problems = []
    for field in [c for c in r.data.columns if c in OBSERVATIONAL and c not in
                  ("time_period", "time_identifier", "geographic_level", "country_code",
                   "country_name")]:
        levels = set(r.data.loc[r.data[field] != "", "geographic_level"])
        problems += [f"{field} is filled for {lvl} rows" for lvl in sorted(levels)
                     if field not in allowed.get(lvl, set())]
    return problems


@check
def check_geog_na(r: Release) -> list[str]:
    """Check NA geography codes have the correct name."""
    problems = []
    for _, level in LEVELS[(LEVELS["code_field"] != "") & (LEVELS["name_field"] != "")].iterrows():
        code, name = level["code_field"], level["name_field"]
        if {code, name} <= set(r.data.columns):
            bad = r.data[(r.data[code] == "x") & (r.data[name] != "Not available")]
            problems += [f"{code} x needs {name} 'Not available'"] if len(bad) else []
    return problems


@check
def check_geog_na_code(r: Release) -> list[str]:
    """Check 'Not available' location codes."""
    problems = []
    for _, level in LEVELS[(LEVELS["code_field"] != "") & (LEVELS["name_field"] != "")].iterrows():
        code, name = level["code_field"], level["name_field"]
        if {code, name} <= set(r.data.columns):
            bad = r.data[(r.data[name] == "Not available") & (r.data[code] != "x")]
            problems += [f"{name} 'Not available' needs {code} x"] if len(bad) else []
    return problems


@check
def check_geog_ignored_rows(r: Release) -> list[str]:
    """Check for rows ignored by the EES table tool."""
    levels = set(r.data["geographic_level"])
    if {"School", "Provider"} <= levels:
        return ["School and Provider rows are mixed in one file"]
    return ["the file has only Planning area rows"] if levels == {"Planning area"} else []


def _other_dupes(r: Release, by_code: bool) -> list[str]:
    """Opportunity area, MAT and Sponsor rows: one name per code (or one code per name)."""
    problems = []
    for _, level in LEVELS[LEVELS["geographic_level"].isin(
            ["Opportunity area", "MAT", "Sponsor"])].iterrows():
        code, name = level["code_field"], level["name_field"]
        rows = _rows_at(r, level["geographic_level"])
        if rows.empty:
            continue
        key, other = (code, name) if by_code else (name, code)
        counts = rows.groupby(key)[other].nunique()
        problems += [f"{key} {k!r} has more than one {other}" for k in counts[counts > 1].index]
    return problems


@check
def check_geog_other_code_dupes(r: Release) -> list[str]:
    """Check other geography code duplicates."""
    return _other_dupes(r, by_code=True)


@check
def check_geog_other_dupes(r: Release) -> list[str]:
    """Check for geography name to code duplicates in lower-level geographies."""
    return _other_dupes(r, by_code=False)


from coding import ees_check_meta  # noqa: E402,F401  registers the metadata checks
