"""Property-based: whatever arrives at PUT /api/v1/responses/<uuid>, the answer is never a 5xx,
its status is one the OpenAPI document lists, and its body has the documented shape."""

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.helpers import put, valid_body
from voice.web.api_responses import openapi_document

FIELDS = ["survey_key", "survey_version", "language", "submitted_at", "consents", "answers", "token"]
QUESTION_KEYS = ["feel_safe_home", "feel_settled", "home_right_for_me", "who_helps",
                 "make_it_better", "manage_bills", "nope"]
json_scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                | st.text(max_size=30))
json_values = st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=10), inner, max_size=4), max_leaves=10)
answer_values = (st.sampled_from([1, 2, 5, 6, "prefer_not", "yes", "not_sure", ["family"],
                                  ["family", "family"], "a\x00b", "\u202e\ufeff", 2**70,
                                  float("inf"), float("nan"), 1e308])
                 | json_values)
uuids = (st.uuids().map(str) | st.uuids().map(lambda u: str(u).upper())
         | st.text(alphabet=string.hexdigits + "-{}:", max_size=40))
bodies = st.fixed_dictionaries({}, optional={
    "survey_key": st.sampled_from(["where-i-live", "my-information", ""]) | json_values,
    "survey_version": st.sampled_from([1, 2, 0, -1, True, 2**31, 2**70]) | json_values,
    "language": st.sampled_from(["en", "cy", "ur", "fr"]) | json_values,
    "submitted_at": st.sampled_from(["2026-11-25T10:30:00Z", "2026-11-25", "2026-13-40T99:00:00Z"])
                    | st.datetimes().map(lambda d: d.isoformat()) | json_values,
    "consents": st.dictionaries(st.sampled_from(["own_support", "research", "x"]),
                                st.booleans() | json_scalars, max_size=3) | json_values,
    "answers": st.dictionaries(st.sampled_from(QUESTION_KEYS), answer_values, max_size=5) | json_values,
    "extra": json_values,
}) | json_values


def documented_statuses() -> set[int]:
    operation = openapi_document()["paths"]["/responses/{client_uuid}"]["put"]
    return {int(code) for code in operation["responses"]}


def assert_documented(response) -> None:
    assert response.status_code < 500, response.get_data(as_text=True)
    assert response.status_code in documented_statuses()
    body = response.get_json()
    if response.status_code < 300:
        assert set(body) == {"client_uuid", "status"}
    else:
        assert isinstance(body["error"], str) and body["status"] == response.status_code
        assert all(isinstance(v, str) for v in body.get("errors", {}).values())


SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@SETTINGS
@given(client_uuid=uuids, body=bodies, with_token=st.booleans())
def test_random_bodies_and_uuids_never_cause_a_5xx(client, token, client_uuid, body, with_token):
    response = put(client, client_uuid or "x", body, token if with_token else None)
    assert_documented(response)


@SETTINGS
@given(client_uuid=st.uuids().map(str), answers=st.dictionaries(st.sampled_from(QUESTION_KEYS),
                                                                answer_values, max_size=5))
def test_random_answers_to_the_real_survey_are_stored_or_refused_with_reasons(client, token,
                                                                             client_uuid, answers):
    response = put(client, client_uuid, valid_body(answers=answers), token)
    assert_documented(response)
    if response.status_code == 400:
        assert response.get_json()["errors"]
