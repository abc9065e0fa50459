"""Which documents a topic run reads: the corpus filter, and consent for the run's purpose.

The filter is one plain value shared by the CLI, the research pages and the job, checked in one
place (`parse_filter`), so a bad authority code or date reads the same everywhere. Only redacted
text leaves this module, and only of documents whose consent covers the run's purpose.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, or_, select

from voice.models import (DOCUMENT_KINDS, PURPOSES, Area, ConsentRecord, Document,
                          LocalAuthority)

PENDING = "pending"  # redaction_version of a document whose redaction has not run yet


class TopicRunError(ValueError):
    """A run cannot be set up or fitted as asked; the message says what to change."""


@dataclass(frozen=True)
class CorpusFilter:
    """Which documents enter a run; an empty tuple means no restriction on that field."""

    kinds: tuple[str, ...] = ()
    la_ids: tuple[int, ...] = ()
    area_ids: tuple[int, ...] = ()
    start: date | None = None
    end: date | None = None
    question_keys: tuple[str, ...] = ()  # survey free text: only answers to these questions

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready, as stored on the run."""
        data = asdict(self)
        data.update(start=self.start.isoformat() if self.start else None,
                    end=self.end.isoformat() if self.end else None)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CorpusFilter:
        """The filter a run stored."""
        def day(value: str | None) -> date | None:
            return date.fromisoformat(value) if value else None
        return cls(tuple(data.get("kinds", ())), tuple(data.get("la_ids", ())),
                   tuple(data.get("area_ids", ())), day(data.get("start")), day(data.get("end")),
                   tuple(data.get("question_keys", ())))


@dataclass
class CorpusDocument:
    """One document as a run sees it: its id, redacted text and what charts break it down by."""

    id: int
    text: str
    kind: str
    la_id: int
    area_id: int | None
    occurred_on: date | None


@dataclass
class Corpus:
    """The documents that entered, and how many the filter matched but consent kept out."""

    documents: list[CorpusDocument] = field(default_factory=list)
    excluded_by_consent: int = 0
    not_yet_redacted: int = 0


def check_purpose(purpose: str) -> str:
    """The purpose, or TopicRunError listing the known ones."""
    if purpose not in PURPOSES:
        raise TopicRunError(f"Unknown purpose {purpose!r}: choose one of {', '.join(PURPOSES)}.")
    return purpose


def parse_filter(session: Session, kinds: list[str] | tuple[str, ...] = (),
                 la_codes: list[str] | tuple[str, ...] = (),
                 area_codes: list[str] | tuple[str, ...] = (), start: str | date | None = None,
                 end: str | date | None = None,
                 question_keys: list[str] | tuple[str, ...] = ()) -> CorpusFilter:
    """A CorpusFilter from what a person typed; TopicRunError naming the field that is wrong."""
    unknown = sorted(set(kinds) - set(DOCUMENT_KINDS))
    if unknown:
        raise TopicRunError(f"Unknown document kind {unknown[0]!r}: choose from "
                            f"{', '.join(DOCUMENT_KINDS)}.")
    la_ids = tuple(_authority_id(session, code) for code in la_codes if code.strip())
    area_ids = tuple(_area_id(session, code, la_ids) for code in area_codes if code.strip())
    first, last = _day(start, "start"), _day(end, "end")
    if first and last and first > last:
        raise TopicRunError(f"The period starts ({first}) after it ends ({last}): swap the dates.")
    questions = tuple(q.strip() for q in question_keys if q.strip())
    return CorpusFilter(tuple(kinds), la_ids, area_ids, first, last, questions)


def _authority_id(session: Session, code: str) -> int:
    found = session.exec(select(LocalAuthority.id).where(or_(
        LocalAuthority.old_la_code == code.strip(),
        LocalAuthority.new_la_code == code.strip().upper()))).first()
    if found is None:
        raise TopicRunError(f"Authority: there is no local authority with the code {code!r}. Use "
                            "the DfE old LA code (for example 850) or the new one (E10000014).")
    return found


def _area_id(session: Session, code: str, la_ids: tuple[int, ...]) -> int:
    query = select(Area.id).where(Area.code == code.strip())
    if la_ids:
        query = query.where(Area.la_id.in_(la_ids))
    found = session.exec(query).first()
    if found is None:
        raise TopicRunError(f"Area: there is no area with the code {code!r}"
                            f"{' in the chosen authorities' if la_ids else ''}.")
    return found


def _day(value: str | date | None, name: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise TopicRunError(f"Period {name}: {value!r} is not a date such as 2025-04-01.") from None


def matching_documents(session: Session, corpus_filter: CorpusFilter) -> list[Document]:
    """Every document the filter matches, oldest first (consent not yet applied)."""
    return list(session.exec(_filtered(select(Document), corpus_filter).order_by(Document.id)))


def _filtered(query: Any, corpus_filter: CorpusFilter) -> Any:
    f = corpus_filter
    if f.kinds:
        query = query.where(Document.kind.in_(f.kinds))
    if f.la_ids:
        query = query.where(Document.la_id.in_(f.la_ids))
    if f.area_ids:
        query = query.where(Document.area_id.in_(f.area_ids))
    if f.start:
        query = query.where(Document.occurred_on >= f.start)
    if f.end:
        query = query.where(Document.occurred_on <= f.end)
    if f.question_keys:
        # The questions narrow only survey free text; notes and plans have no question.
        query = query.where(or_(Document.kind != "survey_text",
                                Document.question_key.in_(f.question_keys)))
    return query


Decision = tuple[int, bool]  # (consent record id, granted): the highest id is the newest


def latest_decisions(session: Session, purpose: str) -> dict[tuple[str, int], Decision]:
    """The last decision for `purpose` about each document, response and respondent as a whole
    (a record tied to neither a response nor a document)."""
    latest: dict[tuple[str, int], Decision] = {}
    records = session.exec(select(ConsentRecord.id, ConsentRecord.document_id,
                                  ConsentRecord.response_id, ConsentRecord.respondent_id,
                                  ConsentRecord.granted)
                           .where(ConsentRecord.purpose == purpose))
    for record_id, document_id, response_id, respondent_id, granted in records:
        subjects = [("document", document_id), ("response", response_id)]
        if response_id is None and document_id is None:
            subjects.append(("respondent", respondent_id))
        for key in subjects:
            if key[1] is not None and (key not in latest or latest[key][0] < record_id):
                latest[key] = (record_id, granted)
    return latest


def consent_covers(document: Document, latest: dict[tuple[str, int], Decision]) -> bool:
    """True if the newest decision about the document, its response or its respondent grants."""
    decisions = [latest[key] for key in (("document", document.id),
                                         ("response", document.response_id),
                                         ("respondent", document.respondent_id)) if key in latest]
    return bool(decisions) and max(decisions)[1]


def load_corpus(session: Session, corpus_filter: CorpusFilter, purpose: str) -> Corpus:
    """The redacted documents the filter matches and whose CURRENT consent covers the purpose.

    The rule is voice.consent's (the last record about the document, its survey response or its
    respondent as a whole wins; no record means no consent), applied here in one pass.
    """
    latest = latest_decisions(session, check_purpose(purpose))
    corpus = Corpus()
    for document in matching_documents(session, corpus_filter):
        if not consent_covers(document, latest):
            corpus.excluded_by_consent += 1
        elif document.redaction_version == PENDING or not document.redacted_text.strip():
            corpus.not_yet_redacted += 1  # never the raw text instead
        else:
            corpus.documents.append(CorpusDocument(document.id, document.redacted_text,
                                                   document.kind, document.la_id,
                                                   document.area_id, document.occurred_on))
    return corpus
