"""Finding the person a request is about, without saying anything about anyone else.

A pseudonym (64 hex characters) or a real identifier (NHS number or local id, validated and
HMAC-ed on the fly, never stored) names a respondent. When nobody matches, or the person is
in an authority the member of staff cannot see, the answer is the same sentence, so a request
cannot be used to learn who else is on record.
"""

import re
from typing import Any

from flask import current_app
from sqlmodel import Session, select

from coding.identifiers import InvalidIdentifier, pseudonymise
from voice.invitations import normalise_identifier
from voice.models import Respondent
from voice.permissions import may_see_authority

PSEUDONYM = re.compile(r"^[0-9a-f]{64}$")
NO_MATCH = ("Nobody on record matches what you entered. Check it and try again; Seen & Heard "
            "holds nothing under it that you can see.")


class SubjectLookupError(ValueError):
    """A request that names nobody, or names them badly; the message says what to do."""


def pseudonym_for(pseudonym: str | None = None, identifier: str | None = None) -> str:
    """The pseudonym named by one of the two; raise SubjectLookupError if neither is valid."""
    if bool(pseudonym) == bool(identifier):
        raise SubjectLookupError("Give either a pseudonym or an identifier (NHS number or local "
                                 "case identifier), not both and not neither.")
    if pseudonym:
        cleaned = pseudonym.strip().lower()
        if not PSEUDONYM.match(cleaned):
            raise SubjectLookupError("A pseudonym is 64 characters, 0-9 and a-f. Copy it again "
                                     "from the person's record.")
        return cleaned
    try:
        normalised = normalise_identifier(identifier or "")
    except InvalidIdentifier as error:
        raise SubjectLookupError(f"That identifier is not valid: {error}") from None
    return pseudonymise(normalised, current_app.config["PSEUDONYM_KEY"])


def find_respondent(session: Session, pseudonym: str | None = None, identifier: str | None = None,
                    user: Any = None) -> Respondent:
    """The respondent named, if `user` (None: no scoping, as for the CLI) may see them."""
    wanted = pseudonym_for(pseudonym, identifier)
    respondent = session.exec(select(Respondent).where(Respondent.pseudonym == wanted)).first()
    if respondent is None or (user is not None and not may_see_authority(respondent.la_id, user)):
        raise SubjectLookupError(NO_MATCH)
    return respondent
