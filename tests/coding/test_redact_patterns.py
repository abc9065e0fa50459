"""Each structured-pattern family on its own: what it finds and what it leaves alone."""

import pytest

from coding.identifiers import nhs_check_digit
from coding.redact.patterns import (find_addresses, find_dates_of_birth, find_emails,
                                    find_ni_numbers, find_nhs_numbers, find_phones,
                                    find_postcodes, is_uk_phone)


def found(finder, text: str) -> list[str]:
    return [text[span.start:span.end] for span in finder(text)]


def valid_nhs(nine: str) -> str:
    return nine + str(nhs_check_digit(nine))


@pytest.mark.parametrize("separator", ["", " ", "-"])
def test_nhs_numbers_with_a_right_check_digit_are_found_however_grouped(separator):
    digits = valid_nhs("401023213")
    written = separator.join([digits[:3], digits[3:6], digits[6:]])
    assert found(find_nhs_numbers, f"NHS number {written} on file.") == [written]


def test_ten_digits_with_a_wrong_check_digit_are_not_nhs_numbers():
    wrong = "401023213" + str((nhs_check_digit("401023213") + 1) % 10)
    assert found(find_nhs_numbers, f"Reference {wrong} from the council.") == []


def test_digits_inside_a_longer_number_are_not_an_nhs_number():
    assert found(find_nhs_numbers, f"Account 9{valid_nhs('401023213')}1.") == []


@pytest.mark.parametrize("text, expected", [
    ("NI AB123456C.", "AB123456C"),
    ("NI AB 12 34 56 C.", "AB 12 34 56 C"),
    ("NI JT 482917 B.", "JT 482917 B"),
    ("ni ce 12 34 56 a", "ce 12 34 56 a"),
])
def test_national_insurance_numbers_are_found(text, expected):
    assert found(find_ni_numbers, text) == [expected]


@pytest.mark.parametrize("number", [
    "DA123456A", "FA123456A", "AD123456A", "AO123456A", "QQ123456C",  # letters HMRC never uses
    "BG123456A", "GB123456A", "KN123456A", "NK123456A", "NT123456A", "TN123456A", "ZZ123456A",
    "AB123456E",  # suffix past D
    "AB12345C",  # five digits
])
def test_numbers_breaking_hmrc_rules_are_not_ni_numbers(number):
    assert found(find_ni_numbers, f"Code {number} here.") == []


@pytest.mark.parametrize("postcode", [
    "LS6 2AB", "LS62AB", "ls6 2ab", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT", "W1A 0AX",
    "EC1A 1BB", "EC1A1BB", "SW1A 1AA", "GIR 0AA", "gir0aa",
])
def test_postcodes_are_found_with_or_without_the_space(postcode):
    assert found(find_postcodes, f"Moved to {postcode} today.") == [postcode]


@pytest.mark.parametrize("text", ["Year 10 pupils", "the 42 bus", "QQ1 1AA", "LS6 2CI", "a B4 form"])
def test_things_that_are_not_postcodes_stay(text):
    assert found(find_postcodes, text) == []


@pytest.mark.parametrize("phone", [
    "07700 900123", "07700900123", "07700-900-123", "0113 496 0018", "020 7946 0321",
    "(0113) 496 0999", "01632 960123", "+44 7700 900789", "+447700900111",
    "+44 (0)113 496 0555", "+44 20 7946 0321", "0800 123 4567", "0300 123 4567",
])
def test_uk_phone_formats_are_found(phone):
    assert found(find_phones, f"Call {phone} today.") == [phone]


@pytest.mark.parametrize("text", [
    "on 12/03/2008", "at 01.02.2024", "number 12345", "code 0113", "ref 0600 123 4567",
    "+33 1 23 45 67 89",
])
def test_dates_short_numbers_and_other_countries_are_not_phones(text):
    assert found(find_phones, text) == []


def test_the_uk_phone_check_counts_national_digits():
    assert is_uk_phone("07700 900123") and is_uk_phone("+44 (0)113 496 0555")
    assert not is_uk_phone("0770 090") and not is_uk_phone("09700 900123")


@pytest.mark.parametrize("email", [
    "jade.sj@example.com", "hope_w2008@example.co.uk", "kai+college@example.org",
    "TYLER.BROWN@EXAMPLE.COM", "o'neill@example.net",
])
def test_email_addresses_are_found(email):
    assert found(find_emails, f"Email {email}.") == [email]


@pytest.mark.parametrize("text, date", [
    ("DOB: 12/03/2008", "12/03/2008"),
    ("DOB 12.03.08", "12.03.08"),
    ("d.o.b. 01-11-2006", "01-11-2006"),
    ("D.O.B 2007-05-19 on file", "2007-05-19"),
    ("date of birth 3 March 2008", "3 March 2008"),
    ("Date of Birth: the 2nd of February 2009", "the 2nd of February 2009"),
    ("born on 14th July 2007", "14th July 2007"),
    ("born in Leeds on 9 May 2006", "9 May 2006"),
    ("born in March 2007", "March 2007"),
    ("Birthday: June 5, 2008", "June 5, 2008"),
    ("21/09/2007 (DOB) on the ID", "21/09/2007"),
    ("(DOB: 12 Mar 08)", "12 Mar 08"),
    ("DOB:12/03/2008", "12/03/2008"),
])
def test_a_date_next_to_a_birth_marker_is_a_date_of_birth(text, date):
    assert found(find_dates_of_birth, text) == [date]


@pytest.mark.parametrize("text", [
    "Review held on 12/03/2024.", "We met on 3 March 2025.", "Started college 2024-05-19.",
    "Her birthday party is on 5 June 2026 at the Family Hub, she said.",
])
def test_dates_of_events_are_not_dates_of_birth(text):
    # The last one names a birthday but the date is the party's: "birthday" must touch the date.
    assert found(find_dates_of_birth, text) == []


@pytest.mark.parametrize("text, address", [
    ("lives at 12 Mill Lane, Leeds", "12 Mill Lane"),
    ("at Flat 3, 12 Mill Lane, Leeds", "Flat 3, 12 Mill Lane"),
    ("at Flat 12, Nelson House, 40 Park Road", "Flat 12, Nelson House, 40 Park Road"),
    ("at flat 2B, 19 Green Lane.", "flat 2B, 19 Green Lane"),
    ("at 7a Church Street", "7a Church Street"),
    ("at 3 St John's Close", "3 St John's Close"),
    ("at 18 Oak Tree Avenue", "18 Oak Tree Avenue"),
    ("at 66 Queen's Drive", "66 Queen's Drive"),
    ("at Flat 7, Oak Court", "Flat 7, Oak Court"),
    ("at 33 Kingsway crescent", "33 Kingsway crescent"),
])
def test_street_addresses_are_found(text, address):
    assert found(find_addresses, text) == [address]


@pytest.mark.parametrize("text", [
    "walked 2 miles to the road", "lived on the same street for 3 years", "Mill Lane",
    "on 12/03/2024 Park Road was closed",
])
def test_numbers_and_streets_apart_are_not_addresses(text):
    assert found(find_addresses, text) == []
