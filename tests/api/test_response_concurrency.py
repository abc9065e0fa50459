"""Concurrent copies of one response store it once, on SQLite and on PostgreSQL."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from sqlmodel import select

from tests.api.helpers import (count_answers, count_responses, make_survey, make_token, new_uuid,
                               put, valid_body)
from voice.models import Invitation

THREADS = 10


def put_all_at_once(app, bodies, token, client_uuids):
    """PUT each body from its own thread and test client, released together; return statuses."""
    start = Barrier(len(bodies))

    def send(index):
        client = app.test_client()
        start.wait()
        return put(client, client_uuids[index], bodies[index], token).status_code

    with ThreadPoolExecutor(max_workers=len(bodies)) as pool:
        return sorted(pool.map(send, range(len(bodies))))


def test_identical_concurrent_puts_store_one_response(app, session, token):
    client_uuid = new_uuid()
    statuses = put_all_at_once(app, [valid_body()] * THREADS, token, [client_uuid] * THREADS)
    assert statuses == [200] * (THREADS - 1) + [201]
    assert count_responses(session) == 1
    assert count_answers(session) == 3


def test_conflicting_concurrent_puts_store_one_and_refuse_the_rest(app, session, token):
    bodies = [valid_body(answers={"feel_safe_home": 1 + i % 5, "feel_settled": i % 5 + 1,
                                  "who_helps": [["family", "friends", "partner"][i % 3]]})
              for i in range(THREADS)]
    statuses = put_all_at_once(app, bodies, token, [new_uuid()] * THREADS)
    assert statuses == [201] + [409] * (THREADS - 1)  # every body differs from the others
    assert count_responses(session) == 1


def test_a_single_use_link_raced_by_different_responses_is_used_once(app, session):
    make_survey(session)
    single = make_token(session, mode="single")
    statuses = put_all_at_once(app, [valid_body()] * THREADS, single,
                               [new_uuid() for _ in range(THREADS)])
    assert statuses.count(201) == 1
    assert set(statuses) <= {201, 410}
    assert count_responses(session) == 1
    session.expire_all()
    assert session.exec(select(Invitation)).one().uses_count == 1
