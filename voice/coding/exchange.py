"""REFI-QDA exchange of stored work: a project (.qdpx) built from the database, and imports.

The project holds redacted text only: sources are documents' redacted text, coded selections
are accepted applications with their coder, cases are respondents (by pseudonym prefix), and
variables are their cohort and their closed survey answers (free-text answers are sources,
redacted, never variables). GUIDs are derived from ids and keys, so the same row keeps its GUID
across exports. Coders appear by role and id, never by email.
"""

from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, select

from coding.codebook import Codebook as BookData
from coding.codebook import stable_guid
from coding.refi import (RefiCase, RefiProject, RefiSelection, RefiSource, RefiUser, RefiVariable,
                         export_qdpx, import_qdc, import_qdpx)
from voice.coding.errors import CodingError
from voice.coding.versions import book_of, latest_version, store_codebook
from voice.models import (Answer, Code, CodeApplication, Document, Excerpt, Question, Respondent,
                          Response, Survey, User)
from voice.response_rows import PENDING_REDACTION, is_number
from voice.surveys.builtin import TEXT_TYPES

COHORT_VARIABLE = stable_guid("variable", "cohort")
# A question's type decides its REFI-QDA variable type; every other closed answer is Text.
VARIABLE_TYPES = {"number": "Float", "scale_0_10": "Integer"}
NOT_VARIABLES = TEXT_TYPES + ("note",)


def build_project(session: Session, codebook_key: str, la_ids: set[int] | None = None) -> RefiProject:
    """The codebook's newest version with every document and accepted coding (of `la_ids`)."""
    version = latest_version(session, codebook_key)
    if version is None:
        raise CodingError(f"There is no codebook {codebook_key!r}; import it first.", "codebook")
    book = book_of(version)
    guids = {row.id: row.guid for row in session.exec(select(Code).where(
        Code.codebook_version_id == version.id))}
    # A survey answer waiting for its redaction job has no redacted text yet: it is left out.
    query = select(Document).where(Document.redaction_version != PENDING_REDACTION).order_by(Document.id)
    if la_ids is not None:
        query = query.where(Document.la_id.in_(la_ids))
    documents = list(session.exec(query).all())
    sources = {doc.id: RefiSource(stable_guid("document", str(doc.id)), f"{doc.kind} {doc.id}",
                                  doc.redacted_text) for doc in documents}
    coders: dict[int, RefiUser] = {}
    rows = session.exec(select(Excerpt.document_id, Excerpt.start, Excerpt.end, CodeApplication.id,
                               CodeApplication.code_id, CodeApplication.coder_id)
                        .join(CodeApplication, CodeApplication.excerpt_id == Excerpt.id)
                        .where(CodeApplication.status == "accepted",
                               CodeApplication.code_id.in_(list(guids)),
                               Excerpt.document_id.in_(list(sources)))
                        .order_by(CodeApplication.id))
    for doc_id, start, end, app_id, code_id, coder_id in rows:
        coder = _coder(session, coders, coder_id)
        sources[doc_id].selections.append(RefiSelection(
            stable_guid("application", str(app_id)), start, end, guids[code_id],
            coder.guid if coder else None))
    cases = _cases(session, documents)
    answers, variables = _answers(session, [respondent_id for respondent_id, _ in cases])
    for respondent_id, case in cases:
        case.values.update(answers.get(respondent_id, {}))
    return RefiProject(name=book.title, codebook=book, users=list(coders.values()),
                       sources=list(sources.values()), cases=[case for _, case in cases],
                       variables=[RefiVariable(COHORT_VARIABLE, "cohort"), *variables])


def _coder(session: Session, coders: dict[int, RefiUser], coder_id: int | None) -> RefiUser | None:
    if coder_id is None:
        return None
    if coder_id not in coders:
        user = session.get(User, coder_id)
        coders[coder_id] = RefiUser(stable_guid("user", str(coder_id)),
                                    f"{user.role if user else 'coder'} {coder_id}")
    return coders[coder_id]


