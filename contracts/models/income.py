"""Technical-income verification (技术性收入核定) and its workflow.

  submitted ──confirm──▶ confirmed
      │   ▲
return_for_correction │ resubmit
      ▼   │
    returned
"""

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from bureau.core.scoping import ScopedQuerySet
from bureau.core.workflow import FSMField, WorkflowModel

from .contract import MONEY, _is_seller


def _is_seller_of_contract(verification, user) -> bool:
    return _is_seller(verification.contract, user)


def _is_registrar_of_contract(verification, user) -> bool:
    office = verification.contract.office
    return office is not None and office.is_registrar(user)


class IncomeQuerySet(ScopedQuerySet):
    region_path = "contract__seller_region"
    organization_path = "contract__seller"

    def for_list(self):
        return self.select_related("contract", "contract__seller_region")


@pghistory.track()
class IncomeVerification(WorkflowModel):
    """A seller's declaration of money received under a registered contract, for confirmation."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("待核定")
        RETURNED = "returned", _("退回修改")
        CONFIRMED = "confirmed", _("已核定")

    status_styles = {"returned": "warning", "confirmed": "success"}
    progress_steps = (Status.SUBMITTED, Status.CONFIRMED)

    contract = models.ForeignKey(
        "contracts.TechnologyContract",
        verbose_name=_("技术合同"),
        on_delete=models.PROTECT,
        related_name="income_verifications",
    )
    period_start = models.DateField(_("收入期间起"))
    period_end = models.DateField(_("收入期间止"))
    received_amount = models.DecimalField(_("本期实际到账金额（元）"), **MONEY)
    technical_income = models.DecimalField(_("本期技术性收入（元）"), **MONEY)
    invoice_numbers = models.CharField(_("发票号码"), max_length=255, blank=True, help_text=_("多张发票用逗号分隔。"))
    note = models.TextField(_("说明"), blank=True)
    confirmed_technical_income = models.DecimalField(_("核定技术性收入（元）"), null=True, blank=True, **MONEY)
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申报人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(_("申报时间"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核定人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("核定时间"), null=True, blank=True)

    objects = IncomeQuerySet.as_manager()

    class Meta:
        verbose_name = _("技术性收入核定")
        verbose_name_plural = _("技术性收入核定")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(technical_income__lte=models.F("received_amount")),
                name="contracts_income_technical_le_received",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="contracts_income_period_order"
            ),
        ]
        indexes = [models.Index(fields=["status", "submitted_at"], name="contracts_income_status_idx")]

    def __str__(self):
        return f"{self.contract} {self.period_start:%Y-%m-%d}～{self.period_end:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("contracts:income-detail", args=[self.pk])

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.CONFIRMED,
        permission=_is_registrar_of_contract,
        custom={
            "label": _("确认核定"),
            "style": "success",
            "fields": ["confirmed_technical_income", "confirmed_by", "confirmed_at"],
        },
    )
    def confirm(self, *, actor, comment="", amount):
        self.confirmed_technical_income = amount
        self.confirmed_by = actor
        self.confirmed_at = timezone.now()

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.RETURNED,
        permission=_is_registrar_of_contract,
        custom={"label": _("退回修改"), "style": "warning", "needs_comment": True},
    )
    def return_for_correction(self, *, actor, comment=""):
        pass

    @transition(
        field=status,
        source=Status.RETURNED,
        target=Status.SUBMITTED,
        permission=_is_seller_of_contract,
        custom={
            "label": _("重新提交"),
            "fields": ["received_amount", "technical_income", "invoice_numbers", "note", "submitted_at"],
        },
    )
    def resubmit(self, *, actor, comment=""):
        self.submitted_at = timezone.now()
