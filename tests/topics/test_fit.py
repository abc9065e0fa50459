"""A real topic run through the platform: the CLI and the job, on SQLite and PostgreSQL.

The corpus has five known themes (tests/coding/test_topics.py); the codebook has codes for
four. The run must find them, map the seeded ones to their codes, report the fifth as emergent,
give the same topics for the same seed, and embed nothing the second time.
"""

from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import select

from tests.helpers import OWN_LA
from tests.topics.conftest import SEEDED, store_corpus, store_test_codebook, themed_corpus
from voice.jobs import get_job, run_job
from voice.models import DocumentTopic, EmbeddingCache, Topic, TopicRun
from voice.topics.cli import fit_command, load_command, show_command
from voice.topics.codebooks import promote_topic
from voice.topics.corpus import CorpusFilter
from voice.topics.runs import create_run, start_run

pytestmark = pytest.mark.slow  # two real fits per database (embeddings, UMAP, BERTopic)


def topics_of(session, run_id):
    session.expire_all()
    return session.exec(select(Topic).where(Topic.run_id == run_id).order_by(Topic.number)).all()


def theme_of_topics(session, run_id, ids, themes):
    """Each topic's majority theme, and the share of documents in their topic's majority."""
    theme_by_doc = dict(zip(ids, themes))
    members: dict[int, list[str]] = {}
    rows = session.exec(select(Topic.number, DocumentTopic.document_id)
                        .join(DocumentTopic, DocumentTopic.topic_id == Topic.id)
                        .where(Topic.run_id == run_id)).all()
    for number, document_id in rows:
        members.setdefault(number, []).append(theme_by_doc[document_id])
    majority = {n: Counter(m).most_common(1)[0] for n, m in members.items()}
    return {n: theme for n, (theme, _) in majority.items()}, \
        sum(count for _, count in majority.values()) / len(ids), len(rows)


def test_a_run_finds_known_themes_maps_codes_reports_emergent_and_reproduces(app, session):
    texts, themes, dates = themed_corpus()
    ids = store_corpus(session, texts, dates)
    key = store_test_codebook(session)
    runner = app.test_cli_runner()
    result = runner.invoke(fit_command, ["--purpose", "research", "--codebook", key,
                                         "--la", OWN_LA, "--seed", "42", "--title", "Test run"])
    assert result.exit_code == 0, result.output
    assert "Fitting topics" in result.output and "EMERGENT" in result.output

    run = session.exec(select(TopicRun)).one()
    assert run.status == "done" and run.n_documents == len(texts) and run.error is None
    assert run.corpus_filter["la_ids"] and run.codebook_version_id is not None
    assert run.seeds["seed"] == 42 and run.params["settings"]["min_cluster_size"] >= 10
    assert run.package_versions["bertopic"] != "absent"
    assert (Path(run.model_path) / "seen_heard_topics.json").is_file()
    job = get_job(app, run.job_id)
    assert job.result["embedded"] == len(set(texts))  # a repeated text is embedded once

    topics = topics_of(session, run.id)
    majority, purity, assigned = theme_of_topics(session, run.id, ids, themes)
    assert assigned == len(texts)  # outliers reduced: every document has a topic
    assert purity >= 0.9  # measured 1.0 with five topics, as in the library's test
    for topic in topics:
        if majority[topic.number] in SEEDED:
            assert topic.matched_code_key == majority[topic.number], (topic.label, topic.matches)
            assert topic.match_score and not topic.is_emergent
    sport = [t for t in topics if majority[t.number] == "sport"]
    assert sport and all(t.is_emergent and t.matched_code_key is None for t in sport)
    assert set(SEEDED) <= {t.matched_code_key for t in topics}
    for topic in topics:  # excerpts are documents of the topic itself
        members = set(session.exec(select(DocumentTopic.document_id)
                                   .where(DocumentTopic.topic_id == topic.id)).all())
        assert topic.representative_document_ids and \
            set(topic.representative_document_ids) <= members

    # The same run again: the same topics, and every embedding comes from the cache.
    cached = session.exec(select(EmbeddingCache)).all()
    assert len(cached) == len(set(texts))
    again = create_run(session, CorpusFilter.from_dict(run.corpus_filter), "research",
                       codebook_key=key, seed=42)
    session.commit()
    job_id = start_run(app, again.id)
    run_job(app, job_id)  # what a worker does with the queued task
    assert get_job(app, job_id).result["embedded"] == 0
    second = topics_of(session, again.id)
    assert [(t.number, t.size, t.words, t.matched_code_key) for t in second] == \
        [(t.number, t.size, t.words, t.matched_code_key) for t in topics]

    shown = runner.invoke(show_command, [str(run.id)])
    assert shown.exit_code == 0 and "sport" not in shown.output.split("EMERGENT")[0][-5:]
    loaded = runner.invoke(load_command, [str(run.id)])
    assert loaded.exit_code == 0 and "matches the stored topics" in loaded.output, loaded.output

    # Promoting the emergent theme adds a code (with excerpts as examples) in a new version.
    version = promote_topic(session, run, sport[0], "sport", "Sport and exercise", "")
    session.commit()
    added = [c for c in version.definition["codes"] if c["key"] == "sport"]
    assert added and added[0]["examples"] and version.version == 2
    assert session.get(Topic, sport[0].id).promoted_code_key == "sport"
