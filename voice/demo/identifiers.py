"""Fake but well-formed personal identifiers, and the ways practitioners write them down.

Phone numbers come from Ofcom's ranges reserved for drama and e-mail addresses from the
reserved example domains, so no generated contact detail can reach a real person.
"""

import random
import string
from datetime import date

from coding.identifiers import is_valid_nhs_number, nhs_check_digit

# England and Wales issue NHS numbers from 400 000 000-499 999 999 and 600 000 000-799 999 999;
# 999 is the test range and must never appear, nor Scotland's CHI (010-311) or 3xx.
_NHS_FIRST_DIGITS = "467"
_NI_BAD_FIRST = set("DFIQUV")
_NI_BAD_SECOND = set("DFIOQUV")
_NI_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
# Letters the Royal Mail uses in the inward code (never C, I, K, M, O or V).
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
_EMAIL_DOMAINS = ("example.com", "example.org", "example.net")
_MONTHS = ("January February March April May June July August September October "
           "November December").split()


def make_nhs_number(rng: random.Random) -> str:
    """A valid ten-digit NHS number in an England and Wales issued range."""
    while True:
        stem = rng.choice(_NHS_FIRST_DIGITS) + "".join(rng.choices(string.digits, k=8))
        check = nhs_check_digit(stem)
        if check is not None:
            return f"{stem}{check}"


def format_nhs_number(nhs: str, rng: random.Random) -> str:
    """The number as a worker might type it: 3-3-4 spaced (the NHS style) or run together."""
    return f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}" if rng.random() < 0.7 else nhs


def make_ni_number(rng: random.Random) -> str:
    """A National Insurance number in HMRC's valid format, e.g. "JR123456C"."""
    while True:
        prefix = "".join(rng.choices(string.ascii_uppercase, k=2))
        if (prefix[0] not in _NI_BAD_FIRST and prefix[1] not in _NI_BAD_SECOND
                and prefix not in _NI_BAD_PREFIXES):
            break
    digits = "".join(rng.choices(string.digits, k=6))
    return f"{prefix}{digits}{rng.choice('ABCD')}"


def format_ni_number(ni: str, rng: random.Random) -> str:
    """Spaced in pairs as on HMRC letters, or run together."""
    if rng.random() < 0.5:
        return f"{ni[:2]} {ni[2:4]} {ni[4:6]} {ni[6:8]} {ni[8]}"
    return ni


def make_mobile(rng: random.Random) -> str:
    """A UK mobile number from Ofcom's drama range 07700 900000-900999, as eleven digits."""
    return f"07700900{rng.randrange(1000):03d}"


def format_phone(phone: str, rng: random.Random) -> str:
    """The number as written in notes: 07700 900123, 07700900123 or +44 7700 900123."""
    style = rng.random()
    if style < 0.6:
        return f"{phone[:5]} {phone[5:]}"
    if style < 0.8:
        return phone
    if style < 0.93:
        return f"+44 {phone[1:5]} {phone[5:]}"
    return f"+44{phone[1:]}"


def make_landline(rng: random.Random, old_la_code: str) -> str:
    """A drama-range landline: Manchester's 0161 496 0xxx for Greater Manchester, else 01632."""
    if old_la_code in ("353", "354"):
        return f"0161 496 0{rng.randrange(1000):03d}"
    return f"01632 960{rng.randrange(1000):03d}"


def make_email(rng: random.Random, first: str, last: str, year: int) -> str:
    """A personal e-mail address at a reserved example domain, built the way people do."""
    first_part = "".join(c for c in first.lower() if c.isalpha())
    last_part = "".join(c for c in last.lower() if c.isalpha())
    local = rng.choice((
        f"{first_part}.{last_part}", f"{first_part}{last_part[0]}{year % 100:02d}",
        f"{first_part}{year}", f"{first_part[0]}{last_part}{rng.randrange(1, 99)}",
        f"{first_part}_{last_part}x", f"{first_part}{rng.choice(('babe', 'xx', 'boi', '123'))}",
    ))
    return f"{local}@{rng.choice(_EMAIL_DOMAINS)}"


def make_postcode(rng: random.Random, outward: str) -> str:
    """A postcode in the real outward district with a well-formed inward code."""
    inward = f"{rng.randrange(10)}{''.join(rng.choices(_INWARD_LETTERS, k=2))}"
    return f"{outward} {inward}"


def format_postcode(postcode: str, rng: random.Random) -> str:
    """Mostly as Royal Mail writes it; sometimes without the space, as people type it."""
    return postcode.replace(" ", "") if rng.random() < 0.2 else postcode


def format_dob(dob: date, rng: random.Random) -> str:
    """A date of birth as written in records: 03/04/2007, 3 April 2007 or 03.04.07."""
    style = rng.random()
    if style < 0.6:
        return dob.strftime("%d/%m/%Y")
    if style < 0.9:
        return f"{dob.day} {_MONTHS[dob.month - 1]} {dob.year}"
    return dob.strftime("%d.%m.%y")


def format_event_date(day: date, rng: random.Random) -> str:
    """An ordinary event date (not personal data): 14 May, Tuesday 14 May or 14/05/2024."""
    style = rng.random()
    if style < 0.5:
        return f"{day.day} {_MONTHS[day.month - 1]}"
    if style < 0.8:
        return f"{day.strftime('%A')} {day.day} {_MONTHS[day.month - 1]}"
    return day.strftime("%d/%m/%Y")
