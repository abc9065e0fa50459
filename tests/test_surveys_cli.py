"""`seen-heard surveys import|validate|list`: versions, audit rows, and nothing stored on errors."""

import shutil
import uuid
from pathlib import Path

from sqlmodel import select

from tests.helpers import audit_events
from voice.models import LocalAuthority, Response, Survey, SurveyVersion, utcnow
from voice.surveys import SURVEY_DIR
from voice.surveys_cli import surveys_cli

FIXTURES = Path(__file__).parent / "data" / "xlsform"


def versions(session, key: str) -> list[int]:
    """The version numbers stored for a survey."""
    session.expire_all()
    return list(session.exec(select(SurveyVersion.version).join(Survey)
                             .where(Survey.key == key).order_by(SurveyVersion.version)))


def test_import_makes_a_version_only_when_the_file_changes(runner, session, tmp_path):
    path = tmp_path / "where-i-live.yaml"
    shutil.copy(SURVEY_DIR / "where-i-live.yaml", path)
    first = runner.invoke(surveys_cli, ["import", str(path)])
    assert first.exit_code == 0, first.output
    assert "Imported where-i-live as version 1 (7 questions)" in first.output
    again = runner.invoke(surveys_cli, ["import", str(path)])
    assert again.exit_code == 0 and "unchanged (still version 1)" in again.output
    path.write_text(path.read_text("utf-8").replace("Nobody", "No one"), "utf-8")
    edited = runner.invoke(surveys_cli, ["import", str(path)])
    assert "as version 2" in edited.output
    assert versions(session, "where-i-live") == [1, 2]
    events = audit_events(session, "survey.import")
    assert [(e.object_type, e.object_id, e.detail) for e in events] == [
        ("survey", "where-i-live", {"version": 1}), ("survey", "where-i-live", {"version": 2})]


def test_an_invalid_file_lists_every_error_and_stores_nothing(runner, session, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text((SURVEY_DIR / "my-information.yaml").read_text("utf-8")
                    .replace("cy: Fi}", "}").replace("type: single_choice", "type: pick_one"),
                    "utf-8")
    result = runner.invoke(surveys_cli, ["import", str(path)])
    assert result.exit_code == 1
    assert "line " in result.output and "pick_one" in result.output
    assert "nothing was stored" in result.output
    assert session.exec(select(Survey)).all() == []
    assert audit_events(session, "survey.import") == []


def test_an_xlsform_with_unsupported_rows_creates_nothing(runner, session):
    result = runner.invoke(surveys_cli, ["import", str(FIXTURES / "unsupported.md")])
    assert result.exit_code == 1
    assert "row 3: geopoint" in result.output and "row 12: date" in result.output
    assert session.exec(select(Survey)).all() == []


def test_an_xlsform_imports_with_a_key_and_audience(runner, session):
    result = runner.invoke(surveys_cli, ["import", str(FIXTURES / "family-hub.md"),
                                         "--key", "hub-visit", "--audience", "parents_carers"])
    assert result.exit_code == 0, result.output
    survey = session.exec(select(Survey).where(Survey.key == "hub-visit")).one()
    assert survey.title == "Family hub visit" and survey.audience == "parents_carers"
    assert versions(session, "hub-visit") == [1]


def test_validate_checks_without_storing(runner, session, tmp_path):
    good = runner.invoke(surveys_cli, ["validate", str(SURVEY_DIR / "getting-ready-for-school.yaml")])
    assert good.exit_code == 0
    assert "valid survey: getting-ready-for-school, 7 questions, languages en, cy, ur" in good.output
    bad = runner.invoke(surveys_cli, ["validate", str(FIXTURES / "missing-welsh.md")])
    assert bad.exit_code == 1 and "row 3: Question 'why' label has no Welsh (cy) text" in bad.output
    odd = tmp_path / "survey.txt"
    odd.write_text("key: x\n", "utf-8")
    assert "use one of: .yaml" in runner.invoke(surveys_cli, ["validate", str(odd)]).output
    assert session.exec(select(Survey)).all() == []


def test_list_shows_versions_and_response_counts(runner, session):
    assert "No surveys yet" in runner.invoke(surveys_cli, ["list"]).output
    for name in ("where-i-live.yaml", "using-information-well.yaml"):
        assert runner.invoke(surveys_cli, ["import", str(SURVEY_DIR / name)]).exit_code == 0
    survey = session.exec(select(Survey).where(Survey.key == "where-i-live")).one()
    version = session.exec(select(SurveyVersion).where(SurveyVersion.survey_id == survey.id)).one()
    la = session.exec(select(LocalAuthority)).first()
    for _ in range(2):
        session.add(Response(client_uuid=str(uuid.uuid4()), survey_id=survey.id,
                             survey_version_id=version.id, la_id=la.id, content_hash="0" * 64,
                             submitted_at=utcnow()))
    session.commit()
    lines = runner.invoke(surveys_cli, ["list"]).output.splitlines()
    assert lines == ["key\ttitle\tversion\tresponses",
                     "using-information-well\tUsing information well\t1\t0",
                     "where-i-live\tWhere I live\t1\t2"]
