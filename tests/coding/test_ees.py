"""EES open data files: the writer, the screener checks on good and broken files, the LA join."""

import csv
import shutil
from pathlib import Path

import pandas as pd
import pytest

from coding.ees import check_release, write_parquet, write_release, write_tidy_csv
from coding.ees_checks import CHECKS, NOT_APPLICABLE, PRECHECKS
from coding.indicators import compute, load_definitions, suitability_gap
from tests.coding.demo_tables import ROOT, demo_tables, known
from tests.coding.test_indicators import GAP_ANSWERS, GAP_RECORDS

DFE = ROOT.parent / "shared" / "reference" / "dfe"
GOOD = DFE / "ees_screener_example_pass.csv"


@pytest.fixture(scope="module")
def definitions():
    """Every shipped definition by id."""
    return {d.id: d for d in load_definitions(ROOT / "codebooks" / "indicators", known())}


def read(path: Path) -> pd.DataFrame:
    """A CSV as text, blanks kept as empty strings."""
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def broken(tmp_path: Path, change_data=None, change_meta=None, name="release") -> list[str]:
    """The checks that fail once the known-good pair is changed."""
    data, meta = read(GOOD), read(GOOD.with_name("ees_screener_example_pass.meta.csv"))
    data = change_data(data) if change_data else data
    meta = change_meta(meta) if change_meta else meta
    data_path, meta_path = tmp_path / f"{name}.csv", tmp_path / f"{name}.meta.csv"
    data.to_csv(data_path, index=False)
    meta.to_csv(meta_path, index=False)
    return {p.check for p in check_release(data_path, meta_path)}


def set_cell(column, value, row=0):
    """A change that puts `value` in one cell."""
    def change(frame):
        frame.loc[row, column] = value
        return frame
    return change


def rename(old, new):
    """A change that renames a column in the data or a col_name in the metadata."""
    def change(frame):
        if "col_name" in frame.columns:
            frame["col_name"] = frame["col_name"].replace(old, new)
            return frame
        return frame.rename(columns={old: new})
    return change


def test_every_screener_check_is_implemented_or_explained():
    listed = {row["check"] for row in csv.DictReader(open(DFE / "eesyscreener_checks.csv"))}
    assert listed == set(CHECKS) | set(PRECHECKS) | set(NOT_APPLICABLE)


def test_known_good_pair_passes():
    assert check_release(GOOD, GOOD.with_name("ees_screener_example_pass.meta.csv")) == []


@pytest.mark.parametrize("change_data, change_meta, expected", [
    (set_cell("enrolment_count", ""), None, "check_ind_invalid_entry"),
    (set_cell("enrolment_count", "NA"), None, "check_general_null"),
    (set_cell("enrolment_count", ".."), None, "check_general_null"),
    (set_cell("time_period", "2017/18"), None, "precheck_time_period_num"),
    (lambda d: d.assign(time_period="201719"), None, "check_time_period_six"),
    (lambda d: d.assign(time_period="2017"), None, "check_time_period"),
    (set_cell("time_identifier", "Academic Year"), None, "precheck_time_id_valid"),
    (set_cell("time_identifier", "Calendar year"), None, "precheck_time_id_mix"),
    (lambda d: d.drop(columns="country_name"), None, "precheck_col_req_data"),
    (set_cell("country_name", "Englund"), None, "check_geog_country_combos"),
    (set_cell("geographic_level", "Nation"), None, "precheck_geog_level"),
    (set_cell("geographic_level", "Regional"), None, "precheck_geog_level_present"),
    (lambda d: pd.concat([d, d.iloc[[1]]]), None, "check_general_dupes"),
    (set_cell("sex", ""), None, "check_filter_blanks"),
    (set_cell("sex", "Male "), None, "check_filter_whitespace"),
    (set_cell("country_code", "Total"), None, "check_filter_ob_total"),
    (lambda d: d.assign(sex="All pupils"), None, "precheck_filter_not_singular"),
    (rename("sex", "Sex"), rename("sex", "Sex"), "check_col_snake_case"),
    (rename("sex", "pupil sex"), rename("sex", "pupil sex"), "check_col_names_spaces"),
    (rename("sex", "_sex"), rename("sex", "_sex"), "check_col_var_start"),
    (rename("enrolment_count", "male_count"), rename("enrolment_count", "male_count"),
     "check_col_ind_smushed"),
    (rename("sex", "la_group"), rename("sex", "la_group"), "check_meta_geog_catch"),
    (rename("sex", "ethnic_group"), rename("sex", "ethnic_group"), "check_harmonised_variables"),
    (rename("sex", "characteristic"), rename("sex", "characteristic"),
     "check_col_var_characteristic"),
    (rename("sex", "s" * 51), rename("sex", "s" * 51), "check_api_char_col_name"),
    (None, set_cell("col_type", "filter"), "precheck_meta_col_type"),
    (None, set_cell("label", "Education phase"), "check_meta_dupe_label"),
    (None, set_cell("label", "", 2), "check_meta_label"),
    (None, set_cell("label", "x" * 81), "check_api_char_col_label"),
    (None, set_cell("indicator_unit", "percent", 2), "check_meta_ind_unit_validation"),
    (None, set_cell("indicator_unit", "%", 0), "check_meta_ind_unit"),
    (None, set_cell("indicator_dp", "1", 0), "check_meta_indicator_dp"),
    (None, set_cell("indicator_dp", "", 2), "check_meta_ind_dp_set"),
    (None, set_cell("indicator_dp", "-1", 2), "check_meta_ind_dp_values"),
    (None, set_cell("indicator_grouping", "Counts", 0), "check_meta_indicator_grouping"),
    (None, set_cell("filter_hint", "Hint", 2), "check_meta_filter_hint"),
    (None, set_cell("filter_grouping_column", "sex", 2), "check_meta_fil_grp"),
    (None, set_cell("filter_default", "Everyone", 0), "check_filter_defaults"),
    (None, lambda m: m.assign(notes=""), "precheck_col_invalid_meta"),
    (None, lambda m: m.drop(columns="filter_hint"), "precheck_col_req_meta"),
    (None, lambda m: m.drop(index=0), "precheck_cross_data_to_meta"),
    (None, set_cell("col_name", "phase", 1), "precheck_cross_meta_to_data"),
    (None, set_cell("col_name", "country_name", 1), "precheck_meta_ob_unit"),
])
def test_broken_variants_are_caught(tmp_path, change_data, change_meta, expected):
    assert expected in broken(tmp_path, change_data, change_meta)


