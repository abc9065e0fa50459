"""The embedding cache in the database, and forgetting withdrawn or erased documents."""

from datetime import date

import numpy as np
from sqlmodel import select

from coding.embeddings import content_hash, embed
from tests.topics.conftest import store_corpus
from voice.models import DocumentTopic, EmbeddingCache, Topic, TopicRun
from voice.topics.cache import embed_cached, forget_documents

TEXTS = ["The boiler broke and there is no hot water.", "College enrolment starts soon.",
         "Rent arrears keep growing.", "The boiler broke and there is no hot water."]


def test_a_second_embedding_pass_embeds_only_new_texts(app, session):
    progress = []
    vectors, embedded = embed_cached(app, TEXTS, lambda done, total: progress.append(done))
    assert embedded == 3 and vectors.shape == (4, 384)  # the repeated text once
    assert progress[-1] == len(TEXTS)
    assert np.allclose(vectors[:3], embed(TEXTS[:3]), atol=1e-5)  # the cached vectors are exact
    rows = session.exec(select(EmbeddingCache)).all()
    assert {r.content_hash for r in rows} == {content_hash(t) for t in TEXTS}
    assert {r.model for r in rows} == {"all-MiniLM-L6-v2"} and {r.dim for r in rows} == {384}

    more = TEXTS + ["Football training on Saturday."]
    again, embedded_again = embed_cached(app, more)
    assert embedded_again == 1
    assert np.array_equal(again[:4], vectors)


def test_forgetting_documents_removes_embeddings_assignments_and_excerpts(app, session):
    ids = store_corpus(session, TEXTS[:3], [date(2025, 1, 1)] * 3)
    embed_cached(app, TEXTS[:3])
    run = TopicRun(purpose="research", corpus_filter={"la_ids": [1]}, status="done")
    session.add(run)
    session.flush()
    topic = Topic(run_id=run.id, number=0, size=3, representative_document_ids=ids)
    session.add(topic)
    session.flush()
    session.add_all(DocumentTopic(document_id=i, topic_id=topic.id) for i in ids)
    session.commit()

    removed = forget_documents(session, [ids[0], ids[1]])
    session.commit()
    assert removed == {"embeddings": 2, "assignments": 2, "excerpts": 2}
    assert {r.content_hash for r in session.exec(select(EmbeddingCache))} == \
        {content_hash(TEXTS[2])}
    assert session.exec(select(DocumentTopic.document_id)).all() == [ids[2]]
    session.expire_all()
    assert session.get(Topic, topic.id).representative_document_ids == [ids[2]]
    assert forget_documents(session, []) == {"embeddings": 0, "assignments": 0, "excerpts": 0}
