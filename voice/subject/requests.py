"""Subject access and erasure requests, tracked against their due date (one calendar month)."""

import calendar
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, select

from voice.models import SubjectRequest, utcnow


def one_month_after(day: date) -> date:
    """The same day next month, or that month's last day (31 January -> 28/29 February)."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def open_request(session: Session, kind: str, respondent_id: int | None, la_id: int | None,
                 actor: Any = None, now: datetime | None = None) -> SubjectRequest:
    """A new request, due one month from today."""
    now = now or utcnow()
    request = SubjectRequest(kind=kind, respondent_id=respondent_id, la_id=la_id,
                             requested_by_id=getattr(actor, "id", None), requested_at=now,
                             due_on=one_month_after(now.date()))
    session.add(request)
    session.flush()
    return request


def finish(session: Session, request: SubjectRequest, status: str = "done",
           summary: dict[str, Any] | None = None, hold_reason: str | None = None) -> None:
    """Mark a request done (or held, with the reason)."""
    request.status = status
    request.summary = dict(summary or {})
    request.hold_reason = hold_reason
    request.completed_at = utcnow() if status == "done" else None
    session.add(request)
    session.flush()


def pending_request(session: Session, kind: str, respondent_id: int) -> SubjectRequest | None:
    """The person's open or held request of this kind, if any (answered by the next action)."""
    return session.exec(select(SubjectRequest).where(
        SubjectRequest.kind == kind, SubjectRequest.respondent_id == respondent_id,
        SubjectRequest.status.in_(("open", "held"))).order_by(SubjectRequest.id)).first()


def list_requests(session: Session, limit: int = 200) -> list[SubjectRequest]:
    """Requests, the unanswered ones first by due date, then the newest answered."""
    unanswered = list(session.exec(select(SubjectRequest).where(
        SubjectRequest.status != "done").order_by(SubjectRequest.due_on, SubjectRequest.id)))
    answered = list(session.exec(select(SubjectRequest).where(
        SubjectRequest.status == "done").order_by(SubjectRequest.id.desc()).limit(limit)))
    return unanswered + answered


def answer_access_request(session: Session, person: Any, actor: Any = None,
                          own_names: tuple[str, ...] = ()) -> dict[str, Any]:
    """Build the person's package, mark their access request done (opening one if none), audit."""
    from voice.audit import record
    from voice.subject.access import build_package

    request = pending_request(session, "access", person.id) or open_request(
        session, "access", person.id, person.la_id, actor)
    package = build_package(session, person, own_names)
    counts = {f"{name}_count": len(package[name]) for name in
              ("answers", "documents", "codes", "challenges", "audit")}
    finish(session, request, summary=counts)
    record(session, "subject.access", actor=actor, object_type="respondent", object_id=person.id,
           la_id=person.la_id, detail={"request_id": request.id, **counts})
    return package
