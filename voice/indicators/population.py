"""Who counts in an indicator: the responses and documents whose consent covers its purpose.

`counted_responses(purpose)` and `counted_documents(purpose)` are THE hooks that build the
counted population; every indicator, the suitability gap and the screens go through them.
A subject's latest consent decision for the purpose wins (by record id, which only grows):
a record about the response or document itself, or a respondent-wide one (for example a
withdrawal), whichever came last. Issue 9 (challenges) adds its exclusion here, in these two
functions, and every export and screen follows.
"""

import sqlalchemy as sa
from sqlmodel import select

from voice.models import ConsentRecord, Document, Response
from voice.subject.challenge import open_challenge_exclusions  # issue 9: challenged items wait


def _decisions(subject: sa.ColumnElement, purpose: str, *where: sa.ColumnElement) -> sa.Subquery:
    """Per subject: the id of its latest granting and latest refusing record for the purpose."""
    granted = sa.case((ConsentRecord.granted, ConsentRecord.id))
    refused = sa.case((sa.not_(ConsentRecord.granted), ConsentRecord.id))
    return (select(subject.label("subject"), sa.func.max(granted).label("granted_id"),
                   sa.func.max(refused).label("refused_id"))
            .where(ConsentRecord.purpose == purpose, subject.is_not(None), *where)
            .group_by(subject).subquery())


def _latest(columns: list[sa.ColumnElement]) -> sa.ColumnElement:
    """The greatest of some nullable record ids, 0 when all are null (portable GREATEST)."""
    result = sa.func.coalesce(columns[0], 0)
    for column in columns[1:]:
        value = sa.func.coalesce(column, 0)
        result = sa.case((value > result, value), else_=result)
    return result


def _respondent_wide(purpose: str) -> sa.Subquery:
    """Decisions recorded about a respondent as a whole (not one response or document)."""
    return _decisions(ConsentRecord.respondent_id, purpose, ConsentRecord.response_id.is_(None),
                      ConsentRecord.document_id.is_(None))


def counted_responses(purpose: str) -> sa.Select:
    """SELECT id of every response that counts for `purpose`: consented, latest decision wins."""
    own = _decisions(ConsentRecord.response_id, purpose)
    person = _respondent_wide(purpose)
    return (select(Response.id)
            .outerjoin(own, own.c.subject == Response.id)
            .outerjoin(person, person.c.subject == Response.respondent_id)
            .where(_latest([own.c.granted_id, person.c.granted_id])
                   > _latest([own.c.refused_id, person.c.refused_id]))
            .where(Response.id.not_in(open_challenge_exclusions().response_ids)))


def counted_documents(purpose: str) -> sa.Select:
    """SELECT id of every document that counts for `purpose`: its own consent, its survey
    response's, or its respondent's, whichever decision came last."""
    own = _decisions(ConsentRecord.document_id, purpose)
    response = _decisions(ConsentRecord.response_id, purpose)
    person = _respondent_wide(purpose)
    return (select(Document.id)
            .outerjoin(own, own.c.subject == Document.id)
            .outerjoin(response, response.c.subject == Document.response_id)
            .outerjoin(person, person.c.subject == Document.respondent_id)
            .where(_latest([own.c.granted_id, response.c.granted_id, person.c.granted_id])
                   > _latest([own.c.refused_id, response.c.refused_id, person.c.refused_id]))
            .where(Document.id.not_in(open_challenge_exclusions().document_ids)))
