"""Reporting periods (统计期): month, quarter, half-year, year and year-to-date.

A period is written as a short key in URLs, the API and imports:

    2020-M06   June 2020                 2020年6月
    2020-Q2    second quarter of 2020    2020年第二季度
    2020-H1    first half of 2020        2020年上半年
    2020-Y     the year 2020             2020年
    2020-YTD06 January to June 2020      2020年1-6月

No database access: periods are values, computed the same in Python and in SQL.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

QUARTER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四"}


class PeriodType(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    HALF = "half", _("半年")
    YEAR = "year", _("年度")
    YTD = "ytd", _("年初至今累计")


# How many numbered periods each type has in a year (the year itself is number 1).
PERIODS_PER_YEAR = {
    PeriodType.MONTH: 12,
    PeriodType.QUARTER: 4,
    PeriodType.HALF: 2,
    PeriodType.YEAR: 1,
    PeriodType.YTD: 12,
}
_KEY = re.compile(
    r"^(?P<year>\d{4})-(?:(?P<m>M)(?P<mn>\d{1,2})|(?P<q>Q)(?P<qn>[1-4])|(?P<h>H)(?P<hn>[12])|(?P<y>Y)|YTD(?P<tn>\d{1,2}))$"
)


class BadPeriod(ValueError):
    """The text is not a period key such as 2020-H1."""


@dataclass(frozen=True, order=True)
class Period:
    """One reporting period: its type, its year and its number within the year."""

    year: int
    type: str
    number: int = 1

    def __post_init__(self):
        if self.type not in PERIODS_PER_YEAR:
            raise BadPeriod(f"unknown period type {self.type!r}")
        if not 1 <= self.number <= PERIODS_PER_YEAR[self.type]:
            raise BadPeriod(f"{self.type} number {self.number} out of range")
        if not 1900 <= self.year <= 2999:
            raise BadPeriod(f"year {self.year} out of range")

    # --- constructors ----------------------------------------------------------------

    @classmethod
    def parse(cls, key: str) -> Period:
        """Return the period written as ``key`` (``2020-H1``); raise ``BadPeriod`` otherwise."""
        match = _KEY.match((key or "").strip().upper())
        if not match:
            raise BadPeriod(key)
        year = int(match["year"])
        if match["m"]:
            return cls(year, PeriodType.MONTH, int(match["mn"]))
        if match["q"]:
            return cls(year, PeriodType.QUARTER, int(match["qn"]))
        if match["h"]:
            return cls(year, PeriodType.HALF, int(match["hn"]))
        if match["y"]:
            return cls(year, PeriodType.YEAR, 1)
        return cls(year, PeriodType.YTD, int(match["tn"]))

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(year, PeriodType.MONTH, month)

    @classmethod
    def whole_year(cls, year: int) -> Period:
        return cls(year, PeriodType.YEAR, 1)

    # --- properties ------------------------------------------------------------------

    @property
    def key(self) -> str:
        suffix = {
            PeriodType.MONTH: f"M{self.number:02d}",
            PeriodType.QUARTER: f"Q{self.number}",
            PeriodType.HALF: f"H{self.number}",
            PeriodType.YEAR: "Y",
            PeriodType.YTD: f"YTD{self.number:02d}",
        }[self.type]
        return f"{self.year}-{suffix}"

    @property
    def months(self) -> tuple[int, int]:
        """Return the first and last month (1-12) the period covers."""
        n = self.number
        return {
            PeriodType.MONTH: (n, n),
            PeriodType.QUARTER: (3 * n - 2, 3 * n),
            PeriodType.HALF: (6 * n - 5, 6 * n),
            PeriodType.YEAR: (1, 12),
            PeriodType.YTD: (1, n),
        }[self.type]

    @property
    def start(self) -> date:
        return date(self.year, self.months[0], 1)

    @property
    def end(self) -> date:
        """Return the last day of the period (inclusive)."""
        last = self.months[1]
        return date(self.year, last, calendar.monthrange(self.year, last)[1])

    @property
    def label(self) -> str:
        """Return the period as bureaus write it: 2020年上半年, 2020年1-6月."""
        y, n = self.year, self.number
        if self.type == PeriodType.MONTH:
            return f"{y}年{n}月"
        if self.type == PeriodType.QUARTER:
            return f"{y}年第{QUARTER_NAMES[n]}季度"
        if self.type == PeriodType.HALF:
            return f"{y}年{'上' if n == 1 else '下'}半年"
        if self.type == PeriodType.YEAR:
            return f"{y}年"
        return f"{y}年1月" if n == 1 else f"{y}年1-{n}月"

    def same_period_last_year(self) -> Period:
        return Period(self.year - 1, self.type, self.number)

    def __str__(self) -> str:
        return self.label


def periods_of_year(year: int) -> list[Period]:
    """Return every period of ``year``, longest first, as offered in period pickers."""
    out = [Period.whole_year(year)]
    out += [Period(year, PeriodType.HALF, n) for n in (1, 2)]
    out += [Period(year, PeriodType.QUARTER, n) for n in range(1, 5)]
    out += [Period(year, PeriodType.YTD, n) for n in range(1, 13)]
    out += [Period.month(year, n) for n in range(1, 13)]
    return out


def month_starts(first: date, last: date) -> list[date]:
    """Return the first day of every month from ``first``'s month to ``last``'s month."""
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
