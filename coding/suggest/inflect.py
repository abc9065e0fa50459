"""Lemma rules without a lemmatizer: each lemma expanded, once, to its common inflections.

Why not match on spaCy's LEMMA? A blank English pipeline has no lemmas. spaCy's lookup
lemmatizer needs the spacy-lookups-data package (not installed), and the rule lemmatizer of
en_core_web_sm needs its tagger: measured on the demo notes, tagger + lemmatizer ran at about
70 documents a second against about 12,000 for the blank tokenizer. Expanding a codebook's few
dozen lemmas to their inflections at compile time and matching on LOWER costs nothing per text.
A form that is not an English word ("stammerring") can never match, so over-generating is safe.
"""

from __future__ import annotations

from typing import Any

# Common irregular forms; regular -s/-ed/-ing forms are generated.
IRREGULAR: dict[str, tuple[str, ...]] = {
    "be": ("am", "is", "are", "was", "were", "been", "being"),
    "break": ("broke", "broken"), "buy": ("bought",), "choose": ("chose", "chosen"),
    "come": ("came",), "do": ("did", "done", "does"), "draw": ("drew", "drawn"),
    "eat": ("ate", "eaten"), "feel": ("felt",), "find": ("found",), "get": ("got", "gotten"),
    "give": ("gave", "given"), "go": ("went", "gone", "goes"), "have": ("has", "had"),
    "hear": ("heard",), "keep": ("kept",), "know": ("knew", "known"), "leave": ("left",),
    "lose": ("lost",), "make": ("made",), "meet": ("met",), "pay": ("paid",),
    "read": ("read",), "run": ("ran",), "say": ("said",), "see": ("saw", "seen"),
    "sell": ("sold",), "send": ("sent",), "sleep": ("slept",), "speak": ("spoke", "spoken"),
    "spend": ("spent",), "stand": ("stood",), "take": ("took", "taken"), "teach": ("taught",),
    "tell": ("told",), "think": ("thought",), "understand": ("understood",),
    "write": ("wrote", "written"), "child": ("children",), "person": ("people",),
    "man": ("men",), "woman": ("women",), "tooth": ("teeth",), "foot": ("feet",),
}
_VOWELS = set("aeiou")
# Token attributes a blank tokenizer sets; any other attribute needs a trained pipeline.
LEXICAL_ATTRS = frozenset({
    "ORTH", "TEXT", "LOWER", "NORM", "SHAPE", "PREFIX", "SUFFIX", "LENGTH", "IS_ALPHA",
    "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT", "IS_SPACE",
    "IS_STOP", "IS_BRACKET", "IS_QUOTE", "IS_LEFT_PUNCT", "IS_RIGHT_PUNCT", "IS_CURRENCY",
    "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL", "OP", "LEMMA"})


def _suffixed(stem: str) -> set[str]:
    """The regular -s, -ed and -ing forms of one lower-case word."""
    forms = {stem + "s"} | ({stem + "d", stem[:-1] + "ing"} if stem.endswith("e")
                            else {stem + "ed", stem + "ing"})
    if stem.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(stem + "es")
    if stem.endswith("y") and len(stem) > 2 and stem[-2] not in _VOWELS:
        forms |= {stem[:-1] + "ies", stem[:-1] + "ied"}
    consonant_vowel_consonant = (len(stem) > 2 and stem[-1] not in _VOWELS | set("wxy")
                                 and stem[-2] in _VOWELS and stem[-3] not in _VOWELS)
    if consonant_vowel_consonant:  # chat -> chatted, refer -> referred
        forms |= {stem + stem[-1] + "ed", stem + stem[-1] + "ing"}
    return forms


def inflections(lemma: str) -> frozenset[str]:
    """The lemma (lower case) with its regular and common irregular inflections."""
    word = lemma.strip().lower()
    if not word:
        return frozenset()
    if " " in word:  # a multi-word lemma is matched as written
        return frozenset({word})
    return frozenset({word} | _suffixed(word) | set(IRREGULAR.get(word, ())))


def _lemma_values(value: Any) -> set[str]:
    """The inflections of a LEMMA value: a string or {IN: [...]}."""
    if isinstance(value, str):
        return set(inflections(value))
    if isinstance(value, dict) and set(value) == {"IN"}:
        return {form for item in value["IN"] for form in inflections(str(item))}
    raise ValueError("A LEMMA in a pattern must be a word or {IN: [words]} without a lemmatizer.")


def lemma_free_pattern(pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The token pattern with every LEMMA test rewritten as LOWER over the inflections."""
    rewritten = []
    for token in pattern:
        token = dict(token)
        if "LEMMA" in token:
            if "LOWER" in token:
                raise ValueError("A pattern token cannot test both LEMMA and LOWER.")
            token["LOWER"] = {"IN": sorted(_lemma_values(token.pop("LEMMA")))}
        rewritten.append(token)
    return rewritten


def needs_pipeline(patterns: list[list[dict[str, Any]]]) -> bool:
    """True when a pattern tests what only a trained pipeline sets (POS, DEP, ENT_TYPE...)."""
    return any(str(attr).upper() not in LEXICAL_ATTRS
               for pattern in patterns for token in pattern for attr in token)


def _finite_words(token: dict[str, Any]) -> frozenset[str] | None:
    """The lower-case words a pattern token can only be, or None when it is not a finite list."""
    for attr in ("LOWER", "ORTH", "TEXT"):
        value = token.get(attr)
        if isinstance(value, str):
            return frozenset({value.lower()})
        if isinstance(value, dict) and set(value) == {"IN"}:
            return frozenset(str(word).lower() for word in value["IN"])
    return None


def required_words(pattern: list[dict[str, Any]]) -> list[frozenset[str]]:
    """For each token a match must contain and whose words are listed, those words.

    A text with none of one list's words cannot match, so the (slow) Matcher need not see it.
    """
    required = []
    for token in pattern:
        words = _finite_words(token)
        if words and token.get("OP") in (None, "+", "1"):
            required.append(words)
    return required


def as_word_sequences(pattern: list[dict[str, Any]],
                      limit: int = 1000) -> list[tuple[str, ...]] | None:
    """Every lower-case word sequence a pattern of listed LOWER words (some optional) matches.

    None when a token tests anything else or the list would pass `limit`: such a pattern needs
    spaCy's Matcher. Sequences go to the PhraseMatcher instead, which costs far less per text.
    """
    sequences: list[tuple[str, ...]] = [()]
    for token in pattern:
        words = _finite_words(token) if set(token) <= {"LOWER", "OP"} else None
        if not words or token.get("OP") not in (None, "?"):
            return None
        optional = [()] if token.get("OP") == "?" else []
        sequences = [seq + extra for seq in sequences
                     for extra in optional + [(word,) for word in sorted(words)]]
        if len(sequences) > limit:
            return None
    return [seq for seq in sequences if seq]
