"""How indicator values are written: in the indicator's unit, two decimals, as bureaus do.

30.13 亿元     money in the indicator's unit (亿元 / 万元 / 元), two decimals
3.27 %         a percentage indicator (stored as the fraction 0.0327)
4,467 项       a count, whole
12.40 件       any other number, two decimals
60.26%         completion of a target; +12.34% year on year; +0.12 个百分点 for percentages
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from bureau.core.formatting import pct, to_decimal

_CENT = Decimal("0.01")


def display_decimal(indicator, value) -> Decimal | None:
    """Return ``value`` in the indicator's display unit, rounded as it is shown."""
    number = to_decimal(value)
    if number is None:
        return None
    shown = indicator.to_display(number)
    if indicator.value_type == indicator.ValueType.COUNT:
        return shown.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return shown.quantize(_CENT, rounding=ROUND_HALF_UP)


def display_number(indicator, value) -> str:
    """Format ``value`` for a card or table cell, without the unit: "30.13", "4,467"."""
    shown = display_decimal(indicator, value)
    if shown is None:
        return "—"
    if indicator.value_type == indicator.ValueType.COUNT:
        return f"{shown:,.0f}"
    return f"{shown:,.2f}"


def completion(value, target) -> Decimal | None:
    """Return value / target, or None when there is no positive target."""
    v, t = to_decimal(value), to_decimal(target)
    if v is None or t is None or t <= 0:
        return None
    return v / t


def change(indicator, value, last) -> Decimal | None:
    """Return the year-on-year change: a fraction, or percentage points for a percentage."""
    v, p = to_decimal(value), to_decimal(last)
    if v is None or p is None:
        return None
    if indicator.value_type == indicator.ValueType.PERCENT:
        return (v - p) * 100
    if p == 0:
        return None
    return (v - p) / p


def change_text(indicator, delta) -> str:
    """Write a year-on-year change: "+12.34%", "-3.10%" or "+0.12 个百分点"."""
    if delta is None:
        return "—"
    sign = "+" if delta > 0 else ""
    if indicator.value_type == indicator.ValueType.PERCENT:
        return _("%(sign)s%(n)s 个百分点") % {"sign": sign, "n": delta.quantize(_CENT, rounding=ROUND_HALF_UP)}
    return f"{sign}{pct(delta)}"


def plain(value) -> str:
    """Write a Decimal without exponent or trailing zeros: 50, 8.5, 0.0327."""
    if value is None:
        return ""
    text = f"{Decimal(value):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
