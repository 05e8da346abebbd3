from datetime import date

import pytest

from shared.idnumbers import (
    HMT_RESIDENCE_PERMIT,
    HONG_KONG_PERMIT,
    MACAU_PERMIT,
    PASSPORT,
    RESIDENT_ID,
    TAIWAN_PERMIT,
    IdNumberError,
    check_character,
    make_resident_id,
    mask_id_number,
    parse_resident_id,
    validate_id_document,
)

pytestmark = pytest.mark.unit

KNOWN = "11010519491231002X"


def test_check_character_of_the_standard_example_is_x():
    assert check_character(KNOWN[:17]) == "X"


def test_known_valid_number_parses_to_a_woman_born_1949_12_31():
    parsed = parse_resident_id(KNOWN)
    assert parsed.region == "110105"
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.sequence == "002"
    assert parsed.gender == "2"
    assert parsed.birth_month == "1949-12"


def test_lower_case_x_and_surrounding_spaces_are_normalized():
    assert parse_resident_id(" 11010519491231002x ").number == KNOWN


def test_resident_id_with_wrong_check_character_is_refused():
    with pytest.raises(IdNumberError, match="校验码错误"):
        parse_resident_id("110105194912310021")


@pytest.mark.parametrize(
    "number", ["1101051949123100", "11010519491231002XX", "11010519491231A02X", "110105194912310"]
)
def test_resident_id_of_wrong_length_or_characters_is_refused(number):
    with pytest.raises(IdNumberError):
        parse_resident_id(number)


def test_resident_id_with_impossible_date_19990230_is_refused():
    first17 = "11010519990230001"
    with pytest.raises(IdNumberError, match="不存在"):
        parse_resident_id(first17 + check_character(first17))


def test_resident_id_born_in_the_future_is_refused():
    number = make_resident_id("110105", date(2030, 1, 1), 11)
    with pytest.raises(IdNumberError, match="future"):
        parse_resident_id(number, today=date(2025, 6, 1))


def test_made_numbers_are_valid_and_odd_sequence_means_male():
    number = make_resident_id("460100", date(1985, 7, 9), 123)
    parsed = parse_resident_id(number)
    assert parsed.gender == "1" and parsed.birth_date == date(1985, 7, 9)


def test_document_with_disagreeing_gender_is_refused_naming_gender():
    with pytest.raises(IdNumberError, match="gender"):
        validate_id_document(RESIDENT_ID, KNOWN, gender="1")


def test_document_with_disagreeing_birth_month_is_refused_naming_birth_month():
    with pytest.raises(IdNumberError, match="birth month"):
        validate_id_document(RESIDENT_ID, KNOWN, birth_month="1949-11")


def test_document_agreeing_with_birth_month_and_gender_is_returned_normalized():
    number = KNOWN.lower()
    assert validate_id_document(RESIDENT_ID, number, birth_month="1949-12", gender="2") == KNOWN


def test_residence_permit_needs_a_hong_kong_macau_or_taiwan_region():
    permit = make_resident_id("810000", date(1990, 3, 4), 5)
    assert validate_id_document(HMT_RESIDENCE_PERMIT, permit) == permit
    with pytest.raises(IdNumberError, match="810000"):
        validate_id_document(HMT_RESIDENCE_PERMIT, KNOWN)


def test_residence_permit_number_entered_as_resident_id_is_refused_with_a_hint():
    permit = make_resident_id("830000", date(1990, 3, 4), 5)
    with pytest.raises(IdNumberError, match="类型 C"):
        validate_id_document(RESIDENT_ID, permit)


@pytest.mark.parametrize(
    "id_type,number",
    [
        (HONG_KONG_PERMIT, "H12345678"),
        (HONG_KONG_PERMIT, "H1234567801"),
        (MACAU_PERMIT, "m12345678"),
        (TAIWAN_PERMIT, "12345678"),
        (PASSPORT, "E12345678"),
        (PASSPORT, "g1234"),
    ],
)
def test_permits_and_passports_in_the_right_format_are_accepted(id_type, number):
    assert validate_id_document(id_type, number) == number.upper()


@pytest.mark.parametrize(
    "id_type,number",
    [
        (HONG_KONG_PERMIT, "M12345678"),
        (HONG_KONG_PERMIT, "H1234567"),
        (HONG_KONG_PERMIT, "H123456789"),
        (MACAU_PERMIT, "H12345678"),
        (TAIWAN_PERMIT, "1234567"),
        (PASSPORT, "E123"),
        (PASSPORT, "E1234-5678"),
        (PASSPORT, "E" * 18),
    ],
)
def test_permits_and_passports_in_a_wrong_format_are_refused(id_type, number):
    with pytest.raises(IdNumberError, match="格式错误"):
        validate_id_document(id_type, number)


def test_unknown_document_type_is_refused():
    with pytest.raises(IdNumberError, match="unknown document type"):
        validate_id_document("X", "12345")


def test_masking_keeps_the_first_two_characters_only():
    assert mask_id_number(KNOWN) == "11****************"
    assert mask_id_number("E12345678") == "E1*******"
    assert mask_id_number("1234567") == "*******"
    assert mask_id_number("") == ""


def test_id_number_error_is_a_value_error_with_a_bilingual_message():
    with pytest.raises(ValueError) as caught:
        parse_resident_id("110105194912310021")
    assert str(caught.value) == "校验码错误 (check character is wrong)"
