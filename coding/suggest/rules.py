"""Rule suggestions: a codebook's phrases, lemmas and token patterns run by spaCy's matchers.

The matchers are compiled once per codebook content (a module-level LRU keyed by a hash of the
codebook), on a blank English tokenizer unless a pattern needs a trained pipeline.
"""

from __future__ import annotations

import hashlib
import json
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from coding.codebook import Code, Codebook, codebook_data
from coding.redact import DEFAULT_MODEL
from coding.suggest.errors import SuggestionError
from coding.suggest.gate import MatcherGate
from coding.suggest.inflect import (as_word_sequences, inflections, lemma_free_pattern,
                                   needs_pipeline)

CACHE_SIZE = 32
ANCHOR = "\x00anchor"  # the PhraseMatcher label of words that open the token matcher's gate
_COMPILED: OrderedDict[tuple[str, int], CompiledRules] = OrderedDict()
_CACHE_COUNTS = {"hits": 0, "misses": 0}
_SHARED_NLP: dict[str, Any] = {}


class Suggestion(NamedTuple):
    """A code suggested for text[start:end]; rules give the matched words and no confidence."""

    # A NamedTuple, not a frozen dataclass: it is built for every match of every note, and a
    # frozen dataclass takes three times as long to build.

    code_key: str
    start: int
    end: int
    matched: str
    source: str = "rule"
    confidence: float | None = None


@dataclass(frozen=True)
class CompiledRules:
    """A codebook's matchers, bound to one spaCy vocabulary (kept alive with them)."""

    phrase_matcher: Any  # None when the codebook has no phrases or lemmas
    token_matcher: Any  # None when it has no token patterns
    gate: MatcherGate  # where in a text the token matcher needs to look
    anchor: int | None  # the hash of the ANCHOR label, when there are anchor words
    labels: dict[int, str]  # match id -> code key, without a StringStore lookup per match
    vocab: Any


