"""SSDA903 care-leaver (OC3) returns: read, validate against DfE's code lists, pseudonymise.

Reads the header and OC3 CSVs of a 903 return as local authorities submit them, checks every
value against coding/data/ssda903/ssda903_oc3_codelists.csv (source: data-to-insight
csc-validator-be-903 and liia-tools, MIT; DfE category labels, OGL v3), and returns plain records
keyed by a pseudonym. Invalid rows are never dropped silently: each is left out of `rows` and
listed in `problems` with its file, line, column and reason.
"""

import csv
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from coding.identifiers import InvalidIdentifier, normalise_local_id, pseudonymise

CODELISTS = Path(__file__).parent / "data" / "ssda903" / "ssda903_oc3_codelists.csv"
HEADER_COLUMNS = ("CHILD", "SEX", "DOB")
OC3_COLUMNS = ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM")
AGE_GROUPS = {17: "17 to 18 years", 18: "17 to 18 years", 19: "19 to 21 years",
              20: "19 to 21 years", 21: "19 to 21 years"}
_ACCOM = re.compile(r"([A-Z])([12])|0")


class Ssda903Error(ValueError):
    """A 903 return that cannot be read at all (missing file or columns); the message says which."""


@dataclass(frozen=True)
class Problem:
    """One invalid value: file name, line in the file (header is line 1), column and reason."""
    file: str
    row: int
    column: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file} row {self.row}, {self.column}: {self.reason}"


@dataclass(frozen=True)
class CareLeaverRecord:
    """One care leaver in the OC3 return, with no identifier: only the keyed pseudonym."""
    pseudonym: str
    year: int
    age_group: str
    accommodation_type: str | None  # the ACCOM letter; None when ACCOM is 0
    suitability: str | None  # "1" suitable, "2" unsuitable, None when ACCOM is 0
    in_touch: str
    activity: str
    la_code: str


