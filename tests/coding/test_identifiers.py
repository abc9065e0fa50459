"""NHS number validation and keyed pseudonyms."""

import pytest
from hypothesis import given, strategies as st

from coding.identifiers import (InvalidIdentifier, is_valid_nhs_number, nhs_check_digit,
                                normalise_local_id, normalise_nhs_number, pseudonymise)


def with_check_digit(nine: str) -> str:
    return nine + str(nhs_check_digit(nine))


def test_a_published_example_number_passes_the_checksum_but_is_not_issued():
    # 943 476 5919 is the NHS Data Dictionary's worked example, in a reserved range.
    assert is_valid_nhs_number("943 476 5919")
    assert not is_valid_nhs_number("943 476 5918")
    with pytest.raises(InvalidIdentifier, match="never issued"):
        normalise_nhs_number("943 476 5919")


@given(st.from_regex(r"[4-7]\d{8}", fullmatch=True))
def test_every_number_with_its_check_digit_is_valid_or_has_none(nine):
    check = nhs_check_digit(nine)
    if check is None:
        return
    number = nine + str(check)
    assert is_valid_nhs_number(number)
    wrong = nine + str((check + 1) % 10)
    assert not is_valid_nhs_number(wrong)


@pytest.mark.parametrize("value, message", [
    ("12345", "10 digits"),
    ("4010232138", "check digit"),
    (with_check_digit("999000001"), "never issued"),
    (with_check_digit("850000001"), "never issued"),
    (with_check_digit("005000001"), "never issued"),
])
def test_bad_nhs_numbers_are_refused_with_a_reason(value, message):
    with pytest.raises(InvalidIdentifier, match=message):
        normalise_nhs_number(value)


def test_separators_are_removed():
    number = with_check_digit("401023213")
    dashed = f"{number[:3]}-{number[3:6]}-{number[6:]}"
    assert normalise_nhs_number(dashed) == number


def test_local_ids_are_normalised_and_checked():
    assert normalise_local_id(" ab-123 ") == "AB-123"
    with pytest.raises(InvalidIdentifier):
        normalise_local_id("x")


def test_pseudonyms_are_keyed_and_stable():
    a = pseudonymise("9434765919", b"key-one")
    assert a == pseudonymise("9434765919", "key-one")
    assert a != pseudonymise("9434765919", b"key-two")
    assert len(a) == 64 and "9434765919" not in a
