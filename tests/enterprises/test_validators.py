"""Identifier validators (enterprises/validators.py): 居民身份证号 at and around every check."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import ric

from enterprises.validators import id_number_problem, validate_id_number


def with_check_digit(body: str) -> str:
    return body + ric.calc_check_digit(body + "0")


@pytest.mark.parametrize(
    "body",
    [
        "43020219650512001",  # 荷塘区's code, born before it existed (1983): issued later, still valid
        "43020519800101001",  # a code python-stdnum's table fails on with KeyError
        "43028119700101001",  # 醴陵 before it became a city
        "43022119900101001",
        "11010119491001001",  # check digit X
        "81000019800101001",  # Hong Kong residence permit
        "83000019990101001",  # Taiwan residence permit
        "43020219000101001",  # born 1 January 1900
    ],
)
def test_valid_numbers_are_accepted_whatever_their_county_code(body):
    number = with_check_digit(body)
    assert id_number_problem(number) == ""
    validate_id_number(number)
    validate_id_number(number.lower())  # a lower-case x is the same number


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "应为18位"),
        ("43020219650512001", "应为18位"),  # 17 characters
        ("4302021965051200188", "应为18位"),
        ("43020219650512A018", "应为18位"),
        ("43020219650512001Y", "应为18位"),
        (with_check_digit("00020219650512001"), "前两位"),
        (with_check_digit("99020219650512001"), "前两位"),
        (with_check_digit("43020219650230001"), "出生日期"),  # 30 February
        (with_check_digit("43020218991231001"), "出生日期"),  # before 1900
        (with_check_digit("43020219651301001"), "出生日期"),  # month 13
    ],
)
def test_invalid_numbers_are_refused_with_the_reason(value, reason):
    assert reason in id_number_problem(value)
    with pytest.raises(ValidationError) as info:
        validate_id_number(value)
    assert value == "" or value not in str(info.value)  # the number itself never goes into a message


def test_a_wrong_check_digit_is_refused():
    number = with_check_digit("43020219650512001")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert "校验位" in id_number_problem(wrong)


def test_a_birth_date_after_today_is_refused_and_today_is_accepted():
    today = date.today()
    assert id_number_problem(with_check_digit(f"430202{today:%Y%m%d}001")) == ""
    tomorrow = today + timedelta(days=1)
    assert "出生日期" in id_number_problem(with_check_digit(f"430202{tomorrow:%Y%m%d}001"))