def test_broken_file_names_are_caught(tmp_path):
    assert "check_filename_spaces" in broken(tmp_path, name="my release")
    data, meta = tmp_path / "a.csv", tmp_path / "b.meta.csv"
    shutil.copy(GOOD, data)
    shutil.copy(GOOD.with_name("ees_screener_example_pass.meta.csv"), meta)
    assert "check_filenames_match" in {p.check for p in check_release(data, meta)}


@pytest.fixture(scope="module")
def demo_release(definitions, tmp_path_factory):
    """The feel-safe-at-home release from the demo data, by age group."""
    definition = definitions["feel_safe_at_home"]
    published = compute(definition, demo_tables(), ["care_leaver_age_group"])
    paths = write_release(published, tmp_path_factory.mktemp("ees"), "feel-safe-at-home",
                          label=definition.raw["label"], unit="percent",
                          period_kind="reporting_year")
    return published, paths


def test_demo_release_passes_and_joins_to_dfe_la_lookup(demo_release):
    published, (data_path, meta_path) = demo_release
    assert check_release(data_path, meta_path) == []
    data = read(data_path)
    assert "Sub-LA area" not in set(data["geographic_level"])
    lookup = read(DFE / "england_la_region_lookup_dfe_cla_2025.csv").assign(time_period="2025")
    las = data[(data["geographic_level"] == "Local authority") & (data["time_period"] == "2025")]
    joined = las.merge(lookup, on=["time_period", "old_la_code"], suffixes=("", "_dfe"),
                       validate="many_to_one")
    assert len(joined) == len(las) > 0
    for column in ("la_name", "new_la_code", "region_code", "region_name"):
        assert (joined[column] == joined[f"{column}_dfe"]).all()
    for column in ("number", "denominator", "percentage"):
        assert data[column].map(lambda v: v in {"c", "z", "x", "low"} or
                                v.replace(".", "", 1).isdigit()).all()


@pytest.mark.parametrize("indicator", ["can_manage_bills", "pathway_plans_instability",
                                       "heard_of_readiness_early", "waiting_for_speech_help",
                                       "self_assessment_dimension_2"])
def test_every_kind_of_indicator_exports_a_passing_release(definitions, tmp_path, indicator):
    definition = definitions[indicator]
    published = compute(definition, demo_tables(), definition.allowed_breakdowns[:1])
    paths = write_release(published, tmp_path, indicator.replace("_", "-"),
                          label=definition.raw["label"], unit=definition.unit,
                          period_kind=definition.raw["period"])
    assert check_release(*paths) == []


def test_suitability_gap_exports_a_passing_release(tmp_path):
    published = suitability_gap(GAP_RECORDS, GAP_ANSWERS)
    paths = write_release(published, tmp_path, "suitability-gap", unit="percent",
                          label="Care leavers in suitable homes who do not feel safe or settled",
                          period_kind="reporting_year")
    assert check_release(*paths) == []
    assert set(read(paths[0])["accommodation_type"]) == {"K", "U", "Total"}  # f never answered


def test_failing_release_is_not_written(demo_release, tmp_path):
    published, _ = demo_release
    with pytest.raises(ValueError, match="check_api_char_col_label"):
        write_release(published, tmp_path, "too-long", label="x" * 90, unit="percent",
                      period_kind="reporting_year")
    assert list(tmp_path.iterdir()) == []


def test_tidy_csv_and_parquet_keep_every_geography(demo_release, tmp_path):
    published, _ = demo_release
    tidy = read(write_tidy_csv(published, tmp_path / "tidy.csv"))
    parquet = pd.read_parquet(write_parquet(published, tmp_path / "tidy.parquet"))
    assert len(tidy) == len(parquet) == len(published)
    assert "Sub-LA area" in set(parquet["geographic_level"])
    assert list(parquet["count"]) == list(published["count"])


def test_suitability_gap_on_demo_data_shows_by_accommodation_type(tmp_path):
    from tests.coding.demo_tables import demo_oc3_records
    published = suitability_gap(demo_oc3_records(), demo_tables()["answers"])
    national = published[(published["geographic_level"] == "National")
                         & (published["care_leaver_age_group"] == "Total")]
    assert {"U", "D", "Total"} <= set(national["accommodation_type"])
    total = national[national["accommodation_type"] == "Total"].iloc[0]
    assert total["denominator"].isdigit() and int(total["denominator"]) > 5
    paths = write_release(published, tmp_path, "suitability-gap", unit="percent",
                          label="Care leavers in suitable homes who do not feel safe or settled",
                          period_kind="reporting_year")
    assert check_release(*paths) == []
