"""What the coding screen shows: excerpt rows, the text cut into highlighted segments, shortcuts.

The text is cut at every excerpt boundary, so each segment is covered by the same excerpts
throughout (two or more: an overlap). Each segment carries its start in UTF-16 units, which is
what the browser's selection counts, so the script can turn a selection into offsets without
re-reading the text. A CRLF is its own segment, because an HTML parser turns CRLF into LF: the
browser shows one character where the stored text has two, and the script must count two.
"""

from collections import Counter
from typing import Any

from sqlmodel import Session, select

from voice.coding.offsets import codepoint_to_utf16
from voice.models import Code, CodeApplication, Excerpt, User


def excerpt_rows(session: Session, document_id: int, coder_id: int) -> list[dict[str, Any]]:
    """Each code on the document: the excerpt, its code, who applied it, status and source.

    A coder sees their own coding, every suggestion still open, and others' coding marked as
    theirs (double coding compares them on the agreement page, not here).
    """
    query = (select(Excerpt, CodeApplication, Code, User.role)
             .join(CodeApplication, CodeApplication.excerpt_id == Excerpt.id)
             .join(Code, Code.id == CodeApplication.code_id)
             .outerjoin(User, User.id == CodeApplication.coder_id)
             .where(Excerpt.document_id == document_id, CodeApplication.status != "rejected")
             .order_by(Excerpt.start, Excerpt.end, CodeApplication.id))
    rows = []
    for excerpt, application, code, role in session.exec(query):
        rows.append({"excerpt": excerpt, "application": application, "code": code,
                     "mine": application.coder_id == coder_id, "coder_role": role,
                     "suggested": application.status == "suggested"})
    return rows


def segments(text: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text as consecutive segments: text, UTF-16 start, covering excerpt ids and colours."""
    cuts = {0, len(text)}
    spans = []
    for row in rows:
        excerpt = row["excerpt"]
        cuts |= {excerpt.start, excerpt.end}
        spans.append((excerpt.start, excerpt.end, excerpt.id, row["code"].colour, row["suggested"]))
    position = text.find("\r\n")
    while position != -1:
        cuts |= {position, position + 2}
        position = text.find("\r\n", position + 2)
    ordered = sorted(cut for cut in cuts if 0 <= cut <= len(text))
    found = []
    for start, end in zip(ordered, ordered[1:]):
        covering = [s for s in spans if s[0] <= start and end <= s[1]]
        piece = text[start:end]
        found.append({"text": "\n" if piece == "\r\n" else piece, "crlf": piece == "\r\n",
                      "start16": codepoint_to_utf16(text, start),
                      "excerpts": sorted({s[2] for s in covering}),
                      "colour": covering[0][3] if covering else None,
                      "suggested": bool(covering) and all(s[4] for s in covering)})
    return found


def code_usage(session: Session, codes: list[Code], coder_id: int) -> list[Code]:
    """The codes, the coder's most used first (their keys ride the shortcuts 1–9 and 0)."""
    keys = [key for key in session.exec(
        select(Code.key).join(CodeApplication, CodeApplication.code_id == Code.id)
        .where(CodeApplication.coder_id == coder_id, CodeApplication.status == "accepted")
        .limit(5000))]
    counts = Counter(keys)
    return sorted(codes, key=lambda code: (-counts[code.key], codes.index(code)))
