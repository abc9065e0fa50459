"""`seen-heard indicators export` from the demo database: EES conformance, the join to DfE's
LA lookup, the manifest, all-or-nothing writing, and agreement with coding's own computation."""

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlmodel import select

from coding.disclosure import DisclosurePolicy
from coding.ees import check_release
from coding.indicators import compute, consented, load_definitions
from tests.coding.demo_tables import ROOT, demo_tables, known
from tests.helpers import audit_events
from voice.indicators.cli import indicators_cli
from voice.indicators.definitions import definitions
from voice.indicators.release import ReleaseRequest, build_release, published_indicator
from voice.models import IndicatorRelease

DFE = ROOT.parent / "shared" / "reference" / "dfe"
SYMBOLS = {"c", "z", "x", "low"}


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_export_of_every_indicator_passes_ees_checks_and_joins_to_dfe(demo_app, runner, session,
                                                                        tmp_path):
    out = tmp_path / "release"
    result = runner.invoke(indicators_cli, ["export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text())
    exported = {e["indicator"] for e in manifest["indicators"]}
    # Every survey indicator the demo has answers for; the rest are listed with the reason.
    assert {"feel_safe_at_home", "feel_settled", "home_right_for_me", "can_manage_bills",
            "heard_of_readiness_early", "waiting_for_speech_help"} <= exported
    assert {s["indicator"] for s in manifest["skipped"]} | exported >= set(definitions(session))
    lookup = read(DFE / "england_la_region_lookup_dfe_cla_2025.csv")
    for entry in manifest["indicators"]:
        data_name, meta_name = entry["files"]
        assert check_release(out / data_name, out / meta_name) == [], entry["indicator"]
        data = read(out / data_name)
        las = data[data["geographic_level"] == "Local authority"]
        periods = sorted(set(las["time_period"]))
        joined = las.merge(lookup.assign(time_period=periods[0]).pipe(
            lambda frame: pd.concat([frame.assign(time_period=p) for p in periods])),
            on=["time_period", "old_la_code"], suffixes=("", "_dfe"), validate="many_to_one")
        assert len(joined) == len(las) > 0
        assert (joined["la_name"] == joined["la_name_dfe"]).all()
        assert (joined["new_la_code"] == joined["new_la_code_dfe"]).all()
        for column in ("number", "denominator", "percentage"):
            assert data[column].map(lambda v: v in SYMBOLS or v.replace(".", "", 1).isdigit()).all()
    # The manifest says what went in; the release row and the audit row record it.
    assert manifest["disclosure"]["threshold"] == 5 and len(manifest["data_sha256"]) == 64
    first = manifest["indicators"][0]
    assert {"definition_sha256", "purpose", "rows", "suppressed_primary",
            "suppressed_secondary"} <= set(first)
    stored = session.exec(select(IndicatorRelease)).one()
    assert stored.data_hash == manifest["data_sha256"]
    assert audit_events(session, "indicators.export")[-1].object_id == str(stored.id)


def test_no_published_count_is_below_the_threshold(demo_app, session):
    definition = definitions(session)["feel_safe_at_home"]
    published = published_indicator(session, definition, policy=DisclosurePolicy(),
                                     breakdowns=definition.allowed_breakdowns)
    for column in ("count", "denominator"):
        numbers = pd.to_numeric(published[column], errors="coerce").dropna()
        assert not ((numbers >= 1) & (numbers <= 5)).any()


def test_database_counts_match_coding_on_the_same_demo_data(demo_app, session):
    """The SQL path and coding's pandas path give the same exact (unsuppressed) national counts."""
    exact = DisclosurePolicy(threshold=0)
    library = {d.id: d for d in load_definitions(ROOT / "codebooks" / "indicators", known())}
    for indicator in ("feel_safe_at_home", "heard_of_readiness_early", "can_manage_bills"):
        ours = published_indicator(session, definitions(session)[indicator], policy=exact,
                                   breakdowns=["sex"], levels=["National", "Local authority"])
        answers = consented(demo_tables()["answers"], library[indicator].raw["purpose"])
        theirs = compute(library[indicator], {"answers": answers}, ["sex"], exact, crossed=False)
        theirs = theirs[theirs["geographic_level"].isin(["National", "Local authority"])]
        key = ["period", "geography_code", "sex"]
        merged = ours.merge(theirs, on=key, suffixes=("", "_lib"), validate="one_to_one")
        assert len(merged) == len(ours) == len(theirs), indicator
        assert (merged["count"] == merged["count_lib"]).all(), indicator
        assert (merged["denominator"] == merged["denominator_lib"]).all(), indicator


def test_export_is_all_or_nothing(demo_app, runner, session, tmp_path):
    out = tmp_path / "taken"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = runner.invoke(indicators_cli, ["export", "--out", str(out)])
    assert result.exit_code == 1 and "not empty" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["taken"] or \
        not any(p.name.startswith(".taken-") for p in tmp_path.iterdir())
    assert session.exec(select(IndicatorRelease)).first() is None


@pytest.mark.parametrize("args, message", [
    (["--period", "1999"], "no data to export for period 1999"),
    (["--la", "999"], "Unknown local authority code 999"),
    (["--format", "xlsx"], "Invalid value for '--format'"),
])
def test_export_bad_input_is_a_clear_error(app, runner, tmp_path, args, message):
    result = runner.invoke(indicators_cli, ["export", "--out", str(tmp_path / "r"), *args])
    assert result.exit_code != 0
    assert message in result.output
    assert not (tmp_path / "r").exists()


def test_tidy_formats_keep_sub_la_areas(demo_app, runner, tmp_path):
    for file_format in ("csv", "parquet"):
        out = tmp_path / file_format
        result = runner.invoke(indicators_cli, ["export", "--out", str(out), "--format",
                                     file_format, "--la", "850"])
        assert result.exit_code == 0, result.output
        name = f"feel_safe_at_home.{file_format}"
        frame = read(out / name) if file_format == "csv" else pd.read_parquet(out / name)
        assert set(frame["geographic_level"]) == {"Local authority", "Sub-LA area"}
        assert set(frame.loc[frame["geographic_level"] == "Local authority", "geography_code"]) == {"850"}
