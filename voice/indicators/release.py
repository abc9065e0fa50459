"""An indicator release: every shipped indicator (and the suitability gap) written as files,
all or nothing, with a manifest, a stored record and an audit row.

Files are written into a temporary directory beside the destination and renamed into place
only when every file has passed disclosure control and (for EES) the conformance checks.
"""

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlmodel import Session, select

from coding.disclosure import DisclosurePolicy
from coding.ees import write_parquet, write_release, write_tidy_csv
from coding.indicators import IndicatorDefinition, IndicatorError, check_breakdowns, publish
from voice.audit import record
from voice.indicators.definitions import codebook_versions, definition_version, definitions
from voice.indicators.gap import GAP_PURPOSE, gap_tables
from voice.indicators.tables import unit_cells
from voice.models import IndicatorRelease, LocalAuthority, utcnow

FORMATS = ("ees", "csv", "parquet")
SCOPED_LEVELS = ("Local authority", "Sub-LA area")


@dataclass(frozen=True)
class ReleaseRequest:
    """What to export: file format, periods and authorities (empty: all), disclosure policy."""
    file_format: str = "ees"
    periods: tuple[str, ...] = ()
    la_codes: tuple[str, ...] = ()
    policy: DisclosurePolicy = field(default_factory=DisclosurePolicy)


def authority_ids(session: Session, la_codes: Collection[str]) -> list[int] | None:
    """Ids of DfE old_la_codes (None for no restriction); IndicatorError naming unknown codes."""
    if not la_codes:
        return None
    rows = dict(session.exec(select(LocalAuthority.old_la_code, LocalAuthority.id)
                             .where(LocalAuthority.old_la_code.in_(list(la_codes)))).all())
    unknown = sorted(set(la_codes) - set(rows))
    if unknown:
        raise IndicatorError([f"Unknown local authority code {', '.join(unknown)}; use DfE's "
                              "three-digit old_la_code, e.g. 850 for Hampshire."])
    return sorted(rows.values())


def published_indicator(session: Session, definition: IndicatorDefinition, *,
                        breakdowns: list[str], policy: DisclosurePolicy,
                        la_ids: Collection[int] | None = None,
                        periods: Collection[str] = (), levels: list[str] | None = None
                        ) -> pd.DataFrame:
    """One indicator's disclosure-controlled cells, each breakdown on its own with Totals."""
    check_breakdowns(definition, breakdowns)
    cells = unit_cells(session, definition, la_ids)
    if periods:
        cells = cells[cells["period"].isin(set(periods))]
    levels = levels or definition.geography_levels
    if la_ids is not None:  # a few authorities' total is not England's or a region's
        levels = [level for level in levels if level in SCOPED_LEVELS]
    return publish(cells, definition.id, definition.unit, breakdowns, levels, policy,
                   crossed=False)


