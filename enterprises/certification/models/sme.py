"""科技型中小企业评价 (technology-based SME evaluation): the evaluation and its workflow.

Policy: 《科技型中小企业评价办法》(国科发政〔2017〕115号), service guideline 国科火字〔2022〕67号;
DESIGN.md 4.1. The score itself is ``enterprises.rules.sme.evaluate``; this module holds the
record the enterprise files and the path it takes, all transitions in one place:

    draft ──submit──▶ submitted ──county_pass──▶ county_passed ──city_pass──▶ city_passed
      ▲                 │  │                         │  │                        │
      └──── returned ◀──┘  └─county_refuse─┐         │  └─city_refuse─┐        publish (batch)
             (corrections)  ◀──city_return─┼─────────┘                │          ▼
                                           ▼                          ▼     publicizing
                                      not_passed ◀──reject_by_objection───────────┤
                                                                                 clear
                                                                                  ▼
                   revoked ◀──revoke── registered ◀──register (number)── publicized

The evaluation year (评价年度, e.g. 2026) is the year the registration number is valid
for; its figures are those of the year before (上一会计年度, ``data_year``).
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from bureau.core.workflow import FSMField, WorkflowModel

from .. import permissions as perm
from .common import YEAR_VALIDATORS, OrganizationRecordQuerySet, money_field
from .sme_submission import SmeSubmission

__all__ = ["YEAR_VALIDATORS", "SmeEvaluation", "SmeSubmission", "money_field"]


class SmeEvaluationQuerySet(OrganizationRecordQuerySet):
    def search_condition(self, text: str) -> models.Q:
        """Match also the start of the registration number (入库登记编号)."""
        return super().search_condition(text) | models.Q(registration_number__startswith=text)

    def live(self):
        """Exclude evaluations withdrawn or refused (they do not block a new one)."""
        return self.exclude(status__in=SmeEvaluation.CLOSED_STATES)

    def registered_for(self, year: int):
        """Return the evaluations registered (入库) for ``year`` and not revoked."""
        return self.filter(status=SmeEvaluation.Status.REGISTERED, year=year)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class SmeEvaluation(WorkflowModel):
    """An SME evaluation (科技型中小企业评价) of one organization for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("填报中")
        SUBMITTED = "submitted", _("待县级审核")
        RETURNED = "returned", _("退回修改")
        COUNTY_PASSED = "county_passed", _("待市级审核")
        CITY_PASSED = "city_passed", _("待公示")
        PUBLICIZING = "publicizing", _("公示中")
        PUBLICIZED = "publicized", _("待登记编号")
        REGISTERED = "registered", _("已入库")
        NOT_PASSED = "not_passed", _("未通过")
        REVOKED = "revoked", _("已撤销")
        WITHDRAWN = "withdrawn", _("已撤回")

    class RdMeasure(models.TextChoices):
        REVENUE = "revenue", _("研发费用占销售收入比例")
        COST = "cost", _("研发费用占成本费用总额比例")

    class Source(models.TextChoices):
        ONLINE = "online", _("网上填报")
        IMPORTED = "imported", _("历史名单导入")

    CLOSED_STATES = (Status.WITHDRAWN, Status.NOT_PASSED)
    EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)
    status_styles = {
        "draft": "secondary",
        "submitted": "primary",
        "returned": "warning",
        "county_passed": "primary",
        "city_passed": "info",
        "publicizing": "info",
        "publicized": "primary",
        "registered": "success",
        "not_passed": "danger",
        "revoked": "danger",
        "withdrawn": "secondary",
    }
    progress_steps = (
        Status.DRAFT,
        Status.SUBMITTED,
        Status.COUNTY_PASSED,
        Status.CITY_PASSED,
        Status.PUBLICIZING,
        Status.PUBLICIZED,
        Status.REGISTERED,
    )
    #: How each step of ``progress_steps`` reads on the step bar (办理步骤), where the status label would not.
    step_labels = {
        Status.DRAFT: _("企业填报"),
        Status.SUBMITTED: _("县级审核"),
        Status.COUNTY_PASSED: _("市级审核"),
        Status.CITY_PASSED: _("纳入公示"),
        Status.PUBLICIZING: _("公示"),
        Status.PUBLICIZED: _("登记编号"),
        Status.REGISTERED: _("入库"),
    }
    #: The figures the enterprise fills (prefilled from its profile); a reviewer may ask to correct any.
    FIGURE_FIELDS = ("staff_total", "sci_tech_staff", "revenue", "total_cost", "total_assets", "rd_total")
    #: Fields a reviewer may name when returning the evaluation for correction.
    CORRECTABLE_FIELDS = (*FIGURE_FIELDS, "rd_measure", "ip", "qualifications", "contact", "declaration")

    organization = models.ForeignKey(
        "enterprises.Organization",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="sme_evaluations",
    )
    year = models.PositiveSmallIntegerField(
        _("评价年度"), validators=YEAR_VALIDATORS, help_text=_("入库登记编号有效的年度；填报数据为上一会计年度的数据。")
    )
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.ONLINE)

    # The information form (信息表): figures of the year before, prefilled from the profile.
    staff_total = models.PositiveIntegerField(
        _("职工总数（人）"), default=0, help_text=_("全年月平均人数；兼职、临时聘用人员全年须在企业工作 6 个月以上。")
    )
    sci_tech_staff = models.PositiveIntegerField(
        _("科技人员数（人）"),
        default=0,
        help_text=_("直接从事研发和相关技术创新活动，以及专门从事上述活动管理和服务的人员。"),
    )
    revenue = money_field(_("销售收入（元）"), _("主营业务收入与其他业务收入之和。"))
    total_cost = money_field(
        _("成本费用支出总额（元）"), _("主营业务成本、其他业务成本、税金及附加和三项费用之和，含研发费用。")
    )
    total_assets = money_field(_("资产总额（元）"), _("年末资产负债表上的资产总计。"))
    rd_total = money_field(_("研发费用总额（元）"), _("按研发费用加计扣除口径归集的研发费用。"))
    rd_measure = models.CharField(
        _("研发投入计分口径"),
        max_length=8,
        choices=RdMeasure.choices,
        blank=True,
        help_text=_("两种口径任选其一；不选时按得分较高的口径计分。"),
    )
    # Read from the profile at every save: IP items and the direct-qualification grounds.
    class1_ip = models.PositiveSmallIntegerField(_("Ⅰ类知识产权（项）"), default=0)
    class2_ip = models.PositiveSmallIntegerField(_("Ⅱ类知识产权（项）"), default=0)
    facts = models.JSONField(
        _("资格条件"), default=dict, blank=True, help_text=_("保存时从单位资料读取的行业、诚信记录与直接认定条件。")
    )
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    declaration = models.BooleanField(
        _("承诺"),
        default=False,
        help_text=_(
            "本企业为在中国境内注册的居民企业，财务核算健全、实行查账征收，研发费用单独归集，所填信息真实、准确。"
        ),
    )

    # The score (科技型中小企业评价指标), recomputed at every save.
    staff_score = models.PositiveSmallIntegerField(_("科技人员指标得分"), default=0)
    rd_score = models.PositiveSmallIntegerField(_("研发投入指标得分"), default=0)
    ip_score = models.PositiveSmallIntegerField(_("科技成果指标得分"), default=0)
    total_score = models.PositiveSmallIntegerField(_("综合评价得分"), default=0)
    eligible = models.BooleanField(_("符合基本条件"), default=False)
    direct = models.BooleanField(_("直接认定"), default=False)
    qualified = models.BooleanField(_("评价通过"), default=False)

    # The path through review.
    snapshot = models.ForeignKey(
        "enterprises.ProfileSnapshot",
        verbose_name=_("申报数据版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submission_count = models.PositiveSmallIntegerField(_("提交次数"), default=0)
    corrections = models.JSONField(
        _("需修改的内容"), default=dict, blank=True, help_text=_("退回时审核人员逐项写明的修改意见（字段 → 原因）。")
    )
    county_reviewed_at = models.DateTimeField(_("县级审核时间"), null=True, blank=True)
    county_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("县级审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    city_reviewed_at = models.DateTimeField(_("市级审核时间"), null=True, blank=True)
    city_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("市级审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("不予通过原因"), blank=True)
    publicity = models.ForeignKey(
        "publicity.Publicity",
        verbose_name=_("公示批次"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registration_number = models.CharField(
        _("入库登记编号"),
        max_length=32,
        blank=True,
        help_text=_("以省科技厅公告为准；编号格式未统一，按文本保存，前 4 位须为评价年度。"),
    )
    registered_on = models.DateField(_("入库日期"), null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销原因"), blank=True)
    barred_year = models.PositiveSmallIntegerField(
        _("不得申请年度"), null=True, blank=True, help_text=_("被撤销的企业当年不得再次申请评价。")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = SmeEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("科技型中小企业评价")
        verbose_name_plural = _("科技型中小企业评价")
        ordering = ["-year", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=~models.Q(status__in=["withdrawn", "not_passed"]),
                name="sme_one_live_per_org_year",
                violation_error_message=_("该企业本年度已有一份评价，不能重复创建。"),
            ),
            models.UniqueConstraint(
                fields=["registration_number"],
                condition=~models.Q(registration_number=""),
                name="sme_unique_registration_number",
                violation_error_message=_("该入库登记编号已登记给其他评价。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="registered") | ~models.Q(registration_number=""),
                name="sme_registered_has_number",
            ),
            models.CheckConstraint(
                condition=models.Q(sci_tech_staff__lte=models.F("staff_total")),
                name="sme_scitech_within_staff",
                violation_error_message=_("科技人员数不能超过职工总数。"),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "status"]),
            models.Index(fields=["status", "-submitted_at"]),
            models.Index(fields=["organization", "-year"]),
            models.Index(fields=["valid_until"]),
            models.Index(fields=["barred_year"]),
            models.Index(fields=["-created_at"]),
            models.Index(fields=["year", "-total_score"]),
        ]

    def __str__(self):
        return f"{self.organization} {self.year}年科技型中小企业评价"

    @property
    def acceptance_number(self) -> str:
        """The number the enterprise quotes to look up its progress (受理编号), e.g. KX2026000123."""
        return f"KX{self.year}{self.pk:06d}" if self.pk else ""

    @property
    def data_year(self) -> int:
        """The year whose figures are evaluated (上一会计年度)."""
        return self.year - 1

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATES

    def is_valid_on(self, day) -> bool:
        """Whether the registration is in force on ``day`` (registered, not revoked, in its year)."""
        return bool(
            self.status == self.Status.REGISTERED
            and self.valid_until
            and self.registered_on
            and self.registered_on <= day <= self.valid_until
        )

    # --- The enterprise --------------------------------------------------------------------

    @transition(
        field=status,
        source=[Status.DRAFT, Status.RETURNED],
        target=Status.SUBMITTED,
        permission=perm.applicant,
        custom={"label": _("提交评价"), "fields": ["submitted_at", "submission_count", "corrections", "snapshot"]},
    )
    def submit(self, *, actor, comment="", snapshot=None):
        self.submitted_at = timezone.now()
        self.submission_count += 1
        self.corrections = {}
        self.snapshot = snapshot

    @transition(
        field=status,
        source=[Status.SUBMITTED, Status.RETURNED],
        target=Status.WITHDRAWN,
        permission=perm.applicant,
        custom={"label": _("撤回申请"), "style": "outline-secondary"},
    )
    def withdraw(self, *, actor, comment=""):
        pass

    # --- County formal review (县级形式审查) ------------------------------------------------

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.COUNTY_PASSED,
        permission=perm.county,
        custom={"label": _("县级审核通过"), "style": "success", "fields": ["county_reviewed_at", "county_reviewed_by"]},
    )
    def county_pass(self, *, actor, comment=""):
        self.county_reviewed_at = timezone.now()
        self.county_reviewed_by = actor

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.RETURNED,
        permission=perm.county,
        custom={"label": _("退回修改"), "style": "warning", "needs_comment": True, "fields": ["corrections"]},
    )
    def county_return(self, *, actor, comment="", corrections=None):
        self.corrections = dict(corrections or {})

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.NOT_PASSED,
        permission=perm.county,
        custom={"label": _("审核不通过"), "style": "danger", "needs_comment": True, "fields": ["decision_reason"]},
    )
    def county_refuse(self, *, actor, comment=""):
        self.decision_reason = comment

    # --- City review (市级审核) --------------------------------------------------------------

    @transition(
        field=status,
        source=Status.COUNTY_PASSED,
        target=Status.CITY_PASSED,
        permission=perm.city,
        custom={"label": _("市级审核通过"), "style": "success", "fields": ["city_reviewed_at", "city_reviewed_by"]},
    )
    def city_pass(self, *, actor, comment=""):
        self.city_reviewed_at = timezone.now()
        self.city_reviewed_by = actor

    @transition(
        field=status,
        source=Status.COUNTY_PASSED,
        target=Status.RETURNED,
        permission=perm.city,
        custom={"label": _("退回修改"), "style": "warning", "needs_comment": True, "fields": ["corrections"]},
    )
    def city_return(self, *, actor, comment="", corrections=None):
        self.corrections = dict(corrections or {})

    @transition(
        field=status,
        source=Status.COUNTY_PASSED,
        target=Status.NOT_PASSED,
        permission=perm.city,
        custom={"label": _("审核不通过"), "style": "danger", "needs_comment": True, "fields": ["decision_reason"]},
    )
    def city_refuse(self, *, actor, comment=""):
        self.decision_reason = comment

    # --- Public notice (公示) and registration (入库登记) -------------------------------------

    @transition(
        field=status,
        source=Status.CITY_PASSED,
        target=Status.PUBLICIZING,
        permission=perm.city,
        custom={"label": _("纳入公示批次"), "fields": ["publicity"]},
    )
    def publish(self, *, actor, comment="", publicity=None):
        self.publicity = publicity

    @transition(
        field=status,
        source=Status.PUBLICIZING,
        target=Status.PUBLICIZED,
        permission=perm.system,
        custom={"label": _("公示期满无异议")},
    )
    def clear(self, *, actor, comment=""):
        pass

    @transition(
        field=status,
        source=Status.PUBLICIZING,
        target=Status.NOT_PASSED,
        permission=perm.system,
        custom={"label": _("公示异议成立"), "style": "danger", "fields": ["decision_reason"]},
    )
    def reject_by_objection(self, *, actor, comment=""):
        self.decision_reason = comment

    @transition(
        field=status,
        source=Status.PUBLICIZED,
        target=Status.REGISTERED,
        permission=perm.recorder,
        custom={
            "label": _("登记入库编号"),
            "style": "success",
            "fields": ["registration_number", "registered_on", "valid_until"],
        },
    )
    def register(self, *, actor, comment="", number="", registered_on=None, valid_until=None):
        self.registration_number = number
        self.registered_on = registered_on
        self.valid_until = valid_until

    @transition(
        field=status,
        source=Status.REGISTERED,
        target=Status.REVOKED,
        permission=perm.city,
        custom={
            "label": _("撤销入库登记"),
            "style": "danger",
            "needs_comment": True,
            "fields": ["revoked_at", "revoke_reason", "barred_year"],
        },
    )
    def revoke(self, *, actor, comment="", barred_year=None):
        self.revoked_at = timezone.now()
        self.revoke_reason = comment
        self.barred_year = barred_year
