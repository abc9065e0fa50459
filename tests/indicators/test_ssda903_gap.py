"""`seen-heard ssda903 import` and the suitability gap on a hand-computed fixture."""

from pathlib import Path

import pytest
from sqlmodel import select

from coding.disclosure import DisclosurePolicy
from coding.identifiers import normalise_local_id, pseudonymise
from tests.indicators.factories import add_respondent, add_response
from voice.indicators.cli import ssda903_cli
from voice.indicators.gap import by_accommodation_type, gap_tables
from voice.models import AuditEvent, CareLeaverReturn

FAKE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "ssda903" / "fake_data"
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
OC3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n"
# CHILD, date of birth, ACCOM, answers (feel_safe_home, feel_settled), consent for service improvement
CARE_LEAVERS = [
    ("1001", "01/06/2006", "K1", {"feel_safe_home": 2}, True),                      # suitable, low
    ("1002", "01/06/2006", "K1", {"feel_safe_home": 5, "feel_settled": 4}, True),   # suitable, fine
    ("1003", "01/06/2003", "K1", {"feel_settled": 1}, True),                        # suitable, low
    ("1004", "01/06/2006", "K2", {"feel_safe_home": 1}, True),                      # unsuitable
    ("1005", "01/06/2006", "T1", {"feel_safe_home": 5}, True),                      # suitable, fine
    ("1006", "01/06/2003", "T1", {}, True),                                         # never answered
    ("1007", "01/06/2006", "K1", {"feel_safe_home": 1}, False),                     # no consent
]


def write_return(directory: Path, rows=CARE_LEAVERS, oc3_header: str = OC3) -> Path:
    directory.mkdir(exist_ok=True)
    (directory / "header.csv").write_text(HEADER + "".join(f"{c},1,{dob},WBRI,,,\n"
                                                           for c, dob, *_ in rows))
    (directory / "oc3.csv").write_text(oc3_header + "".join(f"{c},{dob},YES,F2,{accom}\n"
                                                            for c, dob, accom, *_ in rows))
    return directory


def stored(session) -> int:
    session.commit()
    return len(session.exec(select(CareLeaverReturn)).all())


def test_import_then_gap_by_accommodation_type_matches_hand_count(app, runner, session, tmp_path):
    result = runner.invoke(ssda903_cli, ["import", str(write_return(tmp_path / "r")), "--la", "850",
                                         "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert "Imported 7 care-leaver records" in result.output
    key = app.config["PSEUDONYM_KEY"]
    for child, _, _, answers, consent in CARE_LEAVERS:
        person = add_respondent(session, "850", pseudonymise(normalise_local_id(child), key))
        if answers:
            add_response(session, "where-i-live", "850", answers, respondent=person,
                         consents={"service_improvement": consent})
    session.commit()
    with app.app_context():
        tables = gap_tables(session, DisclosurePolicy(threshold=0))
    table = by_accommodation_type(tables).set_index("accommodation_type")
    # K: 5 records, 4 suitable (80%); of the 3 suitable who answered with consent, 2 low (66.7%).
    assert table.loc["K", ["suitable_accommodation_denominator", "suitable_accommodation_rate",
                           "suitability_gap_denominator", "suitability_gap_count",
                           "suitability_gap_rate"]].tolist() == ["5", "80.0", "3", "2", "66.7"]
    # T: 2 records, both suitable; the one who answered feels safe.
    assert table.loc["T", ["suitable_accommodation_rate", "suitability_gap_denominator",
                           "suitability_gap_rate"]].tolist() == ["100.0", "1", "0.0"]
    assert set(table["geography_name"]) == {"England"}
    # The default rule hides these small counts (true zeros are published, as DfE does).
    with app.app_context():
        controlled = by_accommodation_type(gap_tables(session, DisclosurePolicy()))
    controlled = controlled[controlled["accommodation_type"] != "Total"]
    for column in ("suitability_gap_count", "suitability_gap_denominator", "suitability_gap_rate",
                   "suitable_accommodation_denominator", "suitable_accommodation_rate"):
        assert set(controlled[column]) <= {"0", "c", "z"}, column


def test_reimport_replaces_the_year(app, runner, session, tmp_path):
    directory = write_return(tmp_path / "r")
    for rows in (CARE_LEAVERS, CARE_LEAVERS[:2]):
        write_return(directory, rows)
        result = runner.invoke(ssda903_cli, ["import", str(directory), "--la", "850", "--year", "2025"])
        assert result.exit_code == 0, result.output
    assert stored(session) == 2
    assert len(session.exec(select(AuditEvent).where(AuditEvent.action == "ssda903.import")).all()) == 2


@pytest.mark.parametrize("change, message", [
    (lambda d: write_return(d, oc3_header="CHILD,DOB,IN_TOUCH,ACTIV\n"), "oc3.csv has no column ACCOM"),
    (lambda d: write_return(d, [("1001", "2006-06-01", "K1", {}, True)]),
     "oc3.csv row 2, DOB: '2006-06-01' is not a dd/mm/yyyy date"),
    (lambda d: write_return(d, [("1001", "01/06/2006", "Q1", {}, True)]),
     "oc3.csv row 2, ACCOM: 'Q1' is not a ACCOM code"),
])
def test_bad_returns_name_file_and_row_and_store_nothing(runner, session, tmp_path, change, message):
    directory = tmp_path / "r"
    directory.mkdir()
    change(directory)
    result = runner.invoke(ssda903_cli, ["import", str(directory), "--la", "850", "--year", "2025"])
    assert result.exit_code == 1
    assert message in result.output and "Nothing was stored" in result.output
    assert stored(session) == 0


def test_the_synthetic_903_files_are_refused_with_their_rows(runner, session):
    result = runner.invoke(ssda903_cli, ["import", str(FAKE), "--la", "850", "--year", "2019"])
    assert result.exit_code == 1
    assert "oc3.csv row 2, ACCOM" in result.output and "oc3.csv row 47, ACCOM" in result.output
    assert stored(session) == 0


@pytest.mark.parametrize("args, message", [
    (["--la", "999", "--year", "2025"], "Unknown local authority code '999'"),
    (["--la", "850", "--year", "25"], "Year 25 is not a collection year"),
])
def test_bad_authority_or_year(runner, session, tmp_path, args, message):
    result = runner.invoke(ssda903_cli, ["import", str(write_return(tmp_path / "r")), *args])
    assert result.exit_code == 1 and message in result.output
    assert stored(session) == 0
