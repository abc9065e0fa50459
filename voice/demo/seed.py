"""Store the generated demo data: areas, accounts, surveys, codebooks, respondents, answers,
documents.

Runs once on an empty database (`seen-heard demo`); everything goes in one transaction, so
an interrupted seed leaves nothing behind and the next run starts again cleanly.
"""

import hashlib
import json
from collections.abc import Callable

from flask import Flask
from sqlmodel import Session, select

from coding.codebook import shipped_codebooks
from coding.identifiers import normalise_nhs_number, pseudonymise
from voice.audit import record
from voice.coding.versions import store_codebook
from voice.crypto import fernet_from
from voice.demo import generate_all
from voice.models import (Answer, Area, ConsentRecord, Document, LocalAuthority, Respondent,
                          Response, Survey, SurveyVersion, User, UserAuthority)
from voice.passwords import hash_password
from voice.survey_files import store_shipped_surveys

DEMO_PASSWORD = "seen-and-heard-demo"  # the demo's published password; demo accounts sign in only in demo mode  # nosec B105
DEMO_ACCOUNTS = (  # email, role, local authorities (old_la_code)
    ("admin@demo.seen-heard.example", "admin", ("850", "815", "353", "354")),
    ("practitioner@demo.seen-heard.example", "practitioner", ("353",)),
    ("practitioner.hampshire@demo.seen-heard.example", "practitioner", ("850",)),
    ("researcher@demo.seen-heard.example", "researcher", ("850", "815", "353", "354")),
)


def is_seeded(session: Session) -> bool:
    """True when the demo accounts are already there."""
    return session.exec(select(User).where(User.is_demo)).first() is not None


def seed_demo(app: Flask, session: Session, seed: int = 2026,
              progress: Callable[[str], None] = lambda _: None) -> dict[str, int]:
    """Generate and store the demo data in `session` (the caller commits); return counts."""
    data = generate_all(seed)
    authorities = {la.old_la_code: la for la in session.exec(select(LocalAuthority))}
    progress("areas and accounts")
    areas = store_areas(session, data.areas, authorities)
    store_accounts(session, authorities)
    progress("surveys")
    store_shipped_surveys(session)
    progress("codebooks")
    for book in shipped_codebooks():  # so the coding screen has codes and rule suggestions
        store_codebook(session, book)
    progress("respondents")
    key = app.config["PSEUDONYM_KEY"]
    respondents = [store_respondent(session, p, key, authorities, areas) for p in data.people]
    session.flush()
    progress("survey answers")
    surveys = {s.key: s for s in session.exec(select(Survey))}
    fernet = fernet_from(app.config["DATA_KEY"])
    n_responses = store_responses(session, data.responses, respondents, surveys, authorities,
                                  areas, fernet)
    progress("case notes and Pathway Plans")
    for doc in data.documents:
        store_document(session, doc, respondents[doc.person_index], fernet)
    counts = {"respondents": len(respondents), "responses": n_responses,
              "documents": len(data.documents), "users": len(DEMO_ACCOUNTS),
              "codebooks": len(shipped_codebooks())}
    # The seed creates users, surveys and consent records: it belongs on the trail too.
    record(session, "demo.seed", object_type="demo", detail=counts, key=app.config["AUDIT_KEY"])
    return counts


def store_areas(session, areas, authorities) -> dict[str, Area]:
    """The sub-LA areas of the four authorities, keyed by area code."""
    stored = {}
    for area in areas:
        row = Area(la_id=authorities[area.old_la_code].id, code=area.code, name=area.name)
        session.add(row)
        stored[area.code] = row
    session.flush()
    return stored


def store_accounts(session, authorities) -> None:
    """One demo account per role (two practitioners, to show authority scoping)."""
    password_hash = hash_password(DEMO_PASSWORD)
    for email, role, codes in DEMO_ACCOUNTS:
        user = User(email=email, role=role, display_name=f"Demo {role}", is_demo=True,
                    password_hash=password_hash)
        session.add(user)
        session.flush()
        for code in codes:
            session.add(UserAuthority(user_id=user.id, la_id=authorities[code].id))


