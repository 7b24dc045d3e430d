"""Table tests of contracts/rules: at and around every boundary."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from bureau.calendar import WorkCalendar
from contracts.rules import catalog
from contracts.rules.amounts import AmountInput, check_amounts
from contracts.rules.filing import FilingInput, check_filing, duplicate_key
from contracts.rules.income import IncomeInput, check_income, proposed_technical_income
from contracts.rules.numbering import NumberFormat, NumberOverflow, format_number, is_valid_number, parse_number
from contracts.rules.time_limit import TimeLimitInput, TimeLimitPolicy, due_date, time_limit, working_days_left

D = Decimal


# --- Catalog ------------------------------------------------------------------------


def test_tree_has_the_five_types_and_their_subtypes():
    assert [t.label for t in catalog.CONTRACT_TYPES] == ["技术开发", "技术转让", "技术许可", "技术咨询", "技术服务"]
    assert catalog.TYPES_BY_CODE["development"].subtype_codes() == ("commissioned", "cooperative")
    transfer = catalog.TYPES_BY_CODE["transfer"].subtype_codes()
    for code in (
        "patent_right",
        "patent_application",
        "technical_secret",
        "ic_layout",
        "plant_variety",
        "software_copyright",
        "biomedical_variety",
        "equity",
    ):
        assert code in transfer
    assert catalog.TYPES_BY_CODE["licensing"].subtype_codes()[:3] == (
        "patent_exclusive",
        "patent_sole",
        "patent_ordinary",
    )
    assert {"training", "intermediary"} <= set(catalog.TYPES_BY_CODE["service"].subtype_codes())


def test_subtype_codes_are_unique_across_types():
    codes = [s.code for t in catalog.CONTRACT_TYPES for s in t.subtypes]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("kind", "sub", "ok"),
    [
        ("development", "commissioned", True),
        ("development", "patent_right", False),
        ("transfer", "equity", True),
        ("licensing", "patent_sole", True),
        ("service", "training", True),
        ("consulting", "training", False),
        ("unknown", "commissioned", False),
    ],
)
def test_subtype_belongs_to(kind, sub, ok):
    assert catalog.subtype_belongs_to(kind, sub) is ok


def test_eleven_technical_fields_and_refusal_reasons():
    assert len(catalog.TECHNICAL_FIELDS) == 11
    assert "already_registered" in catalog.REFUSAL_REASON_LABELS
    assert "public_domain" in catalog.REFUSAL_REASON_LABELS
    assert len(catalog.REFUSAL_REASONS) == 11


# --- Amounts ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "technical", "items", "error_field"),
    [
        (D("100.00"), D("100.00"), {}, None),  # equal amounts: nothing deducted
        (D("100.00"), D("100.01"), {}, "technical_amount"),  # one cent above
        (D("100.00"), D("99.99"), {"equipment_amount": D("0.01")}, None),
        (D("100.00"), D("99.99"), {}, "non_technical"),  # difference not listed
        (D("100.00"), D("60.00"), {"equipment_amount": D("30.00"), "materials_amount": D("10.00")}, None),
        (D("100.00"), D("60.00"), {"equipment_amount": D("30.00"), "materials_amount": D("10.01")}, "non_technical"),
        (D("0.00"), D("0.00"), {}, "total_amount"),
        (D("0.01"), D("0.00"), {"other_non_technical_amount": D("0.01")}, None),
        (None, D("1.00"), {}, "total_amount"),
        (D("1.00"), None, {}, "technical_amount"),
        (D("100.00"), D("-1.00"), {}, "technical_amount"),
        (D("100.00"), D("100.00"), {"equipment_amount": D("-5.00")}, "equipment_amount"),
    ],
)
def test_check_amounts(total, technical, items, error_field):
    result = check_amounts(AmountInput(total, technical, items))
    if error_field is None:
        assert result.ok, result.errors
    else:
        assert error_field in result.errors


def test_amount_message_names_both_amounts_in_plain_words():
    result = check_amounts(AmountInput(D("1000000"), D("1200000"), {}))
    assert "技术交易额（1,200,000.00 元）大于合同成交额（1,000,000.00 元）" in result.errors["technical_amount"]


# --- Filing -------------------------------------------------------------------------

TODAY = date(2026, 6, 15)


def filing(**overrides):
    values = {
        "contract_type": "development",
        "subtype": "commissioned",
        "signed_on": TODAY - timedelta(days=3),
        "starts_on": TODAY - timedelta(days=3),
        "ends_on": TODAY + timedelta(days=300),
        "total_amount": D("500000"),
        "technical_amount": D("500000"),
        "non_technical_items": {},
        "buyer_name": "湖南某某机械有限公司",
        "buyer_code": "",
        "buyer_location": "province",
        "seller_code": "91430200MA4000001X",
        "today": TODAY,
    }
    values.update(overrides)
    return FilingInput(**values)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({}, None),
        ({"signed_on": TODAY}, None),  # signed today: in force
        ({"signed_on": TODAY + timedelta(days=1)}, "signed_on"),  # not yet in force
        ({"ends_on": TODAY - timedelta(days=4)}, "ends_on"),  # end before start
        ({"starts_on": TODAY, "ends_on": TODAY}, None),  # one-day term
        ({"subtype": "patent_right"}, "subtype"),  # subtype of another type
        ({"subtype": ""}, "subtype"),
        ({"contract_type": ""}, "contract_type"),
        ({"technical_amount": D("500000.01")}, "technical_amount"),
        ({"buyer_name": "  "}, "buyer_name"),
        ({"buyer_code": "91430200MA4000001X"}, "buyer_code"),  # buyer is the seller
        ({"buyer_code": "914302000000000000"}, "buyer_code"),  # bad check digit
        ({"buyer_code": "914302000000000000", "buyer_location": "abroad"}, None),  # foreign id not checked
        ({"signed_on": None}, "signed_on"),
    ],
)
def test_check_filing(overrides, field):
    result = check_filing(filing(**overrides))
    if field is None:
        assert result.ok, result.errors
    else:
        assert field in result.errors, result.errors


def test_not_in_force_message_is_plain():
    result = check_filing(filing(signed_on=TODAY + timedelta(days=1)))
    assert "尚未签订生效" in result.errors["signed_on"][0]


def test_duplicate_key_ignores_spacing_and_case_of_the_buyer():
    a = duplicate_key(1, "", "湖南 某某 公司", D("10"), TODAY)
    b = duplicate_key(1, "", "湖南某某公司", D("10"), TODAY)
    assert a == b
    assert duplicate_key(1, "91430200ma4000001x", "x", D("10"), TODAY) == duplicate_key(
        1, "91430200MA4000001X", "y", D("10"), TODAY
    )
    assert duplicate_key(1, "", "a", D("10"), TODAY) != duplicate_key(1, "", "a", D("10.01"), TODAY)


# --- Time limit ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("technical", "disputed", "days", "expert"),
    [
        (D("4999999.99"), False, 15, False),  # one cent below the threshold
        (D("5000000.00"), False, 30, True),  # exactly 5,000,000
        (D("5000000.01"), False, 30, True),
        (D("0.00"), True, 30, True),  # disputed
        (D("100.00"), False, 15, False),
    ],
)
def test_time_limit(technical, disputed, days, expert):
    result = time_limit(TimeLimitInput(total_amount=D("9000000"), technical_amount=technical, disputed=disputed))
    assert (result.working_days, result.expert_review) == (days, expert)


def test_time_limit_basis_is_configurable():
    policy = TimeLimitPolicy(amount_basis="total")
    assert time_limit(TimeLimitInput(D("5000000"), D("1"), False), policy).working_days == 30
    assert time_limit(TimeLimitInput(D("4999999.99"), D("4999999.99"), False), policy).working_days == 15


def test_due_date_counts_working_days_over_a_holiday():
    cal = WorkCalendar()
    # 2026-09-30 (Wed): National Day holiday 1-7 Oct; 8, 9 Oct work; Saturday 10 Oct is a make-up workday.
    assert due_date(date(2026, 9, 30), 3, cal) == date(2026, 10, 10)
    start = date(2026, 3, 2)  # Monday
    due = due_date(start, 15, cal)
    assert due == date(2026, 3, 23)
    assert working_days_left(due, start, cal) == 15
    assert working_days_left(due, due, cal) == 0
    assert working_days_left(due, date(2026, 3, 24), cal) == -1


# --- Numbering ----------------------------------------------------------------------


def test_default_number_is_16_digits_year_office_serial():
    number = format_number("430200", 2026, 123)
    assert number == "2026430200000123"
    assert len(number) == 16
    assert parse_number(number).serial == 123
    assert parse_number(number).office_code == "430200"
    assert is_valid_number(number)


@pytest.mark.parametrize("number", ["202643020000012", "20264302000001234", "2026430200000000", "2026A30200000123", ""])
def test_invalid_numbers(number):
    assert not is_valid_number(number)


def test_serial_overflow_and_bad_office():
    assert format_number("430200", 2026, 999999).endswith("999999")
    with pytest.raises(NumberOverflow):
        format_number("430200", 2026, 1_000_000)
    with pytest.raises(ValueError):
        format_number("43020", 2026, 1)


def test_number_format_is_configurable():
    fmt = NumberFormat(segments=("office", "year", "serial"), office_digits=6, year_digits=2, serial_digits=8)
    assert format_number("430281", 2026, 7, fmt) == "4302812600000007"
    assert parse_number("4302812600000007", fmt).office_code == "430281"
    assert "登记机构代码（6位）" in fmt.describe()


# --- Income -------------------------------------------------------------------------


def income(**overrides):
    values = {
        "total_amount": D("1000000"),
        "technical_amount": D("800000"),
        "received_before": D("0"),
        "technical_before": D("0"),
        "received": D("500000"),
        "technical_income": D("400000"),
    }
    values.update(overrides)
    return IncomeInput(**values)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({}, None),
        ({"received": D("1000000"), "technical_income": D("800000")}, None),  # exactly the whole contract
        ({"received": D("1000000.01")}, "received_amount"),
        ({"received_before": D("600000"), "received": D("400000.01")}, "received_amount"),
        ({"technical_income": D("500000.01")}, "technical_income"),  # above received
        ({"technical_before": D("500000"), "technical_income": D("300000.01")}, "technical_income"),
        ({"received": D("0")}, "received_amount"),
        ({"technical_income": D("-1")}, "technical_income"),
    ],
)
def test_check_income(overrides, field):
    result = check_income(income(**overrides))
    if field is None:
        assert result.ok, result.errors
    else:
        assert field in result.errors


def test_proposed_technical_income_keeps_the_contract_proportion():
    assert proposed_technical_income(D("500000"), D("1000000"), D("800000")) == D("400000.00")
    assert proposed_technical_income(D("1"), D("3"), D("1")) == D("0.33")
    assert proposed_technical_income(D("1"), D("0"), D("0")) == D("0")
