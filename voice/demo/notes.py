"""Case notes and Pathway Plans with every inserted personal detail labelled by span."""

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from voice.demo import phrases_families as fam
from voice.demo import phrases_leavers as leav
from voice.demo import phrases_pathway as path
from voice.demo.circumstances import Circumstances, circumstances
from voice.demo.bank import Context, Entry, entries, parse
from voice.demo.compose import Fragment, Span, join
from voice.demo.people import DemoPerson, worker_pools
from voice.demo.places import REMOTE_ACCOMMODATION
from voice.demo.slots import build_slots

DOCUMENT_START = date(2024, 4, 1)
DOCUMENT_END = date(2025, 9, 30)
THEMES = ("safety", "stability", "affordability", "life_skills", "home_condition",
          "neighbourhood", "relationships", "listened_to", "speech_language", "home_learning",
          "readiness_understanding", "health_development", "services_waiting",
          "family_circumstances", "education_training", "wellbeing")
DOCUMENT_KINDS = ("case_note", "pathway_plan")
MAX_WORDS = 150
_CALLS = ("Phone call", "Contact from young person")
# Colleagues who may write on a case besides the person's own worker.
_AUTHOR_ROLES = {"care_leaver": ("personal_adviser",),
                 "child": ("social_worker", "family_hub_worker"),
                 "parent_carer": ("early_years_worker", "family_hub_worker")}


@dataclass(frozen=True)
class DemoDocument:
    """A case note or Pathway Plan; pii spans index into text; themes are theme keys."""

    person_index: int
    kind: str
    occurred_on: date
    author_role: str
    author_name: str
    title: str
    text: str
    pii: tuple[Span, ...]
    themes: tuple[str, ...]


def _pick_body(ctx: Context, pool: list[Entry], budget: int,
               target: int) -> tuple[list[Fragment], set[str]]:
    """Sentences favouring 2-4 focus themes, filling about `target` words within `budget`."""
    usable = [e for e in pool if ctx.fits(e)]
    keys = sorted({t for e in usable for t in e.themes})
    focus = set(ctx.rng.sample(keys, min(len(keys), ctx.rng.randint(2, 4))))
    ctx.rng.shuffle(usable)
    usable.sort(key=lambda e: not (e.themes & focus))  # stable: focus first, shuffled within
    chosen: list[Fragment] = []
    themes: set[str] = set()
    words = 0
    for entry in usable:
        if chosen and words >= target:
            break  # at least one sentence, so every note says something about a theme
        fragment = ctx.render(entry)
        if words + fragment.words <= budget:
            chosen.append(fragment)
            themes |= entry.themes
            words += fragment.words
    return chosen, themes


def _banks(person: DemoPerson) -> tuple[tuple, list[Entry], list[Entry], list[Entry]]:
    """Openers (title, entry), body, contact sentences and closings for the person's cohort."""
    if person.cohort == "care_leaver":
        remote = person.accommodation_type in REMOTE_ACCOMMODATION
        # Someone abroad, in custody or out of touch is reached by phone, not seen in town.
        openers = tuple(o for o in leav.OPENERS_REMOTE if o[0] in _CALLS) if remote \
            else leav.OPENERS_VISIT + leav.OPENERS_REMOTE
        banks = (openers, leav.BODY, leav.CONTACT, leav.CLOSINGS)
    elif person.cohort == "child":
        banks = (fam.CHILD_OPENERS, fam.CHILD_BODY, {"": fam.CHILD_CONTACT}, fam.CHILD_CLOSINGS)
    else:
        banks = (fam.PARENT_OPENERS, fam.PARENT_BODY, {"": fam.PARENT_CONTACT},
                 fam.PARENT_CLOSINGS)
    openers, body, contact, closings = banks
    return (tuple((title, parse(t)) for title, t in openers), entries(body), entries(contact),
            [parse(t) for t in closings])


def _case_note(ctx: Context, person: DemoPerson,
               covering: bool) -> tuple[str, Fragment, set[str]]:
    """A case note: an opener, shuffled body and contact sentences, and often a closing."""
    openers, body, contact, closings = _banks(person)
    title, opener_entry = ctx.rng.choice([o for o in openers if ctx.fits(o[1])])
    opener = ctx.render(opener_entry)
    usable_closings = [c for c in closings if ctx.fits(c)]
    ending = [ctx.render(ctx.rng.choice(usable_closings))] if ctx.rng.random() < 0.7 else []
    if covering:
        ending.insert(0, ctx.fill("Seen [on behalf of|covering for] {worker}, who is "
                                  "[on leave|off sick|on a course]."))
    # Contact details and identifiers turn up in real notes often enough to matter.
    extras, themes = _pick_body(ctx, contact, MAX_WORDS, 1) if ctx.rng.random() < 0.65 \
        else ([], set())
    used = opener.words + sum(f.words for f in ending + extras)
    sentences, body_themes = _pick_body(ctx, body, MAX_WORDS - used,
                                        ctx.rng.randint(50, 135) - used)
    sentences += extras
    ctx.rng.shuffle(sentences)
    # Most notes open with the visit; some lead with what mattered most, as workers do.
    sentences.insert(0 if ctx.rng.random() < 0.85 else 1, opener)
    return title, join(sentences + ending), themes | body_themes


