"""Benchmark survey submissions: PUT /api/v1/responses under gunicorn on PostgreSQL.

    .venv/bin/python bench/submissions.py [--clients 50] [--seconds 15] [--workers 5] [--slices 4] [--no-write]

Runs against one fresh PostgreSQL database, each server started with gunicorn and driven
from a separate process by `--clients` threads, each with its own connections:
  1. the app's PUT /api/v1/responses/<uuid> (a valid where-i-live response through a kiosk
     link, no free text) and 2. the ceiling, a bare Flask route that inserts one row into the
     same database, both up at once and driven in alternating slices (`--slices`);
  3. the app again, killed with SIGKILL half-way; every response acknowledged with a 2xx
     before the kill must be in the database afterwards.
It prints submissions/s, p50/p95/p99 latency and errors for each, and writes them into
bench/RESULTS.md (between its own markers; other benchmarks keep their sections).

Server configuration, the same for the app and the ceiling: gunicorn sync workers, 2 x cores
+ 1 of them (gunicorn's documented starting point; 5 on this 2-core machine), each with the
app's engine settings (voice.db.make_engine). A deployment puts nginx in front, which buffers
slow clients, so sync workers are what it would run; rate limits are off, as the clients all
come from one address.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:1] = [str(ROOT)]  # run as a script, bench/ would come first on sys.path

from bench.results import machine, write_section

SECTION_START = "<!-- bench/submissions.py start -->"
SECTION_END = "<!-- bench/submissions.py end -->"
PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TARGETS = {"rate": 500.0, "p99_ms": 100.0, "share_of_ceiling": 0.6}
BODY = {"survey_key": "where-i-live", "survey_version": 1, "language": "en",
        "submitted_at": "2026-11-25T10:30:00Z",
        "consents": {"service_improvement": True, "research": False},
        "answers": {"feel_safe_home": 4, "feel_settled": 3, "home_right_for_me": "yes",
                    "who_helps": ["personal_adviser", "friends"]}}


# --- the servers (built inside the gunicorn workers) -------------------------------------

def bench_app():
    """The real app for gunicorn, configured from BENCH_* variables, rate limits off."""
    from voice import create_app

    return create_app({"MODE": "demo", "SQLALCHEMY_DATABASE_URL": os.environ["BENCH_DATABASE_URL"],
                       "INSTANCE_PATH": os.environ["BENCH_INSTANCE"], "RATELIMIT_ENABLED": False,
                       **json.loads(os.environ["BENCH_KEYS"])})


def ceiling_app():
    """The ceiling: a bare Flask route that inserts one row into the same database."""
    import sqlalchemy as sa
    from flask import Flask, request

    from voice.db import make_engine

    app = Flask(__name__)
    # The app's own engine settings (pool, pre-ping), so only the work per request differs.
    engine = make_engine(os.environ["BENCH_DATABASE_URL"])
    insert = sa.text("INSERT INTO bench_ceiling (client_uuid, body) VALUES (:u, :b)")

    @app.put("/bare/<client_uuid>")
    def bare(client_uuid: str):
        with engine.begin() as conn:
            conn.execute(insert, {"u": client_uuid, "b": request.get_data(as_text=True)})
        return {"client_uuid": client_uuid}, 201

    return app


# --- setting up ----------------------------------------------------------------------------

def new_database() -> str:
    """A fresh PostgreSQL database with every table, the survey and the ceiling's table."""
    import sqlalchemy as sa

    from voice.models import metadata

    name = f"bench_submissions_{os.getpid()}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    engine = sa.create_engine(url)
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE bench_ceiling (id serial PRIMARY KEY, "
                             "client_uuid varchar(36) UNIQUE NOT NULL, body text NOT NULL)"))
    engine.dispose()
    return url


def drop_database(url: str) -> None:
    """Drop the benchmark's database."""
    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


