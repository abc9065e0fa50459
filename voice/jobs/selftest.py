"""The "selftest" job: counts to N with progress, to show that a worker is alive and working.

It can also fail on purpose ("error": a message for users; "crash": an unexpected error),
which the tests use to check how failures are recorded.
"""

import time

from voice.jobs.registry import JobError, job_handler
from voice.jobs.runner import JobContext

FAIL_MODES = (None, "error", "crash")


@job_handler("selftest", label="Worker self-test")
def selftest(ctx: JobContext, steps: int = 10, delay: float = 0.1,
             fail: str | None = None) -> dict[str, int]:
    """Count to `steps`, sleeping `delay` seconds a step, reporting progress each step."""
    if fail not in FAIL_MODES:
        raise JobError(f"The self-test cannot fail in the way {fail!r}; use 'error' or 'crash'.")
    steps = max(0, int(steps))
    ctx.progress(0, steps, "Starting to count.")
    for step in range(1, steps + 1):
        time.sleep(delay)
        ctx.progress(step, steps, f"Counted {step} of {steps}.")
    if fail == "error":
        raise JobError("The self-test failed on purpose, as asked. Nothing needs doing.")
    if fail == "crash":
        # The text stands in for data that must never reach the job row or the log.
        raise RuntimeError("secret case note text that must not be stored")
    return {"counted": steps}
