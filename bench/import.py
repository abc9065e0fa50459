"""Benchmark the case-note import: rows/s and peak memory for a large generated CSV.

    .venv/bin/python bench/import.py [--rows 1000000] [--ner] [--ner-sample 2000] [--tracemalloc]
                                     [--no-write]

The CSV (about 60 words a note, a valid NHS number, a date, an area and the child's name)
is written to a temporary directory first, streamed, then imported into a fresh SQLite
database (or DATABASE_URL) with `run_import`, as `seen-heard notes import` does: each row is
checked, its NHS number validated and turned into a keyed pseudonym, its content hash
compared with what is stored, its text redacted, encrypted and stored, 500 rows a transaction.

What redacts. By default the app redacts with spaCy NER as well as the patterns and the
file's names (REDACT_WITH_NER); this benchmark's main run sets REDACT_WITH_NER = False
(patterns and the file's names only) unless --ner is given, because NER runs at about
70 notes/s a core here and a million rows would take about four hours and measure spaCy, not
the import. --ner-sample N then imports the first N rows again, into a fresh database with NER
on, so the rate of the import as the app is configured by default is measured in the same run.
Peak memory is the process's maximum resident set size (getrusage) at the end of the main run,
before the sample loads spaCy; it includes the CSV generator and the app. --tracemalloc adds
Python's own allocation peak (slower).
"""

from __future__ import annotations

import argparse
import csv
import platform
import random
import resource
import secrets
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

# Run as a script, bench/ comes first on sys.path; the project root must come first instead.

sys.path[:1] = [str(Path(__file__).resolve().parents[1])]
from bench.results import write_section

from cryptography.fernet import Fernet  # noqa: E402
from sqlmodel import select  # noqa: E402

from coding.identifiers import nhs_check_digit  # noqa: E402
from voice import create_app  # noqa: E402
from voice.db import get_engine, session_scope  # noqa: E402
from coding.redact import default_redactor  # noqa: E402
from voice.documents import ImportOptions, run_import  # noqa: E402
from voice.models import LocalAuthority, metadata  # noqa: E402
from voice.reference import ensure_local_authorities  # noqa: E402

SECTION_START, SECTION_END = "<!-- bench/import.py start -->", "<!-- bench/import.py end -->"
TARGET_MB = 500
FIRST = ["Tamsin", "Kyle", "Amara", "Jordan", "Leah", "Callum", "Priya", "Reece", "Chloe", "Dylan"]
LAST = ["Oakfield", "Marsh", "Okafor", "Brennan", "Singh", "Hughes", "Kowalski", "Price"]
SENTENCES = [
    "{name} said the flat feels more settled since the heating was fixed.",
    "We talked about college and the bus pass; {name} is worried about money for travel.",
    "Personal adviser visited at home; the foster carer was present for part of the visit.",
    "{name} does not feel safe walking back from the shop after dark and asked about moving.",
    "Agreed actions: chase the housing officer, book the CAMHS appointment, review in four weeks.",
    "The Family Hub sessions have helped; {name} wants to keep going on Tuesdays.",
    "Call {phone} if the tenancy officer does not reply before Friday.",
    "{name} feels listened to at the review but not at school.",
]
AREAS = ["North", "South", "East", "West", "Central"]


def nhs_number(serial: int) -> str:
    """A valid, issuable NHS number made from `serial` (prefix 4xx-6xx)."""
    while nhs_check_digit(nine := f"{400_000_000 + serial % 300_000_000:09d}") is None:
        serial += 1
    return f"{nine}{nhs_check_digit(nine)}"


