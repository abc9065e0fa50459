"""Store an authority's SSDA903 care-leaver (OC3) return for a year, all or nothing.

coding.ssda903 reads and validates the header and OC3 files and pseudonymises CHILD with
PSEUDONYM_KEY, the key survey respondents are pseudonymised with, so the two link. Any
invalid value (with its file, row and column) stops the import before anything is stored;
importing the same authority and year again replaces that year's records.
"""

from pathlib import Path
from typing import Any

from sqlmodel import Session, delete, select

from coding.ssda903 import Ssda903Error, read_return
from voice.audit import record
from voice.models import CareLeaverReturn, LocalAuthority

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100


def return_directory(path: Path | str) -> Path:
    """The directory holding header.csv and oc3.csv: PATH itself, or the folder of a file in it."""
    path = Path(path)
    if not path.exists():
        raise Ssda903Error(f"{path} does not exist; give the folder with header.csv and oc3.csv.")
    return path if path.is_dir() else path.parent


def import_return(session: Session, path: Path | str, la_code: str, year: int, key: str,
                  actor: Any = None) -> int:
    """Validate and store one OC3 return in the caller's transaction; the number of records."""
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise Ssda903Error(f"Year {year} is not a collection year; give the year the return "
                           "ends in, e.g. 2025 for the year to 31 March 2025.")
    authority = session.exec(select(LocalAuthority).where(LocalAuthority.old_la_code == la_code)).first()
    if authority is None:
        raise Ssda903Error(f"Unknown local authority code {la_code!r}; use DfE's three-digit "
                           "old_la_code, e.g. 850 for Hampshire.")
    result = read_return(return_directory(path), year, la_code, key)
    result.raise_if_problems()
    seen: set[str] = set()
    for row in result.rows:
        if row.pseudonym in seen:
            raise Ssda903Error("oc3.csv lists the same CHILD twice; each care leaver appears once.")
        seen.add(row.pseudonym)
    session.exec(delete(CareLeaverReturn).where(CareLeaverReturn.la_id == authority.id,
                                                CareLeaverReturn.year == year))
    session.add_all([CareLeaverReturn(la_id=authority.id, year=year, pseudonym=r.pseudonym,
                                      age_group=r.age_group, accommodation_type=r.accommodation_type,
                                      suitability=r.suitability, in_touch=r.in_touch,
                                      activity=r.activity, imported_by_id=getattr(actor, "id", None))
                     for r in result.rows])
    record(session, "ssda903.import", actor=actor, object_type="care_leaver_return",
           la_id=authority.id, detail={"year": year, "records": len(result.rows)})
    return len(result.rows)
