"""How the bureau writes numbers and dates (UI.md "Numbers and dates").

Money is ``Decimal`` yuan everywhere; it is shown in 元 with thousands separators in
tables and in 万元 / 亿元 with two decimals in dashboards and reports. Percentages have
two decimals. Dates are 2026-11-22 in tables and 2026年11月22日 in documents.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
_CENT = Decimal("0.01")


def to_decimal(value) -> Decimal | None:
    """Return ``value`` as a Decimal, or None for empty / non-numeric values."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _fixed(value: Decimal, places: Decimal = _CENT) -> Decimal:
    return value.quantize(places, rounding=ROUND_HALF_UP)


def yuan(value, places: int = 2) -> str:
    """Format yuan with thousands separators: ``1234567.5`` -> ``"1,234,567.50"``."""
    amount = to_decimal(value)
    if amount is None:
        return "—"
    quantum = Decimal(1).scaleb(-places)
    return f"{_fixed(amount, quantum):,.{places}f}"


def wan(value) -> str:
    """Format yuan as 万元 with two decimals: ``30130000`` -> ``"3,013.00"``."""
    amount = to_decimal(value)
    return "—" if amount is None else f"{_fixed(amount / WAN):,.2f}"


def yi(value) -> str:
    """Format yuan as 亿元 with two decimals: ``3013000000`` -> ``"30.13"``."""
    amount = to_decimal(value)
    return "—" if amount is None else f"{_fixed(amount / YI):,.2f}"


def money_auto(value) -> str:
    """Format yuan in the unit a bureau would choose: 亿元 from 1 亿, else 万元 from 1 万, else 元."""
    amount = to_decimal(value)
    if amount is None:
        return "—"
    if abs(amount) >= YI:
        return _("%(n)s 亿元") % {"n": yi(amount)}
    if abs(amount) >= WAN:
        return _("%(n)s 万元") % {"n": wan(amount)}
    return _("%(n)s 元") % {"n": yuan(amount)}


def ratio(part, whole) -> Decimal | None:
    """Return ``part / whole`` as a Decimal, or None when ``whole`` is zero or missing."""
    a, b = to_decimal(part), to_decimal(whole)
    if a is None or b is None or b == 0:
        return None
    return a / b


def pct(value, places: int = 2) -> str:
    """Format a fraction as a percentage: ``Decimal("0.6026")`` -> ``"60.26%"``."""
    number = to_decimal(value)
    if number is None:
        return "—"
    quantum = Decimal(1).scaleb(-places)
    return f"{_fixed(number * 100, quantum)}%"


def pct_of(part, whole, places: int = 2) -> str:
    """Format ``part / whole`` as a percentage: ``pct_of(3013, 5000)`` -> ``"60.26%"``."""
    return pct(ratio(part, whole), places)


def iso_date(value) -> str:
    """Format a date as 2026-11-22 (tables)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        value = value.date()
    return value.strftime("%Y-%m-%d")


def cn_date(value) -> str:
    """Format a date as 2026年11月22日 (documents)."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime):
        value = value.date()
    return f"{value.year}年{value.month}月{value.day}日"


def mask_id_number(value: str) -> str:
    """Mask a 居民身份证号 for lists, exports and logs: keep the first 6 and last 4 characters."""
    value = (value or "").strip()
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def deadline_text(due: date | None, working_days_left: int | None) -> str:
    """Describe a working-day deadline: ``2026-11-25（还剩 3 个工作日）`` or 已逾期."""
    if due is None:
        return "—"
    if working_days_left is None:
        return iso_date(due)
    if working_days_left < 0:
        return _("%(date)s（已逾期 %(n)s 个工作日）") % {"date": iso_date(due), "n": -working_days_left}
    if working_days_left == 0:
        return _("%(date)s（今天到期）") % {"date": iso_date(due)}
    return _("%(date)s（还剩 %(n)s 个工作日）") % {"date": iso_date(due), "n": working_days_left}