def prepare(env: dict[str, str]) -> str:
    """Load the authorities and the survey; return a kiosk token (unlimited uses)."""
    os.environ.update(env)
    from voice.db import session_scope
    from voice.invitations import create_invitation
    from voice.models import LocalAuthority
    from voice.reference import ensure_local_authorities
    from voice.surveys.store import SURVEY_DIR, read_survey_file, store_survey
    from sqlmodel import select

    app = bench_app()
    ensure_local_authorities(app)
    with app.app_context(), session_scope(app) as session:
        store_survey(session, read_survey_file(SURVEY_DIR / "where-i-live.yaml"))
        la = session.exec(select(LocalAuthority.id)).first()
        _, token = create_invitation(session, "where-i-live", "kiosk", None, None, la, None, None)
    return token


def free_port() -> int:
    """A free localhost TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(target: str, port: int, workers: int, env: dict[str, str]) -> subprocess.Popen:
    """Start gunicorn in its own process group and wait until it accepts connections."""
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind",
               f"127.0.0.1:{port}", "--log-level", "warning", "--chdir", str(ROOT),
               "--backlog", "2048", "--preload", f"bench.submissions:{target}"]
    server = subprocess.Popen(command, env={**os.environ, **env}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError("gunicorn did not start within 60 s")


def wait_until_ready(port: int, path: str, token: str) -> None:
    """Send PUTs until one is acknowledged: every worker has booted and reached the database."""
    deadline, out = time.monotonic() + 120, []
    while time.monotonic() < deadline:
        client_loop(port, path, token, time.monotonic() + 0.001, out)
        if 200 <= out[-1][1] < 300:
            return
        time.sleep(0.2)
    raise RuntimeError(f"{path} gave no 2xx within 120 s (last status {out[-1][1]})")


def stop(server: subprocess.Popen, kill: bool = False) -> None:
    """Stop gunicorn and its workers: SIGTERM, or SIGKILL to the whole group."""
    try:
        os.killpg(server.pid, signal.SIGKILL if kill else signal.SIGTERM)
    except ProcessLookupError:
        pass
    server.wait(timeout=30)


# --- the driver (a separate process) -----------------------------------------------------

def client_loop(port: int, path: str, token: str, until: float, out: list) -> None:
    """Send PUTs one after another until `until`; record (uuid, status, seconds)."""
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    body = json.dumps(BODY)
    while time.monotonic() < until:
        client_uuid = str(uuid.uuid4())
        began = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("PUT", f"{path}/{client_uuid}", body=body, headers=headers)
            status = conn.getresponse().status
            conn.close()
        except OSError:
            status = 0
            time.sleep(0.05)  # the server is down (the kill run): do not spin
        out.append((client_uuid, status, time.perf_counter() - began))


def drive(port: int, path: str, token: str, clients: int, seconds: float, queue) -> None:
    """Run `clients` client threads for `seconds`; put every outcome on `queue`."""
    began = time.monotonic()
    until = began + seconds
    results: list = []
    threads = [threading.Thread(target=client_loop, args=(port, path, token, until, results))
               for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((results, time.monotonic() - began))  # timed here: not the process's start-up


def run_load(port: int, path: str, token: str, clients: int, seconds: float,
             during=None) -> tuple[list, float]:
    """Drive the server from another process; `during()` runs meanwhile. Return outcomes, time."""
    queue = multiprocessing.get_context("spawn").Queue()
    driver = multiprocessing.get_context("spawn").Process(
        target=drive, args=(port, path, token, clients, seconds, queue))
    driver.start()
    if during:
        during()
    results, elapsed = queue.get()
    driver.join()
    return results, elapsed


def figures(results: list, elapsed: float) -> dict:
    """Submissions/s, latency percentiles (ms) and errors of one run."""
    ok = sorted(seconds * 1000 for _, status, seconds in results if 200 <= status < 300)
    cuts = statistics.quantiles(ok, n=100) if len(ok) >= 2 else [float("nan")] * 99
    return {"rate": len(ok) / elapsed, "p50": cuts[49], "p95": cuts[94], "p99": cuts[98],
            "ok": len(ok), "errors": len(results) - len(ok)}


def stored_uuids(url: str) -> set[str]:
    """Every client_uuid stored in the response table."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as conn:
        found = {row[0] for row in conn.execute(sa.text("SELECT client_uuid FROM response"))}
    engine.dispose()
    return found


