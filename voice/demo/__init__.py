"""Deterministic demo data that looks real: people, case notes, Pathway Plans, survey answers.

Plain Python with no database or Flask: voice/demo/seed.py stores what this generates.
Every generator takes a seed and uses its own random.Random, so the same seed always gives
the same output. Every personal detail put into a text is recorded as a (label, start, end)
span, so the texts double as a labelled set for testing redaction.
"""

from dataclasses import dataclass

from voice.demo.answers import SURVEYS, DemoResponse, generate_answers
from voice.demo.compose import PII_LABELS, Span
from coding.identifiers import is_valid_nhs_number
from voice.demo.notes import THEMES, DemoDocument, generate_documents
from voice.demo.people import DemoPerson, generate_people
from voice.demo.places import AREAS, AUTHORITIES, DemoArea, DemoAuthority

__all__ = [
    "AREAS", "AUTHORITIES", "PII_LABELS", "SURVEYS", "THEMES", "DemoArea", "DemoAuthority",
    "DemoBundle", "DemoDocument", "DemoPerson", "DemoResponse", "Span", "generate_all",
    "generate_answers", "generate_documents", "generate_people", "is_valid_nhs_number",
]


@dataclass(frozen=True)
class DemoBundle:
    """Everything the demo needs, generated from one seed."""

    seed: int
    authorities: tuple[DemoAuthority, ...]
    areas: tuple[DemoArea, ...]
    people: list[DemoPerson]
    documents: list[DemoDocument]
    responses: list[DemoResponse]


def generate_all(seed: int = 2026, n_people: int = 300) -> DemoBundle:
    """Authorities, areas, people, their documents and survey responses for one seed."""
    people = generate_people(seed, n_people)
    return DemoBundle(seed, AUTHORITIES, AREAS, people, generate_documents(seed, people),
                      generate_answers(seed, people))