def codebook_hash(codebook: Codebook) -> str:
    """A SHA-256 of the codebook's content, so an edited codebook compiles afresh."""
    text = json.dumps(codebook_data(codebook), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def compile_cache_info() -> dict[str, int]:
    """Hits, misses and size of the compiled-matcher cache (for tests and monitoring)."""
    return {**_CACHE_COUNTS, "size": len(_COMPILED)}


def clear_compile_cache() -> None:
    """Forget every compiled codebook and reset the counts."""
    _COMPILED.clear()
    _CACHE_COUNTS.update(hits=0, misses=0)


def shared_nlp(model: str | None = None) -> Any:
    """A blank English tokenizer (model None) or a trained pipeline, loaded once per process."""
    name = model or "blank:en"
    if name not in _SHARED_NLP:
        import spacy  # imported here so that importing coding never pays for spaCy

        # A trained pipeline keeps its parser, as a pattern may test DEP; NER is never needed.
        _SHARED_NLP[name] = spacy.blank("en") if model is None else spacy.load(
            model, exclude=["ner"])
    return _SHARED_NLP[name]


def _phrase_variants(phrase: str) -> set[str]:
    """The phrase as written and with a typographic apostrophe, as people type both."""
    text = phrase.strip()
    return {text, text.replace("'", "\u2019")} if text else set()


def compile_rules(codebook: Codebook, nlp: Any) -> CompiledRules:
    """The codebook's matchers for this pipeline, from the cache when already compiled."""
    key = (codebook_hash(codebook), id(nlp.vocab))
    if key in _COMPILED:
        _CACHE_COUNTS["hits"] += 1
        _COMPILED.move_to_end(key)
        return _COMPILED[key]
    _CACHE_COUNTS["misses"] += 1
    compiled = _build(codebook, nlp)
    _COMPILED[key] = compiled
    if len(_COMPILED) > CACHE_SIZE:
        _COMPILED.popitem(last=False)
    return compiled


def _build(codebook: Codebook, nlp: Any) -> CompiledRules:
    """Compile phrases, inflected lemmas and word-list patterns into a PhraseMatcher, the rest
    of the token patterns into a Matcher gated by their anchor words."""
    from spacy.matcher import Matcher, PhraseMatcher
    from spacy.tokens import Doc

    phrases, tokens = PhraseMatcher(nlp.vocab, attr="LOWER"), Matcher(nlp.vocab)
    matcher_patterns = []
    for code in codebook.iter_codes():
        terms = {variant for phrase in code.rules.phrases for variant in _phrase_variants(phrase)}
        terms |= {form for lemma in code.rules.lemmas for form in inflections(lemma)}
        docs = [nlp.make_doc(term) for term in sorted(terms)]
        for pattern in _lemma_free(code):
            sequences = as_word_sequences(pattern)
            if sequences is None:
                tokens.add(code.key, [pattern])
                matcher_patterns.append(pattern)
            else:  # made from the words themselves, so tokens line up exactly as in the pattern
                docs += [Doc(nlp.vocab, words=list(words)) for words in sequences]
        if docs:
            phrases.add(code.key, docs)
    gate = MatcherGate.build(matcher_patterns)
    if gate.anchors:
        phrases.add(ANCHOR, [nlp.make_doc(word) for word in sorted(gate.anchors)])
    # An empty matcher warns on every call, so it is left out.
    return CompiledRules(phrases if len(phrases) else None, tokens if len(tokens) else None,
                         gate, nlp.vocab.strings[ANCHOR] if gate.anchors else None,
                         {nlp.vocab.strings[c.key]: c.key for c in codebook.iter_codes()},
                         nlp.vocab)


def _lemma_free(code: Code) -> list[list[dict[str, Any]]]:
    """The code's token patterns with LEMMA tests rewritten; SuggestionError naming the code."""
    try:
        return [lemma_free_pattern(pattern) for pattern in code.rules.patterns]
    except ValueError as error:
        raise SuggestionError(f"The code {code.key} has a pattern spaCy cannot use: {error} "
                              "Fix the pattern in the codebook.") from error


def by_position(item: Suggestion) -> tuple[int, int, str]:
    """Sort key for suggestions: start, longer first, code key."""
    return item.start, -item.end, item.code_key


def keep_longest(found: list[Suggestion]) -> list[Suggestion]:
    """In text order (longer first at one start), without any match lying inside a longer
    match of the same code ("safe" inside "feel safe")."""
    kept: list[Suggestion] = []
    reach: dict[str, int] = {}  # code -> furthest end of its matches so far
    for item in sorted(found, key=by_position):
        if reach.get(item.code_key, -1) < item.end:
            kept.append(item)
            reach[item.code_key] = item.end
    return kept


class RuleSuggester:
    """Suggests codes from one codebook's rules; matchers compiled once per codebook content."""

    def __init__(self, codebook: Codebook, nlp: Any = None, *, model: str = DEFAULT_MODEL) -> None:
        patterns = [p for code in codebook.iter_codes() for p in code.rules.patterns]
        # Lemmas are matched as inflected forms, so only POS/DEP-style patterns need a pipeline.
        self.uses_pipeline = nlp is None and needs_pipeline(patterns)
        self.nlp = nlp if nlp is not None else shared_nlp(model if self.uses_pipeline else None)
        self.codebook = codebook
        self._compiled = compile_rules(codebook, self.nlp)

    def suggest(self, text: str) -> list[Suggestion]:
        """Rule suggestions for one text, with character offsets into it."""
        return self._from_doc(self.nlp(text), text)

    def suggest_many(self, texts: Iterable[str], batch_size: int = 256) -> list[list[Suggestion]]:
        """Rule suggestions for many texts through one `nlp.pipe`, in order."""
        return list(self.iter_suggest(texts, batch_size))

    def iter_suggest(self, texts: Iterable[str],
                     batch_size: int = 256) -> Iterator[list[Suggestion]]:
        """Rule suggestions lazily, text by text, so a million notes never sit in memory."""
        # Each text rides along with its doc: rebuilding doc.text costs as much as matching.
        pairs = ((text, text) for text in texts)
        for doc, text in self.nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
            yield self._from_doc(doc, text)

    def _from_doc(self, doc: Any, text: str) -> list[Suggestion]:
        """Both matchers' matches on one doc, as suggestions with character offsets."""
        compiled = self._compiled
        matches = compiled.phrase_matcher(doc) if compiled.phrase_matcher else []
        if compiled.token_matcher:
            anchor = compiled.anchor
            anchors = [start for match_id, start, _ in matches if match_id == anchor]
            matches = [m for m in matches if m[0] != anchor] + self._token_matches(doc, anchors)
        labels, found = compiled.labels, []
        for match_id, start, end in matches:
            last = doc[end - 1]  # Token.idx: six times faster than Span or to_array here
            first_char, last_char = doc[start].idx, last.idx + len(last)
            found.append(Suggestion(labels[match_id], first_char, last_char,
                                    text[first_char:last_char]))
        return keep_longest(found) if len(found) > 1 else found

    def _token_matches(self, doc: Any, anchors: list[int]) -> list[tuple[int, int, int]]:
        """The token matcher's matches, run only on the windows around anchor words."""
        matches = []
        for start, end in self._compiled.gate.windows(anchors, len(doc)):
            matches += [(match_id, first + start, last + start)
                        for match_id, first, last in self._compiled.token_matcher(doc[start:end])]
        return matches
