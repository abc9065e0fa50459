"""`seen-heard codebook validate|import|export` and `project export`: files in and out, bad input refused."""

import io
import zipfile
from pathlib import Path

from lxml import etree
from sqlmodel import select

from coding.codebook.checks import CODEBOOK_DIR
from coding.refi import import_qdpx
from coding.refi.common import _schema
from tests.coding_workflow.helpers import BOOK, make_document, store_shipped
from tests.helpers import audit_events, make_user
from voice.codebook_cli import codebook_cli, project_cli
from voice.coding.excerpts import Actor, apply_codes
from voice.models import CodebookVersion

SHIPPED = CODEBOOK_DIR / f"{BOOK}.yaml"


def versions(session) -> int:
    session.expire_all()
    return len(session.exec(select(CodebookVersion)).all())


def test_validate_lists_every_problem_with_its_line(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("key: my-book\ntitle: A book\nversion: 1\ncodes:\n"
                   "  - key: safety\n    label: Safe\n    colour: red\n"
                   "  - key: safety\n    label: Again\n"
                   "  - key: a\n    label: A\n    parent: b\n"
                   "  - key: b\n    label: B\n    parent: a\n", "utf-8")
    result = runner.invoke(codebook_cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "line 7:" in result.output          # the colour
    assert "line 8:" in result.output          # the second 'safety'
    assert "cycle" in result.output.lower()
    assert "nothing was stored" in result.output


def test_validate_reports_broken_yaml_with_its_line(runner, tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("key: x\ntitle: [unclosed\nversion: 1\n", "utf-8")
    result = runner.invoke(codebook_cli, ["validate", str(bad)])
    assert result.exit_code == 1 and "line" in result.output


def test_import_stores_a_version_once_and_export_round_trips(runner, session, tmp_path):
    first = runner.invoke(codebook_cli, ["import", str(SHIPPED)])
    assert first.exit_code == 0, first.output
    assert f"Imported {BOOK} as version 1" in first.output
    again = runner.invoke(codebook_cli, ["import", str(SHIPPED)])
    assert "unchanged" in again.output and versions(session) == 1
    assert audit_events(session, "codebook.import")

    qdc = tmp_path / "book.qdc"
    out = runner.invoke(codebook_cli, ["export", BOOK, "--format", "qdc", "--out", str(qdc)])
    assert out.exit_code == 0, out.output
    _schema("Codebook.xsd").assertValid(etree.parse(str(qdc)))
    yaml_out = tmp_path / "book.yaml"
    runner.invoke(codebook_cli, ["export", BOOK, "--format", "yaml", "--out", str(yaml_out)])
    assert runner.invoke(codebook_cli, ["validate", str(yaml_out)]).exit_code == 0
    # The .qdc comes back in under the same key as the same codes: no new version.
    back = runner.invoke(codebook_cli, ["import", str(qdc), "--key", BOOK])
    assert back.exit_code == 0, back.output


def test_xml_that_is_not_refi_qda_is_refused_and_nothing_stored(runner, session, tmp_path):
    bad = tmp_path / "other.qdc"
    bad.write_bytes(b"<?xml version='1.0'?><html><body/></html>")
    result = runner.invoke(codebook_cli, ["import", str(bad)])
    assert result.exit_code == 1 and "not a REFI-QDA codebook" in result.output
    assert versions(session) == 0


def zip_with(tmp_path: Path, members: dict[str, bytes]) -> Path:
    path = tmp_path / "project.qdpx"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_a_qdpx_without_project_qde_or_with_path_traversal_is_refused(runner, session, tmp_path):
    missing = runner.invoke(codebook_cli, ["import", str(zip_with(tmp_path, {"readme.txt": b"hi"}))])
    assert missing.exit_code == 1 and "project.qde" in missing.output
    evil = runner.invoke(codebook_cli, ["import", str(zip_with(
        tmp_path, {"project.qde": b"<Project/>", "../../etc/passwd": b"x"}))])
    assert evil.exit_code == 1 and "nothing was stored" in evil.output
    assert versions(session) == 0


def test_project_export_is_a_valid_qdpx_with_redacted_text_and_coder(app, runner, session, tmp_path):
    with app.test_request_context():
        store_shipped(session)
        coder = make_user(session)
        text = "[PERSON_1] said 😀 the flat\r\nfeels safe now."
        doc = make_document(session, text)
        start = text.index("feels")
        apply_codes(session, doc, start, start + 15, BOOK, ["safety"], Actor(coder))
        session.commit()
    out = tmp_path / "export.qdpx"
    result = runner.invoke(project_cli, ["export", "--codebook", BOOK, "--out", str(out)])
    assert result.exit_code == 0, result.output
    project = import_qdpx(out)   # validates project.qde against Project.xsd on the way in
    [source] = project.sources
    assert source.text == text
    [selection] = source.selections
    assert source.text[selection.start:selection.end] == "feels safe now."
    assert selection.coder_guid == project.users[0].guid
    assert audit_events(session, "project.export")
    # GUIDs are stable across exports.
    second = tmp_path / "again.qdpx"
    runner.invoke(project_cli, ["export", "--codebook", BOOK, "--out", str(second)])
    assert import_qdpx(second).sources[0].selections[0].guid == selection.guid
    # And the project's codes import as the same codebook: unchanged.
    back = runner.invoke(codebook_cli, ["import", str(out), "--key", BOOK])
    assert back.exit_code == 0, back.output


def test_project_export_cases_are_respondents_and_variables_their_closed_answers(app, runner,
                                                                                 session, tmp_path):
    import uuid
    from datetime import UTC, datetime

    from tests.helpers import OWN_LA, la_id
    from voice.models import Respondent, Survey, SurveyVersion
    from voice.responses import store_response
    from voice.surveys import store_shipped_surveys

    with app.test_request_context():
        store_shipped(session)
        store_shipped_surveys(session)
        survey = session.exec(select(Survey).where(Survey.key == "where-i-live")).one()
        version = session.exec(select(SurveyVersion).where(SurveyVersion.survey_id == survey.id)
                               .order_by(SurveyVersion.version.desc())).first()
        person = Respondent(pseudonym="ab" * 32, la_id=la_id(session, OWN_LA), cohort="care_leaver")
        session.add(person)
        session.flush()
        store_response(session, survey_version=version, client_uuid=str(uuid.uuid4()),
                       answers={"feel_safe_home": 4, "home_right_for_me": "yes",
                                "who_helps": ["family", "friends"],
                                "make_it_better": "Raw words of the respondent."},
                       consents={"own_support": True}, language="en",
                       submitted_at=datetime(2026, 5, 1, tzinfo=UTC), la_id=person.la_id,
                       area_id=None, respondent_id=person.id, invitation_id=None)
        make_document(session, "[PERSON_1] feels safe now.", respondent_id=person.id)
        session.commit()
    out = tmp_path / "cases.qdpx"
    result = runner.invoke(project_cli, ["export", "--codebook", BOOK, "--out", str(out)])
    assert result.exit_code == 0, result.output
    project = import_qdpx(out)   # validated against Project.xsd
    names = {variable.guid: variable.name for variable in project.variables}
    types = {variable.name: variable.type for variable in project.variables}
    [case] = project.cases
    values = {names[guid]: value for guid, value in case.values.items()}
    assert values == {"cohort": "care_leaver", "where-i-live: feel_safe_home": "4",
                      "where-i-live: home_right_for_me": "yes",
                      "where-i-live: who_helps": "family; friends"}
    assert types["where-i-live: feel_safe_home"] == "Text"       # a face scale has "prefer_not"
    assert "make_it_better" not in " ".join(names.values())     # free text is never a variable
    assert case.source_guids == [project.sources[0].guid]
    again = tmp_path / "again.qdpx"
    runner.invoke(project_cli, ["export", "--codebook", BOOK, "--out", str(again)])
    assert {v.guid for v in import_qdpx(again).variables} == set(names)   # stable GUIDs
