"""`seen-heard jobs ...` and `seen-heard worker`, through the CLI runner."""

import re

import pytest

from voice.jobs import enqueue, get_job
from voice.jobs.cli import jobs_cli, worker_command
from voice.jobs.consumer import make_consumer


@pytest.fixture
def consumer(app):
    """A real consumer (threads in this process) on the app's SQLite queue."""
    consumer = make_consumer(app, workers=1, install_signals=False, periodic=False, max_delay=0.1)
    consumer.start()
    yield consumer
    consumer.stop(graceful=True)


def test_selftest_waits_for_a_worker_and_shows_progress(app, runner, consumer):
    result = runner.invoke(jobs_cli, ["selftest", "--steps", "3", "--wait"])

    assert result.exit_code == 0, result.output
    job_id = int(re.search(r"Queued self-test job (\d+)\.", result.output).group(1))
    assert "done      [####################] 100% (3 of 3)" in result.output
    assert get_job(app, job_id).result == {"counted": 3}


def test_selftest_without_a_worker_times_out_with_advice(runner):
    result = runner.invoke(jobs_cli, ["selftest", "--wait", "--timeout", "0"])

    assert result.exit_code == 1
    assert "Check that a worker is running: `seen-heard worker`." in result.output


def test_list_show_and_cancel(app, runner):
    first = enqueue("selftest", {"steps": 4}, app=app)
    second = enqueue("selftest", {"steps": 4}, app=app)

    cancelled = runner.invoke(jobs_cli, ["cancel", str(second.id)])
    listed = runner.invoke(jobs_cli, ["list"])
    only_queued = runner.invoke(jobs_cli, ["list", "--state", "queued"])
    shown = runner.invoke(jobs_cli, ["show", str(first.id)])

    assert cancelled.output == f"Cancelled job {second.id} before it started.\n"
    lines = listed.output.splitlines()
    assert lines[0].split()[:5] == ["ID", "KIND", "STATE", "PROGRESS", "CREATED"]
    assert re.match(rf"\s+{second.id}\s+selftest\s+cancelled\s+-", lines[1])  # newest first
    assert re.match(rf"\s+{first.id}\s+selftest\s+queued\s+-\s.*Waiting for a worker\.", lines[2])
    assert len(only_queued.output.splitlines()) == 2
    assert f"Job {first.id}: Worker self-test (selftest)" in shown.output
    assert "State:    queued (attempt 0 of 2)" in shown.output
    assert "Progress: [????????????????????] 0 done, total not known yet" in shown.output


def test_show_draws_a_progress_bar(app, runner, session):
    job = enqueue("selftest", {}, app=app)
    stored = session.get(type(job), job.id)
    stored.state, stored.done, stored.total, stored.message = "running", 5, 10, "Counted 5 of 10."
    session.commit()

    shown = runner.invoke(jobs_cli, ["show", str(job.id)]).output

    assert "Progress: [##########----------]  50% (5 of 10)" in shown
    assert "Message:  Counted 5 of 10." in shown


def test_errors_say_what_to_do(app, runner, consumer):
    missing = runner.invoke(jobs_cli, ["show", "999"])
    finished = runner.invoke(jobs_cli, ["selftest", "--steps", "1", "--wait"])
    job_id = int(re.search(r"job (\d+)", finished.output).group(1))
    too_late = runner.invoke(jobs_cli, ["cancel", str(job_id)])

    assert missing.exit_code == 1
    assert "There is no job 999. Run `seen-heard jobs list` to see the jobs." in missing.output
    assert too_late.exit_code == 1
    assert f"Job {job_id} has already finished (done); there is nothing to cancel." in too_late.output


def test_reap_reports_what_it_did(runner):
    result = runner.invoke(jobs_cli, ["reap"])
    assert (result.exit_code, result.output) == (0, "No stalled jobs.\n")


def test_every_command_has_help_without_an_app():
    from click.testing import CliRunner

    plain = CliRunner()
    assert "Run a background-job worker" in plain.invoke(worker_command, ["--help"]).output
    listed = plain.invoke(jobs_cli, ["--help"]).output
    for command in ("cancel", "list", "reap", "selftest", "show"):
        assert command in listed
