"""Topic runs and the codebook tables: which version guides a run, and promoting a theme to a code.

A CodebookVersion's `definition` holds the codebook in its file format (coding.codebook's
`codebook_data`), and each version has its own Code rows. Promoting an emergent theme writes a
new version with one more code through voice.coding.versions (issue 6's one way to store a
version), so earlier applications keep their version and rule suggestions compiled for the new
version start finding the new code.
"""

from __future__ import annotations

import re

from sqlmodel import Session, select

from coding.codebook import Code as CodingCode
from coding.codebook import Codebook as CodingCodebook
from coding.codebook import Rules
from voice.coding.versions import book_of, statuses_of, store_codebook
from voice.models import Codebook, CodebookVersion, Document, Topic, TopicRun
from voice.topics.corpus import TopicRunError

_KEY = re.compile(r"^[a-z][a-z0-9_]{1,79}$")


def latest_version(session: Session, codebook_key: str) -> CodebookVersion:
    """The newest version of the codebook with this key; TopicRunError if there is none."""
    found = session.exec(select(CodebookVersion).join(Codebook)
                         .where(Codebook.key == codebook_key)
                         .order_by(CodebookVersion.version.desc())).first()
    if found is None:
        keys = session.exec(select(Codebook.key).order_by(Codebook.key)).all()
        raise TopicRunError(f"Codebook: there is no codebook {codebook_key!r}. "
                            + (f"Known: {', '.join(keys)}." if keys else
                               "Import one first (seen-heard codebook import)."))
    return found


def codebook_of(session: Session, version: CodebookVersion) -> CodingCodebook:
    """The stored version as the coding library's Codebook; retired or merged codes guide no fit."""
    codebook = book_of(version)
    inactive = statuses_of(session, version)
    for code in codebook.iter_codes():
        if code.key in inactive:
            code.codable = False
    return codebook


def suggested_key(label: str) -> str:
    """A code key from a label: lower case words joined by underscores."""
    words = re.findall(r"[a-z0-9]+", label.lower())
    key = "_".join(words)[:80] or "theme"
    return key if key[0].isalpha() else f"theme_{key}"[:80]


def promote_topic(session: Session, run: TopicRun, topic: Topic, key: str, label: str,
                  definition: str, created_by_id: int | None = None) -> CodebookVersion:
    """A new codebook version with the emergent topic as a code, its excerpts as examples."""
    if run.codebook_version_id is None:
        raise TopicRunError("This run was not guided by a codebook, so there is no codebook to "
                            "add the theme to. Start a run with a codebook.")
    if topic.promoted_code_key:
        raise TopicRunError(f"This theme is already the code {topic.promoted_code_key!r}.")
    key, label = key.strip(), label.strip()
    if not _KEY.match(key):
        raise TopicRunError("Code key: use 2 to 80 lower-case letters, digits or underscores, "
                            "starting with a letter (for example sport_and_leisure).")
    if not label:
        raise TopicRunError("Label: enter a name for the new code.")
    guided = session.get(CodebookVersion, run.codebook_version_id)
    current = latest_version(session, session.get(Codebook, guided.codebook_id).key)
    codebook = book_of(current)
    if any(code.key == key for code in codebook.iter_codes()):
        raise TopicRunError(f"Code key: the codebook already has a code {key!r}; choose another.")
    ids = list(topic.representative_document_ids)
    texts = dict(session.exec(select(Document.id, Document.redacted_text)
                              .where(Document.id.in_(ids))).all()) if ids else {}
    examples = [texts[i] for i in ids if texts.get(i)][:3]
    # Multi-word phrases only: single topic words ("said", "week") would suggest everywhere.
    phrases = [w for w, _ in topic.words if " " in w][:5]
    codebook.codes.append(CodingCode(key=key, label=label, definition=definition.strip() or
                                     f"Emerged from topic model run {run.id}: "
                                     f"{', '.join(w for w, _ in topic.words[:8])}.",
                                     examples=examples, rules=Rules(phrases=phrases)))
    codebook.settle()
    version, _ = store_codebook(session, codebook, created_by_id)
    topic.promoted_code_key = key
    session.add(topic)
    return version
