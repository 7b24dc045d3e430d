"""梯度培育 (gradient cultivation): the high-tech reserve pool, the nightly stage rollup, reminders sent.

Stages follow ``enterprises.rules.cultivation.Stage``. An organization's stage for a year
comes from the records of this app (SME registration, reserve entry, certificate) and the
registry (its tier); ``CultivationStatus`` keeps, per organization and year, the stage,
the next target and the gaps found by ``cultivation.next_stage_gaps``, so the pipeline
page lists candidates without running the rules for 50,000 organizations per request.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from bureau.core.scoping import ScopedQuerySet
from bureau.core.workflow import FSMField, WorkflowModel
from enterprises.rules.cultivation import STAGE_CHOICES

from .. import permissions as perm
from .sme import YEAR_VALIDATORS


def _reviewer_over(instance, user) -> bool:
    return perm.is_county_officer_over(user, instance.organization) or perm.is_city_officer(user)


class ReserveEntryQuerySet(ScopedQuerySet):
    region_path = "organization__region"
    organization_path = "organization"

    def active(self):
        return self.filter(status=ReserveEntry.Status.ACTIVE)

    def with_relations(self):
        return self.select_related(
            "organization",
            "organization__region",
            "organization__industry",
            "organization__industry__parent",
            "added_by",
        )


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class ReserveEntry(WorkflowModel):
    """An enterprise in the high-tech reserve pool (高企后备库): not yet qualified, cultivated."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("在库培育")
        GRADUATED = "graduated", _("已认定高企")
        REMOVED = "removed", _("已移出")

    status_styles = {"active": "primary", "graduated": "success", "removed": "secondary"}

    organization = models.ForeignKey(
        "enterprises.Organization", verbose_name=_("企业"), on_delete=models.PROTECT, related_name="reserve_entries"
    )
    year = models.PositiveSmallIntegerField(_("入库年度"), validators=YEAR_VALIDATORS)
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    note = models.CharField(_("培育说明"), max_length=300, blank=True, help_text=_("如：研发投入不足，计划明年申报。"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("入库经办人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_on = models.DateField(_("入库日期"), default=timezone.localdate)
    ended_on = models.DateField(_("出库日期"), null=True, blank=True)
    end_reason = models.CharField(_("出库原因"), max_length=300, blank=True)

    objects = ReserveEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("高企后备库企业")
        verbose_name_plural = _("高企后备库企业")
        ordering = ["-added_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(status="active"),
                name="reserve_one_active_per_org",
                violation_error_message=_("该企业已在高企后备库中。"),
            ),
        ]
        indexes = [models.Index(fields=["status", "year"]), models.Index(fields=["added_on"])]

    def __str__(self):
        return f"{self.organization}（{self.year}年入库）"

    @transition(
        field=status,
        source=Status.ACTIVE,
        target=Status.REMOVED,
        permission=_reviewer_over,
        custom={
            "label": _("移出后备库"),
            "style": "outline-danger",
            "needs_comment": True,
            "fields": ["ended_on", "end_reason"],
        },
    )
    def remove(self, *, actor, comment=""):
        self.ended_on = timezone.localdate()
        self.end_reason = comment

    @transition(
        field=status,
        source=Status.ACTIVE,
        target=Status.GRADUATED,
        permission=perm.system,
        custom={"label": _("认定为高新技术企业"), "fields": ["ended_on", "end_reason"]},
    )
    def graduate(self, *, actor, comment=""):
        self.ended_on = timezone.localdate()
        self.end_reason = comment


class CultivationStatusQuerySet(ScopedQuerySet):
    region_path = "region"
    organization_path = None  # staff only

    def with_relations(self):
        return self.select_related("organization", "organization__industry", "organization__industry__parent", "region")


class CultivationStatus(models.Model):
    """Where an organization stands in the pipeline for a year, and its gaps to the next stage.

    A rollup (汇总) rebuilt by ``refresh_cultivation`` (nightly, or on demand); never edited.
    """

    organization = models.ForeignKey(
        "enterprises.Organization", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    region = models.ForeignKey("regions.Region", verbose_name=_("县市区"), on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(_("当前阶段"), max_length=24, choices=STAGE_CHOICES)
    target_stage = models.CharField(_("下一目标"), max_length=24, choices=STAGE_CHOICES, blank=True)
    candidate = models.BooleanField(_("已达下一阶段条件"), default=False)
    gaps = models.JSONField(_("差距"), default=list, blank=True)
    gap_count = models.PositiveSmallIntegerField(_("差距项数"), default=0)
    computed_at = models.DateTimeField(_("计算时间"))

    objects = CultivationStatusQuerySet.as_manager()

    class Meta:
        verbose_name = _("梯度培育状态")
        verbose_name_plural = _("梯度培育状态")
        ordering = ["year", "organization"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="cultivation_unique_org_year"),
        ]
        indexes = [
            models.Index(fields=["year", "target_stage", "candidate", "gap_count"]),
            models.Index(fields=["year", "region", "stage"]),
        ]

    def __str__(self):
        return f"{self.organization} {self.year} {self.get_stage_display()}"


class SentReminder(models.Model):
    """A reminder already sent (提醒记录), so a daily task run twice never sends it twice."""

    class Kind(models.TextChoices):
        CERT_EXPIRY = "cert_expiry", _("高企证书到期提醒")
        ANNUAL_REPORT = "annual_report", _("高企年报填报提醒")
        SME_REEVALUATE = "sme_reevaluate", _("科技型中小企业年度评价提醒")

    organization = models.ForeignKey(
        "enterprises.Organization", verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("提醒类型"), max_length=16, choices=Kind.choices)
    key = models.CharField(_("提醒批次"), max_length=64, help_text=_("如证书编号与提前月数、年报年度。"))
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "key"], name="reminder_unique_per_key"),
        ]

    def __str__(self):
        return f"{self.organization} {self.get_kind_display()} {self.key}"
