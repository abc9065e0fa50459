"""Identifiers and pseudonyms: validate an NHS number, turn any identifier into a keyed HMAC.

The identifier itself is never stored anywhere; the pseudonym is HMAC-SHA256 under
PSEUDONYM_KEY, so two datasets pseudonymised with the same key link without either one
holding the identifier, and nobody without the key can reverse or brute-force it.
"""

import hashlib
import hmac
import re


class InvalidIdentifier(ValueError):
    """An identifier that fails validation; the message says why."""


def nhs_check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit for nine digits, or None when no valid digit exists."""
    total = sum(int(d) * w for d, w in zip(first_nine, range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def is_valid_nhs_number(value: str) -> bool:
    """True when `value` (spaces and dashes allowed) is ten digits with a correct check digit."""
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"\d{10}", digits):
        return False
    return nhs_check_digit(digits[:9]) == int(digits[9])


def normalise_nhs_number(value: str) -> str:
    """Ten digits without separators, or InvalidIdentifier saying what is wrong.

    Numbers that pass the checksum but were never issued are refused too. Issued ranges:
    Scotland's CHI 010-311, Northern Ireland's H&C 320-399, England, Wales and the Isle of
    Man 400-799 (care leavers move between nations). 800-999 is unissued or reserved for
    testing (999), and so is 000-009.
    """
    digits = re.sub(r"[\s-]", "", value)
    if not re.fullmatch(r"\d{10}", digits):
        raise InvalidIdentifier("An NHS number has 10 digits.")
    if nhs_check_digit(digits[:9]) != int(digits[9]):
        raise InvalidIdentifier("This NHS number's check digit is wrong; check it was typed correctly.")
    prefix = digits[:3]
    if not ("010" <= prefix <= "311" or "320" <= prefix <= "799"):
        raise InvalidIdentifier("This number is in a range that is never issued as an NHS number; "
                                "check it was typed correctly.")
    return digits


def normalise_local_id(value: str) -> str:
    """A local case identifier, trimmed and upper-cased; letters, digits, '-', '/' and '_' only."""
    cleaned = value.strip().upper()
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9/_-]{1,39}", cleaned):
        raise InvalidIdentifier(
            "A local identifier is 2 to 40 letters, digits, '-', '/' or '_'.")
    return cleaned


def pseudonymise(identifier: str, key: bytes | str, namespace: str = "person") -> str:
    """The keyed HMAC-SHA256 pseudonym (64 hex characters) of an already normalised identifier."""
    if isinstance(key, str):
        key = key.encode()
    message = f"{namespace}:{identifier}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()
