"""Topic sizes and breakdowns (by authority, area, document kind, period) under disclosure control.

Every count a page, chart or the CLI shows passes coding.disclosure: counts from 1 to the
threshold become `c`, and a second cell is hidden wherever subtraction from a total would give
a hidden one away. Breakdowns are counted live from the assignments, so a document withdrawn
or erased since the run (see cache.forget_documents) is no longer counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import pandas as pd
from sqlmodel import Session, func, select

from coding.disclosure import Dimension, DisclosurePolicy, apply_disclosure_control
from voice.models import Area, Document, DocumentTopic, LocalAuthority, Topic

ALL_TOPICS, ALL_GROUPS = "All topics", "All"
BREAKDOWNS = {"authority": "By authority", "period": "Over time (quarters)",
              "kind": "By document kind", "area": "By area"}


def policy_for(config: Mapping[str, Any]) -> DisclosurePolicy:
    """The deployment's disclosure policy (DISCLOSURE_THRESHOLD, 5 unless set)."""
    return DisclosurePolicy(threshold=int(config.get("DISCLOSURE_THRESHOLD", 5)))


def disclosed_sizes(config: Mapping[str, Any], topics: Iterable[Topic]) -> dict[Any, str]:
    """Each topic's size as it may be shown, keyed by topic number, plus ALL_TOPICS: the total."""
    rows = [{"topic": str(t.number), "count": t.size} for t in topics]
    if not rows:
        return {ALL_TOPICS: "0"}
    rows.append({"topic": ALL_TOPICS, "count": sum(r["count"] for r in rows)})
    shown = apply_disclosure_control(pd.DataFrame(rows), [Dimension("topic", total=ALL_TOPICS)],
                                     policy_for(config))
    return {(int(t) if t != ALL_TOPICS else t): v for t, v in zip(shown["topic"], shown["value"])}


def quarter(day: date | None) -> str:
    """'2025 Q2' for a date; 'Undated' without one."""
    return f"{day.year} Q{(day.month - 1) // 3 + 1}" if day else "Undated"


def _group_names(session: Session, by: str) -> dict[Any, str]:
    """Names of authorities or areas by id (other breakdowns name their groups themselves)."""
    if by == "authority":
        return dict(session.exec(select(LocalAuthority.id, LocalAuthority.name)).all())
    if by == "area":
        return dict(session.exec(select(Area.id, Area.name)).all())
    return {}


def _counts(session: Session, run_id: int, by: str) -> list[tuple[int, str, int]]:
    """(topic number, group, documents) for the run's assigned documents."""
    column = {"authority": Document.la_id, "area": Document.area_id, "kind": Document.kind,
              "period": Document.occurred_on}[by]
    query = (select(Topic.number, column, func.count()).select_from(Topic)
             .join(DocumentTopic, DocumentTopic.topic_id == Topic.id)
             .join(Document, Document.id == DocumentTopic.document_id)
             .where(Topic.run_id == run_id).group_by(Topic.number, column))
    names = _group_names(session, by)
    tally: dict[tuple[int, str], int] = {}
    for number, value, count in session.exec(query):
        if by == "period":
            group = quarter(value)
        elif by == "kind":
            group = value.replace("_", " ")
        else:
            group = names.get(value, "No area" if by == "area" else "Unknown")
        tally[(number, group)] = tally.get((number, group), 0) + count
    return [(n, g, c) for (n, g), c in tally.items()]


def breakdown(session: Session, config: Mapping[str, Any], run_id: int, by: str,
              labels: Mapping[int, str]) -> dict[str, Any]:
    """A topic x group table after disclosure control, for a chart and its accessible table.

    Returns groups (ordered), one series per topic (numbers, None where hidden) and rows of
    shown values ("c" where hidden), including the totals the suppression protects.
    """
    if by not in BREAKDOWNS:
        raise ValueError(f"Unknown breakdown {by!r}: choose one of {', '.join(BREAKDOWNS)}.")
    counts = _counts(session, run_id, by)
    groups = sorted({g for _, g, _ in counts}, key=lambda g: (g == "Undated", g))
    numbers = sorted(labels)
    full = {(n, g): 0 for n in numbers for g in groups}
    for number, group, count in counts:
        full[(number, group)] = count
    rows = [{"topic": str(n), "group": g, "count": c} for (n, g), c in full.items()]
    rows += [{"topic": str(n), "group": ALL_GROUPS, "count": sum(full[(n, g)] for g in groups)}
             for n in numbers]
    rows += [{"topic": ALL_TOPICS, "group": g, "count": sum(full[(n, g)] for n in numbers)}
             for g in groups]
    rows.append({"topic": ALL_TOPICS, "group": ALL_GROUPS, "count": sum(full.values())})
    if not groups:
        return {"by": by, "title": BREAKDOWNS[by], "groups": [], "series": [], "rows": []}
    shown = apply_disclosure_control(pd.DataFrame(rows), [Dimension("topic", total=ALL_TOPICS),
                                                          Dimension("group", total=ALL_GROUPS)],
                                     policy_for(config))
    value = {(t, g): v for t, g, v in zip(shown["topic"], shown["group"], shown["value"])}
    series = [{"name": labels[n], "values": [_number(value[(str(n), g)]) for g in groups]}
              for n in numbers]
    table = [{"topic": labels[n], "values": [value[(str(n), g)] for g in groups + [ALL_GROUPS]]}
             for n in numbers]
    table.append({"topic": ALL_TOPICS,
                  "values": [value[(ALL_TOPICS, g)] for g in groups + [ALL_GROUPS]]})
    return {"by": by, "title": BREAKDOWNS[by], "groups": groups, "series": series,
            "rows": table}


def _number(shown: str) -> int | None:
    """A shown count as a number for the chart; None (a gap) where it is suppressed."""
    return int(shown) if shown.isdigit() else None
