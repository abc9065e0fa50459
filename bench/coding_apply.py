"""The coding screen's server time to apply a code, with a million excerpts in PostgreSQL.

Called by bench/coding.py (its fourth figure). A fresh PostgreSQL database gets the schema, a
codebook, one coder and, by COPY, `documents` documents with `excerpts` excerpts and as many
code applications between them. Then the real app (Flask test client, CSRF on, signed in)
applies a code to a fresh selection of a random document `requests` times; each request's time
is the view's whole round trip (permission check, span check, inserts, audit row, commit).
The anchor is the same request measured in the same run before the bulk load.
"""

from __future__ import annotations

import io
import math
import os
import random
import re
import secrets
import statistics
import time
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from cryptography.fernet import Fernet

PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
TEXT = ("[PERSON_1] said the flat is cold 😀 and the boiler has been broken since March.\r\n"
        "She does not feel safe at night; people bang on the door. Rent arrears are £300 and "
        "universal credit was late again. Her PA will chase the repair and the landlord.")


def _new_database() -> str:
    name = f"bench_apply_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"


def _drop_database(url: str) -> None:
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    admin.dispose()


def _app(url: str, instance: str):
    from voice import create_app
    from voice.models import metadata
    from voice.reference import ensure_local_authorities

    engine = sa.create_engine(url)
    metadata.create_all(engine)
    engine.dispose()
    app = create_app({"SQLALCHEMY_DATABASE_URL": url, "INSTANCE_PATH": instance, "TESTING": True,
                      "SECRET_KEY": secrets.token_hex(16), "PSEUDONYM_KEY": secrets.token_hex(32),
                      "DATA_KEY": Fernet.generate_key().decode(), "AUDIT_KEY": secrets.token_hex(32)})
    ensure_local_authorities(app)
    return app


def _arrange(app) -> dict:
    """A codebook, a coder bound to Hampshire, and one document; ids for the bulk load."""
    from sqlmodel import select

    from coding.codebook import load_codebook
    from coding.codebook.checks import CODEBOOK_DIR
    from voice.coding.versions import store_codebook
    from voice.db import session_scope
    from voice.models import Code, LocalAuthority, User, UserAuthority

    with session_scope(app) as session:
        version, _ = store_codebook(session, load_codebook(CODEBOOK_DIR / "care-leavers-home.yaml"))
        la = session.exec(select(LocalAuthority).where(LocalAuthority.old_la_code == "850")).one()
        user = User(email="bench@example.org", role="practitioner", password_hash="unused-bench-hash")
        session.add(user)
        session.flush()
        session.add(UserAuthority(user_id=user.id, la_id=la.id))
        codes = [c.id for c in session.exec(select(Code).where(Code.codebook_version_id == version.id))
                 if c.details.get("codable", True)]
        return {"user_id": user.id, "la_id": la.id, "version_id": version.id, "codes": codes}


