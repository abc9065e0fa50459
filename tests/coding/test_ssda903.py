"""SSDA903 OC3 import: code-list validation with file, row and column, pseudonyms, age groups."""

from datetime import date
from pathlib import Path

import pytest

from coding.identifiers import normalise_local_id, pseudonymise
from coding.ssda903 import (Ssda903Error, age_in_collection_year, load_code_lists, read_return)

FAKE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "ssda903" / "fake_data"
KEY = "test-key"
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
OC3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\n"


def write_return(directory: Path, header_rows: list[str], oc3_rows: list[str]) -> Path:
    """A small 903 return in `directory`."""
    (directory / "header.csv").write_text(HEADER + "".join(r + "\n" for r in header_rows))
    (directory / "oc3.csv").write_text(OC3 + "".join(r + "\n" for r in oc3_rows))
    return directory


def test_fake_data_reports_invalid_accom_codes_with_rows():
    result = read_return(FAKE, 2019, "850", KEY)
    bad_accom = [(p.file, p.row, p.column) for p in result.problems if "not a ACCOM code" in p.reason]
    assert bad_accom == [("oc3.csv", 2, "ACCOM"), ("oc3.csv", 47, "ACCOM")]


def test_fake_data_reports_rule_344_and_never_drops_silently():
    result = read_return(FAKE, 2019, "850", KEY)
    rule_344 = {p.row for p in result.problems if "rule 344" in p.reason}
    assert {3, 5, 6} <= rule_344  # DIED/RHOM rows with an activity or accommodation
    bad_rows = {p.row for p in result.problems if p.file == "oc3.csv"}
    assert len(result.rows) + len(bad_rows) == 53  # every OC3 row is either a record or a problem


def test_fake_data_record_is_pseudonymised_with_age_group_and_suitability():
    result = read_return(FAKE, 2019, "850", KEY)
    # Row 4 of oc3.csv: 880820, born 01/02/2001, YES, F1, K1 -> aged 18 in the year to March 2019.
    expected = pseudonymise(normalise_local_id("880820"), KEY)
    record = next(r for r in result.rows if r.pseudonym == expected)
    assert (record.age_group, record.accommodation_type, record.suitability) == \
        ("17 to 18 years", "K", "1")
    assert (record.in_touch, record.activity, record.la_code, record.year) == \
        ("YES", "F1", "850", 2019)
    assert all("880820" not in str(value) for value in vars(record).values())


def test_age_in_collection_year_counts_the_birthday_inside_april_to_march():
    assert age_in_collection_year(date(2001, 3, 30), 2019) == 18  # birthday March 2019
    assert age_in_collection_year(date(2001, 4, 1), 2019) == 17  # birthday April 2018
    assert age_in_collection_year(date(2004, 6, 1), 2025) == 20


def test_code_lists_have_accom_activ_and_in_touch():
    codes = load_code_lists()
    assert {"B1", "Z2", "0"} <= codes["ACCOM"] and "01" not in codes["ACCOM"]
    assert {"F1", "G6", "0"} <= codes["ACTIV"] and codes["IN_TOUCH"] >= {"YES", "DIED", "RHOM"}


def test_bad_values_are_reported_by_column(tmp_path):
    write_return(tmp_path, ["A100,1,15/06/2006,WBRI,,,", "A101,3,1/6/2006,WBRI,,,",
                            "A102,2,15/06/2000,WBRI,,,"],
                 ["A100,15/06/2006,YES,F1,Q1", "A101,01/06/2006,YES,F1,B1",
                  "A102,15/06/2000,YES,F1,B1", "A999,15/06/2006,YES,F1,B1",
                  "A100,16/06/2006,YES,XX,B1", "A100,15/06/2006,YES,0,B1"])
    result = read_return(tmp_path, 2025, "850", KEY)
    found = {(p.file, p.row, p.column) for p in result.problems}
    assert ("header.csv", 3, "SEX") in found and ("header.csv", 3, "DOB") in found
    assert ("oc3.csv", 2, "ACCOM") in found  # Q1 is no accommodation code
    assert ("oc3.csv", 4, "DOB") in found  # aged 24: outside the OC3 population
    assert ("oc3.csv", 5, "CHILD") in found  # not in the header file
    assert {("oc3.csv", 6, "ACTIV"), ("oc3.csv", 6, "DOB")} <= found  # bad code, DOB mismatch
    assert ("oc3.csv", 7, "IN_TOUCH") in found  # rule 345: in touch needs an activity
    assert result.rows == []


def test_valid_return_gives_plain_records(tmp_path):
    write_return(tmp_path, ["A100,1,15/06/2006,WBRI,,,", "A101,2,01/01/2004,WBRI,,,"],
                 ["A100,15/06/2006,YES,F2,D2", "A101,01/01/2004,NO,0,0"])
    result = read_return(tmp_path, 2025, "353", KEY)
    assert result.problems == []
    assert [(r.age_group, r.accommodation_type, r.suitability) for r in result.rows] == \
        [("17 to 18 years", "D", "2"), ("19 to 21 years", None, None)]
    result.raise_if_problems()


def test_missing_column_or_file_is_an_error(tmp_path):
    (tmp_path / "header.csv").write_text(HEADER)
    (tmp_path / "oc3.csv").write_text("CHILD,DOB,IN_TOUCH,ACTIV\n")
    with pytest.raises(Ssda903Error, match="oc3.csv has no column ACCOM"):
        read_return(tmp_path, 2025, "850", KEY)
    with pytest.raises(Ssda903Error, match="no header.csv"):
        read_return(tmp_path / "missing", 2025, "850", KEY)


def test_raise_if_problems_lists_every_problem(tmp_path):
    write_return(tmp_path, ["A100,1,15/06/2006,WBRI,,,"], ["A100,15/06/2006,YES,F1,01"])
    result = read_return(tmp_path, 2025, "850", KEY)
    with pytest.raises(Ssda903Error, match="oc3.csv row 2, ACCOM"):
        result.raise_if_problems()
