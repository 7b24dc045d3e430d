"""How numbers and dates are written (bureau/core/formatting.py)."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from bureau.core import formatting as f


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1234567.5"), "1,234,567.50"),
        (Decimal("0"), "0.00"),
        (Decimal("0.005"), "0.01"),  # half up, not banker's rounding
        (Decimal("-1000"), "-1,000.00"),
        (1234, "1,234.00"),
        ("99.999", "100.00"),
        (None, "—"),
        ("", "—"),
        ("abc", "—"),
    ],
)
def test_yuan(value, expected):
    assert f.yuan(value) == expected


@pytest.mark.parametrize(
    ("value", "wan", "yi"),
    [
        (Decimal("3013000000"), "301,300.00", "30.13"),
        (Decimal("39400000000"), "3,940,000.00", "394.00"),
        (Decimal("5000"), "0.50", "0.00"),
        (Decimal("12345"), "1.23", "0.00"),
        (Decimal("12355"), "1.24", "0.00"),
    ],
)
def test_wan_and_yi(value, wan, yi):
    assert f.wan(value) == wan
    assert f.yi(value) == yi


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("3013000000"), "30.13 亿元"),
        (Decimal("100000000"), "1.00 亿元"),
        (Decimal("99999999.99"), "10,000.00 万元"),
        (Decimal("10000"), "1.00 万元"),
        (Decimal("9999.99"), "9,999.99 元"),
    ],
)
def test_money_auto_picks_the_unit(value, expected):
    assert f.money_auto(value) == expected


def test_percentages_have_two_decimals():
    # The half-year example of DESIGN.md: 30.13 亿 of a 50 亿 target.
    assert f.pct_of(Decimal("3013000000"), Decimal("5000000000")) == "60.26%"
    assert f.pct(Decimal("0.0327")) == "3.27%"
    assert f.pct(Decimal("0.85454")) == "85.45%"
    assert f.pct_of(470, 550) == "85.45%"
    assert f.pct_of(1, 0) == "—"
    assert f.ratio(1, None) is None


def test_dates():
    assert f.iso_date(date(2026, 11, 22)) == "2026-11-22"
    assert f.cn_date(date(2026, 11, 2)) == "2026年11月2日"
    assert f.cn_date(datetime(2026, 1, 5, 10, 0)) == "2026年1月5日"
    assert f.cn_date(None) == "—"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("430202199001011234", "430202********1234"),
        ("43020219900101123X", "430202********123X"),
        ("1234567890", "**********"),
        ("", ""),
    ],
)
def test_mask_id_number(value, expected):
    assert f.mask_id_number(value) == expected


@pytest.mark.parametrize(
    ("left", "expected"),
    [
        (3, "2026-11-25（还剩 3 个工作日）"),
        (0, "2026-11-25（今天到期）"),
        (-2, "2026-11-25（已逾期 2 个工作日）"),
        (None, "2026-11-25"),
    ],
)
def test_deadline_text(left, expected):
    assert f.deadline_text(date(2026, 11, 25), left) == expected