# --- reporting -------------------------------------------------------------------------------

def row(name: str, f: dict) -> str:
    """One Markdown table row of a run's figures."""
    return (f"| {name} | {f['rate']:.0f} | {f['p50']:.1f} | {f['p95']:.1f} | {f['p99']:.1f} "
            f"| {f['errors']} |")


def report(app: dict, ceiling: dict, kill: dict, args: argparse.Namespace) -> str:
    """The Markdown section for bench/RESULTS.md, with each target met or not."""
    share = args.share
    met = {True: "met", False: "NOT met"}
    checks = [
        f"- submissions/s >= {TARGETS['rate']:.0f}: {app['rate']:.0f}, "
        f"{met[app['rate'] >= TARGETS['rate']]}",
        f"- p99 < {TARGETS['p99_ms']:.0f} ms: {app['p99']:.1f} ms, "
        f"{met[app['p99'] < TARGETS['p99_ms']]}",
        f"- zero errors: {app['errors']}, {met[app['errors'] == 0]}",
        f"- share of the ceiling >= {TARGETS['share_of_ceiling']}: {share:.2f} (median of "
        f"{args.slices} paired slices), "
        f"{met[share >= TARGETS['share_of_ceiling']]}",
        f"- kill -9 mid-run: {kill['acknowledged']} acknowledged, {kill['lost']} of them lost, "
        f"{met[kill['lost'] == 0]}",
    ]
    return "\n".join([
        SECTION_START, "## Survey submissions (bench/submissions.py)", "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}, shared with other work "
        f"(load average {args.load:.1f} when it began, {os.getloadavg()[0]:.1f} at the end); "
        f"gunicorn {args.workers} sync workers, PostgreSQL on the same machine, "
        f"{args.clients} concurrent clients in a separate process, {args.seconds:.0f} s a run "
        f"for each server, in {args.slices} alternating slices.",
        f"Command: `.venv/bin/python bench/submissions.py --clients {args.clients} "
        f"--seconds {args.seconds:g} --workers {args.workers} --slices {args.slices}`", "",
        "| Run | submissions/s | p50 ms | p95 ms | p99 ms | errors |", "|---|---|---|---|---|---|",
        row("PUT /api/v1/responses/<uuid>", app), row("ceiling: bare Flask insert", ceiling), "",
        *checks, "",
        "Per submission through a kiosk link the app makes four round trips to PostgreSQL, as "
        "the ceiling does (the pool's pre-ping, BEGIN, one statement, COMMIT): its statement "
        "reads the invitation and inserts the response, its answers and consents together "
        "(voice/response_rows.py). The rest of the gap is Python: parsing and checking the "
        "body, the answers against the survey (versions read once per worker process), the "
        "content hash, and a larger statement. Counted (single-use) links add the invitation's "
        "SELECT and UPDATE.", "",
        f"With {args.clients} clients each sending its next PUT as soon as the last is answered, "
        f"the mean latency is {args.clients} / rate (Little's law): p99 under 100 ms needs a rate "
        f"well above {args.clients / 0.1:.0f}/s; the bare insert's own p99 was "
        f"{ceiling['p99']:.0f} ms at {ceiling['rate']:.0f}/s.", "",
        "`lscpu | head`:", "", "```", lscpu_head(), "```", SECTION_END, ""])


def lscpu_head() -> str:
    """The first ten lines of lscpu, as the issue asks the results to record."""
    return "\n".join(subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()[:10])


