"""Shared by the benchmarks: describe the machine, and keep each script's section of RESULTS.md."""

import os
from pathlib import Path

RESULTS = Path(__file__).with_name("RESULTS.md")


def machine() -> str:
    """Cores and CPU model, as the results record them."""
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text().splitlines() if cpuinfo.exists() else []
    model = next((line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")),
                 "unknown CPU")
    return f"{len(os.sched_getaffinity(0))} cores (nproc), {model}"


def write_section(section: str, start: str, end: str) -> None:
    """Replace the text between `start` and `end` in RESULTS.md with `section`, or append it."""
    text = RESULTS.read_text("utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    if start in text and end in text:
        before, rest = text.split(start, 1)
        text = before + section.rstrip("\n") + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text, "utf-8")