def _cases(session: Session, documents: list[Document]) -> list[tuple[int, RefiCase]]:
    """(respondent id, case) for every respondent with a document in the project."""
    by_respondent: dict[int, list[str]] = {}
    for doc in documents:
        if doc.respondent_id:
            by_respondent.setdefault(doc.respondent_id, []).append(stable_guid("document", str(doc.id)))
    cases = []
    for respondent in session.exec(select(Respondent).where(Respondent.id.in_(list(by_respondent)))
                                   .order_by(Respondent.id)):
        values: dict[str, Any] = {COHORT_VARIABLE: respondent.cohort} if respondent.cohort else {}
        cases.append((respondent.id, RefiCase(stable_guid("respondent", respondent.pseudonym),
                                              respondent.pseudonym[:12],
                                              by_respondent[respondent.id], values)))
    return cases


def _answers(session: Session, respondent_ids: list[int]
             ) -> tuple[dict[int, dict[str, Any]], list[RefiVariable]]:
    """Each respondent's closed survey answers by variable GUID (their latest answer to each
    question), and one variable per survey question answered."""
    query = (select(Response.respondent_id, Survey.key, Answer.question_key, Question.type,
                    Answer.value)
             .join(Response, Response.id == Answer.response_id)
             .join(Survey, Survey.id == Response.survey_id)
             .join(Question, sa.and_(Question.survey_version_id == Response.survey_version_id,
                                     Question.key == Answer.question_key))
             .where(Response.respondent_id.in_(respondent_ids), Question.type.not_in(NOT_VARIABLES))
             .order_by(Response.submitted_at, Response.id))
    values: dict[int, dict[str, Any]] = {}
    variables: dict[str, RefiVariable] = {}
    for respondent_id, survey_key, question_key, question_type, value in session.exec(query):
        kind = VARIABLE_TYPES.get(question_type, "Text")
        typed = _typed(kind, value)
        if typed is None:
            continue  # e.g. "prefer not to say" on a number question: no value of that type
        guid = stable_guid("variable", survey_key, question_key)
        variables.setdefault(guid, RefiVariable(guid, f"{survey_key}: {question_key}", kind))
        values.setdefault(respondent_id, {})[guid] = typed  # later responses replace earlier
    return values, sorted(variables.values(), key=lambda v: v.name)


def _typed(kind: str, value: Any) -> Any:
    """An answer as the variable type wants it, or None when it is not of that type."""
    if value is None or value == "" or value == []:
        return None
    if kind == "Float":
        return float(value) if is_number(value) else None
    if kind == "Integer":
        return int(value) if is_number(value) and float(value).is_integer() else None
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    return str(value).lower() if isinstance(value, bool) else str(value)


def export_project(session: Session, codebook_key: str, out: Path,
                   la_ids: set[int] | None = None) -> RefiProject:
    """Write the project as a .qdpx validated by the REFI-QDA XSD; the project written."""
    project = build_project(session, codebook_key, la_ids)
    export_qdpx(project, out)
    return project


def read_codebook_file(path: Path, key: str | None = None) -> BookData:
    """A codebook from a .yaml, .qdc or .qdpx file (InvalidCodebook / InvalidRefi if bad)."""
    from coding.codebook import load_codebook

    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return load_codebook(path)
    slug = key or path.stem.lower().replace("_", "-").replace(" ", "-")
    if suffix == ".qdc":
        return import_qdc(path.read_bytes(), key=slug, title=path.stem)
    if suffix == ".qdpx":
        return import_qdpx(path, codebook_key=slug).codebook
    raise CodingError(f"{path.name} is not a codebook file: use .yaml, .qdc or .qdpx.", "path")


def import_codebook_file(session: Session, path: Path, user_id: int | None = None,
                         key: str | None = None) -> tuple[Any, bool]:
    """Read and store a codebook file as a new version (nothing stored if the file is bad)."""
    return store_codebook(session, read_codebook_file(path, key), user_id)
