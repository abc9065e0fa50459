"""Consent filtering: only answers whose latest consent decision covers the purpose count."""

from sqlmodel import select

from coding.disclosure import DisclosurePolicy
from tests.indicators.factories import add_respondent, add_response
from voice.indicators.definitions import definitions
from voice.indicators.population import counted_responses
from voice.indicators.release import published_indicator
from voice.models import ConsentRecord

EXACT = DisclosurePolicy(threshold=0)


def counted(session, purpose: str) -> set[int]:
    return set(session.exec(counted_responses(purpose)).all())


def test_only_responses_consented_for_the_purpose_count(session):
    granted = add_response(session, "where-i-live", "850", {"feel_safe_home": 5})
    refused = add_response(session, "where-i-live", "850", {"feel_safe_home": 5},
                           consents={"service_improvement": False, "research": True})
    silent = add_response(session, "where-i-live", "850", {"feel_safe_home": 5}, consents={})
    session.commit()
    assert counted(session, "service_improvement") == {granted.id}
    assert counted(session, "research") == {granted.id, refused.id}
    assert silent.id not in counted(session, "research")


def test_the_latest_decision_wins_respondent_wide_or_per_response(session):
    person = add_respondent(session, "850")
    first = add_response(session, "where-i-live", "850", {"feel_safe_home": 4}, respondent=person)
    second = add_response(session, "where-i-live", "850", {"feel_safe_home": 2}, respondent=person)
    session.commit()
    assert counted(session, "service_improvement") >= {first.id, second.id}
    # A withdrawal about the person as a whole, after both answers, removes both.
    session.add(ConsentRecord(respondent_id=person.id, purpose="service_improvement",
                              granted=False, source="withdrawal"))
    session.commit()
    assert counted(session, "service_improvement").isdisjoint({first.id, second.id})
    # Consenting again for one response, later still, brings that one back.
    session.add(ConsentRecord(respondent_id=person.id, response_id=second.id,
                              purpose="service_improvement", granted=True))
    session.commit()
    assert counted(session, "service_improvement") & {first.id, second.id} == {second.id}


def test_indicator_counts_only_consented_answers(session):
    for value, granted in [(5, True), (4, True), (1, True), (5, False), (5, False)]:
        add_response(session, "where-i-live", "850", {"feel_safe_home": value},
                     respondent=add_respondent(session, "850"),
                     consents={"service_improvement": granted})
    session.commit()
    definition = definitions(session)["feel_safe_at_home"]
    table = published_indicator(session, definition, breakdowns=[], policy=EXACT,
                                levels=["National"])
    row = table.iloc[0]
    assert (row["period"], row["count"], row["denominator"], row["rate"]) == ("2025", "2", "3", "66.7")
    assert len(session.exec(select(ConsentRecord)).all()) == 5
