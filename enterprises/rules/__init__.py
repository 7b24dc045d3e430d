"""Enterprise policy rules (企业认定政策规则) as pure functions.

- ``sme``: 科技型中小企业评价 (国科发政〔2017〕115号, 国科火字〔2022〕67号), DESIGN.md 4.1
- ``hightech``: 高新技术企业认定 (国科发火〔2016〕32号, 国科发火〔2016〕195号), DESIGN.md 4.2
- ``ip``: 知识产权 kinds and their class (Ⅰ类 / Ⅱ类)
- ``cultivation``: 梯度培育 stages and the gap to the next one

Each rule takes a dataclass of facts and returns a result dataclass; thresholds live in a
frozen policy-version dataclass passed as an optional argument. No Django and no database:
money is ``Decimal`` yuan, ratios are ``Decimal`` fractions (``Decimal("0.05")`` is 5%) and
are only turned into text ("5.00%") at the edge, by the helpers below, which the rule
modules share. Reasons and gaps are Simplified Chinese sentences ready to show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_DOWN, ROUND_HALF_UP, ROUND_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")
WAN = Decimal(10_000)
YI = Decimal(100_000_000)


@dataclass(frozen=True)
class Band:
    """A scoring band: a value at or above ``floor`` (and below the next band up) scores ``points``."""

    floor: Decimal
    points: int


@dataclass(frozen=True)
class Indicator:
    """One scored indicator, as shown in a live score preview (指标、实际值、所在档次、得分、满分)."""

    code: str
    name: str
    actual: str
    band: str
    score: int
    max_score: int
    counted: bool = True  # False for the R&D measure that is shown but not used
    note: str = ""


@dataclass(frozen=True)
class Gap:
    """Something missing for a threshold, in plain words, with the amount when there is one.

    ``unit`` is one of "yuan", "person", "pp" (percentage points, as a fraction), "item",
    "point", "day" or "" (a yes/no condition). ``pending`` marks something not yet decided
    (e.g. awaiting the experts' score) rather than a shortfall.
    """

    code: str
    text: str
    amount: Decimal | None = None
    unit: str = ""
    pending: bool = False

    def __str__(self) -> str:
        return self.text


def band_points(value: Decimal, bands: Sequence[Band]) -> int:
    """Return the points of the highest band whose floor ``value`` reaches, else 0."""
    for band in bands:  # bands are listed from the highest floor down
        if value >= band.floor:
            return band.points
    return 0


def next_band(value: Decimal, bands: Sequence[Band]) -> Band | None:
    """Return the band just above the one ``value`` is in, or None when it is in the top band."""
    for band in reversed(bands):
        if value < band.floor:
            return band
    return None


def ratio(part: Decimal, whole: Decimal) -> Decimal | None:
    """Return ``part / whole``, or None when ``whole`` is zero or negative (no meaningful share)."""
    if whole <= 0:
        return None
    return Decimal(part) / Decimal(whole)


def ceil_cent(amount: Decimal) -> Decimal:
    """Round a shortfall in yuan up to the cent, so that adding it is always enough."""
    return amount.quantize(CENT, rounding=ROUND_CEILING)


def plain(number: Decimal | int) -> str:
    """Write a number without trailing zeros or exponent: 0.30 -> "0.3", 1E+2 -> "100"."""
    text = format(Decimal(number).normalize(), "f")
    return text


def pct(fraction: Decimal | None) -> str:
    """Write a fraction as a percentage with two decimals: 0.036 -> "3.60%".

    Truncated, not rounded: 5.999% shows as "5.99%", so a share that misses a 6% band never
    reads "6.00%" next to the lower score.
    """
    if fraction is None:
        return "—"
    shown = (fraction * HUNDRED).quantize(CENT, rounding=ROUND_DOWN) + 0  # + 0 turns -0.00 into 0.00
    return f"{shown}%"


def pct_limit(fraction: Decimal) -> str:
    """Write a policy threshold as a short percentage: 0.30 -> "30%", 0.035 -> "3.5%"."""
    return f"{plain(fraction * HUNDRED)}%"


def points_gap(fraction: Decimal) -> str:
    """Write a shortfall in percentage points, rounded up: 0.01401 -> "1.41 个百分点"."""
    shown = (fraction * HUNDRED).quantize(CENT, rounding=ROUND_UP)
    return f"{shown} 个百分点"


def yuan(amount: Decimal) -> str:
    """Write yuan exactly, with thousands separators: 200000000.01 -> "200,000,000.01 元"."""
    return f"{amount.quantize(CENT, rounding=ROUND_HALF_UP):,.2f} 元"


def money(amount: Decimal, *, round_up: bool = False) -> str:
    """Write an amount in 万元 from 1 万 up ("120.00 万元"), else in 元.

    ``round_up`` is for shortfalls: the shown figure is never less than what is missing.
    """
    rounding = ROUND_UP if round_up else ROUND_HALF_UP
    if abs(amount) >= WAN:
        return f"{(amount / WAN).quantize(CENT, rounding=rounding):,.2f} 万元"
    return f"{amount.quantize(CENT, rounding=rounding):,.2f} 元"


def money_limit(amount: Decimal) -> str:
    """Write a round policy limit the way the documents do: 2E8 -> "2 亿元", 5E7 -> "5000 万元"."""
    if amount and amount % YI == 0:
        return f"{plain(amount / YI)} 亿元"
    if amount and amount % WAN == 0:
        return f"{plain(amount / WAN)} 万元"
    return yuan(amount)


def band_label(value: Decimal, bands: Sequence[Band], fmt) -> str:
    """Describe the band ``value`` falls in: "≥30%", "25%（含）至30%" or "<10%"."""
    ceiling = None
    for band in bands:
        if value >= band.floor:
            if ceiling is None:
                return f"≥{fmt(band.floor)}"
            return f"{fmt(band.floor)}（含）至{fmt(ceiling)}"
        ceiling = band.floor
    return f"<{fmt(bands[-1].floor)}"
