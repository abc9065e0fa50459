"""The `topic_fit` background job: load the consented, redacted corpus, embed it through the
cache, fit, save the model under instance/ and store the topics, all or nothing.

Steps report progress (and so notice a cancel) between the slow parts. The model files are
written to a folder of their own, and the topics and assignments in one transaction at the
end; a run stopped, cancelled or failed on the way leaves neither (its row says why).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from flask import Flask
from sqlmodel import select

from coding.embeddings import MODEL_NAME
from coding.topics import MIN_DOCS, TopicError, fit_topics, save_model
from voice.jobs.registry import JobCancelled, JobError, JobInterrupted, job_handler
from voice.jobs.runner import JobContext
from voice.models import CodebookVersion, DocumentTopic, Job, Topic, TopicRun, utcnow
from voice.topics.cache import embed_cached
from voice.topics.codebooks import codebook_of
from voice.topics.corpus import Corpus, CorpusFilter, load_corpus
from voice.topics.runs import KIND, set_status

STEPS_AFTER_EMBEDDING = 3  # fit, save the model, store the topics


def model_dir(app: Flask, run_id: int) -> Path:
    """Where a run's model lives: TOPIC_MODEL_DIR, or instance/topic_runs/<id>."""
    root = app.config.get("TOPIC_MODEL_DIR") or Path(app.instance_path) / "topic_runs"
    return Path(root) / str(run_id)


def empty_corpus_message(corpus: Corpus, purpose: str) -> str:
    """Why a corpus is too small, with how many documents are needed and what kept them out."""
    have = len(corpus.documents)
    reasons = []
    if corpus.excluded_by_consent:
        reasons.append(f"{corpus.excluded_by_consent:,} matched but their consent does not cover "
                       f"{purpose.replace('_', ' ')}")
    if corpus.not_yet_redacted:
        reasons.append(f"{corpus.not_yet_redacted:,} are not redacted yet")
    if have == 0 and corpus.excluded_by_consent and not corpus.not_yet_redacted:
        return (f"No documents can enter this run: all {corpus.excluded_by_consent:,} documents "
                f"the filter matched lack consent for {purpose.replace('_', ' ')}. Choose another "
                "purpose only if it is the one the analysis really serves, or widen the filter.")
    why = f" ({'; '.join(reasons)})" if reasons else ""
    return (f"Topic modelling needs at least {MIN_DOCS} documents; this run has {have:,}{why}. "
            "Widen the filter: more authorities, areas, document kinds or a longer period.")