def _copy(conn, table: str, columns: str, rows) -> None:
    """COPY rows (tuples) into a table through psycopg's COPY protocol."""
    with conn.connection.dbapi_connection.cursor() as cursor:
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def bulk_load(app, ids: dict, documents: int, excerpts: int, seed: int = 3) -> float:
    """COPY documents, excerpts and applications; seconds taken (then ANALYZE)."""
    from voice.db import get_engine

    rng = random.Random(seed)
    now = datetime.now(UTC)
    started = time.perf_counter()
    engine = get_engine(app)
    with engine.connect() as conn:
        first = conn.execute(sa.text("SELECT coalesce(max(id), 0) FROM document")).scalar() + 1
        after = conn.execute(sa.text("SELECT coalesce(max(id), 0) FROM excerpt")).scalar()
    # Each table in a transaction of its own, with the foreign-key triggers off for the load
    # (the rows are made consistent here): checking a million keys against rows inserted in
    # the same transaction took PostgreSQL over 20 minutes, which measures nothing we ship.
    loads = [
        ("document", "id, la_id, kind, title, redacted_text, redaction_version, content_hash, created_at",
         ((first + i, ids["la_id"], "case_note", f"Note {i}", TEXT, "bench", f"{first + i:064d}", now)
          for i in range(documents))),
        ("excerpt", 'id, document_id, start, "end", created_by_id, created_at',
         ((after + i + 1, first + i % documents, s, s + 20, ids["user_id"], now)
          for i in range(excerpts) for s in [rng.randrange(0, 150)])),
        ("code_application", "excerpt_id, code_id, codebook_version_id, source, status, coder_id, created_at",
         ((after + i + 1, rng.choice(ids["codes"]), ids["version_id"], "human", "accepted",
           ids["user_id"], now) for i in range(excerpts))),
    ]
    for table, columns, rows in loads:
        with engine.begin() as conn:
            conn.execute(sa.text("SET LOCAL session_replication_role = replica"))
            _copy(conn, table, columns, rows)
            conn.execute(sa.text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                 f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"))
    copied = time.perf_counter()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in ("document", "excerpt", "code_application"):
            conn.execute(sa.text(f"ANALYZE {table}"))
    print(f"  COPY {copied - started:.1f} s, ANALYZE {time.perf_counter() - copied:.1f} s")
    return time.perf_counter() - started


def _signed_in_client(app, user_id: int):
    from voice.auth import LAST_ACTIVE, session_key
    from voice.db import session_scope
    from voice.models import User

    client = app.test_client()
    with session_scope(app) as session:
        key = session_key(session.get(User, user_id))
    with client.session_transaction() as flask_session:
        flask_session.permanent = True
        flask_session["_user_id"], flask_session["_fresh"] = f"{user_id}.{key}", True
        flask_session[LAST_ACTIVE] = int(time.time())
    page = client.get("/practice/coding").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    return client, token.group(1) if token else ""


def time_applies(app, ids: dict, requests: int, document_ids: list[int],
                 seed: int = 9) -> tuple[list[float], list[float]]:
    """Wall-clock and app-process CPU milliseconds of each apply-code POST (302 expected)."""
    client, token = _signed_in_client(app, ids["user_id"])
    rng = random.Random(seed)
    keys = ["safety", "stability", "affordability", "home_condition", "neighbourhood"]
    times, cpu = [], []
    words = [(m.start(), m.end()) for m in re.finditer(r"\w+", TEXT)]
    for _ in range(requests):
        first = rng.randrange(0, len(words) - 8)
        start, end = words[first][0], words[first + rng.randrange(0, 8)][1]
        data = {"csrf_token": token, "codebook": "care-leavers-home", "start": start,
                "end": end, "codes": [rng.choice(keys)]}
        began, began_cpu = time.perf_counter(), time.process_time()
        response = client.post(f"/practice/coding/{rng.choice(document_ids)}/apply", data=data)
        times.append((time.perf_counter() - began) * 1000)
        cpu.append((time.process_time() - began_cpu) * 1000)
        if response.status_code != 302:
            problem = re.search(r"<title>([^<]+)", response.get_data(as_text=True))
            raise RuntimeError(f"apply answered {response.status_code}: {problem and problem.group(1)}")
    return times, cpu


def summary(measured: tuple[list[float], list[float]]) -> dict[str, float]:
    """Median and p95 of wall-clock milliseconds, and the median of the app's CPU milliseconds."""
    ordered = sorted(measured[0])
    return {"median": statistics.median(ordered), "p95": ordered[math.ceil(0.95 * len(ordered)) - 1],
            "cpu_median": statistics.median(measured[1])}


def measure(excerpts: int = 1_000_000, documents: int = 50_000, requests: int = 300) -> dict:
    """Anchor (nearly empty database) and loaded p95/median of the apply-code request."""
    import tempfile

    url = _new_database()
    try:
        with tempfile.TemporaryDirectory() as instance:
            app = _app(url, instance)
            ids = _arrange(app)
            bulk_load(app, ids, 20, 0)
            empty_docs = list(range(1, 21))
            time_applies(app, ids, 20, empty_docs)  # warm-up: imports, first queries
            anchor = summary(time_applies(app, ids, requests, empty_docs))
            load_seconds = bulk_load(app, ids, documents, excerpts)
            loaded_docs = list(range(21, 21 + documents))
            time_applies(app, ids, 20, loaded_docs, seed=4)
            loaded = summary(time_applies(app, ids, requests, loaded_docs))
            with app.app_context():
                from voice.db import get_engine
                with get_engine(app).connect() as conn:
                    stored = conn.execute(sa.text("SELECT count(*) FROM excerpt")).scalar()
                get_engine(app).dispose()
        return {"anchor": anchor, "loaded": loaded, "load_seconds": load_seconds,
                "excerpts": stored, "documents": documents, "requests": requests}
    finally:
        _drop_database(url)