@dataclass
class Ssda903Import:
    """Valid records and every problem found; a row with any problem is not in `rows`."""
    rows: list[CareLeaverRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def raise_if_problems(self) -> None:
        """Raise Ssda903Error listing every problem, for callers that must import all or nothing."""
        if self.problems:
            lines = "\n".join(str(p) for p in self.problems)
            raise Ssda903Error(f"The 903 return has {len(self.problems)} invalid values; "
                               f"correct them and import again:\n{lines}")


def load_code_lists(path: Path = CODELISTS) -> dict[str, set[str]]:
    """Valid codes by field (ACCOM, ACTIV, IN_TOUCH) from the shipped DfE code list."""
    codes: dict[str, set[str]] = {}
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            codes.setdefault(row["field"], set()).add(row["code"])
    return codes


def parse_date(text: str) -> date:
    """A 903 date, dd/mm/yyyy; ValueError otherwise."""
    if not re.fullmatch(r"\d{2}/\d{2}/\d{4}", text.strip()):
        raise ValueError("dates are written dd/mm/yyyy")
    return datetime.strptime(text.strip(), "%d/%m/%Y").date()


def age_in_collection_year(dob: date, year: int) -> int:
    """The age reached on the birthday that falls in the year to 31 March `year`."""
    # Birthdays from 1 April fall in the calendar year before the year end.
    birthday_year = year - 1 if (dob.month, dob.day) >= (4, 1) else year
    return birthday_year - dob.year


def read_return(directory: Path | str, year: int, la_code: str, key: bytes | str,
                header_name: str = "header.csv", oc3_name: str = "oc3.csv") -> Ssda903Import:
    """Read header.csv and oc3.csv from `directory` and return valid records and all problems."""
    directory = Path(directory)
    result = Ssda903Import()
    headers = _read_csv(directory / header_name, HEADER_COLUMNS)
    births = _header_births(headers, header_name, result.problems)
    codes = load_code_lists()
    for line, row in _read_csv(directory / oc3_name, OC3_COLUMNS):
        problems = _check_oc3_row(row, line, oc3_name, codes, births, year)
        result.problems.extend(problems)
        if not problems:
            result.rows.append(_record(row, births, year, la_code, key))
    return result


def _read_csv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Rows with their line numbers; Ssda903Error when the file or a column is missing."""
    if not path.is_file():
        raise Ssda903Error(f"There is no {path.name} in the return; add it and import again.")
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise Ssda903Error(f"{path.name} has no column {', '.join(missing)}; "
                               "use the DfE 903 column names.")
        return [(line, {k: (v or "").strip() for k, v in row.items() if k})
                for line, row in enumerate(reader, start=2)]


def _header_births(rows: list[tuple[int, dict[str, str]]], name: str,
                   problems: list[Problem]) -> dict[str, date]:
    """Date of birth by normalised CHILD id from the header file; bad rows become problems."""
    births: dict[str, date] = {}
    for line, row in rows:
        child = _child_id(row["CHILD"], name, line, problems)
        if row["SEX"] not in ("1", "2"):
            problems.append(Problem(name, line, "SEX", f"{row['SEX']!r} is not 1 or 2"))
        try:
            dob = parse_date(row["DOB"])
        except ValueError:
            problems.append(Problem(name, line, "DOB", f"{row['DOB']!r} is not a dd/mm/yyyy date"))
            continue
        if child is not None:
            births[child] = dob
    return births


def _child_id(value: str, name: str, line: int, problems: list[Problem]) -> str | None:
    """The normalised CHILD id, or None with a problem recorded."""
    try:
        return normalise_local_id(value)
    except InvalidIdentifier as error:
        problems.append(Problem(name, line, "CHILD", str(error)))
        return None


def _check_oc3_row(row: dict[str, str], line: int, name: str, codes: dict[str, set[str]],
                   births: dict[str, date], year: int) -> list[Problem]:
    """Every problem in one OC3 row: ids, dates, code lists, DfE rules 344/345, age."""
    problems: list[Problem] = []
    child = _child_id(row["CHILD"], name, line, problems)
    for column in ("IN_TOUCH", "ACTIV", "ACCOM"):
        if row[column] not in codes.get(column, set()):
            problems.append(Problem(name, line, column, f"{row[column]!r} is not a {column} code"))
    if row["ACCOM"] in codes.get("ACCOM", set()) and not _ACCOM.fullmatch(row["ACCOM"]):
        problems.append(Problem(name, line, "ACCOM", "must be a letter and 1 or 2, or 0"))
    if row["IN_TOUCH"] in ("DIED", "RHOM") and (row["ACTIV"] != "0" or row["ACCOM"] != "0"):
        problems.append(Problem(name, line, "IN_TOUCH", f"{row['IN_TOUCH']} needs ACTIV and "
                                "ACCOM of 0 (DfE rule 344)"))
    if row["IN_TOUCH"] == "YES" and "0" in (row["ACTIV"], row["ACCOM"]):
        problems.append(Problem(name, line, "IN_TOUCH", "YES needs ACTIV and ACCOM other than 0 "
                                "(DfE rule 345)"))
    problems.extend(_check_birth(row, line, name, child, births, year))
    return problems


def _check_birth(row: dict[str, str], line: int, name: str, child: str | None,
                 births: dict[str, date], year: int) -> list[Problem]:
    """The OC3 DOB is a date, matches the header, and gives an age of 17 to 21 in the year."""
    try:
        dob = parse_date(row["DOB"])
    except ValueError:
        return [Problem(name, line, "DOB", f"{row['DOB']!r} is not a dd/mm/yyyy date")]
    if child is None:
        return []
    if child not in births:
        return [Problem(name, line, "CHILD", "is not in the header file with a valid DOB")]
    if births[child] != dob:
        return [Problem(name, line, "DOB", "differs from the date of birth in the header file")]
    age = age_in_collection_year(dob, year)
    if age not in AGE_GROUPS:
        return [Problem(name, line, "DOB", f"gives age {age} in {year}; OC3 covers ages 17 to 21")]
    return []


def _record(row: dict[str, str], births: dict[str, date], year: int, la_code: str,
            key: bytes | str) -> CareLeaverRecord:
    """The plain record of a valid OC3 row."""
    child = normalise_local_id(row["CHILD"])
    accom = row["ACCOM"]
    letter, suitability = (None, None) if accom == "0" else (accom[0], accom[1])
    return CareLeaverRecord(pseudonymise(child, key), year,
                            AGE_GROUPS[age_in_collection_year(births[child], year)],
                            letter, suitability, row["IN_TOUCH"], row["ACTIV"], la_code)