@job_handler(KIND, label="Topic model")
def fit_run(ctx: JobContext, run_id: int) -> dict[str, Any]:
    """Fit run `run_id`; its row ends done, failed or cancelled, never half-saved."""
    folder = model_dir(ctx.app, run_id)
    try:
        return _fit(ctx, run_id, folder)
    except JobInterrupted:
        shutil.rmtree(folder, ignore_errors=True)
        set_status(ctx.app, run_id, "queued")  # the job goes back in the queue
        raise
    except JobCancelled:
        shutil.rmtree(folder, ignore_errors=True)
        set_status(ctx.app, run_id, "cancelled", error="Cancelled before it finished; nothing "
                                                       "was saved.")
        raise
    except (JobError, TopicError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        message = error.message if isinstance(error, JobError) else str(error)
        set_status(ctx.app, run_id, "failed", error=message)
        raise JobError(message) from None
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        set_status(ctx.app, run_id, "failed", error=f"The fit stopped because of an unexpected "
                                                    f"error (job {ctx.job_id}). Try again.")
        raise


def _fit(ctx: JobContext, run_id: int, folder: Path) -> dict[str, Any]:
    with ctx.session() as session:
        run = session.get(TopicRun, run_id)
        if run is None:
            raise JobError(f"Topic run {run_id} no longer exists.")
        if run.status == "done":
            return {"run_id": run_id, "already": True}  # a repeated task: the work is saved
        run.status, run.error = "running", None
        session.add(run)
        purpose, seed, params = run.purpose, int(run.seeds["seed"]), dict(run.params)
        corpus = load_corpus(session, CorpusFilter.from_dict(run.corpus_filter), purpose)
        version = session.get(CodebookVersion, run.codebook_version_id) \
            if run.codebook_version_id else None
        codebook = codebook_of(session, version) if version else None
    if len(corpus.documents) < MIN_DOCS:
        raise JobError(empty_corpus_message(corpus, purpose))
    texts = [d.text for d in corpus.documents]
    total = len(texts) + STEPS_AFTER_EMBEDDING * max(1, len(texts) // 20)
    step = max(1, len(texts) // 20)

    def embedding_progress(done: int, of: int) -> None:
        ctx.progress(done, total, f"Embedding documents: {done:,} of {of:,}.")

    ctx.progress(0, total, f"Embedding {len(texts):,} documents.")
    vectors, embedded = embed_cached(ctx.app, texts, embedding_progress)
    ctx.progress(len(texts), total, f"Fitting topics on {len(texts):,} documents.")
    result = fit_topics(texts, vectors, codebook, seed=seed, guidance=params["guidance"],
                        **params.get("overrides", {}))
    ctx.progress(len(texts) + step, total, "Saving the model.")
    for topic in result.topics:
        topic.representative_docs = []  # the database links excerpts by document id instead
    shutil.rmtree(folder, ignore_errors=True)  # what a stopped earlier attempt left
    save_model(result, folder)
    ctx.progress(len(texts) + 2 * step, total, "Storing the topics.")
    store_result(ctx, run_id, corpus, result, vectors, folder, embedded)
    return {"run_id": run_id, "documents": len(texts), "topics": len(result.topics),
            "emergent": len(result.emergent), "embedded": embedded,
            "reused": len(texts) - embedded}  # from the cache, or a duplicate text


def representative_ids(corpus: Corpus, assignments: list[int], vectors: Any,
                       topic_id: int, how_many: int = 3) -> list[int]:
    """The documents nearest the topic's centroid (the same rule as the library's excerpts)."""
    import numpy as np
    members = np.flatnonzero(np.asarray(assignments) == topic_id)
    centroid = vectors[members].mean(axis=0)
    central = members[np.argsort(-(vectors[members] @ centroid))[:how_many]]
    return [corpus.documents[int(i)].id for i in central]


def store_result(ctx: JobContext, run_id: int, corpus: Corpus, result: Any, vectors: Any,
                 folder: Path, embedded: int) -> None:
    """Topics, assignments and the run's record in one transaction."""
    with ctx.session() as session:
        run = session.get(TopicRun, run_id)
        rows: dict[int, Topic] = {}
        for topic in result.topics:
            best = topic.matches[0] if topic.matches else None
            rows[topic.id] = Topic(
                run_id=run_id, number=topic.id, label=topic.label[:200],
                words=[[w, s] for w, s in topic.words], keybert_words=topic.keybert_words,
                size=topic.size, matched_code_key=best.code_key if best else None,
                match_score=best.score if best else None,
                matches=[{"code_key": m.code_key, "code_label": m.code_label, "score": m.score}
                         for m in topic.matches],
                is_emergent=topic.emergent,
                representative_document_ids=representative_ids(corpus, result.assignments,
                                                                vectors, topic.id))
            session.add(rows[topic.id])
        session.flush()
        session.add_all(DocumentTopic(document_id=doc.id, topic_id=rows[number].id)
                        for doc, number in zip(corpus.documents, result.assignments)
                        if number in rows)
        run.params = {**run.params, "settings": result.params,
                      "embedding_model": MODEL_NAME, "fitted_on": result.fitted_on}
        run.package_versions = result.versions
        run.model_path = str(folder)
        run.n_documents = len(corpus.documents)
        run.n_excluded_by_consent = corpus.excluded_by_consent
        run.status, run.error, run.finished_at = "done", None, utcnow()
        session.add(run)
        # A cancel that arrived while saving still wins: raising here rolls all of it back.
        # (Read through this session: a second connection would wait on its write lock.)
        state = session.exec(select(Job.state).where(Job.id == ctx.job_id)).one()
        if state != "running":
            raise JobCancelled(f"Job {ctx.job_id} was cancelled while saving.")


def load_run_model(run: TopicRun) -> Any:
    """A finished run's saved model as a TopicResult; TopicError saying what to do if it cannot."""
    from coding.topics import load_model
    if run.status != "done" or not run.model_path:
        raise TopicError(f"Topic run {run.id} has no saved model: it is {run.status}. "
                         "Fit it again.")
    return load_model(run.model_path)
