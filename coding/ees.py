"""Explore Education Statistics (EES) open data files: write a release, and check one.

A release is `name.csv` plus `name.meta.csv` in DfE's open data standard, so it sits beside LAIT
and DfE's care-leaver tables and joins to them on time_period and old_la_code. Sub-LA areas are
not written to EES files: EES's geographic levels (coding/data/ees/ees_geography_levels.csv) have
no level for a council's own localities (Ward and Local authority district need ONS codes and
names our areas do not have), so they stay in the tidy CSV and Parquet only. The conformance
checks, one function per DfE screener check, are in coding/ees_checks.py (`check_release`).
"""

import re
from pathlib import Path

import pandas as pd

from coding.ees_checks import Problem, check_frames, check_release
from coding.indicators.geography import COUNTRY_CODE, COUNTRY_NAME, load_la_lookup

__all__ = ["Problem", "check_release", "to_ees", "write_parquet", "write_release",
           "write_tidy_csv"]

TIME_IDENTIFIERS = {"reporting_year": "Reporting year", "academic_year": "Academic year"}
EES_LEVELS = ("National", "Regional", "Local authority")
# Our breakdown names as EES filter columns, harmonised where DfE has a standard name.
FILTER_NAMES = {"care_leaver_age_group": "care_leaver_age_group", "age_band": "age_band",
                "fsm": "fsm_status", "send": "sen_status",
                "social_care_experience": "social_care_experience", "sex": "sex",
                "ethnicity": "ethnicity_major", "accommodation_type": "accommodation_type"}
FILTER_LABELS = {"care_leaver_age_group": "Age group", "age_band": "Age band",
                 "fsm_status": "Free school meals eligibility", "sen_status": "SEN status",
                 "social_care_experience": "Social care experience", "sex": "Sex",
                 "ethnicity_major": "Ethnicity (major group)",
                 "accommodation_type": "Accommodation type"}
GEOGRAPHY_COLUMNS = ["country_code", "country_name", "region_code", "region_name",
                     "old_la_code", "new_la_code", "la_name"]
OBSERVATIONAL = ["time_period", "time_identifier", "geographic_level", *GEOGRAPHY_COLUMNS]
META_COLUMNS = ["col_name", "col_type", "label", "indicator_grouping", "indicator_unit",
                "indicator_dp", "filter_hint", "filter_grouping_column", "filter_default"]
_PUBLISHED = {"indicator", "period", "geography_code", "geography_name", "geographic_level",
              "count", "denominator", "rate", "mean", "suppressed_reason"}


def indicator_columns(unit: str, label: str) -> list[tuple[str, str, str, int, str]]:
    """(published column, EES column, label, decimal places, unit) for an indicator's unit."""
    if unit == "percent":
        return [("count", "number", "Number counted (numerator)", 0, ""),
                ("denominator", "denominator", "Number asked (denominator)", 0, ""),
                ("rate", "percentage", f"{label} (%)", 1, "%")]
    if unit == "mean":
        return [("count", "respondents", "Number of respondents", 0, ""),
                ("mean", "mean_score", f"{label} (mean)", 1, "")]
    return [("count", "number", label, 0, "")]


def to_ees(published: pd.DataFrame, *, label: str, unit: str,
           period_kind: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The EES data and metadata frames of one published (disclosure-controlled) indicator."""
    rows = published[published["geographic_level"].isin(EES_LEVELS)].reset_index(drop=True)
    filters = [c for c in rows.columns if c not in _PUBLISHED]
    data = pd.DataFrame({"time_period": rows["period"].astype(str),
                         "time_identifier": TIME_IDENTIFIERS[period_kind],
                         "geographic_level": rows["geographic_level"]})
    data = pd.concat([data, _geography(rows)], axis=1)
    for column in filters:
        data[FILTER_NAMES.get(column, column)] = rows[column].astype(str)
    meta = [_filter_meta(FILTER_NAMES.get(c, c)) for c in filters]
    for source, column, text, dp, ees_unit in indicator_columns(unit, label):
        data[column] = rows[source].astype(str)
        meta.append({"col_name": column, "col_type": "Indicator", "label": text,
                     "indicator_unit": ees_unit, "indicator_dp": str(dp)})
    meta_frame = pd.DataFrame(meta, columns=META_COLUMNS).fillna("")
    return data.sort_values(list(data.columns[:3]) + ["region_code", "old_la_code"],
                            kind="stable").reset_index(drop=True), meta_frame


def _filter_meta(column: str) -> dict[str, str]:
    """The metadata row of a filter column with its Total default."""
    return {"col_name": column, "col_type": "Filter",
            "label": FILTER_LABELS.get(column, column.replace("_", " ").capitalize()),
            "filter_default": "Total"}


def _geography(rows: pd.DataFrame) -> pd.DataFrame:
    """Country, region and LA columns, filled only for the levels that have them."""
    lookup = load_la_lookup()
    by_la = lookup.set_index("old_la_code")
    regions = dict(zip(lookup["region_code"], lookup["region_name"]))
    codes, levels = rows["geography_code"].astype(str), rows["geographic_level"]
    regional, local = levels == "Regional", levels == "Local authority"
    out = pd.DataFrame({c: [""] * len(rows) for c in GEOGRAPHY_COLUMNS}, index=rows.index)
    out["country_code"], out["country_name"] = COUNTRY_CODE, COUNTRY_NAME
    out.loc[regional, "region_code"] = codes[regional]
    out.loc[regional, "region_name"] = codes[regional].map(regions)
    la_codes = codes[local]
    for column in ("region_code", "region_name", "new_la_code", "la_name"):
        out.loc[local, column] = la_codes.map(by_la[column])
    out.loc[local, "old_la_code"] = la_codes
    return out.reset_index(drop=True)


def write_release(published: pd.DataFrame, out_dir: Path | str, name: str, *, label: str,
                  unit: str, period_kind: str) -> tuple[Path, Path]:
    """Write name.csv and name.meta.csv; ValueError (nothing written) if they fail the checks."""
    if not re.fullmatch(r"[a-z0-9_-]+", name):
        raise ValueError("A release name uses lowercase letters, digits, '-' and '_' only.")
    data, meta = to_ees(published, label=label, unit=unit, period_kind=period_kind)
    problems = check_frames(data, meta, f"{name}.csv", f"{name}.meta.csv")
    if problems:
        raise ValueError("The release fails the EES checks: " + "; ".join(map(str, problems)))
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    data_path, meta_path = out_dir / f"{name}.csv", out_dir / f"{name}.meta.csv"
    data.to_csv(data_path, index=False)
    meta.to_csv(meta_path, index=False)
    return data_path, meta_path


def write_tidy_csv(published: pd.DataFrame, path: Path | str) -> Path:
    """The tidy long form (every geography, sub-LA areas included) as CSV."""
    path = Path(path)
    published.astype(str).to_csv(path, index=False)
    return path


def write_parquet(published: pd.DataFrame, path: Path | str) -> Path:
    """The tidy long form as Parquet (pyarrow), every column text so symbols survive."""
    path = Path(path)
    published.astype(str).to_parquet(path, engine="pyarrow", index=False)
    return path
