"""Reminders (提醒) sent by the daily beat task; each is recorded so a rerun never repeats it.

- High-tech certificates: 6 and 3 months before the last day (``expiry_reminder_months``);
  a certificate first seen inside the 3-month window gets only the 3-month reminder.
- Annual development report (年度发展情况报表): from 1 May, and again from 20 May, to every
  enterprise whose certificate was in force in the report year and that has not reported.
- SME re-evaluation: from 1 January, to every enterprise registered last year that has not
  opened this year's evaluation (the registration number is valid for its year only).
"""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import HighTechCertificate, SentReminder, SmeEvaluation
from ..policy import CURRENT, add_months
from .common import tell_members


def _once(organization, kind: str, key: str) -> bool:
    """Record the reminder; return False when it was already sent."""
    try:
        with transaction.atomic():
            SentReminder.objects.create(organization=organization, kind=kind, key=key)
    except IntegrityError:
        return False
    return True


def send_expiry_reminders(*, today: date | None = None) -> int:
    """Remind the holders of certificates ending within 6 (then 3) months; return how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    windows = sorted(CURRENT.expiry_reminder_months)  # 3, 6: the nearest window first
    seen: set[int] = set()
    for months in windows:
        end = add_months(today, months)
        certificates = (
            HighTechCertificate.objects.expiring_between(today, end).select_related("organization").order_by("pk")
        )
        for cert in certificates:
            if cert.pk in seen:
                continue
            seen.add(cert.pk)
            with transaction.atomic():
                if not _once(cert.organization, SentReminder.Kind.CERT_EXPIRY, f"{cert.number}:{months}"):
                    continue
                # A nearer reminder makes the farther ones moot.
                for farther in (m for m in windows if m > months):
                    _once(cert.organization, SentReminder.Kind.CERT_EXPIRY, f"{cert.number}:{farther}")
                tell_members(
                    organization=cert.organization,
                    title=_("高新技术企业证书将于 %(day)s 到期（不足 %(m)s 个月）")
                    % {"day": cert.expires_on, "m": months},
                    body=_(
                        "证书 %(n)s 有效期至 %(day)s，到期后资格自动失效，不能续期。如需继续享受高新技术企业政策，"
                        "请提前做好重新认定申报准备。"
                    )
                    % {"n": cert.number, "day": cert.expires_on},
                    url=reverse("certification:certificate-detail", args=[cert.pk]),
                )
                sent += 1
    return sent


def _reminder_round(today: date) -> int | None:
    """Return which annual-report reminder round ``today`` is in (1, 2...), or None outside the window."""
    due = date(today.year, *CURRENT.annual_report_due)
    if today > due:
        return None
    rounds = [i for i, (m, d) in enumerate(CURRENT.annual_report_reminders, start=1) if date(today.year, m, d) <= today]
    return rounds[-1] if rounds else None


def send_annual_report_reminders(*, today: date | None = None) -> int:
    """Remind certified enterprises that have not recorded last year's annual report; return how many."""
    today = today or timezone.localdate()
    round_no = _reminder_round(today)
    if round_no is None:
        return 0
    report_year = today.year - 1
    due = date(today.year, *CURRENT.annual_report_due)
    certificates = (
        HighTechCertificate.objects.filter(
            status=HighTechCertificate.Status.VALID,
            issued_on__lte=date(report_year, 12, 31),
            expires_on__gte=date(report_year, 1, 1),
        )
        .exclude(annual_reports__year=report_year)
        .select_related("organization")
        .order_by("pk")
    )
    sent = 0
    for cert in certificates:
        with transaction.atomic():
            if not _once(cert.organization, SentReminder.Kind.ANNUAL_REPORT, f"{report_year}:{round_no}:{cert.number}"):
                continue
            tell_members(
                organization=cert.organization,
                title=_("请于 %(due)s 前填报 %(year)s 年度高新技术企业发展情况报表")
                % {"due": due, "year": report_year},
                body=_(
                    "高新技术企业应每年 5 月底前在“高新技术企业认定管理工作网”填报上一年度知识产权、科技人员、"
                    "研发费用、经营收入等年度发展情况报表；连续两年未填报的，将被取消高新技术企业资格。"
                    "填报后请在本平台登记。"
                ),
                url=reverse("certification:certificate-detail", args=[cert.pk]),
            )
            sent += 1
    return sent


def send_reevaluation_reminders(*, today: date | None = None) -> int:
    """Remind last year's registered SMEs that have not opened this year's evaluation; return how many."""
    today = today or timezone.localdate()
    if (today.month, today.day) < CURRENT.sme_reminder_from:
        return 0
    year = today.year
    started = SmeEvaluation.objects.live().filter(year=year).values("organization_id")
    previous = (
        SmeEvaluation.objects.registered_for(year - 1)
        .exclude(organization_id__in=started)
        .select_related("organization")
        .order_by("pk")
    )
    sent = 0
    for evaluation in previous:
        with transaction.atomic():
            if not _once(evaluation.organization, SentReminder.Kind.SME_REEVALUATE, str(year)):
                continue
            tell_members(
                organization=evaluation.organization,
                title=_("请开展 %(year)s 年度科技型中小企业评价") % {"year": year},
                body=_("贵单位 %(old)s 年度入库登记编号 %(n)s 仅在当年有效，请及时填报 %(year)s 年度评价信息。")
                % {"old": year - 1, "n": evaluation.registration_number, "year": year},
                url=reverse("certification:sme-list"),
            )
            sent += 1
    return sent


def send_all(*, today: date | None = None) -> dict:
    return {
        "expiry": send_expiry_reminders(today=today),
        "annual_report": send_annual_report_reminders(today=today),
        "sme": send_reevaluation_reminders(today=today),
    }
