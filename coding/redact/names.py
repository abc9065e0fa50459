"""People's names: the case's own known names, titles, a first-name list, and what to keep."""

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources

from coding.redact.spans import TIER_KNOWN, TIER_NER, TIER_RULE, Candidate, Span

TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Master", "Prof", "Professor", "Rev", "Sir", "Dame",
          "Cllr", "Judge", "DS", "DC", "DI", "PC", "Sgt", "Insp")
# A capitalised word in any Latin script (Siân, Łukasz, Zoë), with apostrophes and hyphens.
UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
NAME_TOKEN = rf"[{UPPER}][^\W\d_]*(?:['’-][{UPPER}][^\W\d_]*)*"
TITLE_NAME = re.compile(rf"\b(?:{'|'.join(TITLES)})\.?\s+(?P<name>{NAME_TOKEN}(?:\s+{NAME_TOKEN})?)")
# A capitalised word right after a role or relation is that person's name: "foster carer Sandra".
RELATIONS = (r"foster\s+carers?|carers?|social\s+worker|personal\s+advis[eo]r|PA|IRO|key\s*worker"
             r"|support\s+worker|youth\s+worker|advocate|mentor|teacher|tutor|boyfriend|girlfriend"
             r"|partner|husband|wife|mum|mother|dad|father|step-?(?:mum|dad)|sister|brother|nan|nana"
             r"|gran|grandma|grandad|aunt(?:ie)?|uncle|cousin|friend|son|daughter|baby|YP")
# One scan for a relation followed by a capital letter; the name is read from there.
RELATION_THEN_CAPITAL = re.compile(rf"\b(?i:{RELATIONS}),?\s+(?=[{UPPER}])")
SAINT = re.compile(r"\b(?:St|Saint)\.?\s+$")
CAPITALISED = re.compile(rf"(?<![\w'’-]){NAME_TOKEN}")
FOLLOWING_NAME = re.compile(rf"[ \t]+({NAME_TOKEN})")  # a surname after a first name
POSSESSIVE = re.compile(r"['’]s?$")

# First names that are also ordinary words (or months): tagged by the list only with a
# surname after them, or mid-sentence, where a capital letter says "name".
NAME_WORDS = frozenset("""hope grace will mark rose frank summer brook faith joy dawn amber ruby
holly ivy daisy lily poppy violet willow skye rowan angel precious blessing destiny harmony eden
jordan bill jack grant dale dean glen sally carol jade jasmine pearl star sky river autumn storm
hunter chase miles austin rich sunny georgia chelsea india florence victoria eve harley taylor
devon may june april august bobby sue penny rob pat ray max bob jay lee don art guy ash clay drew
gene kit lance nick sandy favour""".split())
MONTHS = frozenset({"may", "june", "april", "august"})

# Words the small NER model takes for names at the start of a note's sentence.
NOT_NAMES = frozenset("""email emailed rang called phoned texted met visited spoke checked discussed
agreed contact tel mobile address postcode dob nhs ni re fwd note update review plan""".split())

WORDS_NOT_NAMES = NAME_WORDS | NOT_NAMES

# Words after a first name that make it a place or an organisation, not a surname.
NOT_SURNAMES = frozenset("""academy school college university house centre center hospital
court street road lane avenue close way drive hub team service services trust project club
park hall church mosque temple unit ward clinic surgery practice station library""".split())


