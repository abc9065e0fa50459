"""Finding audit events for the admin screen: filters from a query string, and one page of rows."""

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session

from voice.models import AuditEvent, LocalAuthority, User

PAGE_SIZE = 50
OUTCOMES = ("ok", "denied")
UK_TIME = ZoneInfo("Europe/London")  # people read and type dates in UK time; rows are UTC


class AuditFilterError(ValueError):
    """A filter value that cannot be used; the message says what to type."""

    def __init__(self, message: str, field_name: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field_name


@dataclass
class AuditFilters:
    """What the admin asked to see."""

    action: str = ""
    actor: str = ""  # an email address
    object_type: str = ""
    outcome: str = ""
    date_from: date | None = None
    date_to: date | None = None
    page: int = 1
    actor_id: int | None = field(default=None, repr=False)

    def query_args(self, **changes: Any) -> dict[str, Any]:
        """The query-string arguments that reproduce these filters (for links to other pages)."""
        args = {k: v for k, v in asdict(self).items() if k in ("action", "actor", "object_type",
                                                                 "outcome") and v}
        for prefix, value in (("from", self.date_from), ("to", self.date_to)):
            if value:
                args.update({f"{prefix}-day": value.day, f"{prefix}-month": value.month,
                             f"{prefix}-year": value.year})
        args["page"] = self.page
        args.update(changes)
        return args


@dataclass
class AuditPage:
    """One page of matching events, newest first, with the count of every match."""

    rows: list[Any]
    total: int
    page: int
    pages: int


def parse_date(args: Mapping[str, str], prefix: str, label: str) -> date | None:
    """A date from GOV.UK date-input fields `<prefix>-day`, `-month`, `-year`; None if all blank."""
    parts = [args.get(f"{prefix}-{part}", "").strip() for part in ("day", "month", "year")]
    if not any(parts):
        return None
    if not all(part.isdigit() for part in parts):
        raise AuditFilterError(f"{label} must include a day, month and year, like 27 3 2026", prefix)
    day, month, year = (int(part) for part in parts)
    try:
        return date(year, month, day)
    except ValueError:
        raise AuditFilterError(f"{label} must be a real date, like 27 3 2026", prefix) from None


def parse_filters(session: Session, args: Mapping[str, str]) -> tuple[AuditFilters, dict[str, str]]:
    """Filters from the query string, and an error message per field that could not be used."""
    filters, errors = AuditFilters(), {}
    filters.action = args.get("action", "").strip()[:60]
    filters.object_type = args.get("object_type", "").strip()[:40]
    filters.outcome = args.get("outcome", "") if args.get("outcome") in OUTCOMES else ""
    page = args.get("page", "1")
    filters.page = max(1, int(page)) if page.isdigit() else 1
    for prefix, label, attr in (("from", "The start date", "date_from"),
                                ("to", "The end date", "date_to")):
        try:
            setattr(filters, attr, parse_date(args, prefix, label))
        except AuditFilterError as error:
            errors[error.field] = error.message
    if filters.date_from and filters.date_to and filters.date_to < filters.date_from:
        errors["to"] = "The end date must be the same as or after the start date"
    filters.actor = args.get("actor", "").strip()[:254]
    if filters.actor:
        filters.actor_id = session.scalar(
            sa.select(User.id).where(sa.func.lower(User.email) == filters.actor.lower()))
        if filters.actor_id is None:
            errors["actor"] = "No account has that email address. Check it, or leave it blank"
    return filters, errors


def uk_midnight(day: date) -> datetime:
    """The start of `day` in UK time, as an aware datetime."""
    return datetime.combine(day, time(), tzinfo=UK_TIME)


def matching(filters: AuditFilters) -> list[Any]:
    """The WHERE conditions for `filters`."""
    event = AuditEvent.__table__.c
    conditions = []
    for column, value in ((event.action, filters.action), (event.object_type, filters.object_type),
                          (event.outcome, filters.outcome), (event.actor_id, filters.actor_id)):
        if value:
            conditions.append(column == value)
    if filters.actor and filters.actor_id is None:
        conditions.append(sa.false())
    if filters.date_from:
        conditions.append(event.at >= uk_midnight(filters.date_from))
    if filters.date_to:
        conditions.append(event.at < uk_midnight(filters.date_to + timedelta(days=1)))
    return conditions


def search_events(session: Session, filters: AuditFilters) -> AuditPage:
    """One page of events matching `filters`, newest first, with actor email and LA name."""
    event = AuditEvent.__table__
    conditions = matching(filters)
    total = session.scalar(sa.select(sa.func.count()).select_from(event).where(*conditions)) or 0
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = min(filters.page, pages)
    query = (sa.select(event, User.email.label("actor_email"), LocalAuthority.name.label("la_name"))
             .select_from(event)
             .outerjoin(User, User.id == event.c.actor_id)
             .outerjoin(LocalAuthority, LocalAuthority.id == event.c.la_id)
             .where(*conditions).order_by(event.c.seq.desc())
             .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE))
    return AuditPage(rows=session.execute(query).all(), total=total, page=page, pages=pages)


def choices(session: Session, column_name: str) -> list[str]:
    """The distinct values of an audit column, for a filter's select list."""
    column = AuditEvent.__table__.c[column_name]
    query = sa.select(column).where(column.is_not(None)).distinct().order_by(column)
    return list(session.scalars(query))


def uk_timestamp(moment: datetime) -> str:
    """A moment in UK time to the second, as an audit table shows it: 3 Mar 2026 14:35:07."""
    local = moment.astimezone(UK_TIME)
    return f"{local.day} {local:%b %Y %H:%M:%S}"
