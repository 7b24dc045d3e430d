"""Project applications (项目申报) and their workflow, readable in one place.

    draft ──submit──▶ submitted ──accept──▶ accepted ──approve──▶ approved (立项)
      ▲                  │                     └──reject──▶ rejected (不予立项)
      └──resubmit── returned ◀──return──┘
    draft / submitted / returned ──withdraw──▶ withdrawn

Expert review, ranking and 立项公示 sit between ``accepted`` and ``approve``; they
arrive with the expert-review work. Funded amounts are what the bureau approved, not
what was requested. ``projects.services`` check the window and the numbers and call
``run_transition``; nothing sets ``status`` directly.
"""

import pghistory
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from bureau.accounts.models import Role
from bureau.core.scoping import ScopedQuerySet
from bureau.core.workflow import FSMField, WorkflowModel

from .calls import MONEY, ProjectCall, ProjectCategory


def _is_applicant(application, user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.has_role(Role.APPLICANT):
        return False
    return user.memberships.filter(organization_id=application.organization_id).exists()


def _is_city_staff(application, user) -> bool:
    return getattr(user, "is_authenticated", False) and user.has_role(Role.CITY_STAFF)


class ProjectApplicationQuerySet(ScopedQuerySet):
    region_path = "region"
    organization_path = "organization"

    def visible_to(self, user):
        """Return the applications ``user`` may see; a draft stays private to its organization."""
        visible = super().visible_to(user)
        if not getattr(user, "is_authenticated", False):
            return visible
        own = user.memberships.values("organization_id")
        return visible.exclude(models.Q(status="draft") & ~models.Q(organization_id__in=own))

    def for_list(self):
        return self.select_related("call", "organization", "region")

    def approved(self):
        return self.filter(status=ProjectApplication.Status.APPROVED)


@pghistory.track()
class ProjectApplication(WorkflowModel):
    """An organization's application (项目申报书) to a call, from draft to funding."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("待受理")
        RETURNED = "returned", _("退回修改")
        ACCEPTED = "accepted", _("已受理")
        APPROVED = "approved", _("已立项")
        REJECTED = "rejected", _("不予立项")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Source(models.TextChoices):
        ONLINE = "online", _("网上申报")
        IMPORTED = "imported", _("历史数据导入")

    status_styles = {"returned": "warning", "submitted": "primary", "approved": "success", "rejected": "danger"}
    progress_steps = (Status.DRAFT, Status.SUBMITTED, Status.ACCEPTED, Status.APPROVED)

    call = models.ForeignKey(
        ProjectCall, verbose_name=_("申报指南"), on_delete=models.PROTECT, related_name="applications"
    )
    # Copied from the call so statistics group by it without a join and survive a call's edit.
    category = models.CharField(_("计划类别"), max_length=16, choices=ProjectCategory.choices)
    organization = models.ForeignKey(
        "enterprises.Organization",
        verbose_name=_("申报单位"),
        on_delete=models.PROTECT,
        related_name="project_applications",
    )
    # The applicant's region when it applied: statistics keep it if the organization moves.
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在县市区"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("申报编号"), max_length=32, unique=True, null=True, blank=True)
    title = models.CharField(_("项目名称"), max_length=200)
    leader_name = models.CharField(_("项目负责人"), max_length=64)
    leader_phone = models.CharField(_("负责人电话"), max_length=20, blank=True)
    summary = models.TextField(_("项目简介"), blank=True, help_text=_("研究内容、预期目标与考核指标。"))
    starts_on = models.DateField(_("实施期起"), null=True, blank=True)
    ends_on = models.DateField(_("实施期止"), null=True, blank=True)
    total_budget = models.DecimalField(_("项目总预算（元）"), **MONEY)
    requested_amount = models.DecimalField(_("申请市级资助（元）"), **MONEY)
    self_funding = models.DecimalField(_("自筹经费（元）"), default=0, **MONEY)
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.ONLINE)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    return_reason = models.TextField(_("退回原因"), blank=True)
    approved_on = models.DateField(_("立项日期"), null=True, blank=True)
    approved_amount = models.DecimalField(_("立项资助金额（元）"), null=True, blank=True, **MONEY)
    project_number = models.CharField(_("项目编号"), max_length=32, unique=True, null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", verbose_name=_("办理人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("填报人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ProjectApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("项目申报")
        verbose_name_plural = _("项目申报")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(requested_amount__gte=0)
                & models.Q(total_budget__gte=models.F("requested_amount"))
                & models.Q(self_funding__gte=0),
                name="projects_application_amounts",
                violation_error_message=_("申请资助金额不能为负，且不能超过项目总预算。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="approved")
                | (models.Q(approved_on__isnull=False) & models.Q(approved_amount__gte=0)),
                name="projects_application_approved_has_amount",
                violation_error_message=_("已立项的项目须有立项日期和资助金额。"),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="projects_application_period_order",
                violation_error_message=_("实施期止不能早于实施期起。"),
            ),
        ]
        indexes = [
            models.Index(fields=["submitted_at", "region"], name="projects_app_submitted_idx"),
            models.Index(fields=["approved_on", "region"], name="projects_app_approved_idx"),
            models.Index(fields=["status", "region"], name="projects_app_status_idx"),
            models.Index(fields=["call", "status"], name="projects_app_call_idx"),
            models.Index(fields=["organization", "status"], name="projects_app_org_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:application-detail", args=[self.pk])

    # --- Workflow ---------------------------------------------------------------------

    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.SUBMITTED,
        permission=_is_applicant,
        custom={"label": _("提交申报"), "fields": ["submitted_at", "number"]},
    )
    def submit(self, *, actor, comment="", number):
        self.submitted_at = timezone.now()
        self.number = number

    @transition(
        field=status,
        source=Status.RETURNED,
        target=Status.SUBMITTED,
        permission=_is_applicant,
        custom={"label": _("重新提交"), "fields": ["return_reason"]},
    )
    def resubmit(self, *, actor, comment=""):
        # The first submission dates the application in the statistics; keep it.
        self.return_reason = ""

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.RETURNED,
        permission=_is_city_staff,
        custom={"label": _("退回修改"), "style": "warning", "needs_comment": True, "fields": ["return_reason"]},
    )
    def send_back(self, *, actor, comment=""):
        self.return_reason = comment

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.ACCEPTED,
        permission=_is_city_staff,
        custom={"label": _("受理"), "style": "primary", "fields": ["decided_by"]},
    )
    def accept(self, *, actor, comment=""):
        self.decided_by = actor

    @transition(
        field=status,
        source=Status.ACCEPTED,
        target=Status.APPROVED,
        permission=_is_city_staff,
        custom={
            "label": _("批准立项"),
            "style": "success",
            "fields": ["approved_on", "approved_amount", "project_number", "decided_by"],
        },
    )
    def approve(self, *, actor, comment="", approved_on, amount, project_number):
        self.approved_on = approved_on
        self.approved_amount = amount
        self.project_number = project_number
        self.decided_by = actor

    @transition(
        field=status,
        source=Status.ACCEPTED,
        target=Status.REJECTED,
        permission=_is_city_staff,
        custom={"label": _("不予立项"), "style": "danger", "needs_comment": True, "fields": ["decided_by"]},
    )
    def reject(self, *, actor, comment=""):
        self.decided_by = actor

    @transition(
        field=status,
        source=[Status.DRAFT, Status.SUBMITTED, Status.RETURNED],
        target=Status.WITHDRAWN,
        permission=_is_applicant,
        custom={"label": _("撤回申报"), "style": "secondary"},
    )
    def withdraw(self, *, actor, comment=""):
        pass