def store_respondent(session, person, key, authorities, areas) -> Respondent:
    """A pseudonymous respondent: the NHS number is HMAC-ed here and then forgotten."""
    pseudonym = pseudonymise(normalise_nhs_number(person.nhs_number), key)
    respondent = Respondent(
        pseudonym=pseudonym, la_id=authorities[person.old_la_code].id,
        area_id=areas[person.area_code].id, cohort=person.cohort, age_band=person.age_band,
        care_leaver_age_group=person.care_leaver_age_group, fsm=person.fsm,
        send=person.send, social_care_experience=person.social_care_experience,
        sex=person.sex, ethnicity=person.ethnicity)
    session.add(respondent)
    return respondent


def store_responses(session, responses, respondents, surveys, authorities, areas, fernet) -> int:
    """Survey responses with their answers, consents and free text (as survey_text documents)."""
    for demo in responses:
        person = respondents[demo.person_index] if demo.person_index is not None else None
        survey = surveys[demo.survey_key]
        version = latest_version_id(session, survey.id)
        body = json.dumps(demo.answers, sort_keys=True, default=str)
        response = Response(
            client_uuid=demo.client_uuid,
            survey_id=survey.id, survey_version_id=version,
            respondent_id=person.id if person else None,
            la_id=authorities[demo.old_la_code].id, area_id=areas[demo.area_code].id,
            language=demo.language,
            content_hash=hashlib.sha256(body.encode()).hexdigest(),
            submitted_at=demo.submitted_at)
        session.add(response)
        session.flush()
        for key, value in demo.answers.items():
            session.add(answer_row(response.id, key, value))
        for purpose, granted in demo.consents.items():
            session.add(ConsentRecord(respondent_id=response.respondent_id,
                                      response_id=response.id, purpose=purpose, granted=granted))
        store_free_text(session, demo, response, fernet)
    return len(responses)


def latest_version_id(session, survey_id: int) -> int:
    """The id of a survey's newest version."""
    return session.exec(select(SurveyVersion.id).where(SurveyVersion.survey_id == survey_id)
                        .order_by(SurveyVersion.version.desc())).first()


def answer_row(response_id: int, key: str, value) -> Answer:
    """An answer with its countable forms filled in."""
    number = value if isinstance(value, (int, float)) and not isinstance(value, bool) else None
    text = value if isinstance(value, str) else None
    return Answer(response_id=response_id, question_key=key, value=value,
                  value_text=text, value_number=number)


FREE_TEXT_KEYS = {"make_it_better", "what_would_help", "anything_else"}


def store_free_text(session, demo, response, fernet) -> None:
    """Free-text answers also become documents, so they can be redacted, coded and modelled."""
    for key in FREE_TEXT_KEYS & demo.answers.keys():
        text = demo.answers[key]
        if not text:
            continue
        digest = hashlib.sha256(f"{response.client_uuid}:{key}:{text}".encode()).hexdigest()
        session.add(Document(la_id=response.la_id, area_id=response.area_id,
                             respondent_id=response.respondent_id, kind="survey_text",
                             title=f"{demo.survey_key}: {key}", raw_ciphertext=fernet.encrypt(text.encode()),
                             redacted_text=redact_known_spans(text, demo.pii.get(key, ())),
                             redaction_version="demo-known-spans",
                             content_hash=digest, response_id=response.id, question_key=key,
                             occurred_on=demo.submitted_at.date()))


def store_document(session, doc, respondent: Respondent, fernet) -> None:
    """A case note or Pathway Plan: raw text encrypted, redacted from the generator's known spans."""
    session.add(Document(
        la_id=respondent.la_id, area_id=respondent.area_id, respondent_id=respondent.id,
        kind=doc.kind, title=doc.title, author_role=doc.author_role, occurred_on=doc.occurred_on,
        raw_ciphertext=fernet.encrypt(doc.text.encode()),
        redacted_text=redact_known_spans(doc.text, doc.pii), redaction_version="demo-known-spans",
        content_hash=hashlib.sha256(doc.text.encode()).hexdigest()))


def redact_known_spans(text: str, spans) -> str:
    """Replace each generated personal detail with its label tag, numbering people per document.

    The generator knows exactly where it put every detail, so the demo's redacted view is
    exact; imported documents go through coding.redact instead.
    """
    numbers: dict[str, int] = {}
    out, last = [], 0
    for label, start, end in sorted(spans, key=lambda s: s[1]):
        value = text[start:end]
        tag = label
        if label == "PERSON":
            numbers.setdefault(value, len(numbers) + 1)
            tag = f"PERSON_{numbers[value]}"
        out.append(text[last:start] + f"[{tag}]")
        last = end
    return "".join(out) + text[last:]