# --- the three runs --------------------------------------------------------------------------

def measure(token: str, env: dict, args: argparse.Namespace) -> tuple[dict, dict, float]:
    """Run the app and the ceiling side by side, in alternating slices of the run's length.

    On a shared machine the load changes from minute to minute; alternating short slices
    (app, ceiling, ceiling, app, ...) exposes both to the same conditions, and the share of
    the ceiling is the median of the slices' paired ratios. Returns (app, ceiling, share).
    """
    targets = {"app": ("bench_app()", "/api/v1/responses"), "ceiling": ("ceiling_app()", "/bare")}
    servers, ports = {}, {}
    try:
        for name, (target, path) in targets.items():
            ports[name] = free_port()
            servers[name] = start_gunicorn(target, ports[name], args.workers, env)
            wait_until_ready(ports[name], path, token)
            run_load(ports[name], path, token, args.clients, 2.0)  # warm up: connections, caches
        pooled = {name: ([], 0.0) for name in targets}
        ratios = []
        for slice_number in range(args.slices):
            rates = {}
            order = ("app", "ceiling") if slice_number % 2 == 0 else ("ceiling", "app")
            for name in order:
                results, elapsed = run_load(ports[name], targets[name][1], token, args.clients,
                                            args.seconds / args.slices)
                rates[name] = figures(results, elapsed)["rate"]
                pooled[name] = (pooled[name][0] + results, pooled[name][1] + elapsed)
            ratios.append(rates["app"] / rates["ceiling"] if rates["ceiling"] else 0.0)
        return figures(*pooled["app"]), figures(*pooled["ceiling"]), statistics.median(ratios)
    finally:
        for server in servers.values():
            stop(server)


def kill_mid_run(token: str, env: dict, url: str, args: argparse.Namespace) -> dict:
    """SIGKILL the server half-way through a run; count acknowledged responses not stored."""
    port = free_port()
    server = start_gunicorn("bench_app()", port, args.workers, env)
    wait_until_ready(port, "/api/v1/responses", token)
    results, _ = run_load(port, "/api/v1/responses", token, args.clients, args.seconds,
                          during=lambda: (time.sleep(args.seconds / 2), stop(server, kill=True)))
    acknowledged = {u for u, status, _ in results if status in (200, 201)}
    return {"acknowledged": len(acknowledged), "lost": len(acknowledged - stored_uuids(url))}


def main() -> None:
    """Run the three measurements, print them and write bench/RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--workers", type=int, default=2 * len(os.sched_getaffinity(0)) + 1)
    parser.add_argument("--slices", type=int, default=4,
                        help="alternate app and ceiling this many times within --seconds")
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    args.load = os.getloadavg()[0]  # other work on the machine changes every figure
    url = new_database()
    keys = {"SECRET_KEY": secrets.token_hex(32), "PSEUDONYM_KEY": secrets.token_hex(32),
            "AUDIT_KEY": secrets.token_hex(32)}
    from cryptography.fernet import Fernet

    keys["DATA_KEY"] = Fernet.generate_key().decode()
    try:
        with tempfile.TemporaryDirectory() as instance:
            env = {"BENCH_DATABASE_URL": url, "BENCH_INSTANCE": instance,
                   "BENCH_KEYS": json.dumps(keys), "PYTHONPATH": str(ROOT)}
            token = prepare(env)
            app, ceiling, args.share = measure(token, env, args)
            print(row("PUT /api/v1/responses/<uuid>", app), flush=True)
            print(row("ceiling: bare Flask insert", ceiling), flush=True)
            kill = kill_mid_run(token, env, url, args)
            section = report(app, ceiling, kill, args)
    finally:
        drop_database(url)
    print(section)
    if not args.no_write:
        write_section(section, SECTION_START, SECTION_END)


if __name__ == "__main__":
    main()
