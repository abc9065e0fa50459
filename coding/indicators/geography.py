"""Geography for indicators: England > region > local authority > sub-LA area, as DfE codes them.

The LA lookup is DfE's own (coding/data/ees/england_la_region_lookup_dfe_cla_2025.csv, from the
2025 children looked after and care leavers release, OGL v3), so exports join to DfE's tables on
old_la_code. Sub-LA areas are the councils' own localities and come with the data.
"""

from functools import lru_cache
from pathlib import Path

import pandas as pd

from coding.disclosure import Dimension

LA_LOOKUP = (Path(__file__).parent.parent / "data" / "ees"
             / "england_la_region_lookup_dfe_cla_2025.csv")
COUNTRY_CODE, COUNTRY_NAME = "E92000001", "England"
LEVELS = ("National", "Regional", "Local authority", "Sub-LA area")


@lru_cache(maxsize=1)
def load_la_lookup() -> pd.DataFrame:
    """DfE's LA lookup: old_la_code, new_la_code, la_name, region_code, region_name (as text)."""
    return pd.read_csv(LA_LOOKUP, dtype=str, comment="#")


def level_rows(units: pd.DataFrame, level: str) -> pd.DataFrame:
    """The units labelled with their geography at one level (geography, geographic_level)."""
    lookup = load_la_lookup().set_index("old_la_code")
    out = units.copy()
    if level == "National":
        out["geography"] = COUNTRY_CODE
    elif level == "Regional":
        out["geography"] = out["old_la_code"].map(lookup["region_code"])
    elif level == "Local authority":
        out["geography"] = out["old_la_code"]
    else:
        out = out[out["area"].notna() & (out["area"] != "")].copy()
        out["geography"] = out["area"]
    out["geographic_level"] = level
    return out


def check_authorities(units: pd.DataFrame) -> None:
    """ValueError naming any old_la_code that is not in DfE's lookup."""
    known = set(load_la_lookup()["old_la_code"])
    unknown = sorted(set(units["old_la_code"].astype(str)) - known)
    if unknown:
        raise ValueError(f"Local authority codes {unknown} are not in DfE's LA lookup; "
                         "use DfE's three-digit old_la_code.")


def geography_dimension(cells: pd.DataFrame, areas: dict[str, str]) -> Dimension:
    """The disclosure Dimension for a release's geography: parents and levels of every value."""
    lookup = load_la_lookup().set_index("old_la_code")
    present = set(cells["geographic_level"])
    parents: dict[str, str] = {}
    levels: dict[str, str] = {COUNTRY_CODE: "National"}
    for la, region in lookup["region_code"].items():
        levels[la], levels[region] = "Local authority", "Regional"
        if "Regional" in present:
            parents[la], parents[region] = region, COUNTRY_CODE
        else:
            parents[la] = COUNTRY_CODE
    for area, la in areas.items():
        parents[area], levels[area] = la, "Sub-LA area"
    return Dimension("geography", parents=parents, levels=levels)


def geography_names(codes: pd.Series, levels: pd.Series, area_names: dict[str, str]) -> list[str]:
    """The published name of each geography code at its level."""
    lookup = load_la_lookup()
    names = {COUNTRY_CODE: COUNTRY_NAME, **dict(zip(lookup["region_code"], lookup["region_name"]))}
    la_names = dict(zip(lookup["old_la_code"], lookup["la_name"]))
    return [la_names[c] if level == "Local authority" else
            area_names.get(c, c) if level == "Sub-LA area" else names[c]
            for c, level in zip(codes, levels)]
