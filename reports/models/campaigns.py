"""Data-collection campaigns (填报任务): a form staff send to chosen organizations.

A campaign has its fields (a small form builder), a filter choosing the organizations
it targets, and a deadline. Publishing it creates one ``Answer`` per targeted
organization (empty until the organization answers) and a to-do for its members.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from bureau.accounts.models import Role
from bureau.core.models import OptimisticLockModel
from bureau.core.scoping import ScopedQuerySet
from bureau.core.workflow import FSMField, WorkflowModel


def _runs_campaigns(instance, user) -> bool:
    return bool(user.roles & {Role.CITY_STAFF, Role.ADMINISTRATOR})


class CampaignQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see every campaign; applicants those addressed to their organizations."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.is_staff_member:
            return self
        if user.has_role(Role.APPLICANT):
            mine = Answer.objects.filter(organization__memberships__user=user).values("campaign_id")
            return self.exclude(status=Campaign.Status.DRAFT).filter(pk__in=mine)
        return self.none()

    def open(self):
        return self.filter(status=Campaign.Status.OPEN)


class Campaign(WorkflowModel):
    """A data-collection campaign (填报任务), e.g. the yearly R&D filing or a survey."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        OPEN = "open", _("填报中")
        CLOSED = "closed", _("已结束")

    class Kind(models.TextChoices):
        RD_FILING = "rd_filing", _("研发投入数据填报")
        SURVEY = "survey", _("专项调查")
        OTHER = "other", _("其他填报")

    status_styles = {"draft": "secondary", "open": "primary", "closed": "secondary"}
    progress_steps = ("draft", "open", "closed")

    title = models.CharField(_("任务名称"), max_length=128)
    kind = models.CharField(_("任务类型"), max_length=16, choices=Kind.choices, default=Kind.SURVEY)
    description = models.TextField(_("填报说明"), blank=True)
    data_year = models.PositiveSmallIntegerField(
        _("数据年度"), null=True, blank=True, help_text=_("研发投入填报所属的年度，如 2025 年度数据。")
    )
    opens_on = models.DateField(_("开始日期"), default=timezone.localdate)
    deadline = models.DateField(_("截止日期"), help_text=_("截止日当天 24 时前可以填报和修改。"))
    target_filter = models.JSONField(_("填报对象条件"), default=dict, blank=True)
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, protected=False)
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("负责科室"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("最近催报时间"), null=True, blank=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("填报任务")
        verbose_name_plural = _("填报任务")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("opens_on")), name="reports_campaign_dates"
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return self.title

    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.OPEN,
        permission=_runs_campaigns,
        custom={"label": _("发布"), "fields": ["published_at"]},
    )
    def publish(self, *, actor, comment="", **kwargs):
        self.published_at = timezone.now()

    @transition(
        field=status,
        source=Status.OPEN,
        target=Status.CLOSED,
        permission=_runs_campaigns,
        custom={"label": _("结束填报"), "style": "secondary", "fields": ["closed_at"]},
    )
    def close(self, *, actor, comment="", **kwargs):
        self.closed_at = timezone.now()

    @property
    def is_past_deadline(self) -> bool:
        return timezone.localdate() > self.deadline

    @property
    def accepts_answers(self) -> bool:
        """Whether organizations may answer or change their answer now."""
        return self.status == self.Status.OPEN and not self.is_past_deadline


class CampaignField(models.Model):
    """One question of a campaign's form: text, number, yes/no, a choice or money in 元."""

    class Type(models.TextChoices):
        TEXT = "text", _("文本")
        NUMBER = "number", _("数字")
        YES_NO = "yes_no", _("是/否")
        CHOICE = "choice", _("单选")
        MONEY = "money", _("金额（元）")

    campaign = models.ForeignKey(Campaign, verbose_name=_("填报任务"), on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(_("字段代码"), max_length=32)
    label = models.CharField(_("问题"), max_length=128)
    field_type = models.CharField(_("类型"), max_length=16, choices=Type.choices, default=Type.TEXT)
    required = models.BooleanField(_("必填"), default=True)
    choices = models.TextField(_("选项"), blank=True, help_text=_("单选题的选项，每行一个。"))
    help_text = models.CharField(_("填写说明"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    maps_to = models.CharField(
        _("写入单位年度数据"),
        max_length=32,
        blank=True,
        help_text=_("研发投入填报：市局确认后，把该项写入单位该年度数据的哪一栏（如研发费用总额）。"),
    )

    class Meta:
        verbose_name = _("填报字段")
        verbose_name_plural = _("填报字段")
        ordering = ["campaign", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "key"], name="reports_field_unique_key")]

    def __str__(self):
        return self.label

    @property
    def choice_list(self) -> list[str]:
        return [line.strip() for line in self.choices.splitlines() if line.strip()]


class AnswerQuerySet(ScopedQuerySet):
    region_path = "organization__region"
    organization_path = "organization"

    def answered(self):
        return self.filter(submitted_at__isnull=False)

    def unanswered(self):
        return self.filter(submitted_at__isnull=True)

    def with_organization(self):
        return self.select_related("organization", "organization__region", "submitted_by")


@pghistory.track()
class Answer(OptimisticLockModel):
    """One targeted organization's answer (填报回执); empty until it answers."""

    campaign = models.ForeignKey(Campaign, verbose_name=_("填报任务"), on_delete=models.CASCADE, related_name="answers")
    organization = models.ForeignKey(
        "enterprises.Organization", verbose_name=_("填报单位"), on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(_("填报内容"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("下发时间"), auto_now_add=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        verbose_name = _("填报回执")
        verbose_name_plural = _("填报回执")
        ordering = ["campaign", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "organization"], name="reports_answer_one_per_org"),
        ]
        indexes = [
            models.Index(fields=["campaign", "submitted_at"]),
            models.Index(fields=["organization"]),
        ]

    def __str__(self):
        return f"{self.campaign} · {self.organization}"

    @property
    def is_answered(self) -> bool:
        return self.submitted_at is not None
