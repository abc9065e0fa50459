"""Structured personal details found by pattern: NHS and NI numbers, postcodes, phones,
emails, dates of birth and street addresses. Each finder returns spans in the text given."""

import re
from collections.abc import Callable

from coding.identifiers import is_valid_nhs_number
from coding.redact.spans import Span

# Ten digits as 3-3-4 or unbroken; the checksum decides, so a failing number stays untagged.
NHS_CANDIDATE = re.compile(r"(?<![\d+])\d{3}[ -]?\d{3}[ -]?\d{4}(?!\d)")

# HMRC: first letter not D F I Q U V, second not D F I O Q U V, some pairs never issued,
# six digits (often spaced in pairs), suffix A-D.
NI_NUMBER = re.compile(
    r"\b(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]"
    r"(?: ?\d{2}){3} ?[A-D]\b", re.IGNORECASE)

# The UK Government Data Standard postcode pattern, space optional, any case.
POSTCODE = re.compile(
    r"\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW]?|\d{2}|[A-HK-Y]\d[ABEHMNPRVWXY]?|[A-HK-Y]\d{2})"
    r" ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)

# A national number with up to two separators between digits; digits are checked after.
PHONE_CANDIDATE = re.compile(
    r"(?<![\w+])(?:\+44[ -]?(?:\(0\)[ -]?)?|\(?0)\d(?:[ ().-]{0,2}\d){7,10}(?!\d)")

# Bounded parts (RFC 5321's 64-character local part), so a long run without "@" stays linear.
EMAIL = re.compile(r"(?<![\w.%+'-])[\w.%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}"
                   r"\.[A-Za-z]{2,24}\b")

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
         r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DATE = (r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)|\d{4}-\d{2}-\d{2}"
        rf"|(?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{MONTH},?\s+(?:\d{{4}}|'?\d{{2}})(?!\d)"
        rf"|{MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|{MONTH}\s+\d{{4}})")
DOB_MARKER = r"(?:D\.?O\.?B\.?|date\s+of\s+birth|birth\s*date|birthday)"
# "born" may sit a few words before its date ("born in Leeds on 3 May 2008"); the markers touch it.
DOB_BEFORE = re.compile(
    rf"(?:\b{DOB_MARKER}[\s:=,.-]*(?:(?:is|was|on|of)\s+)?|\bborn\b[^.;\n\d]{{0,40}}?)"
    rf"(?P<date>{DATE})", re.IGNORECASE)
DOB_HINT = re.compile(r"d\.?o\.?b|birth|born", re.IGNORECASE)
DOB_AFTER = re.compile(rf"\b(?P<date>{DATE})\s*[(,-]?\s*{DOB_MARKER}\b", re.IGNORECASE)

STREET_SUFFIX = (r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Close|Way|Drive|Dr|Court|Ct|Crescent"
                 r"|Cres|Terrace|Tce|Place|Pl|Gardens|Gdns|Grove|Square|Sq|Walk|Row|Hill|Park|Mews"
                 r"|View|Rise|Parade|Green|Vale|Fold|Croft|Wharf|Boulevard|Gate|Yard|Brow|Bank"
                 r"|Meadows?|Chase|Approach|Grange|Estate)")
STREET_WORD = r"(?:St\.?|[A-Z][A-Za-z]*(?:['’-][A-Za-z]+)*)"
STREET = rf"(?:{STREET_WORD}\s+){{1,3}}(?i:{STREET_SUFFIX})\b"
HOUSE = r"\d{1,4}[A-Za-z]?(?:-\d{1,4})?"
FLAT = r"(?i:flat|apartment|apt|unit|room)\.?\s+\d{1,4}[A-Za-z]?"
BUILDING = (r"(?:[A-Z][a-z]+\s+){1,2}"
            r"(?:House|Court|Lodge|Mansions|Tower|Heights|Point|Buildings|Hall|Apartments)")
# The leading lookahead lets most positions fail on one character test, not the whole pattern.
ADDRESS = re.compile(
    rf"(?=[\dFfAaUuRr])(?<![\w/.-])(?:(?:{FLAT}),?\s+(?:{BUILDING},?\s+)?)?{HOUSE},?\s+{STREET}"
    rf"|\b{FLAT},?\s+{BUILDING}\b")

