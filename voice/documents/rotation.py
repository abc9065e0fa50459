"""Key rotation: re-encrypt every stored ciphertext under the first key in DATA_KEY.

To rotate: put a new key first in DATA_KEY (keeping the old ones after it), run
`seen-heard keys rotate`, then drop the old keys. Rows are read in id order, a batch at a
time, each batch committed on its own; a row that the first key already decrypts is left
alone. So rotation is idempotent and resumable: after an interruption, running it again
finishes the rows still under an old key and rewrites nothing else.
"""

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken
from flask import Flask

from voice.crypto import fernet_from
from voice.db import session_scope
from voice.models import Document, SurveyDraft

# Every column holding DATA_KEY ciphertext: (table, its key column, the ciphertext column).
ENCRYPTED_COLUMNS: tuple[tuple[sa.Table, str, str], ...] = (
    (Document.__table__, "id", "raw_ciphertext"),
    (SurveyDraft.__table__, "id", "ciphertext"),
)
BATCH_SIZE = 500
RotationProgress = Callable[[str, int, int], None]  # table name, rows done, rows in table


@dataclass
class RotationReport:
    """How many ciphertexts were re-encrypted, and how many were already under the first key."""

    rotated: int = 0
    current: int = 0


def first_key(data_key: str) -> Fernet:
    """The Fernet of the first key in DATA_KEY (the one that encrypts)."""
    return Fernet(next(k.strip() for k in data_key.split(",") if k.strip()))


def is_current(token: bytes, primary: Fernet) -> bool:
    """True if the first key already decrypts `token`."""
    try:
        primary.decrypt(token)
    except InvalidToken:
        return False
    return True


def rotate_table(app: Flask, table: sa.Table, key_column: str, column: str,
                 report: RotationReport, on_progress: RotationProgress | None = None,
                 batch_size: int = BATCH_SIZE) -> None:
    """Re-encrypt one table's ciphertext column, a committed batch at a time."""
    multi, primary = fernet_from(app.config["DATA_KEY"]), first_key(app.config["DATA_KEY"])
    key, value = table.c[key_column], table.c[column]
    with session_scope(app) as session:
        total = session.execute(sa.select(sa.func.count()).select_from(table)
                                .where(value.is_not(None))).scalar_one()
    done, last = 0, None
    while True:
        with session_scope(app) as session:
            query = sa.select(key, value).where(value.is_not(None)).order_by(key).limit(batch_size)
            rows = session.execute(query if last is None else query.where(key > last)).all()
            for row_key, token in rows:
                if is_current(token, primary):
                    report.current += 1
                    continue
                session.execute(sa.update(table).where(key == row_key)
                                .values({column: multi.rotate(token)}))
                report.rotated += 1
        if not rows:
            return
        done, last = done + len(rows), rows[-1][0]
        if on_progress:
            on_progress(table.name, done, total)


def rotate_keys(app: Flask, on_progress: RotationProgress | None = None,
                batch_size: int = BATCH_SIZE) -> RotationReport:
    """Re-encrypt every ciphertext column under DATA_KEY's first key."""
    report = RotationReport()
    for table, key_column, column in ENCRYPTED_COLUMNS:
        rotate_table(app, table, key_column, column, report, on_progress, batch_size)
    return report
