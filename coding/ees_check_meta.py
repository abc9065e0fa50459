"""EES screener checks on the metadata file (names match eesyscreener)."""

import re

from coding.ees_checks import GEOG_FILTER, INDICATOR_UNITS, Release, check


def _rows(r: Release, kind: str):
    """Metadata rows of one col_type."""
    return r.meta[r.meta["col_type"] == kind]


@check
def check_meta_col_name_dupe(r: Release) -> list[str]:
    """Check there are no duplicated column names."""
    dupes = sorted(set(r.meta["col_name"][r.meta["col_name"].duplicated()]))
    return [f"col_name {c} appears more than once" for c in dupes]


@check
def check_meta_col_name_spaces(r: Release) -> list[str]:
    """Check that no col_name values have spaces."""
    return [f"col_name {c!r} has a space" for c in r.meta["col_name"] if " " in c]


@check
def check_meta_dupe_label(r: Release) -> list[str]:
    """Check there are no duplicate labels."""
    dupes = sorted(set(r.meta["label"][r.meta["label"].duplicated()]))
    return [f"label {label!r} is used more than once" for label in dupes]


@check
def check_meta_label(r: Release) -> list[str]:
    """Check every row has a label."""
    return [f"{c} has no label" for c, label in zip(r.meta["col_name"], r.meta["label"])
            if not label.strip()]


@check
def check_meta_fil_grp(r: Release) -> list[str]:
    """Check filter_group is not set for indicator rows."""
    rows = _rows(r, "Indicator")
    return [f"indicator {c} has a filter_grouping_column" for c, g in
            zip(rows["col_name"], rows["filter_grouping_column"]) if g]


@check
def check_meta_fil_grp_dupe(r: Release) -> list[str]:
    """Check all of the filter_group values are unique."""
    groups = r.filter_groups()
    return [f"filter group {g} is used more than once" for g in sorted(set(groups))
            if groups.count(g) > 1]


@check
def check_meta_fil_grp_is_fil(r: Release) -> list[str]:
    """Check that filter groups are filters."""
    return [f"filter group {g} is also listed as a filter" for g in r.filter_groups()
            if g in set(r.meta["col_name"])]


@check
def check_meta_fil_grp_match(r: Release) -> list[str]:
    """Check filter groups match in meta and data."""
    return [f"filter group {g} is not a data column" for g in r.filter_groups()
            if g not in r.data.columns]


@check
def check_meta_fil_grp_stripped(r: Release) -> list[str]:
    """Check filter groups are unique when stripping non-alphanumeric characters."""
    groups = set(r.filter_groups())
    stripped = {re.sub(r"[^A-Za-z0-9]", "", g) for g in groups}
    return [] if len(stripped) == len(groups) else \
        ["filter groups are not unique once non-alphanumeric characters are removed"]


@check
def check_meta_filter_hint(r: Release) -> list[str]:
    """Check filter_hint is not set for indicator rows."""
    return [f"indicator {c} has a filter_hint" for c, hint in
            zip(_rows(r, "Indicator")["col_name"], _rows(r, "Indicator")["filter_hint"]) if hint]


@check
def check_meta_geog_catch(r: Release) -> list[str]:
    """Check for geography columns mislabelled as filters."""
    names = list(_rows(r, "Filter")["col_name"]) + r.filter_groups()
    return [f"filter {c} looks like a geography column; use the geography columns instead"
            for c in names if GEOG_FILTER.search(c)]


@check
def check_meta_ind_dp_set(r: Release) -> list[str]:
    """Check indicator_dp is set for all indicator rows."""
    return [f"indicator {c} has no indicator_dp" for c, dp in
            zip(_rows(r, "Indicator")["col_name"], _rows(r, "Indicator")["indicator_dp"]) if not dp]


@check
def check_meta_ind_dp_values(r: Release) -> list[str]:
    """Check indicator_dp only contains blanks or positive integer values."""
    return [f"indicator_dp {dp!r} is not blank or a whole number" for dp in r.meta["indicator_dp"]
            if dp and not dp.isdigit()]


@check
def check_meta_ind_unit(r: Release) -> list[str]:
    """Check indicator_dp is set for all indicator rows."""
    return [f"filter {c} has an indicator_unit" for c, unit in
            zip(_rows(r, "Filter")["col_name"], _rows(r, "Filter")["indicator_unit"]) if unit]


@check
def check_meta_ind_unit_validation(r: Release) -> list[str]:
    """Check indicator values are valid."""
    return [f"indicator_unit {u!r} is not an EES unit"
            for u in sorted(set(r.meta["indicator_unit"]) - INDICATOR_UNITS)]


@check
def check_meta_indicator_dp(r: Release) -> list[str]:
    """Check indicator_dp is blank for all filters."""
    return [f"filter {c} has an indicator_dp" for c, dp in
            zip(_rows(r, "Filter")["col_name"], _rows(r, "Filter")["indicator_dp"]) if dp]


@check
def check_meta_indicator_grouping(r: Release) -> list[str]:
    """Check indicator_grouping is blank for all filters."""
    return [f"filter {c} has an indicator_grouping" for c, g in
            zip(_rows(r, "Filter")["col_name"], _rows(r, "Filter")["indicator_grouping"]) if g]
