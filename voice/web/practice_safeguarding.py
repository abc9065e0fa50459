"""The practice area's safeguarding flags: which responses matched a rule, for the duty team of
the practitioner's local authorities. Routes hang on practice.bp (endpoint practice.flags).

The page names the rule and the response, never the words that matched: a practitioner opens
the response itself (an audited read) to see what was written.
"""

from flask import render_template
from sqlmodel import select

from voice.db import get_session
from voice.models import LocalAuthority, Response, SafeguardingFlag, Survey
from voice.permissions import requires, scope_to_authorities
from voice.web.practice import bp

RULE_NAMES = {"self_harm": "Self-harm or suicide", "abuse": "Abuse",
              "unsafe_at_home": "Feeling unsafe at home",
              "running_away": "Running away or homelessness", "exploitation": "Exploitation"}


def rule_name(rule: str) -> str:
    """A rule's name for people ('unsafe_at_home' -> 'Feeling unsafe at home')."""
    return RULE_NAMES.get(rule, rule.replace("_", " ").capitalize())


@bp.get("/flags")
@requires("safeguarding.review")
def flags():
    """Safeguarding flags of the practitioner's authorities, open ones first, newest first."""
    query = (select(SafeguardingFlag, Response, Survey, LocalAuthority)
             .join(Response, Response.id == SafeguardingFlag.response_id, isouter=True)
             .join(Survey, Survey.id == Response.survey_id, isouter=True)
             .join(LocalAuthority, LocalAuthority.id == SafeguardingFlag.la_id)
             .order_by(SafeguardingFlag.status.desc(), SafeguardingFlag.created_at.desc()))
    rows = get_session().exec(scope_to_authorities(query, SafeguardingFlag).limit(500)).all()
    return render_template("practice/flags.html", rows=rows, rule_name=rule_name)
