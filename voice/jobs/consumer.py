"""The worker: Huey's consumer, stopping cleanly so no job is left 'running' by a shutdown.

On SIGTERM or SIGINT the consumer stops taking tasks; running handlers raise
JobInterrupted at their next progress step and go back in the queue without using up
an attempt; anything still running when the shutdown timeout ends is put back too.
"""

import logging
import signal
from typing import Any

from flask import Flask
from huey.consumer import Consumer

from voice.jobs import store
from voice.jobs.queue import resend, runtime, setting

logger = logging.getLogger(__name__)

ABANDONED = "Waiting for a worker: the last one was shut down while running this job."


class JobConsumer(Consumer):
    """Huey's thread consumer, bound to an app, with graceful stop on both signals."""

    def __init__(self, app: Flask, workers: int = 1, install_signals: bool = True,
                 **options: Any) -> None:
        self.app = app
        self.install_signals = install_signals
        options.setdefault("max_delay", setting(app, "JOB_POLL_SECONDS", 1))
        options.setdefault("shutdown_timeout", setting(app, "JOB_SHUTDOWN_SECONDS", 20))
        super().__init__(runtime(app).huey, workers=workers, worker_type="thread", **options)
        # Huey treats SIGTERM as "stop now"; for threads that would orphan running jobs.
        self._signal_actions[signal.SIGTERM] = (False, True)
        self._signal_actions[signal.SIGINT] = (False, True)

    def start(self) -> None:
        """Start the scheduler and worker threads."""
        runtime(self.app).stopping.clear()
        super().start()

    def _set_signal_handlers(self) -> None:
        # Signal handlers can only be set from the main thread; tests run consumers elsewhere.
        if self.install_signals:
            super()._set_signal_handlers()

    def stop(self, graceful: bool = False) -> None:
        """Stop taking tasks, let running jobs re-queue themselves, then re-queue stragglers."""
        runtime(self.app).stopping.set()
        super().stop(graceful=graceful)
        requeue_abandoned(self.app)


def requeue_abandoned(app: Flask) -> list[int]:
    """Put back in the queue every job this process still runs; return their ids."""
    state = runtime(app)
    with state.lock:
        abandoned = dict(state.in_flight)
    requeued = []
    for job_id, attempt in abandoned.items():
        if store.requeue(app, job_id, attempt, ABANDONED, free_attempt=True):
            resend(app, job_id)
            requeued.append(job_id)
    if requeued:
        logger.warning("Put %s running job(s) back in the queue on shutdown.", len(requeued))
    return requeued


def make_consumer(app: Flask, workers: int = 1, install_signals: bool = True,
                  **options: Any) -> JobConsumer:
    """A consumer for `app`'s queue; call .run() (blocking) or .start() and later .stop(True)."""
    return JobConsumer(app, workers=workers, install_signals=install_signals, **options)
