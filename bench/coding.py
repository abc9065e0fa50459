"""Benchmark the code suggestions: rule throughput, model training time, one document's latency.

    .venv/bin/python bench/coding.py [--notes 100000] [--excerpts 20000] [--runs 3] [--no-write]

Texts are the demo generator's documents with their personal details replaced by tags, as the
redactor leaves them. The fourth figure, the server time to apply a code with a million
excerpts stored, runs the app on a fresh PostgreSQL database (bench/coding_apply.py).
"""

from __future__ import annotations

import argparse
import os
import math
import random
import re
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

# Run as a script, bench/ comes first on sys.path and this file would shadow the coding package.

sys.path[:1] = [str(Path(__file__).resolve().parents[1])]
from bench.coding_apply import measure as measure_apply
from bench.results import RESULTS, machine, write_section

from coding.codebook import shipped_codebooks
from coding.suggest import RuleSuggester, TrainingExample, train
from coding.suggest.rules import shared_nlp
from voice.demo import DemoDocument, generate_all, generate_documents, generate_people

SECTION_START, SECTION_END = "<!-- bench/coding.py start -->", "<!-- bench/coding.py end -->"
DOCUMENTS_PER_PERSON = 2.4  # measured on the demo generator: 6,000 people gave 14,889 documents
TARGETS = {"throughput": 0.7, "training": 30.0, "latency": 50.0, "apply": 100.0}
NOTES = ("Notes are demo documents with personal details replaced by tags, sentences shuffled and "
         "mixed; rules are the care-leavers-home codebook's. Training excerpts are whole redacted "
         "demo documents coded with their 16 demo themes, more codes than any shipped codebook "
         "has. Latency is rules plus model for one held-out document at a time, wall clock.")


def redacted(document: DemoDocument) -> str:
    """The document's text with each personal detail replaced by a tag, people numbered."""
    text, people, pieces, last = document.text, {}, [], 0
    for span in sorted(document.pii, key=lambda s: s.start):
        if span.start < last:
            continue
        tag = span.label
        if span.label == "PERSON":
            name = text[span.start:span.end].split()[0].lower()
            tag = f"PERSON_{people.setdefault(name, len(people) + 1)}"
        pieces += [text[last:span.start], f"[{tag}]"]
        last = span.end
    return "".join(pieces + [text[last:]])


def document_pool(count: int, seed: int = 11) -> list[DemoDocument]:
    """At least `count` demo documents (fresh people, so none is a test fixture's)."""
    people = generate_people(seed, math.ceil(count / DOCUMENTS_PER_PERSON * 1.05))
    return generate_documents(seed, people)[:count]


def mixed_notes(texts: list[str], count: int, seed: int = 5) -> list[str]:
    """`count` notes, each one text's sentences shuffled, sometimes with another's sentence."""
    rng = random.Random(seed)
    split = [re.split(r"(?<=[.!?])\s+", text) for text in texts]
    notes = []
    for _ in range(count):
        sentences = list(rng.choice(split))
        rng.shuffle(sentences)
        if rng.random() < 0.5:
            sentences.append(rng.choice(rng.choice(split)))
        notes.append(" ".join(sentences))
    return notes


