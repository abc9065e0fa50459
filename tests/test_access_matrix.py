"""The access matrix: every route in app.url_map x every role and anonymous x own or other authority.

ACCESS says, for each "METHOD /rule", the action from voice.permissions.PERMISSIONS the route
needs (or PUBLIC). The expected status follows from the permission table:

- anonymous: HTML pages redirect to /login?next=...; /api/ answers 401 JSON;
- a role without the action: 403;
- a role with it: anything but 401/403/404 and never a 5xx; for a route about an object of
  another local authority, practitioners and researchers get 404 (admins see every authority);
- PUBLIC: anything but 401/403 and never a 5xx.

Every refusal must leave an `access.denied` audit row. A new route without an entry here
fails `test_every_route_has_an_entry`; a rule parameter without a sample in SAMPLES fails
the matrix with the parameter's name.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import Session, func, select

from tests.helpers import OTHER_LA, OWN_LA, la_id, login, make_user
from voice.models import AuditEvent, Job
from voice.permissions import PERMISSIONS, SCOPED_ROLES

PUBLIC = "public"


@dataclass(frozen=True)
class Entry:
    """What a route needs; `scoped=False` for objects shared by every authority."""

    action: str
    scoped: bool = True


ACCESS: dict[str, str | Entry] = {
    "GET /static/<path:filename>": PUBLIC,
    "GET /": PUBLIC,
    "GET /healthz": PUBLIC,
    # auth
    "GET /login": PUBLIC,
    "POST /login": PUBLIC,
    "POST /logout": PUBLIC,
    "GET /account/password": "account.manage",
    "POST /account/password": "account.manage",
    "GET /setup/<token>": PUBLIC,
    "POST /setup/<token>": PUBLIC,
    # survey: respondents use tokens, never accounts
    "GET /survey/": PUBLIC,
    "GET /s/<token>": PUBLIC,
    "POST /s/<token>": PUBLIC,
    "GET /s/<token>/consent": PUBLIC,
    "POST /s/<token>/consent": PUBLIC,
    "GET /s/<token>/q/<key>": PUBLIC,
    "POST /s/<token>/q/<key>": PUBLIC,
    "GET /s/<token>/check": PUBLIC,
    "POST /s/<token>/check": PUBLIC,
    "GET /s/<token>/thanks": PUBLIC,
    "GET /practice/invitations/new": "invitations.issue",
    "POST /practice/invitations/new": "invitations.issue",
    "GET /practice/flags": "safeguarding.review",
    # practice
    "GET /practice/": "practice.view",
    "GET /practice/documents": "documents.read_redacted",
    "GET /practice/documents/<int:document_id>": "documents.read_redacted",
    "POST /practice/documents/<int:document_id>/reveal": "documents.read_raw",
    "GET /practice/imports": "documents.import",
    "GET /practice/imports/new": "documents.import",
    "POST /practice/imports/new": "documents.import",
    "GET /practice/imports/<int:batch_id>": "documents.import",
    "GET /practice/coding": "codes.apply",
    "POST /practice/coding/train": "codes.apply",
    "GET /practice/coding/<int:document_id>": "codes.apply",
    "POST /practice/coding/<int:document_id>/apply": "codes.apply",
    "POST /practice/coding/<int:document_id>/change": "codes.apply",
    "POST /practice/coding/<int:document_id>/memo": "codes.apply",
    "GET /practice/coding/codes": "codebook.manage",
    "POST /practice/coding/codes": "codebook.manage",
    "GET /practice/coding/agreement": "agreement.manage",
    "POST /practice/coding/agreement": "agreement.manage",
    "GET /practice/coding/reconcile": "codes.apply",
    # research
    "GET /research/": "research.view",
    "GET /research/indicators": "research.view",
    "GET /research/indicators/<indicator_id>": Entry("research.view", scoped=False),
    "GET /research/indicators/suitability-gap": "research.view",
    "GET /research/indicators/release.zip": "indicators.export",
    "GET /research/topics": "research.view",
    "GET /research/topics/new": "topics.run",
    "POST /research/topics/new": "topics.run",
    "GET /research/topics/<int:run_id>": "research.view",
    "GET /research/topics/<int:run_id>/charts": "research.view",
    "POST /research/topics/<int:run_id>/cancel": "topics.run",
    "POST /research/topics/theme/<int:topic_id>/label": "topics.run",
    "GET /research/topics/theme/<int:topic_id>/promote": "codebook.manage",
    "POST /research/topics/theme/<int:topic_id>/promote": "codebook.manage",
    # admin
    "GET /admin/": "admin.view",
    "GET /admin/users": "users.manage",
    "GET /admin/users/new": "users.manage",
    "POST /admin/users/new": "users.manage",
    "POST /admin/users/<int:user_id>/setup-link": "users.manage",
    "GET /admin/surveys": "surveys.manage",
    "GET /admin/jobs": "jobs.view",
    "GET /admin/jobs/<int:job_id>": "jobs.view",
    "POST /admin/jobs/<int:job_id>/cancel": "jobs.manage",
    "GET /admin/audit": "audit.view",
    # subject rights (issue 9)
    "GET /privacy": PUBLIC,
    "GET /c/<token>": PUBLIC,  # a consent link: the token authorises it
    "POST /c/<token>": PUBLIC,
    "GET /practice/consent": "consent.record",
    "POST /practice/consent": "consent.record",
    "GET /practice/consent/<int:respondent_id>": "consent.record",
    "POST /practice/consent/<int:respondent_id>/withdraw": "consent.record",
    "POST /practice/consent/<int:respondent_id>/link": "consent.record",
    "GET /practice/consent/<int:respondent_id>/challenge": "challenges.raise",
    "POST /practice/consent/<int:respondent_id>/challenge": "challenges.raise",
    "GET /practice/challenges": "challenges.review",
    "GET /practice/challenges/<int:challenge_id>": "challenges.review",
    "POST /practice/challenges/<int:challenge_id>": "challenges.review",
    "GET /admin/subject": "subject_access.manage",
    "POST /admin/subject": "subject_access.manage",
    "GET /admin/subject/<int:respondent_id>": "subject_access.manage",
    "POST /admin/subject/<int:respondent_id>/package": "subject_access.manage",
    "POST /admin/subject/<int:respondent_id>/withdraw": "consent.manage",
    "POST /admin/subject/<int:respondent_id>/erase": "subject.erase",
    "POST /admin/subject/retention": "subject.erase",
    # JSON API
    "GET /api/v1/": PUBLIC,
    "GET /api/v1/jobs/<int:job_id>": "api.read",
    "GET /api/v1/indicators": "research.view",
    "GET /api/v1/indicators/<indicator_id>": Entry("research.view", scoped=False),
    "GET /api/v1/indicators/suitability-gap": "research.view",
    "GET /api/v1/openapi.json": PUBLIC,
    "GET /sw.js": PUBLIC,
    "PUT /api/v1/responses/<client_uuid>": PUBLIC,  # the invitation token authorises it
}


def sample_job(session: Session, la: int) -> int:
    job = Job(kind="sample", la_id=la)
    session.add(job)
    session.commit()
    return job.id


def sample_document(session: Session, la: int) -> int:
    from voice.models import Document

    document = Document(la_id=la, kind="case_note", redacted_text="[PERSON_1] was seen.",
                        content_hash=f"sample-{la}-{session.exec(select(func.count()).select_from(Document)).one()}")
    session.add(document)
    session.commit()
    return document.id


def sample_batch(session: Session, la: int) -> int:
    from voice.models import ImportBatch

    batch = ImportBatch(la_id=la, kind="case_note", filename="notes.csv", file_hash="0" * 64, status="done")
    session.add(batch)
    session.commit()
    return batch.id


def sample_user(session: Session, la: int) -> int:
    from voice.models import LocalAuthority

    return make_user(session, "practitioner", la_codes=(session.get(LocalAuthority, la).old_la_code,)).id


def sample_topic_run(session: Session, la: int) -> int:
    from voice.models import TopicRun

    run = TopicRun(purpose="research", corpus_filter={"la_ids": [la]}, status="done")
    session.add(run)
    session.commit()
    return run.id


def sample_topic(session: Session, la: int) -> int:
    from voice.models import Topic

    topic = Topic(run_id=sample_topic_run(session, la), number=0, label="mould, damp", size=9,
                  is_emergent=True)
    session.add(topic)
    session.commit()
    return topic.id


def sample_respondent(session: Session, la: int) -> int:
    import secrets

    from voice.models import Respondent

    respondent = Respondent(pseudonym=secrets.token_hex(32), la_id=la)
    session.add(respondent)
    session.commit()
    return respondent.id


def sample_challenge(session: Session, la: int) -> int:
    from voice.models import Challenge

    challenge = Challenge(respondent_id=sample_respondent(session, la), la_id=la,
                          target_type="response", grounds="That is not what I meant.")
    session.add(challenge)
    session.commit()
    return challenge.id


# One way to make a value for each rule parameter, in a given local authority.
SAMPLES: dict[str, Callable[[Session, int], Any]] = {
    "filename": lambda session, la: "css/app.css",
    "token": lambda session, la: "no-such-token",
    "key": lambda session, la: "feel_safe_home",
    "client_uuid": lambda session, la: "0b5e3f5c-2a8d-4c1e-9f3a-6d7b8c9e0f1a",
    "job_id": sample_job,
    "user_id": sample_user,
    "document_id": sample_document,
    "batch_id": sample_batch,
    "respondent_id": sample_respondent,
    "challenge_id": sample_challenge,
    "indicator_id": lambda session, la: "feel_safe_at_home",
    "run_id": sample_topic_run,
    "topic_id": sample_topic,
}

ACTORS = ("anonymous", "practitioner", "researcher", "admin")


def route_keys(app) -> list[tuple[str, Any]]:
    """Every "METHOD /rule" the app answers, with its rule (HEAD and OPTIONS left out)."""
    return sorted((f"{method} {rule.rule}", rule) for rule in app.url_map.iter_rules()
                  for method in rule.methods - {"HEAD", "OPTIONS"})


def entry_for(key: str) -> Entry:
    value = ACCESS[key]
    return value if isinstance(value, Entry) else Entry(value)


def expected(entry: Entry, actor: str, where: str, path: str) -> str:
    """One of: public, login (redirect or 401 JSON), forbidden, hidden (404), allowed."""
    if entry.action == PUBLIC:
        return "public"
    if actor == "anonymous":
        return "login"
    if actor not in PERMISSIONS[entry.action]:
        return "forbidden"
    if where == "other" and entry.scoped and actor in SCOPED_ROLES:
        return "hidden"
    return "allowed"


def matches(outcome: str, response, path: str) -> bool:
    status = response.status_code
    if status >= 500:
        return False
    if outcome == "login":
        if path.startswith("/api/"):
            return status == 401 and response.is_json
        return status == 302 and response.headers["Location"].startswith("/login?next=")
    return {"forbidden": status == 403, "hidden": status == 404,
            "allowed": status not in (401, 403, 404),
            "public": status not in (401, 403)}[outcome]


def denials(session: Session) -> int:
    session.commit()  # end any read snapshot, so rows the app just wrote are counted
    return session.exec(select(func.count()).select_from(AuditEvent)
                        .where(AuditEvent.action == "access.denied")).one()


@pytest.fixture
def open_app(app):
    """The app with CSRF and rate limits off: the matrix is about roles, not those."""
    app.config["WTF_CSRF_ENABLED"] = False
    limiter = app.extensions.get("seen_heard_limiter")
    if limiter is not None:
        limiter.enabled = False
    return app


def test_every_route_has_an_entry(app):
    missing = [key for key, _ in route_keys(app) if key not in ACCESS]
    assert not missing, "\n".join(f"route {key} has no entry in ACCESS" for key in missing)


def test_access_has_no_entry_for_a_route_that_is_gone(app):
    stale = set(ACCESS) - {key for key, _ in route_keys(app)}
    assert not stale, f"ACCESS names routes the app no longer has: {sorted(stale)}"


def test_access_names_only_known_actions():
    unknown = {entry_for(k).action for k in ACCESS} - set(PERMISSIONS) - {PUBLIC}
    assert not unknown, f"actions not in voice.permissions.PERMISSIONS: {sorted(unknown)}"


@pytest.mark.parametrize("actor", ACTORS)
def test_access_matrix(open_app, session, actor):
    user = None if actor == "anonymous" else make_user(
        session, actor, la_codes=() if actor == "admin" else (OWN_LA,))
    las = {"own": la_id(session, OWN_LA), "other": la_id(session, OTHER_LA)}
    failures = []
    for key, rule in route_keys(open_app):
        if key not in ACCESS:
            continue  # reported by test_every_route_has_an_entry
        method = key.split(" ", 1)[0]
        for where in ("own", "other") if rule.arguments else ("own",):
            unknown = sorted(rule.arguments - set(SAMPLES))
            if unknown:
                failures.append(f"{key}: no sample for parameter {unknown[0]}: add one to SAMPLES")
                break
            values = {name: SAMPLES[name](session, las[where]) for name in rule.arguments}
            path = rule.build(values)[1]
            client = open_app.test_client()
            if user is not None:
                login(client, user)
            before = denials(session)
            response = client.open(path, method=method)
            outcome = expected(entry_for(key), actor, where, path)
            if not matches(outcome, response, path):
                failures.append(f"{key} as {actor} ({where} LA): expected {outcome}, "
                                f"got {response.status_code}")
            elif outcome in ("login", "forbidden", "hidden") and denials(session) <= before:
                failures.append(f"{key} as {actor} ({where} LA): refused, but not audited")
    assert not failures, "\n".join(failures)
