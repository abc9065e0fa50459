"""The Markdown section bench/redaction.py writes into bench/RESULTS.md, with the targets of
issue 5 checked against the measured figures."""

import statistics
from datetime import UTC, datetime

from bench.results import machine, write_section

SECTION_START, SECTION_END = "<!-- bench/redaction.py start -->", "<!-- bench/redaction.py end -->"
RECALL_TARGETS = {"NHS_NUMBER": 0.98, "NI_NUMBER": 0.98, "POSTCODE": 0.98, "PHONE": 0.98,
                  "EMAIL": 0.98, "DATE_OF_BIRTH": 0.98, "PERSON": 0.90, "ADDRESS": 0.90}
NAMES = {"bare": "bare spaCy NER (`nlp.pipe`, tok2vec + ner), the anchor",
         "ours": "ours, `redact_many` (NER + patterns + case names), 1 process",
         "ours_2": "ours, 2 worker processes (persistent pool)",
         "presidio": "Presidio BatchAnalyzerEngine, UK recognisers, 1 process",
         "patterns": "ours without NER (patterns + case names), 1 process"}


def medians(rates: dict[str, list[float]]) -> dict[str, float]:
    """The median rate of each system over the rounds."""
    return {name: statistics.median(values) for name, values in rates.items()}


def met(ok: bool) -> str:
    return "met" if ok else "**NOT met**"


def throughput_lines(rates: dict[str, list[float]]) -> list[str]:
    """The throughput table and the two speed targets."""
    rate = medians(rates)
    lines = ["| system | notes/s (median) | per round | × bare NER |", "|---|---|---|---|"]
    for name, label in NAMES.items():
        rounds = ", ".join(f"{value:.0f}" for value in rates[name])
        lines.append(f"| {label} | {rate[name]:,.0f} | {rounds} | {rate[name] / rate['bare']:.2f} |")
    ours_vs_bare = rate["ours"] / rate["bare"]
    two_vs_presidio = rate["ours_2"] / rate["presidio"]
    return lines + ["",
                    f"- ours ≥ 0.9× bare NER in the same run: {ours_vs_bare:.2f}×, {met(ours_vs_bare >= 0.9)}",
                    f"- ours on both cores ≥ 1.6× Presidio's single-process rate: {two_vs_presidio:.2f}×, "
                    f"{met(two_vs_presidio >= 1.6)}"]


def quality_lines(title: str, size: int, scores: dict[str, dict[str, tuple[float, float]]]) -> list[str]:
    """A recall/precision table for one labelled set, and the recall targets checked on it."""
    systems = list(scores)
    lines = [f"**{title}** ({size:,} items), recall / precision:", "",
             "| label | " + " | ".join(systems) + " |", "|---" * (len(systems) + 1) + "|"]
    labels = sorted(set().union(*scores.values()) - {"ALL"}) + ["ALL"]
    for label in labels:
        cells = [f"{scores[s][label][0]:.3f} / {scores[s][label][1]:.3f}" if label in scores[s] else "-"
                 for s in systems]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    ours, presidio = scores["ours"], scores["presidio"]
    short = [f"{label} {ours[label][0]:.3f} < {target}" for label, target in RECALL_TARGETS.items()
             if label in ours and ours[label][0] < target]
    behind = [f"{label} {ours[label][0]:.3f} < Presidio's {presidio[label][0]:.3f}" for label in ours
              if label in presidio and ours[label][0] < presidio[label][0]]
    return lines + ["", f"- recall targets: {'met' if not short else '**NOT met**: ' + '; '.join(short)}",
                    f"- recall ≥ Presidio's on every label: "
                    f"{'met' if not behind else '**NOT met**: ' + '; '.join(behind)}", ""]


def section(figures: dict, command: str) -> str:
    """The Markdown section for bench/RESULTS.md."""
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    lines = [SECTION_START, "## Redaction (bench/redaction.py)", "",
             f"Run {now} UTC on {machine()}, shared with other engineers' work (noisy); "
             f"{figures['notes']:,} generated notes (median {figures['words']:.0f} words), timed in "
             f"{figures['rounds']} rounds with the order rotated; rates are medians over rounds, one BLAS "
             "thread per process. Presidio runs spaCy's full pipeline, as its spaCy engine does; "
             "ours and the anchor run tok2vec + ner only.", f"Command: `{command}`", ""]
    lines += throughput_lines(figures["rates"]) + [""]
    titles = {"tuned": "Tuned labelled set (tests/coding/redaction_cases.py)",
              "held-out": "Held-out labelled set, written after tuning (tests/coding/redaction_heldout.py)",
              "generated": "Generated notes of the throughput run (spans recorded by the generator)"}
    for key, title in titles.items():
        lines += quality_lines(title, figures["sizes"][key], figures["quality"][key])
    lines.append("Presidio has no street-address or date-of-birth recogniser; its LOCATION and DATE_TIME "
                 "are scored as ADDRESS and DATE_OF_BIRTH. It has no per-document list of the case's "
                 "names; \"ours, no case names\" shows ours without them too.")
    return "\n".join(lines + [SECTION_END]) + "\n"


def write(text: str) -> None:
    """Put the section into bench/RESULTS.md between its markers."""
    write_section(text, SECTION_START, SECTION_END)
