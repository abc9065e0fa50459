"""A document's text as its subject may see it: their own words and details, others' names out.

The raw text is decrypted and run through coding.redact; only the PERSON spans are taken out
(the person's own NHS number or postcode are theirs to see), except names the requester says
are the person's own (`own_names`, given for this export and never stored). Without them,
every name is taken out: the safe default. If the redaction pipeline cannot run here, the
stored redacted text is given instead, and the package says so.
"""

from typing import Any

from voice.crypto import decrypt_text
from voice.models import Document

OTHER_PERSON = "[another person]"


def _own_words(own_names: tuple[str, ...]) -> set[str]:
    return {word.lower() for name in own_names for word in name.split() if word.strip()}


def remove_other_names(raw: str, own_names: tuple[str, ...] = ()) -> str:
    """`raw` with every person's name but the subject's own replaced by [another person]."""
    from coding.redact import redact

    own = _own_words(own_names)
    result = redact(raw, keep=sorted(own))
    pieces, last = [], 0
    for span in sorted(result.spans, key=lambda s: s.start):
        if span.label != "PERSON" or span.start < last:
            continue
        words = {w.lower().strip(".,'’") for w in raw[span.start:span.end].split()}
        if own and words <= own:
            continue
        pieces += [raw[last:span.start], OTHER_PERSON]
        last = span.end
    pieces.append(raw[last:])
    return "".join(pieces)


def text_for_subject(document: Document, own_names: tuple[str, ...] = ()) -> dict[str, Any]:
    """{"text": ..., "text_note": ...} for the package."""
    if not document.raw_ciphertext:
        return {"text": document.redacted_text,
                "text_note": "Only the redacted text is held; personal details are replaced by tags."}
    raw = decrypt_text(document.raw_ciphertext)
    try:
        return {"text": remove_other_names(raw, own_names),
                "text_note": "The text as recorded, with other people's names taken out."}
    except (OSError, ImportError):  # the spaCy model is missing: never show others' names
        return {"text": document.redacted_text,
                "text_note": "The redacted text: other people's names could not be picked out "
                             "here, so every personal detail is replaced by a tag."}