# A street without a suffix ("40 Kirkgate", "4 The Poplars") is taken only where the words say an
# address follows ("lives at", "moved to", "Address:") and the name ends the phrase.
ADDRESS_LEAD = re.compile(r"\b(?i:at|to|address(?:\s+is)?:?)\s+(?=[\dFfAaUuRr])")
BARE_STREET = re.compile(
    rf"(?:(?:{FLAT}),?\s+(?:{BUILDING},?\s+)?)?{HOUSE},?\s+(?:The\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?"
    r"(?=\s*(?:[,.;)\n]|$))")
NOT_STREETS = frozenset("""monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december jan feb mar apr jun jul aug
sep sept oct nov dec pm am""".split())


def find_nhs_numbers(text: str) -> list[Span]:
    """Ten-digit numbers whose modulus-11 check digit is right."""
    return [Span("NHS_NUMBER", m.start(), m.end()) for m in NHS_CANDIDATE.finditer(text)
            if is_valid_nhs_number(m.group())]


def find_ni_numbers(text: str) -> list[Span]:
    """National Insurance numbers that follow HMRC's prefix and suffix rules."""
    return [Span("NI_NUMBER", m.start(), m.end()) for m in NI_NUMBER.finditer(text)]


def find_postcodes(text: str) -> list[Span]:
    """UK postcodes, with or without the space, in any case."""
    return [Span("POSTCODE", m.start(), m.end()) for m in POSTCODE.finditer(text)]


def is_uk_phone(candidate: str) -> bool:
    """True when the digits make a UK national number (9 or 10 digits after the 0 or +44)."""
    digits = re.sub(r"\D", "", candidate)
    national = digits[2:] if candidate.startswith("+") else digits
    national = national[1:] if national.startswith("0") else national
    return len(national) in (9, 10) and national[0] in "12378"


def find_phones(text: str) -> list[Span]:
    """UK phone numbers: mobiles, landlines, 03/08 numbers, and +44 forms."""
    return [Span("PHONE", m.start(), m.end()) for m in PHONE_CANDIDATE.finditer(text)
            if is_uk_phone(m.group())]


def find_emails(text: str) -> list[Span]:
    """Email addresses."""
    return [Span("EMAIL", m.start(), m.end()) for m in EMAIL.finditer(text)]


def find_dates_of_birth(text: str) -> list[Span]:
    """Dates next to DOB, d.o.b., date of birth, born or birthday; other dates stay."""
    if not DOB_HINT.search(text):
        return []  # most notes name no birth; one cheap scan spares two costly ones
    found = {(m.start("date"), m.end("date")) for pattern in (DOB_BEFORE, DOB_AFTER)
             for m in pattern.finditer(text)}
    return [Span("DATE_OF_BIRTH", start, end) for start, end in sorted(found)]


def find_addresses(text: str) -> list[Span]:
    """Street addresses: a house number and a named street, with any flat or building; and a
    number with a street name alone right after "at", "to" or "Address:"."""
    found = [Span("ADDRESS", m.start(), m.end()) for m in ADDRESS.finditer(text)]
    for lead in ADDRESS_LEAD.finditer(text):
        match = BARE_STREET.match(text, lead.end())
        if match is None:
            continue
        words = re.findall(r"[A-Za-z]+", re.sub(r"^.*?\d[A-Za-z]?,?\s+", "", match.group()))
        if not NOT_STREETS.intersection(w.lower() for w in words) \
                and not any(s.start < match.end() and match.start() < s.end for s in found):
            found.append(Span("ADDRESS", match.start(), match.end()))
    return found


FINDERS: tuple[Callable[[str], list[Span]], ...] = (
    find_emails, find_nhs_numbers, find_ni_numbers, find_postcodes, find_phones,
    find_dates_of_birth, find_addresses)


def find_structured(text: str) -> list[Span]:
    """Every structured detail the pattern finders see, overlaps included."""
    return [span for finder in FINDERS for span in finder(text)]
