"""Voice indicators on screen and in JSON: the list, one table per indicator, the suitability
gap, and the release download. Every table comes out of coding's disclosure control, and a
researcher sees only their own authorities (admins see England, regions included).
"""

import io
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
from flask import abort, jsonify, render_template, request, send_file
from flask_login import current_user

from coding.disclosure import DisclosurePolicy
from coding.indicators import IndicatorError
from voice.db import get_session
from voice.indicators.definitions import definitions
from voice.indicators.gap import by_accommodation_type, gap_tables
from voice.indicators.release import ReleaseRequest, build_release, published_indicator
from voice.permissions import authority_ids_for, requires
from voice.web.api import bp as api_bp
from voice.web.research import bp

POLICY = DisclosurePolicy()
BREAKDOWN_LABELS = {"care_leaver_age_group": "Age group", "age_band": "Age band",
                    "fsm": "Free school meals", "send": "SEN", "sex": "Sex",
                    "social_care_experience": "Social care experience", "ethnicity": "Ethnicity"}


def _scope() -> list[int] | None:
    """The authority ids the user may see (None: every authority)."""
    ids = authority_ids_for(current_user)
    return None if ids is None else sorted(ids)


def _definition(indicator_id: str):
    """The shipped definition with this id, or 404."""
    found = definitions(get_session()).get(indicator_id)
    if found is None:
        abort(404)
    return found


def _levels(definition, la_ids) -> list[str]:
    """The geographic levels this user may see for the indicator, top first."""
    levels = definition.geography_levels
    return levels if la_ids is None else [l for l in levels if l in ("Local authority", "Sub-LA area")]


def indicator_table(indicator_id: str, breakdown: str, level: str | None):
    """(definition, level, rows) for one breakdown at one level; IndicatorError if refused."""
    definition = _definition(indicator_id)
    if breakdown and breakdown not in definition.allowed_breakdowns:
        raise IndicatorError([f"Breakdown {breakdown!r} is not allowed for {definition.id}; "
                              f"choose from {', '.join(definition.allowed_breakdowns) or 'none'}."])
    la_ids = _scope()
    levels = _levels(definition, la_ids)
    level = level or (levels[0] if levels else "")
    if level not in levels:
        raise IndicatorError([f"Level {level!r} is not available here; choose from {', '.join(levels)}."])
    published = published_indicator(get_session(), definition, breakdowns=[breakdown] if breakdown else [],
                                     policy=POLICY, la_ids=la_ids, levels=levels)
    rows = published[published["geographic_level"] == level]
    return definition, level, rows.drop(columns=["indicator"])


def _records(rows: pd.DataFrame) -> list[dict]:
    """Published rows as JSON-ready dicts (every value is already text or a symbol)."""
    return rows.astype(str).to_dict(orient="records")


@bp.get("/indicators")
@requires("research.view")
def indicators():
    """Every shipped indicator with what it measures and how it may be broken down."""
    return render_template("research/indicators.html", definitions=definitions(get_session()).values(),
                           labels=BREAKDOWN_LABELS)


@bp.get("/indicators/<indicator_id>")
@requires("research.view")
def indicator(indicator_id: str):
    """One indicator as a table by period and geography, suppressed cells marked."""
    breakdown, level = request.args.get("breakdown", ""), request.args.get("level")
    definition = _definition(indicator_id)
    context = {"definition": definition, "breakdown": breakdown, "labels": BREAKDOWN_LABELS,
               "levels": _levels(definition, _scope()), "policy": POLICY, "rows": None,
               "level": level, "problem": None}
    try:
        _, context["level"], rows = indicator_table(indicator_id, breakdown, level)
        context["rows"] = _records(rows)
    except IndicatorError as error:
        context["problem"] = "; ".join(error.problems)
        refused = "not allowed" in context["problem"] or "not available" in context["problem"]
        return render_template("research/indicator.html", **context), 400 if refused else 200
    return render_template("research/indicator.html", **context)


@bp.get("/indicators/suitability-gap")
@requires("research.view")
def suitability_gap():
    """DfE's suitable-accommodation share beside care leavers' own sense of safety, by type."""
    try:
        table = _records(by_accommodation_type(gap_tables(get_session(), POLICY, _scope())))
        problem = None
    except IndicatorError as error:
        table, problem = [], "; ".join(error.problems)
    return render_template("research/suitability_gap.html", rows=table, problem=problem,
                           policy=POLICY)


@bp.get("/indicators/release.zip")
@requires("indicators.export")
def indicator_release():
    """The whole release (EES files and manifest) as a zip, recorded and audited."""
    file_format = request.args.get("format", "ees")
    session = get_session()
    scope = _scope()
    codes = () if scope is None else tuple(_codes(session, scope)) or ("000",)
    with tempfile.TemporaryDirectory() as tmp:
        try:
            build_release(session, Path(tmp) / "release",
                          ReleaseRequest(file_format=file_format, la_codes=codes), current_user)
        except IndicatorError as error:
            session.rollback()
            return render_template("research/indicators.html", labels=BREAKDOWN_LABELS,
                                   definitions=definitions(session).values(),
                                   problem="; ".join(error.problems)), 400
        session.commit()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted((Path(tmp) / "release").iterdir()):
                archive.write(path, path.name)
    buffer.seek(0)
    return send_file(buffer, mimetype="application/zip", as_attachment=True,
                     download_name="seen-heard-indicators.zip")


def _codes(session, la_ids: list[int]) -> list[str]:
    """DfE old_la_codes of authority ids."""
    from sqlmodel import select

    from voice.models import LocalAuthority
    return list(session.exec(select(LocalAuthority.old_la_code)
                             .where(LocalAuthority.id.in_(la_ids))).all())


@api_bp.get("/indicators")
@requires("research.view")
def api_indicators():
    """Every indicator: id, label, unit, purpose, levels and allowed breakdowns."""
    return jsonify(indicators=[{
        "id": d.id, "label": d.raw["label"], "unit": d.unit, "purpose": d.raw["purpose"],
        "period": d.raw["period"], "levels": _levels(d, _scope()),
        "breakdowns": d.allowed_breakdowns} for d in definitions(get_session()).values()])


@api_bp.get("/indicators/<indicator_id>")
@requires("research.view")
def api_indicator(indicator_id: str):
    """One indicator's disclosure-controlled cells at a level, optionally by one breakdown."""
    try:
        definition, level, rows = indicator_table(indicator_id, request.args.get("breakdown", ""),
                                                  request.args.get("level"))
    except IndicatorError as error:
        return jsonify(error="Bad request", status=400, message="; ".join(error.problems)), 400
    return jsonify(indicator=definition.id, level=level, threshold=POLICY.threshold,
                   rows=_records(rows))


@api_bp.get("/indicators/suitability-gap")
@requires("research.view")
def api_suitability_gap():
    """The suitability gap by accommodation type, disclosure-controlled."""
    try:
        tables = gap_tables(get_session(), POLICY, _scope())
    except IndicatorError as error:
        return jsonify(message="; ".join(error.problems), by_accommodation_type=[])
    return jsonify(by_accommodation_type=_records(by_accommodation_type(tables)),
                   **{name: _records(table.drop(columns=["indicator"])) for name, table in tables.items()})