def write_rows(path: Path, rows: int, seed: int = 7) -> None:
    """Write `rows` notes to a CSV, one at a time (nothing held in memory)."""
    rng = random.Random(seed)
    start = date(2023, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["text", "date", "author_role", "respondent_id", "area", "child_name"])
        for i in range(rows):
            name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            phone = f"07{rng.randrange(10**8, 10**9)}"
            text = " ".join(rng.choice(SENTENCES).format(name=name, phone=phone) for _ in range(4))
            writer.writerow([f"Note {i}. {text}", (start + timedelta(days=i % 700)).isoformat(),
                             "personal adviser", nhs_number(i // 3), rng.choice(AREAS), name])


def make_app(workdir: Path, database_url: str | None, ner: bool):
    """A test-mode app on a fresh database with its own keys."""
    url = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URL": url, "INSTANCE_PATH": str(workdir),
                      "HUEY_SQLITE_PATH": str(workdir / "jobs.sqlite3"), "REDACT_WITH_NER": ner,
                      "SECRET_KEY": secrets.token_hex(16), "PSEUDONYM_KEY": secrets.token_hex(32),
                      "DATA_KEY": Fernet.generate_key().decode(), "AUDIT_KEY": secrets.token_hex(32)})
    metadata.create_all(get_engine(app))
    ensure_local_authorities(app)
    return app


def ner_sample(path: Path, rows: int, database_url: str | None) -> dict:
    """Import the first `rows` rows of `path` with NER on, into a fresh database; the rate."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        sample = workdir / "sample.csv"
        with path.open(encoding="utf-8") as source, sample.open("w", encoding="utf-8") as target:
            target.writelines(line for _, line in zip(range(rows + 1), source))
        app = make_app(workdir, database_url, True)
        with app.app_context():
            with session_scope(app) as session:
                la = session.exec(select(LocalAuthority.id).where(LocalAuthority.old_la_code == "850")).one()
            default_redactor().nlp  # load spaCy before the clock starts, as a running worker has
            began = time.perf_counter()
            report = run_import(app, sample, ImportOptions(kind="case_note", la_id=la))
            seconds = time.perf_counter() - began
        return {"rows": report.rows_read, "seconds": seconds, "rows_per_s": report.rows_read / seconds}


def measure(rows: int, ner: bool, trace: bool, database_url: str | None, sample_rows: int = 0) -> dict:
    """Generate, import, and return the figures."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        path = workdir / "notes.csv"
        began = time.perf_counter()
        write_rows(path, rows)
        generated = time.perf_counter() - began
        app = make_app(workdir, database_url, ner)
        with app.app_context():
            with session_scope(app) as session:
                la = session.exec(select(LocalAuthority.id).where(LocalAuthority.old_la_code == "850")).one()
            if trace:
                tracemalloc.start()
            began = time.perf_counter()
            report = run_import(app, path, ImportOptions(kind="case_note", la_id=la))
            seconds = time.perf_counter() - began
            traced = tracemalloc.get_traced_memory()[1] if trace else None
        figures = {"rows": rows, "file_mb": path.stat().st_size / 1e6 if path.exists() else None,
                   "generated_s": generated, "seconds": seconds, "imported": report.imported,
                   "rows_per_s": report.rows_read / seconds, "rss_mb": peak_rss_mb(),
                   "traced_mb": traced / 1e6 if traced else None, "ner": ner,
                   "backend": (database_url or "sqlite").split(":")[0], "sample": None}
        if sample_rows and not ner:
            figures["sample"] = ner_sample(path, sample_rows, database_url)
        return figures


def peak_rss_mb() -> float:
    """The process's peak resident set size in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def section(figures: dict, command: str) -> str:
    """The Markdown section for bench/RESULTS.md."""
    f = figures
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    lines = [SECTION_START, "## Case-note import (bench/import.py)", "",
             f"Run {now} UTC on {platform.machine()} with {len(__import__('os').sched_getaffinity(0))} cores, "
             f"shared with other work; {f['backend']} database; redaction "
             f"{'with spaCy NER (the default)' if f['ner'] else 'by patterns and the file names only (REDACT_WITH_NER = False, no NER)'}. "
             "Each row is checked, its NHS number validated and pseudonymised, deduplicated by content "
             "hash, redacted, encrypted and stored, 500 rows a transaction.",
             f"Command: `{command}`", "",
             "| rows | imported | seconds | rows/s | peak RSS MB | traced peak MB |", "|---|---|---|---|---|---|",
             f"| {f['rows']:,} | {f['imported']:,} | {f['seconds']:.1f} | {f['rows_per_s']:,.0f} | "
             f"{f['rss_mb']:.0f} | {f['traced_mb']:.0f} |" if f["traced_mb"] else
             f"| {f['rows']:,} | {f['imported']:,} | {f['seconds']:.1f} | {f['rows_per_s']:,.0f} | "
             f"{f['rss_mb']:.0f} | - |", "",
             f"- peak memory under {TARGET_MB} MB: {f['rss_mb']:.0f} MB, "
             f"{'met' if f['rss_mb'] < TARGET_MB else 'NOT met'}"]
    if f["sample"]:
        n = f["sample"]
        lines.append(f"- with spaCy NER on (the app's default, REDACT_WITH_NER), the first {n['rows']:,} rows "
                     f"into a fresh database: {n['rows_per_s']:,.0f} rows/s ({n['seconds']:.0f} s); at that rate "
                     f"1,000,000 rows would take about {1_000_000 / n['rows_per_s'] / 3600:.1f} hours on one core: "
                     "NER, not the import, sets the pace")
    if f["rows"] < 1_000_000:
        lines.append(f"- 1,000,000 rows extrapolated at this rate: about "
                     f"{1_000_000 / f['rows_per_s'] / 60:.0f} minutes (memory does not grow with rows: "
                     "the file is streamed in chunks of 500)")
    return "\n".join(lines + [SECTION_END]) + "\n"


def main() -> None:
    """Run the benchmark, print the figures and record them in bench/RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--ner", action="store_true", help="Redact with spaCy NER too (slow).")
    parser.add_argument("--ner-sample", type=int, default=0,
                        help="After a run without NER, also import this many rows with NER on.")
    parser.add_argument("--tracemalloc", action="store_true", help="Also trace Python allocations.")
    parser.add_argument("--database-url", help="Default: a fresh SQLite file in a temporary directory.")
    parser.add_argument("--no-write", action="store_true", help="Print only; leave RESULTS.md alone.")
    args = parser.parse_args()
    figures = measure(args.rows, args.ner, args.tracemalloc, args.database_url, args.ner_sample)
    print(f"rows={figures['rows']:,} imported={figures['imported']:,} seconds={figures['seconds']:.1f} "
          f"rows/s={figures['rows_per_s']:,.0f} peak_rss_mb={figures['rss_mb']:.0f} "
          f"traced_peak_mb={figures['traced_mb'] or 0:.0f} (generated in {figures['generated_s']:.1f}s)")
    if figures["sample"]:
        print(f"with NER: rows={figures['sample']['rows']:,} rows/s={figures['sample']['rows_per_s']:,.1f}")
    if not args.no_write:
        write_section(section(figures, "python " + " ".join(sys.argv)), SECTION_START, SECTION_END)


if __name__ == "__main__":
    main()
