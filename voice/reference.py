"""Reference data the product needs at run time, shipped in voice/data/ with its source named."""

import csv
from importlib import resources

from flask import Flask
from sqlmodel import select

from voice.db import session_scope
from voice.models import LocalAuthority


def read_local_authorities() -> list[dict[str, str]]:
    """DfE's current local authorities with old/new codes and region (2025 lookup)."""
    text = resources.files("voice.data").joinpath("local_authorities.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return [row for row in rows if row["status_2025"] == "current"]


def ensure_local_authorities(app: Flask) -> int:
    """Insert any DfE local authority the database lacks; return how many were added."""
    with session_scope(app) as session:
        known = set(session.exec(select(LocalAuthority.old_la_code)).all())
        added = 0
        for row in read_local_authorities():
            if row["old_la_code"] in known:
                continue
            session.add(LocalAuthority(
                old_la_code=row["old_la_code"], new_la_code=row["new_la_code"],
                name=row["la_name"], region_code=row["region_code"],
                region_name=row["region_name"]))
            added += 1
    return added