def build_release(session: Session, out_dir: Path | str, request: ReleaseRequest,
                  actor: Any = None) -> dict[str, Any]:
    """Write the release to `out_dir` (new or empty), store and audit it; return the manifest."""
    out_dir = Path(out_dir)
    if request.file_format not in FORMATS:
        raise IndicatorError([f"Format {request.file_format!r} is not one of {', '.join(FORMATS)}."])
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise IndicatorError([f"{out_dir} already exists and is not empty; choose a new directory."])
    la_ids = authority_ids(session, request.la_codes)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        manifest = _write_files(session, staging, request, la_ids)
        if out_dir.exists():
            out_dir.rmdir()  # empty, checked above: rename needs the name free
        os.rename(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _store(session, manifest, request, actor)
    return manifest


def _write_files(session: Session, directory: Path, request: ReleaseRequest,
                 la_ids: list[int] | None) -> dict[str, Any]:
    """Every file of the release and its manifest.json, written into `directory`."""
    entries, skipped = [], []
    for definition in definitions(session).values():
        try:
            published = published_indicator(session, definition, policy=request.policy,
                                            breakdowns=definition.allowed_breakdowns,
                                            la_ids=la_ids, periods=request.periods)
        except IndicatorError as error:  # no data for this indicator: say so, do not fail
            skipped.append({"indicator": definition.id, "reason": "; ".join(error.problems)})
            continue
        files = _write_one(published, directory, definition.id, request.file_format,
                           label=definition.raw["label"], unit=definition.unit,
                           period_kind=definition.raw["period"])
        entries.append({"indicator": definition.id, "label": definition.raw["label"],
                        "definition_file": Path(definition.path).name,
                        "definition_sha256": definition_version(definition),
                        "purpose": definition.raw["purpose"], **_counts(published), "files": files})
    entries += _gap_entries(session, directory, request, la_ids, skipped)
    if not entries:
        raise IndicatorError(["There is no data to export" + (
            f" for period {', '.join(request.periods)}" if request.periods else "") +
            "; check the period and authorities."])
    manifest = {"generated_at": utcnow().isoformat(), "format": request.file_format,
                "periods": list(request.periods) or "all", "la_codes": list(request.la_codes) or "all",
                "disclosure": _policy(request.policy), "codebook_versions": codebook_versions(session),
                "indicators": entries, "skipped": skipped,
                "data_sha256": _data_hash(directory)}
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def _gap_entries(session: Session, directory: Path, request: ReleaseRequest,
                 la_ids: list[int] | None, skipped: list[dict]) -> list[dict]:
    """The suitability gap and DfE's suitable share, when SSDA903 records have been imported."""
    try:
        tables = gap_tables(session, request.policy, la_ids)
    except IndicatorError as error:
        skipped.append({"indicator": "suitability_gap", "reason": "; ".join(error.problems)})
        return []
    entries = []
    labels = {"suitable_accommodation": "Care leavers in suitable accommodation (SSDA903)",
              "suitability_gap": "Care leavers in suitable accommodation who do not feel safe"}
    for name, published in tables.items():
        if request.periods:
            published = published[published["period"].isin(set(request.periods))]
        if published.empty:
            continue
        files = _write_one(published, directory, name, request.file_format, label=labels[name],
                           unit="percent", period_kind="reporting_year")
        entries.append({"indicator": name, "label": labels[name], "purpose": GAP_PURPOSE,
                        "source": "SSDA903 OC3", **_counts(published), "files": files})
    return entries


def _write_one(published: pd.DataFrame, directory: Path, name: str, file_format: str, *,
               label: str, unit: str, period_kind: str) -> list[str]:
    """One indicator's files in the chosen format; their names."""
    if file_format == "ees":
        paths = write_release(published, directory, name, label=label, unit=unit,
                              period_kind=period_kind)
    elif file_format == "csv":
        paths = (write_tidy_csv(published, directory / f"{name}.csv"),)
    else:
        paths = (write_parquet(published, directory / f"{name}.parquet"),)
    return [Path(p).name for p in paths]


def _counts(published: pd.DataFrame) -> dict[str, int]:
    """Rows and suppressed cells (by reason) of one published table."""
    reasons = published["suppressed_reason"].value_counts()
    return {"rows": len(published), "suppressed_primary": int(reasons.get("primary", 0)),
            "suppressed_secondary": int(reasons.get("secondary", 0)),
            "suppressed_denominator": int(reasons.get("denominator", 0))}


def _policy(policy: DisclosurePolicy) -> dict[str, Any]:
    """The disclosure rule as the manifest records it."""
    return {"threshold": policy.threshold, "publish_zeros": policy.publish_zeros,
            "rounded_levels": sorted(policy.rounded_levels), "rounding_base": policy.rounding_base,
            "symbols": {"c": "suppressed", "z": "not applicable", "x": "not available",
                        "low": "rounds to zero"}}


def _data_hash(directory: Path) -> str:
    """SHA-256 over every data file's name and bytes, in name order."""
    digest = hashlib.sha256()
    for path in sorted(directory.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _store(session: Session, manifest: dict[str, Any], request: ReleaseRequest, actor: Any) -> None:
    """The release row and its audit row, in the caller's transaction (the caller commits)."""
    release = IndicatorRelease(purpose=",".join(sorted({e["purpose"] for e in manifest["indicators"]})),
                               threshold=request.policy.threshold, file_format=request.file_format,
                               data_hash=manifest["data_sha256"], manifest=manifest,
                               created_by_id=getattr(actor, "id", None))
    session.add(release)
    session.flush()
    record(session, "indicators.export", actor=actor, object_type="indicator_release",
           object_id=release.id, detail={"format": request.file_format,
                                         "indicators": len(manifest["indicators"]),
                                         "data_hash": manifest["data_sha256"],
                                         "threshold": request.policy.threshold})
