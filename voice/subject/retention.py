"""Retention: find the records whose time is up (config RETENTION) and erase them.

Survey responses go a set time after they arrived; imported notes a set time after their last
use (created, excerpted, coded, or read: the audit trail says when a note was last opened);
a respondent with nothing left goes once their own time is up. Anything under an open
challenge waits. Aggregates already published are untouched: they hold no rows about anyone.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlmodel import Session, select

from voice.audit import record
from voice.db import session_scope
from voice.models import (AuditEvent, Challenge, CodeApplication, Document, Excerpt, Respondent,
                          Response, utcnow)
from voice.subject.erasure import after_commit, database_files, erase_files, erase_rows


@dataclass
class RetentionReport:
    """What one sweep found expired, held back, and erased."""

    expired: dict[str, int] = field(default_factory=dict)
    held: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    files: int = 0

    def describe(self) -> str:
        """One line for the CLI and the job's message (counts only)."""
        found = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in self.expired.items() if n)
        return (f"Expired: {found or 'nothing'}; held by open challenges: {self.held}; "
                f"rows erased: {sum(self.rows.values())}; files erased: {self.files}.")


def _cutoff(policy: dict[str, Any], now: datetime) -> datetime:
    return now - timedelta(days=int(policy["days"]))


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


def last_use(session: Session, document: Document) -> datetime:
    """The last time a document was made, excerpted, coded, decided on or opened."""
    moments = [document.created_at]
    moments += session.exec(select(sa.func.max(Excerpt.created_at))
                            .where(Excerpt.document_id == document.id)).all()
    coded = (select(sa.func.max(CodeApplication.created_at), sa.func.max(CodeApplication.decided_at))
             .join(Excerpt, Excerpt.id == CodeApplication.excerpt_id)
             .where(Excerpt.document_id == document.id))
    moments += list(session.exec(coded).one())
    moments += session.exec(select(sa.func.max(AuditEvent.at)).where(
        AuditEvent.object_type == "document", AuditEvent.object_id == str(document.id))).all()
    return max(_aware(m) for m in moments if m is not None)


def _challenged(session: Session) -> tuple[set[int], set[int]]:
    """Response and document ids under an open challenge."""
    rows = session.exec(select(Challenge.response_id, Challenge.document_id)
                        .where(Challenge.status == "open")).all()
    return {r for r, _ in rows if r}, {d for _, d in rows if d}


def find_expired(session: Session, retention: dict[str, dict[str, Any]],
                 now: datetime) -> tuple[dict[str, set[int]], int]:
    """Roots to erase (responses, documents, respondents) and how many were held back."""
    held_responses, held_documents = _challenged(session)
    roots: dict[str, set[int]] = {"response": set(), "document": set(), "respondent": set()}
    held = 0
    policy = retention.get("survey_response")
    if policy:
        ids = set(session.exec(select(Response.id).where(
            Response.received_at < _cutoff(policy, now))))
        held += len(ids & held_responses)
        roots["response"] = ids - held_responses
    for kind, policy in retention.items():
        if kind in ("survey_response", "respondent", "survey_text"):
            continue  # survey text goes with its response
        cutoff = _cutoff(policy, now)
        for document in session.exec(select(Document).where(
                Document.kind == kind, Document.created_at < cutoff)):
            moment = document.created_at if policy.get("after") == "received" else \
                last_use(session, document)
            if _aware(moment) < cutoff:
                if document.id in held_documents:
                    held += 1
                else:
                    roots["document"].add(document.id)
    policy = retention.get("respondent")
    if policy:
        roots["respondent"] = _respondents_with_nothing_left(session, roots, _cutoff(policy, now))
    return roots, held


def _respondents_with_nothing_left(session: Session, roots: dict[str, set[int]],
                                   cutoff: datetime) -> set[int]:
    """Respondents older than `cutoff` whose every response and document is going or gone."""
    challenged = set(session.exec(select(Challenge.respondent_id).where(Challenge.status == "open")))
    left = set()
    for respondent_id in session.exec(select(Respondent.id).where(Respondent.created_at < cutoff)):
        if respondent_id in challenged:
            continue
        responses = set(session.exec(select(Response.id).where(
            Response.respondent_id == respondent_id)))
        documents = set(session.exec(select(Document.id).where(
            Document.respondent_id == respondent_id, Document.response_id.is_(None))))
        if responses <= roots["response"] and documents <= roots["document"]:
            left.add(respondent_id)
    return left


def run_retention(app: Flask, now: datetime | None = None, dry_run: bool = False,
                  actor: Any = None) -> RetentionReport:
    """Erase everything whose retention period has passed, in one transaction; audited."""
    with app.app_context():  # raw text is decrypted (to find files holding it) under the app's key
        return _sweep(app, now or utcnow(), dry_run, actor)


def _sweep(app: Flask, now: datetime, dry_run: bool, actor: Any) -> RetentionReport:
    report = RetentionReport()
    with session_scope(app) as session:
        roots, report.held = find_expired(session, app.config["RETENTION"], now)
        report.expired = {kind: len(ids) for kind, ids in roots.items()}
        if dry_run or not any(roots.values()):
            return report
        report.rows, needles = erase_rows(session, roots)
        record(session, "retention.erase", actor=actor, object_type="retention",
               detail={"rows_deleted": sum(report.rows.values()), "tables": sorted(report.rows),
                       "held": report.held, **{f"{k}_expired": v for k, v in report.expired.items()}},
               key=app.config["AUDIT_KEY"])
    report.files = erase_files(app.instance_path, needles, skip=database_files(app))
    after_commit(app, report.rows)
    return report
