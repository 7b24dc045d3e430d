"""高新技术企业证书 (high-tech enterprise certificate) as the province issues it, and its annual reports.

Transitions of the certificate: valid ──cancel──▶ cancelled (expiry is a date, not a state).
"""

from __future__ import annotations

from datetime import date

import pghistory
from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from bureau.core.scoping import ScopedQuerySet
from bureau.core.workflow import FSMField, WorkflowModel

from .. import permissions as perm
from .common import YEAR_VALIDATORS, OrganizationRecordQuerySet

CERTIFICATE_NUMBER = RegexValidator(
    r"^GR[0-9]{12}$", _("证书编号应为“GR”加 12 位数字，如 GR202343001234。"), code="bad_certificate_number"
)


class HighTechCertificateQuerySet(OrganizationRecordQuerySet):
    def search_condition(self, text: str) -> models.Q:
        """Match also the start of the certificate number (证书编号)."""
        return super().search_condition(text) | models.Q(number__startswith=text.upper())

    def valid_on(self, day: date):
        """Return the certificates in force on ``day``: not cancelled, within their three years."""
        return self.filter(status=HighTechCertificate.Status.VALID, issued_on__lte=day, expires_on__gte=day)

    def expiring_between(self, start: date, end: date):
        """Return certificates in force whose last day falls between ``start`` and ``end``."""
        return self.filter(status=HighTechCertificate.Status.VALID, expires_on__gte=start, expires_on__lte=end)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class HighTechCertificate(WorkflowModel):
    """A high-tech enterprise certificate (高新技术企业证书) issued by the province, recorded by the city.

    Valid three years from its date (``expires_on`` is the day before the third anniversary);
    there is no renewal: the enterprise re-applies. Expiry is a date, not a state, so a list
    filtered "in force on a day" needs no nightly job.
    """

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        CANCELLED = "cancelled", _("已取消资格")

    class Source(models.TextChoices):
        ENTERED = "entered", _("逐条录入")
        IMPORTED = "imported", _("名单导入")

    status_styles = {"valid": "success", "cancelled": "danger"}

    organization = models.ForeignKey(
        "enterprises.Organization",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="hightech_certificates",
    )
    application = models.OneToOneField(
        "certification.HighTechApplication",
        verbose_name=_("认定申请"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificate",
    )
    number = models.CharField(_("证书编号"), max_length=14, unique=True, validators=[CERTIFICATE_NUMBER])
    issued_on = models.DateField(_("发证日期"))
    expires_on = models.DateField(_("有效期至"))
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.VALID)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.ENTERED)
    batch = models.CharField(_("认定批次"), max_length=100, blank=True, help_text=_("如“湖南省2026年第一批”。"))
    cancel_reason = models.TextField(_("取消资格原因"), blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = HighTechCertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("高新技术企业证书")
        verbose_name_plural = _("高新技术企业证书")
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_on__gt=models.F("issued_on")), name="certificate_expires_after_issue"
            ),
            models.CheckConstraint(
                condition=models.Q(number__regex=r"^GR[0-9]{12}$"), name="certificate_number_format"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "expires_on"]),
            models.Index(fields=["organization", "-issued_on"]),
            models.Index(fields=["issued_on"]),
        ]

    def __str__(self):
        return f"{self.number} {self.organization}"

    def validity(self, today: date) -> str:
        """Return "valid", "expiring" (within six months), "expired", "cancelled" or "future"."""
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if today < self.issued_on:
            return "future"
        if today > self.expires_on:
            return "expired"
        from ..policy import CURRENT

        if (self.expires_on - today).days <= CURRENT.expiry_warning_days:
            return "expiring"
        return "valid"

    @transition(
        field=status,
        source=Status.VALID,
        target=Status.CANCELLED,
        permission=perm.city,
        custom={
            "label": _("取消高新技术企业资格"),
            "style": "danger",
            "needs_comment": True,
            "fields": ["cancel_reason", "cancelled_at"],
        },
    )
    def cancel(self, *, actor, comment=""):
        self.cancel_reason = comment
        self.cancelled_at = timezone.now()


class AnnualReportQuerySet(ScopedQuerySet):
    region_path = "certificate__organization__region"
    organization_path = "certificate__organization"


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class AnnualReport(models.Model):
    """That a certified enterprise filed its annual development report (年度发展情况报表) for a year.

    The report itself is filed in the national system by the end of May; the city only
    tracks that it was done, to remind those who have not and to spot two missed years.
    """

    certificate = models.ForeignKey(
        HighTechCertificate, verbose_name=_("证书"), on_delete=models.CASCADE, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("报告年度"), validators=YEAR_VALIDATORS)
    reported_on = models.DateField(_("填报日期"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("高企年报填报记录")
        verbose_name_plural = _("高企年报填报记录")
        ordering = ["certificate", "-year"]
        constraints = [models.UniqueConstraint(fields=["certificate", "year"], name="annual_report_unique_year")]

    def __str__(self):
        return f"{self.certificate.number} {self.year}"
