"""Process parameters of SME evaluation and high-tech certification, as data.

The scoring rules are in ``enterprises.rules``; these are the details of the process
around them. Those marked UNCONFIRMED are readings the bureau may change (say so on the
page): they are one frozen dataclass so a bureau can swap ``CURRENT`` for its own.

- SME registration numbers (入库登记编号): format UNCONFIRMED; stored as text of 6-32
  letters, digits or hyphens, whose first four digits must be the evaluation year.
- SME validity: the registration is valid for its year; UNCONFIRMED reading: until
  31 December of the evaluation year. Re-evaluation reminders start on 1 January.
- High-tech certificates: "GR" + 12 digits, valid three years from the date of issue
  (the last day is the day before the third anniversary); reminders 6 and 3 months before.
- Annual report (年度发展情况报表) due by 31 May for the year before; reminders from 1 May
  and again on 20 May to those who have not reported.
- Each review step (county, city) is given 5 working days, shown on the reviewer's to-do.
- A class-II IP item used by an application that ends without a certificate (withdrawn,
  not recommended, not certified) is released for another application. UNCONFIRMED:
  工作指引 says a class-II item may be used once "in applying"; the bureau may choose to
  keep such items used (``release_ip_when_not_certified = False``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CertificationPolicy:
    name: str
    sme_number_pattern: str
    sme_number_year_prefix: bool
    publicity_working_days: int
    certificate_years: int
    expiry_reminder_months: tuple[int, ...]
    expiry_warning_days: int
    annual_report_due: tuple[int, int]  # (month, day) of the year after the report year
    annual_report_reminders: tuple[tuple[int, int], ...]  # (month, day) from which to remind
    sme_reminder_from: tuple[int, int]  # (month, day) re-evaluation reminders start
    release_ip_when_not_certified: bool
    attachment_max_bytes: int
    attachment_formats: tuple[str, ...]
    direct_export_limit: int
    review_working_days: int  # the time a review step is given, shown as the to-do's deadline


CERTIFICATION_DEFAULT = CertificationPolicy(
    name="科技型中小企业评价与高新技术企业认定办理规则（市科技局，部分细节待确认）",
    sme_number_pattern=r"^[0-9A-Za-z-]{6,32}$",
    sme_number_year_prefix=True,
    publicity_working_days=10,
    certificate_years=3,
    expiry_reminder_months=(6, 3),
    expiry_warning_days=183,
    annual_report_due=(5, 31),
    annual_report_reminders=((5, 1), (5, 20)),
    sme_reminder_from=(1, 1),
    release_ip_when_not_certified=True,
    attachment_max_bytes=20 * 1024 * 1024,
    attachment_formats=("pdf", "jpeg", "png"),
    direct_export_limit=2000,
    review_working_days=5,
)
CURRENT = CERTIFICATION_DEFAULT


def sme_valid_until(year: int) -> date:
    """Return the last day an SME registration of ``year`` is valid (31 December; unconfirmed)."""
    return date(year, 12, 31)


def sme_number_problem(number: str, year: int, policy: CertificationPolicy = CURRENT) -> str | None:
    """Say what is wrong with an SME registration number for ``year``, or None when it is acceptable."""
    number = (number or "").strip()
    if not number:
        return "请填写入库登记编号"
    if not re.fullmatch(policy.sme_number_pattern, number):
        return "入库登记编号只能由 6 至 32 位数字、字母或连字符组成"
    if policy.sme_number_year_prefix and number[:4] != str(year):
        return f"入库登记编号的前 4 位应为评价年度 {year}，而不是 {number[:4]}"
    return None


def add_years(day: date, years: int) -> date:
    """Return the same day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def add_months(day: date, months: int) -> date:
    """Return the same day ``months`` later or earlier, clipped to the month's last day."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)


def certificate_expiry(issued_on: date, policy: CertificationPolicy = CURRENT) -> date:
    """Return the last day of a certificate issued on ``issued_on`` (three years less a day)."""
    from datetime import timedelta

    return add_years(issued_on, policy.certificate_years) - timedelta(days=1)