@cache
def load_word_list(filename: str) -> frozenset[str]:
    """The non-comment lines of a word list shipped in coding/data/."""
    text = resources.files("coding").joinpath("data", filename).read_text(encoding="utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line for line in lines if line and not line.startswith("#"))


@cache
def default_keep() -> frozenset[str]:
    """Roles, services, organisations and places kept by default, lower-cased."""
    terms = load_word_list("keep_terms.txt") | load_word_list("keep_places.txt")
    return frozenset(term.lower() for term in terms)


def keep_words(keep: frozenset[str]) -> frozenset[str]:
    """Single lower-case words of the keep terms, so 'Newcastle upon Tyne' keeps each part."""
    return frozenset(word for term in keep for word in term.split())


def is_kept(name: str, keep: frozenset[str], words: frozenset[str]) -> bool:
    """True when a would-be name is a kept role, service, organisation or place."""
    lowered = POSSESSIVE.sub("", name.strip()).lower()
    return lowered in keep or all(word in words for word in lowered.split())


def name_variants(name: str) -> set[str]:
    """The ways a listed name may be written: in full, each part alone, capitalised, upper case,
    and the first name in lower case when it is not also an ordinary word ("tanisha", not "faith")."""
    parts = [part for part in name.split() if part.rstrip(".") not in TITLES]
    pieces = {" ".join(parts)} | {p for p in parts if len(p) > 1}
    pieces |= {h for p in parts if "-" in p for h in p.split("-") if len(h) > 2}
    variants = set()
    for piece in filter(None, pieces):
        capitalised = re.sub(r"(^|[\s'’-])([a-z])", lambda m: m.group(1) + m.group(2).upper(), piece)
        variants |= {piece, capitalised, piece.upper()}
    if parts and len(parts[0]) > 2 and parts[0].lower() not in NAME_WORDS:
        variants.add(parts[0].lower())
    return variants


@lru_cache(maxsize=4096)
def known_name_variants(known_names: tuple[str, ...]) -> tuple[tuple[str, tuple[tuple[str, int], ...]], ...]:
    """The listed names' variants grouped by their first three letters, longest first, each
    with the person it belongs to.

    Plain strings found with str.find, not a compiled alternation: an import has different
    names on every row, and compiling a pattern per row cost more than all the other rules.
    """
    owner: dict[str, int] = {}
    for index, name in enumerate(known_names):
        for variant in name_variants(name):
            owner.setdefault(variant, index)
    groups: dict[str, list[tuple[str, int]]] = {}
    for variant in sorted(owner, key=len, reverse=True):
        groups.setdefault(variant[:3], []).append((variant, owner[variant]))
    return tuple((prefix, tuple(variants)) for prefix, variants in groups.items())


def strip_possessive(word: str) -> str:
    """The word without a final 's, ’s or apostrophe, and without trailing punctuation."""
    word = word.rstrip(".,;:!?)\"”")
    return re.sub(r"['’]s?$", "", word)


def is_name_boundary(text: str, start: int, end: int) -> bool:
    """True when text[start:end] is whole words: no letter, digit, apostrophe or hyphen joined
    before it, none after it except a possessive ('s, ’s, or a bare apostrophe)."""
    if start and (text[start - 1].isalnum() or text[start - 1] in "_'’-"):
        return False
    if end == len(text):
        return True
    after = text[end]
    if after.isalnum() or after in "_-":
        return False
    return not (after in "'’" and end + 1 < len(text) and text[end + 1].isalpha()
                and text[end + 1] != "s")


def find_known_names(text: str, known_names: tuple[str, ...]) -> list[Candidate]:
    """Every place a name the case file lists appears (whole words, or before a possessive 's),
    tied to that person; the longest listed form at a place wins ("Jade Smith" over "Jade")."""
    hits: dict[int, tuple[int, int]] = {}  # start -> (end, person)
    for prefix, variants in known_name_variants(known_names):
        position = text.find(prefix)
        while position != -1:
            if position not in hits:
                for variant, person in variants:
                    end = position + len(variant)
                    if text.startswith(variant, position) and is_name_boundary(text, position, end):
                        hits[position] = (end, person)
                        break
            position = text.find(prefix, position + 1)
    found, taken_to = [], 0
    for start in sorted(hits):
        end, person = hits[start]
        if start >= taken_to:
            found.append(Candidate(Span("PERSON", start, end), TIER_KNOWN, f"known:{person}"))
            taken_to = end
    return found


def find_titled_names(text: str) -> list[Candidate]:
    """Names after a title (Mr, Mrs, Ms, Miss, Dr...); the title itself stays."""
    return [Candidate(Span("PERSON", m.start("name"), m.end("name")), TIER_RULE)
            for m in TITLE_NAME.finditer(text)]


def find_names_after_relations(text: str, keep: frozenset[str],
                                words: frozenset[str]) -> list[Candidate]:
    """Names written right after a role or relation ("her carer Sandra", "mum Karen Smith")."""
    found = []
    for relation in RELATION_THEN_CAPITAL.finditer(text):
        match = CAPITALISED.match(text, relation.end())
        if match is None:
            continue
        name = match.group()
        if name in TITLES or not is_surname(name) or name.lower() in WORDS_NOT_NAMES \
                or is_kept(name, keep, words):
            continue
        surname = FOLLOWING_NAME.match(text, match.end(), match.end() + 40)
        end = surname.end() if surname and is_surname(surname.group(1)) \
            and not is_kept(surname.group(1), keep, words) else match.end()
        found.append(Candidate(Span("PERSON", match.start(), end), TIER_RULE))
    return found


def at_sentence_start(text: str, start: int) -> bool:
    """True when only punctuation, quotes or nothing precede this position in its sentence."""
    before = text[max(0, start - 20):start].rstrip(" \t\"'“‘(")  # a window: long texts stay linear
    return not before or before[-1] in ".!?:;\n"


@cache
def role_and_service_words() -> frozenset[str]:
    """One-word roles and services, lower-cased ("Foster" alone is a surname, "foster carer" a role)."""
    return frozenset(term.lower() for term in load_word_list("keep_terms.txt") if " " not in term)


def is_surname(word: str) -> bool:
    """True when a capitalised word after a first name reads as a surname, not a service."""
    lowered = word.lower()
    return not (word.isupper() or lowered in NOT_SURNAMES or lowered in role_and_service_words())


def find_listed_first_names(text: str, keep: frozenset[str], words: frozenset[str]) -> list[Candidate]:
    """Capitalised first names from the shipped list, with a following surname when there is one."""
    first_names = load_word_list("first_names.txt")
    found = []
    for match in CAPITALISED.finditer(text):
        first_part = match.group().split("-")[0]
        if first_part not in first_names or is_kept(match.group(), keep, words) \
                or SAINT.search(text, max(0, match.start() - 7), match.start()):
            continue
        surname = FOLLOWING_NAME.match(text, match.end(), match.end() + 40)
        if surname and surname.group(1).lower() in NOT_SURNAMES:
            continue  # "Grace Academy", "Victoria Road": a place named after someone
        has_surname = bool(surname) and is_surname(surname.group(1))
        word = first_part.lower()
        if word in NAME_WORDS and not has_surname:
            if word in MONTHS or at_sentence_start(text, match.start()):
                continue
        end = surname.end() if has_surname else match.end()
        found.append(Candidate(Span("PERSON", match.start(), end), TIER_RULE))
    return found


def trim_noise_words(text: str, start: int, end: int, words: frozenset[str]) -> tuple[int, int]:
    """Drop words that are not names from the ends of an NER span: leading verbs, form labels
    and kept terms, and lower-case words at either end ("Tyler Brown rang")."""
    tokens = [t for t in re.finditer(r"\S+", text[start:end])
              if t.group()[0].isupper() and t.group().lower().strip(".,:;") not in NOT_NAMES]
    while tokens and tokens[0].group().lower().strip(".,:;") in words:
        tokens.pop(0)
    if not tokens:
        return end, end
    return start + tokens[0].start(), start + tokens[-1].end()


def person_candidates_from_ner(text: str, ents: Iterable[tuple[int, int]], keep: frozenset[str],
                               words: frozenset[str]) -> list[Candidate]:
    """NER PERSON entities, trimmed of titles and possessives, minus kept terms and acronyms."""
    found = []
    for start, end in ents:
        name = text[start:end]
        title = re.match(rf"(?:{'|'.join(TITLES)})\.?\s+", name)
        if title:
            start += title.end()
        trailing = re.search(r"['’]s?$", text[start:end])
        if trailing:
            end -= len(trailing.group())
        start, end = trim_noise_words(text, start, end, words)
        name = text[start:end]
        if not name or is_kept(name, keep, words) or not any(c.islower() for c in name) \
                or re.search(r"\d", name):
            continue
        found.append(Candidate(Span("PERSON", start, end), TIER_NER))
    return found
