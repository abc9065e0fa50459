"""Which function runs each kind of job, and the errors a job can end with.

Modules that do long work register a handler with `@job_handler("kind")`; the worker
looks the handler up by `Job.kind`. A handler is `fn(ctx, **params) -> dict | None`.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# Modules whose handlers every app (web and worker) must know, imported by init_app.
# Add a module here when its jobs can be queued before anything else imports it.
HANDLER_MODULES: tuple[str, ...] = ("voice.jobs.selftest", "voice.documents.jobs",
                                  "voice.coding.training", "voice.topics.jobs",
                                  "voice.survey_text_redaction", "voice.subject.retention_job")


class JobError(Exception):
    """A job cannot go on; the message is a plain sentence for users, saying what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class JobCancelled(Exception):
    """Raised inside a handler when its job was cancelled or taken over by another worker."""


class JobInterrupted(JobCancelled):
    """Raised inside a handler when its worker is shutting down; the job goes back in the queue."""


@dataclass(frozen=True)
class Handler:
    """A registered job kind: its function and the label pages show."""

    kind: str
    function: Callable[..., Any]
    label: str


_handlers: dict[str, Handler] = {}


def job_handler(kind: str, label: str | None = None) -> Callable[[Callable], Callable]:
    """Register the decorated function as the handler for jobs of `kind`."""
    def register(function: Callable) -> Callable:
        existing = _handlers.get(kind)
        # Re-importing a module re-registers the same function; two functions is a bug.
        if existing and _qualified(existing.function) != _qualified(function):
            raise ValueError(f"Job kind {kind!r} already has a handler: {_qualified(existing.function)}.")
        _handlers[kind] = Handler(kind, function, label or kind.replace("_", " ").capitalize())
        return function
    return register


def _qualified(function: Callable) -> str:
    return f"{function.__module__}.{function.__qualname__}"


def get_handler(kind: str) -> Handler | None:
    """The handler registered for `kind`, or None."""
    return _handlers.get(kind)


def kind_label(kind: str) -> str:
    """A human name for a job kind ("Worker self-test"), falling back to the kind itself."""
    handler = _handlers.get(kind)
    return handler.label if handler else kind.replace("_", " ").capitalize()


def known_kinds() -> list[str]:
    """Every registered job kind, sorted."""
    return sorted(_handlers)


def load_handlers(modules: tuple[str, ...] = HANDLER_MODULES) -> None:
    """Import the modules that register handlers, so both web and worker know every kind."""
    for name in modules:
        importlib.import_module(name)
