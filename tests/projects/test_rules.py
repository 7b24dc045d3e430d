"""Pure rules: the number series and the approval checks, at and around every boundary."""

from datetime import date
from decimal import Decimal

import pytest

from projects.rules import funding, numbering


@pytest.mark.parametrize(
    ("series", "year", "serial", "number"),
    [
        (numbering.APPLICATION, 2026, 1, "XM2026-0001"),
        (numbering.APPLICATION, 2026, 9999, "XM2026-9999"),
        (numbering.APPLICATION, 2026, 10000, "XM2026-10000"),  # grows past the width, never fails
        (numbering.PROJECT, 2026, 1, "ZZKJ2026-001"),
        (numbering.PROJECT, 2025, 123, "ZZKJ2025-123"),
    ],
)
def test_format_and_parse_round_trip(series, year, serial, number):
    assert series.format(year, serial) == number
    assert series.parse(number) == (year, serial)


@pytest.mark.parametrize(
    "text",
    ["", "XM2026-001", "XM2026-0000", "ZZKJ2026-0001x", "XM26-0001", "xm2026-0001", "株科计〔2026〕12号"],
)
def test_parse_refuses_numbers_of_other_shapes(text):
    # "XM2026-001" is narrower than the width.
    assert numbering.APPLICATION.parse(text) is None


def test_serial_starts_at_one():
    with pytest.raises(ValueError):
        numbering.PROJECT.format(2026, 0)


TODAY = date(2026, 11, 23)


def check(amount, requested="500000", ceiling=None, approved_on=TODAY, submitted_on=date(2026, 11, 1)):
    return funding.check_approval(
        funding.ApprovalInput(
            amount=None if amount is None else Decimal(amount),
            requested=Decimal(requested),
            ceiling=None if ceiling is None else Decimal(ceiling),
            approved_on=approved_on,
            today=TODAY,
            submitted_on=submitted_on,
        )
    )


@pytest.mark.parametrize(
    ("amount", "ceiling", "problem"),
    [
        (None, None, funding.AMOUNT_MISSING),
        ("0", None, funding.AMOUNT_NOT_POSITIVE),
        ("-0.01", None, funding.AMOUNT_NOT_POSITIVE),
        ("0.01", None, None),
        ("500000", None, None),
        ("500000.01", None, funding.AMOUNT_ABOVE_REQUEST),
        ("300000", "300000", None),
        ("300000.01", "300000", funding.AMOUNT_ABOVE_CEILING),
        ("500000.01", "300000", funding.AMOUNT_ABOVE_REQUEST),  # the request is checked first
    ],
)
def test_amount(amount, ceiling, problem):
    assert check(amount, ceiling=ceiling).get("amount") == problem


@pytest.mark.parametrize(
    ("approved_on", "problem"),
    [
        (None, funding.DATE_MISSING),
        (TODAY, None),
        (date(2026, 11, 24), funding.DATE_IN_FUTURE),
        (date(2026, 11, 1), None),
        (date(2026, 10, 31), funding.DATE_BEFORE_SUBMISSION),
    ],
)
def test_approval_date(approved_on, problem):
    assert check("1", approved_on=approved_on).get("approved_on") == problem
