"""Fixtures for the job tests: an app on each queue backend, real consumers and real workers.

`jobs_app` runs every test on SQLite and PostgreSQL (the shared `database_url` fixture)
times Huey on SQLite and Huey on Redis; `paired_app` only on the two real set-ups. Each test gets its own queue name, flushed afterwards,
so parallel runs never take each other's tasks.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from flask import Flask

from tests.conftest import empty_pg, test_keys
from voice import create_app
from voice.db import get_engine
from voice.jobs import get_job, runtime
from voice.jobs.consumer import JobConsumer, make_consumer
from voice.models import Job, metadata

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PROJECT_ROOT = Path(__file__).resolve().parents[2]
KEYS = ("SECRET_KEY", "PSEUDONYM_KEY", "DATA_KEY", "AUDIT_KEY")
# Fast beats and a short stale limit, so the reaper can act within a second of a kill.
FAST = {"JOB_HEARTBEAT_SECONDS": 0.2, "JOB_STALE_SECONDS": 1.0, "JOB_POLL_SECONDS": 0.1,
        "JOB_SHUTDOWN_SECONDS": 5}


def require_redis() -> None:
    """Skip (or, in CI, fail) when Redis is not running."""
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.exceptions.ConnectionError as error:
        if IN_CI:
            raise RuntimeError(f"Redis is required in CI but unreachable: {error}") from error
        pytest.skip("Redis is not reachable at 127.0.0.1:6379")


def build_jobs_app(database_url: str, tmp_path: Path, on_redis: bool) -> Flask:
    """A test app on `database_url` with a queue of its own, on Redis or on SQLite."""
    config = {**FAST, **test_keys(), "TESTING": True, "SQLALCHEMY_DATABASE_URL": database_url,
              "INSTANCE_PATH": str(tmp_path / "instance"),
              "HUEY_SQLITE_PATH": str(tmp_path / "queue.sqlite3"),
              "HUEY_NAME": f"test-jobs-{uuid.uuid4().hex[:12]}"}
    if on_redis:
        require_redis()
        config["REDIS_URL"] = REDIS_URL
    return create_app(config)


def close_jobs_app(app: Flask) -> None:
    """Empty the app's queue (Redis keys outlive the test) and close its connections."""
    runtime(app).huey.flush()
    get_engine(app).dispose()


@pytest.fixture(params=["sqlite-queue", "redis-queue"])
def jobs_app(request, database_url, tmp_path):
    """An app on each test database (SQLite, PostgreSQL) times each queue (SQLite, Redis)."""
    app = build_jobs_app(database_url, tmp_path, on_redis=request.param == "redis-queue")
    yield app
    close_jobs_app(app)


@pytest.fixture(params=["sqlite-db-and-queue", "postgresql-db-redis-queue"])
def paired_app(request, tmp_path):
    """The two real set-ups only: the embedded default, and PostgreSQL with Redis.

    For the slow tests with worker subprocesses; the cross pairs add time, not coverage.
    """
    if request.param.startswith("postgresql"):
        url = request.getfixturevalue("pg_url")
        empty_pg(url)
    else:
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
        engine = sa.create_engine(url)
        metadata.create_all(engine)
        engine.dispose()
    app = build_jobs_app(url, tmp_path, on_redis=request.param.endswith("redis-queue"))
    yield app
    close_jobs_app(app)


@pytest.fixture
def start_consumer(jobs_app) -> Iterator[Callable[..., JobConsumer]]:
    """Start a real Huey consumer (threads in this process) on the app's queue; stopped after."""
    started: list[JobConsumer] = []

    def start(workers: int = 2) -> JobConsumer:
        consumer = make_consumer(jobs_app, workers=workers, install_signals=False, periodic=False)
        consumer.start()
        started.append(consumer)
        return consumer
    yield start
    for consumer in started:
        if not consumer.stop_flag.is_set():
            consumer.stop(graceful=True)


def wait_for(app, job_id: int, condition: Callable[[Job], bool], timeout: float = 20) -> Job:
    """Poll the job row until `condition` holds; fail with the row's last state if it never does."""
    deadline = time.monotonic() + timeout
    while True:
        job = get_job(app, job_id)
        if condition(job):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} never reached the condition: {job!r}")
        time.sleep(0.05)


def worker_env(app) -> dict[str, str]:
    """The environment a `seen-heard worker` subprocess needs to share the app's database and queue."""
    env = {**os.environ, "SEEN_HEARD_MODE": "test",
           "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URL"],
           "HUEY_SQLITE_PATH": app.config["HUEY_SQLITE_PATH"], "HUEY_NAME": app.config["HUEY_NAME"],
           "JOB_HEARTBEAT_SECONDS": str(app.config["JOB_HEARTBEAT_SECONDS"]),
           "PYTHONUNBUFFERED": "1"}
    env.update({key: app.config[key] for key in KEYS})
    env.pop("REDIS_URL", None)
    if app.config.get("REDIS_URL"):
        env["REDIS_URL"] = app.config["REDIS_URL"]
    return env


@pytest.fixture
def start_worker(tmp_path) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start `seen-heard worker` as a subprocess on an app's database and queue; killed after."""
    procs: list[subprocess.Popen] = []

    def start(app: Flask, workers: int = 1) -> subprocess.Popen:
        log = open(tmp_path / f"worker-{len(procs)}.log", "w+")
        proc = subprocess.Popen(
            [sys.executable, "-c", "from voice.cli import main; main()", "worker", "--workers", str(workers)],
            env=worker_env(app), cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT)
        proc.log = log
        procs.append(proc)
        return proc
    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        proc.log.close()


def worker_output(proc: subprocess.Popen) -> str:
    """What a worker subprocess has printed so far."""
    proc.log.flush()
    return Path(proc.log.name).read_text()