def _section(ctx: Context, name: str) -> tuple[Fragment, set[str]]:
    """One Pathway Plan section: heading, one or two things said, and what was agreed."""
    told_pool = [e for e in entries(path.TOLD[name]) if ctx.fits(e)]
    key = ctx.rng.choice(sorted({e.themes for e in told_pool}, key=sorted))
    told = [e for e in told_pool if e.themes == key]
    told = ctx.rng.sample(told, min(len(told), ctx.rng.randint(1, 2)))
    agreed_pool = [e for e in entries(path.AGREED[name]) if ctx.fits(e)]
    agreed = ctx.rng.choice([e for e in agreed_pool if e.themes == key] or agreed_pool)
    lines = [Fragment(name),
             join([ctx.fill("What {first} told me:")]
                  + [ctx.render(e) for e in told]),
             join([Fragment("What we agreed:"), ctx.render(agreed)])]
    return join(lines, "\n"), set(key) | set(agreed.themes)


def _pathway_plan(ctx: Context) -> tuple[Fragment, set[str]]:
    """A Pathway Plan review: header, then sections in the plan's usual order, within length."""
    header = ctx.render(ctx.rng.choice([h for h in map(parse, path.HEADERS) if ctx.fits(h)]))
    names = list(path.TOLD)
    wanted = set(ctx.rng.sample(names, ctx.rng.randint(2, 4)))
    parts, themes, words = [header], set(), header.words
    for name in [n for n in names if n in wanted] + [n for n in names if n not in wanted]:
        if name not in wanted and words >= 50:
            break  # sections beyond the chosen ones only top up a plan that is too short
        section, section_themes = _section(ctx, name)
        if words + section.words <= MAX_WORDS:
            parts.append(section)
            themes |= section_themes
            words += section.words
    if "email" in ctx.slots and ctx.rng.random() < 0.3 and words <= MAX_WORDS - 8:
        parts.append(ctx.fill("Plan sent to {first} at {email}."))
    return join(parts, "\n\n"), themes


def _author(rng: random.Random, person: DemoPerson, kind: str,
            workers: Mapping[tuple[str, str], tuple[str, ...]]) -> tuple[str, str]:
    """The author's role and name: usually the person's own worker, sometimes a colleague."""
    if kind == "pathway_plan" or rng.random() < 0.8:
        return person.worker_role, person.worker_name
    roles = _AUTHOR_ROLES[person.cohort]
    if person.cohort == "parent_carer" and person.social_care_experience:
        roles += ("social_worker",)
    role = rng.choice(roles)
    return role, rng.choice(workers[(person.old_la_code, role)])


def _document(rng: random.Random, person: DemoPerson, day: date, circ: Circumstances,
              workers: Mapping[tuple[str, str], tuple[str, ...]]) -> DemoDocument:
    """One document for one person on one day."""
    is_plan = person.cohort == "care_leaver" and rng.random() < 0.35
    kind = "pathway_plan" if is_plan else "case_note"
    role, author = _author(rng, person, kind, workers)
    ctx = Context(rng, build_slots(rng, person, circ, day), circ.outlook, circ.facts)
    if is_plan:
        title = "Pathway Plan review"
        fragment, themes = _pathway_plan(ctx)
    else:
        title, fragment, themes = _case_note(ctx, person, author != person.worker_name)
    return DemoDocument(person.index, kind, day, role, author, title, fragment.text,
                        fragment.spans, tuple(t for t in THEMES if t in themes))


def _working_day(rng: random.Random) -> date:
    """A day in the document period; weekend visits are rare, so most move to a weekday."""
    day = DOCUMENT_START + timedelta(days=rng.randrange((DOCUMENT_END - DOCUMENT_START).days + 1))
    if day.weekday() >= 5 and rng.random() < 0.9:
        day += timedelta(days=-1 if day.weekday() == 5 else 1)
    return day


def generate_documents(seed: int, people: list[DemoPerson],
                       per_person: tuple[int, int] = (1, 4)) -> list[DemoDocument]:
    """Between per_person[0] and per_person[1] documents for each person, in date order."""
    rng = random.Random(f"{seed}:documents")  # seeded random for reproducible demo data, not security  # nosec B311
    workers = worker_pools(seed)
    documents: list[DemoDocument] = []
    for person in people:
        circ = circumstances(seed, person)
        days = sorted(_working_day(rng) for _ in range(rng.randint(*per_person)))
        documents.extend(_document(rng, person, day, circ, workers) for day in days)
    return documents
