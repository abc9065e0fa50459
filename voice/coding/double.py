"""Double coding: draw a sample, assign it to coders, measure agreement, list disagreements.

Units are sentences of the sampled documents (split on . ! ? and line ends). A coder applied a
code to a unit when one of their accepted applications of it overlaps the sentence; a coder
not assigned a document has no judgement on its units (missing data, which Krippendorff's
alpha allows). Figures go through disclosure control only when aggregated across people;
these are coders' own agreement figures, not counts about children, so none is suppressed.
"""

import random
import re
from collections import defaultdict
from typing import Any

from sqlmodel import Session, select

from coding.agreement import AgreementError, agreement_by_code
from voice.coding.errors import CodingError
from voice.models import (Code, CodeApplication, CodebookVersion, CodingAssignment, CodingSample,
                          Document, Excerpt)

SENTENCE = re.compile(r"[^.!?\r\n]+[.!?]*")


def sentences(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence with words in it."""
    return [(m.start(), m.end()) for m in SENTENCE.finditer(text) if m.group().strip()]


def samples_of(session: Session, coder_id: int) -> list[CodingSample]:
    """The double-coding samples a coder is assigned to, newest first."""
    ids = select(CodingAssignment.sample_id).where(CodingAssignment.coder_id == coder_id)
    return list(session.exec(select(CodingSample).where(CodingSample.id.in_(ids))
                             .order_by(CodingSample.id.desc())).all())


def draw_sample(session: Session, scoped: Any, codebook_id: int, percent: float,
                coder_ids: list[int], kind: str = "", la_id: int | None = None,
                created_by_id: int | None = None, seed: int | None = None) -> CodingSample:
    """A sample of `percent`% of the documents (by kind and authority), given to every coder."""
    if not 0 < percent <= 100:
        raise CodingError("Enter a percentage between 1 and 100.", "percent")
    if len(set(coder_ids)) < 2:
        raise CodingError("Choose at least two coders.", "coders")
    query = scoped(select(Document.id))
    if kind:
        query = query.where(Document.kind == kind)
    if la_id:
        query = query.where(Document.la_id == la_id)
    ids = list(session.exec(query.order_by(Document.id)).all())
    size = round(len(ids) * percent / 100)
    if size == 0:
        raise CodingError("No documents match, or the percentage is too small to pick one.", "percent")
    chosen = sorted(random.Random(seed).sample(ids, size))  # nosec B311 - sampling, not security
    sample = CodingSample(codebook_id=codebook_id, la_id=la_id, kind=kind or None, percent=percent,
                          created_by_id=created_by_id)
    session.add(sample)
    session.flush()
    session.add_all(CodingAssignment(sample_id=sample.id, document_id=doc, coder_id=coder)
                    for doc in chosen for coder in sorted(set(coder_ids)))
    session.flush()
    return sample


def judgements(session: Session, sample: CodingSample) -> dict[str, Any]:
    """Units, coders, who was assigned what, and (unit, coder, code) applications."""
    rows = session.exec(select(CodingAssignment).where(CodingAssignment.sample_id == sample.id)).all()
    documents = {row.document_id for row in rows}
    coders = sorted({row.coder_id for row in rows})
    texts = dict(session.exec(select(Document.id, Document.redacted_text)
                              .where(Document.id.in_(documents))).all())
    units = {doc: sentences(texts[doc]) for doc in sorted(documents)}
    assignments: dict[int, set] = defaultdict(set)
    for row in rows:
        assignments[row.coder_id] |= {(row.document_id, i) for i in range(len(units[row.document_id]))}
    query = (select(Excerpt.document_id, Excerpt.start, Excerpt.end, CodeApplication.coder_id, Code.key)
             .join(CodeApplication, CodeApplication.excerpt_id == Excerpt.id)
             .join(Code, Code.id == CodeApplication.code_id)
             .where(Excerpt.document_id.in_(documents), CodeApplication.status == "accepted",
                    CodeApplication.coder_id.in_(coders)))
    applied = set()
    for doc, start, end, coder, key in session.exec(query):
        for index, (s, e) in enumerate(units[doc]):
            if start < e and s < end and (doc, index) in assignments[coder]:
                applied.add(((doc, index), coder, key))
    return {"units": [(d, i) for d, spans in units.items() for i in range(len(spans))],
            "spans": units, "texts": texts, "coders": coders, "assignments": assignments,
            "applied": sorted(applied, key=str)}


def sample_codes(session: Session, sample: CodingSample) -> list[str]:
    """Codable, active codes of the codebook's newest version, to report even if unused."""
    version = session.exec(select(CodebookVersion).where(CodebookVersion.codebook_id == sample.codebook_id)
                           .order_by(CodebookVersion.version.desc())).first()
    if version is None:
        return []
    return [c.key for c in session.exec(select(Code).where(Code.codebook_version_id == version.id)
                                        .order_by(Code.id)).all()
            if c.status == "active" and c.details.get("codable", True)]


def agreement_table(session: Session, sample: CodingSample) -> list[dict[str, Any]]:
    """Per code and overall: units, percent agreement, Cohen's kappa, Krippendorff's alpha."""
    data = judgements(session, sample)
    try:
        table = agreement_by_code(data["applied"], data["units"], data["coders"],
                                  data["assignments"], sample_codes(session, sample))
    except AgreementError as error:
        raise CodingError(str(error), "sample") from error
    return [{k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}
            for row in table.to_dict("records")]


def disagreements(session: Session, sample: CodingSample) -> list[dict[str, Any]]:
    """Units where assigned coders differ on a code: the sentence, the code, who applied it."""
    data = judgements(session, sample)
    by_unit: dict[tuple, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for unit, coder, key in data["applied"]:
        by_unit[unit][key].add(coder)
    found = []
    for unit, codes in sorted(by_unit.items()):
        judges = {c for c in data["coders"] if unit in data["assignments"][c]}
        for key, who in sorted(codes.items()):
            if who != judges:
                doc, index = unit
                start, end = data["spans"][doc][index]
                raw = data["texts"][doc][start:end]  # the words only, to code when reconciling
                start, end = start + len(raw) - len(raw.lstrip()), end - len(raw) + len(raw.rstrip())
                found.append({"document_id": doc, "sentence": data["texts"][doc][start:end].strip(),
                              "start": start, "end": end, "code": key, "applied_by": sorted(who),
                              "not_applied_by": sorted(judges - who)})
    return found