def seconds(work) -> tuple[float, float]:
    """(wall-clock, CPU) seconds one call of work takes in this process."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def rule_throughput(notes: list[str], runs: int, chunk: int = 5_000) -> dict[str, float]:
    """Notes per CPU second of the blank tokenizer's nlp.pipe (the anchor) and of rules.

    The two alternate over chunks of the same notes, so that load from other work on a shared
    machine falls on both alike; the ratio is the median of the chunks' paired CPU-time ratios.
    """
    suggester = RuleSuggester(next(c for c in shipped_codebooks() if c.key == "care-leavers-home"))
    nlp = shared_nlp()
    anchor_rates, rule_rates, ratios, wall = [], [], [], [0.0, 0.0]
    for _ in range(runs):
        totals = [0.0, 0.0]
        for number, start in enumerate(range(0, len(notes), chunk)):
            part = notes[start:start + chunk]
            timings = [lambda: sum(1 for _ in nlp.pipe(part, batch_size=256)),
                       lambda: sum(len(found) for found in suggester.iter_suggest(part))]
            order = [0, 1] if number % 2 == 0 else [1, 0]  # neither always goes first
            measured = {which: seconds(timings[which]) for which in order}
            for which in (0, 1):
                totals[which] += measured[which][1]
                wall[which] += measured[which][0]
            ratios.append(measured[0][1] / measured[1][1])
        anchor_rates.append(len(notes) / totals[0])
        rule_rates.append(len(notes) / totals[1])
    return {"anchor": statistics.median(anchor_rates), "rules": statistics.median(rule_rates),
            "ratio": statistics.median(ratios),
            "wall_anchor": runs * len(notes) / wall[0], "wall_rules": runs * len(notes) / wall[1]}


def coded_excerpts(documents: list[DemoDocument]) -> list[TrainingExample]:
    """Each redacted document as an excerpt coded with its demo themes."""
    return [TrainingExample(redacted(d), frozenset(d.themes)) for d in documents]


def training_time(examples: list[TrainingExample]) -> tuple[float, float, object]:
    """(wall-clock, CPU) seconds to train on the excerpts, and the model."""
    model = None

    def work() -> None:
        nonlocal model
        model = train(examples, "demo-themes", 1)
    wall, cpu = seconds(work)
    return wall, cpu, model


def latency(model, texts: list[str]) -> dict[str, float]:
    """Milliseconds for rules plus model on one document at a time: median and p95."""
    suggester = RuleSuggester(next(c for c in shipped_codebooks() if c.key == "care-leavers-home"))
    model.predict(texts[:1])  # the first call imports and warms up; not what a coder waits for
    times = []
    for text in texts:
        started = time.perf_counter()
        suggester.suggest(text)
        model.predict([text], threshold=0.5)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"median": statistics.median(times), "p95": times[math.ceil(0.95 * len(times)) - 1]}


def apply_row(apply: dict, ok: dict) -> str:
    """The table row of the apply-code figure, with its anchor from the same run."""
    loaded, anchor = apply["loaded"], apply["anchor"]
    return (f"| Server time to apply a code, {apply['excerpts']:,} excerpts stored (PostgreSQL, "
            f"{apply['documents']:,} documents, loaded by COPY in {apply['load_seconds']:.0f} s) | "
            f"p95 {loaded['p95']:.1f} ms (median {loaded['median']:.1f} ms) over "
            f"{apply['requests']} requests; anchor, same request on a nearly empty database: p95 "
            f"{anchor['p95']:.1f} ms (median {anchor['median']:.1f} ms), ratio of medians "
            f"{loaded['median'] / anchor['median']:.2f} | p95 < 100 ms | "
            f"{ok[loaded['p95'] < TARGETS['apply']]} |")


def report(figures: dict, args: argparse.Namespace, command: str) -> str:
    """The Markdown section for bench/RESULTS.md."""
    t, (train_wall, train_cpu), lat = figures["throughput"], figures["training"], figures["latency"]
    ok = {True: "met", False: "NOT met"}
    rows = [
        f"| Rule suggestions, {args.notes:,} redacted notes | {t['rules']:,.0f} notes per CPU "
        f"second = {t['ratio']:.2f}× the blank tokenizer's {t['anchor']:,.0f} (wall clock: "
        f"{t['wall_rules']:,.0f} vs {t['wall_anchor']:,.0f} notes/s; rates: median of "
        f"{args.runs} runs; ratio: median of paired 5,000-note chunks) | ≥ 0.7× | "
        f"{ok[t['ratio'] >= TARGETS['throughput']]} |",
        f"| Model training, {args.excerpts:,} coded excerpts, {figures['codes']} codes | "
        f"{train_cpu:.1f} CPU s ({train_wall:.1f} s wall clock) | < 30 s | "
        f"{ok[train_cpu < TARGETS['training']]} |",
        f"| Suggestion latency, one document (rules + model), {args.documents} documents | "
        f"p95 {lat['p95']:.1f} ms (median {lat['median']:.1f} ms) | p95 < 50 ms | "
        f"{ok[lat['p95'] < TARGETS['latency']]} |",
        apply_row(figures["apply"], ok),
    ]
    return "\n".join([
        SECTION_START, "## Coding suggestions (bench/coding.py)", "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}, shared with other "
        f"engineers' work (load average {os.getloadavg()[0]:.1f} at the end). CPU seconds of "
        "this process are the fair measure there; wall clock is mostly waiting for a core.",
        f"Command: `{command}`", "", "| Measure | Result | Target | |", "|---|---|---|---|",
        *rows, "", NOTES, SECTION_END, ""])


def main() -> None:
    """Measure, print, and record the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=100_000)
    parser.add_argument("--excerpts", type=int, default=20_000)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3, help="runs for the throughput median")
    parser.add_argument("--apply-excerpts", type=int, default=1_000_000)
    parser.add_argument("--apply-requests", type=int, default=300)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args()
    pool = document_pool(args.excerpts)
    excerpts = coded_excerpts(pool)
    notes = mixed_notes([e.text for e in excerpts], args.notes)
    print(f"{len(pool):,} documents, {len(notes):,} notes ready")
    throughput = rule_throughput(notes, args.runs)
    print("throughput: {rules:,.0f} notes per CPU s, anchor {anchor:,.0f}, ratio {ratio:.2f}; "
          "wall clock {wall_rules:,.0f} vs {wall_anchor:,.0f}".format(**throughput))
    train_wall, train_cpu, model = training_time(excerpts)
    print(f"training: {train_cpu:.1f} CPU s ({train_wall:.1f} s wall) on {len(excerpts):,} "
          f"excerpts, {len(model.codes)} codes")
    held_out = [redacted(d) for d in generate_all(2026).documents[:args.documents]]
    timing = latency(model, held_out)
    print("latency: median {median:.1f} ms, p95 {p95:.1f} ms".format(**timing))
    apply = measure_apply(excerpts=args.apply_excerpts, documents=max(args.apply_excerpts // 20, 20),
                          requests=args.apply_requests)
    print("apply a code with {excerpts:,} excerpts: ".format(**apply)
          + "median {median:.1f} ms, p95 {p95:.1f} ms; ".format(**apply["loaded"])
          + "anchor (nearly empty) median {median:.1f} ms, p95 {p95:.1f} ms".format(**apply["anchor"]))
    figures = {"throughput": throughput, "training": (train_wall, train_cpu), "latency": timing,
               "codes": len(model.codes), "apply": apply}
    command = "cd /work/main && .venv/bin/python bench/coding.py" + (
        "" if (args.notes, args.excerpts, args.runs) == (100_000, 20_000, 3)
        else f" --notes {args.notes} --excerpts {args.excerpts} --runs {args.runs}")
    if not args.no_write:
        write_section(report(figures, args, command), SECTION_START, SECTION_END)
        print(f"written to {RESULTS}")


if __name__ == "__main__":
    main()
