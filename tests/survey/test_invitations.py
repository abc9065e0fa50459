"""Invitations: only the token's hash is kept, identifiers become pseudonyms, links are checked;
the CLI and the practice page make them; the flags page lists safeguarding flags by authority."""

import hashlib
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from tests.helpers import OTHER_LA, OWN_LA, audit_events, form_token, la_id, login, make_user
from tests.survey.helpers import begin, location, make_link, post
from voice.cli import cli
from voice.db import get_engine
from voice.invitations import (ExpiredInvitation, InvalidInvitation, UnknownInvitation,
                               UsedUpInvitation, create_invitation, redeem, use_once)
from voice.models import Invitation, Respondent, SafeguardingFlag, metadata, utcnow

NHS_NUMBER = "4010232137"


def database_holds(app, needle: str) -> list[str]:
    """Every table.column whose text holds `needle` anywhere in the database."""
    found = []
    with get_engine(app).connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(sa.select(table)):
                for column, value in row._mapping.items():
                    if needle in str(value):
                        found.append(f"{table.name}.{column}")
    return found


def test_token_is_stored_only_as_its_hash(app, session, surveys):
    token = make_link(app, session)
    invitation = session.exec(select(Invitation)).one()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert database_holds(app, token) == []


def test_identifier_becomes_a_pseudonym_and_is_never_stored(app, session, surveys):
    with app.app_context():
        first, _ = create_invitation(session, "where-i-live", "single", None, None,
                                     la_id(session, OWN_LA), None, None, "401 023 2137")
        second, _ = create_invitation(session, "where-i-live", "single", None, None,
                                      la_id(session, OWN_LA), None, None, NHS_NUMBER)
        session.commit()
    assert first.respondent_id == second.respondent_id is not None  # same person, one respondent
    assert len(session.exec(select(Respondent)).all()) == 1
    assert database_holds(app, NHS_NUMBER) == [] and database_holds(app, "401 023 2137") == []


@pytest.mark.parametrize("identifier", ["4010232138", "x", "9434765919"])
def test_bad_identifiers_are_refused(app, session, surveys, identifier):
    with app.app_context(), pytest.raises(InvalidInvitation) as caught:
        create_invitation(session, "where-i-live", "single", None, None, la_id(session, OWN_LA),
                          None, None, identifier)
    assert caught.value.field == "identifier"


def test_redeem_tells_each_problem_apart(app, session, surveys):
    token = make_link(app, session, mode="reusable", uses=2)
    invitation = redeem(session, token)
    use_once(session, invitation)
    use_once(session, invitation)
    with pytest.raises(UsedUpInvitation):
        redeem(session, token)
    with pytest.raises(UsedUpInvitation):
        use_once(session, invitation)
    with pytest.raises(UnknownInvitation):
        redeem(session, "not-a-real-token-at-all-0000")
    invitation.uses_count, invitation.expires_at = 0, utcnow() - timedelta(seconds=1)
    session.add(invitation)
    session.commit()
    with pytest.raises(ExpiredInvitation):
        redeem(session, token)


def test_cli_invite_prints_a_working_link(app, runner, session, surveys):
    result = runner.invoke(cli, ["surveys", "invite", "where-i-live", "--kiosk", "--la", OWN_LA,
                                 "--expires", "2099-12-31"])
    assert result.exit_code == 0, result.output
    token = re.search(r"/s/([A-Za-z0-9_-]+)", result.output).group(1)
    invitation = session.exec(select(Invitation)).one()
    assert invitation.mode == "kiosk" and invitation.uses_allowed is None
    assert invitation.expires_at.date().isoformat() == "2100-01-01"
    with app.app_context():
        assert redeem(session, token).id == invitation.id
    assert audit_events(session, "invitation.create")


def test_cli_invite_refuses_an_unknown_survey_or_authority(runner, surveys):
    assert runner.invoke(cli, ["surveys", "invite", "nope", "--la", OWN_LA]).exit_code == 1
    assert runner.invoke(cli, ["surveys", "invite", "where-i-live", "--la", "999"]).exit_code == 1


def test_practice_page_makes_a_link_for_the_practitioners_authority(app, client, session, surveys):
    user = make_user(session, "practitioner", la_codes=(OWN_LA,))
    login(client, user)
    page = client.get("/practice/invitations/new")
    assert page.status_code == 200
    own = str(la_id(session, OWN_LA))
    made = client.post("/practice/invitations/new", data={
        "csrf_token": form_token(client, "/practice/invitations/new"), "survey": "where-i-live",
        "mode": "single", "la": own, "identifier": NHS_NUMBER})
    assert made.status_code == 201
    link = re.search(r'href="(http[^"]+/s/[^"]+)"', made.get_data(as_text=True)).group(1)
    assert client.get(link.split("localhost", 1)[-1]).status_code == 200
    assert database_holds(app, NHS_NUMBER) == []
    other = client.post("/practice/invitations/new", data={
        "csrf_token": form_token(client, "/practice/invitations/new"), "survey": "where-i-live",
        "mode": "single", "la": str(la_id(session, OTHER_LA))})
    assert other.status_code == 400  # not one of the practitioner's authorities


@pytest.mark.parametrize("role, status", [(None, 302), ("researcher", 403), ("practitioner", 200)])
def test_practice_pages_need_a_practitioner(client, session, surveys, role, status):
    if role:
        login(client, make_user(session, role))
    assert client.get("/practice/invitations/new").status_code == status
    assert client.get("/practice/flags").status_code == status


def test_flags_page_lists_own_authority_flags_without_the_text(app, client, session, surveys):
    token = make_link(app, session)
    begin(client, token)
    post(client, f"/s/{token}/q/make_it_better",
         {"action": "continue", "answer": "I want to kill myself."})
    assert location(post(client, f"/s/{token}/check")).endswith("/thanks")
    flag = session.exec(select(SafeguardingFlag)).one()
    assert flag.rule == "self_harm" and flag.la_id == la_id(session, OWN_LA)
    login(client, make_user(session, "practitioner", la_codes=(OWN_LA,)))
    page = client.get("/practice/flags").get_data(as_text=True)
    assert "Self-harm or suicide" in page and "kill myself" not in page
    login(client, make_user(session, "practitioner", la_codes=(OTHER_LA,)))
    assert "Self-harm or suicide" not in client.get("/practice/flags").get_data(as_text=True)
