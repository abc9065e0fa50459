"""Starting a topic run (from the CLI or the research pages) and who may see which runs.

A run records everything needed to reproduce it before any work starts: the corpus filter with
its authorities spelt out, the purpose, the codebook version, every setting and the seed. The
fit itself is the `topic_fit` background job (voice/topics/jobs.py).
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from flask import Flask
from sqlmodel import Session

from coding.topics import DEFAULT_GUIDANCE, GUIDANCE_MODES, TopicParams
from voice.db import session_scope
from voice.jobs import JobError, enqueue
from voice.models import TopicRun, utcnow
from voice.permissions import authority_ids_for
from voice.topics.codebooks import latest_version
from voice.topics.corpus import CorpusFilter, TopicRunError, check_purpose

KIND = "topic_fit"
SETTINGS = {f.name: f.type for f in fields(TopicParams)}


def parse_settings(pairs: list[str] | tuple[str, ...]) -> dict[str, Any]:
    """`name=value` pairs as model settings (numbers, true/false, or a word such as
    cluster_selection_method=eom); TopicRunError naming a bad one."""
    settings: dict[str, Any] = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        name = name.strip()
        if name not in SETTINGS:
            raise TopicRunError(f"Setting {name!r} is not a model setting. Known settings: "
                                f"{', '.join(sorted(SETTINGS))}.")
        kind = str(SETTINGS[name])
        if "str" in kind:
            settings[name] = value.strip()
            continue
        if "bool" in kind:
            if value.strip().lower() not in ("true", "false"):
                raise TopicRunError(f"Setting {name}: {value!r} is not true or false.")
            settings[name] = value.strip().lower() == "true"
            continue
        try:
            settings[name] = float(value) if "float" in kind else int(value)
        except ValueError:
            raise TopicRunError(f"Setting {name}: {value!r} is not a number.") from None
    return settings


def scoped_filter(corpus_filter: CorpusFilter, user: Any) -> CorpusFilter:
    """The filter limited to the authorities the user may see (all of them when none chosen)."""
    allowed = authority_ids_for(user) if user is not None else None
    if allowed is None:
        return corpus_filter
    if not allowed:
        raise TopicRunError("You are not linked to any local authority, so there are no "
                            "documents you may model. Ask an admin to link you to yours.")
    outside = set(corpus_filter.la_ids) - allowed
    if outside:
        raise TopicRunError("Authority: you may only model documents of the authorities you "
                            "are linked to.")
    chosen = corpus_filter.la_ids or tuple(sorted(allowed))
    return CorpusFilter(corpus_filter.kinds, chosen, corpus_filter.area_ids, corpus_filter.start,
                        corpus_filter.end, corpus_filter.question_keys)


def run_visible(run: TopicRun, user: Any) -> bool:
    """True if every authority the run read is one the user may see (admins see all runs)."""
    allowed = authority_ids_for(user)
    if allowed is None:
        return True
    la_ids = set(run.corpus_filter.get("la_ids") or ())
    return bool(la_ids) and la_ids <= allowed


def create_run(session: Session, corpus_filter: CorpusFilter, purpose: str, *,
               codebook_key: str | None = None, seed: int = 42,
               guidance: str = DEFAULT_GUIDANCE, settings: dict[str, Any] | None = None,
               title: str = "", user: Any = None) -> TopicRun:
    """A queued run with everything it needs recorded (not yet committed, no job yet)."""
    check_purpose(purpose)
    if guidance not in GUIDANCE_MODES:
        raise TopicRunError(f"Guidance: choose one of {', '.join(GUIDANCE_MODES)}.")
    if not 0 <= seed < 2**32:
        raise TopicRunError("Seed: use a whole number from 0 to 4294967295.")
    corpus_filter = scoped_filter(corpus_filter, user)
    version = latest_version(session, codebook_key) if codebook_key else None
    run = TopicRun(title=title.strip()[:200], purpose=purpose,
                   corpus_filter=corpus_filter.to_dict(),
                   codebook_version_id=version.id if version else None,
                   params={"guidance": guidance, "overrides": dict(settings or {})},
                   seeds={"seed": seed, "umap_random_state": seed, "python": seed,
                          "numpy": seed, "torch": seed, "sample": seed},
                   created_by_id=getattr(user, "id", None))
    session.add(run)
    session.flush()
    return run


def start_run(app: Flask, run_id: int, created_by_id: int | None = None) -> int:
    """Queue the fit of a committed run; its job id. A queue that cannot be reached fails it."""
    with session_scope(app) as session:
        run = session.get(TopicRun, run_id)
        la_ids = run.corpus_filter.get("la_ids") or []
    try:
        job = enqueue(KIND, {"run_id": run_id}, created_by_id=created_by_id,
                      la_id=la_ids[0] if len(la_ids) == 1 else None, app=app)
    except JobError as error:
        set_status(app, run_id, "failed", error=error.message)
        raise
    with session_scope(app) as session:
        run = session.get(TopicRun, run_id)
        run.job_id = job.id
        session.add(run)
    return job.id


def set_status(app: Flask, run_id: int, status: str, error: str | None = None) -> None:
    """Record a run's status (and, when it stops, why and when) in its own transaction."""
    with session_scope(app) as session:
        run = session.get(TopicRun, run_id)
        run.status, run.error = status, error
        if status in ("done", "failed", "cancelled"):
            run.finished_at = utcnow()
        session.add(run)
