"""高新技术企业 (high-tech enterprise): the application and its attachments; the certificate is re-exported.

Policy: 《高新技术企业认定管理办法》(国科发火〔2016〕32号), 工作指引 国科发火〔2016〕195号;
DESIGN.md 4.2. The self-check is ``enterprises.rules.hightech.check``. The city's part is
the preliminary review and recommendation; the certificate comes from the province and is
recorded in ``hightech_certificate`` (entered or imported), never invented. All transitions
of the application:

    draft ──submit──▶ submitted ──county_recommend──▶ county_recommended ──city_recommend──▶ city_recommended
      ▲                 │  │                              │  │                                 │        │
      └──── returned ◀──┘  └─county_refuse─┐ ◀─city_return─┘  └─city_refuse─┐              certify  not_certified
                                           ▼                                 ▼                 ▼        ▼
                                     not_recommended ◀────────────────────────         certified  not_certified
"""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from bureau.core.scoping import ScopedQuerySet
from bureau.core.workflow import FSMField, WorkflowModel

from .. import permissions as perm
from .common import YEAR_VALIDATORS, OrganizationRecordQuerySet
from .hightech_certificate import CERTIFICATE_NUMBER, AnnualReport, HighTechCertificate

__all__ = [
    "CERTIFICATE_NUMBER",
    "REQUIRED_ATTACHMENTS",
    "AnnualReport",
    "AttachmentKind",
    "HighTechApplication",
    "HighTechAttachment",
    "HighTechCertificate",
]


class AttachmentKind(models.TextChoices):
    """The attachment checklist of an application (申报材料清单, 工作指引 2016)."""

    RD_AUDIT = "rd_audit", _("近三个会计年度研究开发费用专项审计（鉴证）报告")
    INCOME_AUDIT = "income_audit", _("近一个会计年度高新技术产品（服务）收入专项审计（鉴证）报告")
    FINANCIAL_REPORTS = "financial_reports", _("近三个会计年度财务会计报告（含会计报表、附注和财务情况说明书）")
    IP_CERTIFICATES = "ip_certificates", _("知识产权证书或授权证明")
    STAFF = "staff", _("科技人员情况说明（学历、职称、社保缴纳证明）")
    RESULTS = "results", _("科技成果转化证明材料")
    RD_ORGANISATION = "rd_organisation", _("研究开发组织管理水平证明材料")
    OTHER = "other", _("其他材料")


#: Which items of the checklist must be uploaded before submitting (data, not code).
REQUIRED_ATTACHMENTS = (
    AttachmentKind.RD_AUDIT,
    AttachmentKind.INCOME_AUDIT,
    AttachmentKind.FINANCIAL_REPORTS,
    AttachmentKind.IP_CERTIFICATES,
    AttachmentKind.STAFF,
)


class HighTechApplicationQuerySet(OrganizationRecordQuerySet):
    def live(self):
        return self.exclude(status__in=HighTechApplication.CLOSED_STATES)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class HighTechApplication(WorkflowModel):
    """An application for high-tech enterprise certification (高新技术企业认定申请), city part."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("准备中")
        SUBMITTED = "submitted", _("待县级初审")
        RETURNED = "returned", _("退回修改")
        COUNTY_RECOMMENDED = "county_recommended", _("待市级审核")
        CITY_RECOMMENDED = "city_recommended", _("已推荐至省")
        CERTIFIED = "certified", _("已认定")
        NOT_CERTIFIED = "not_certified", _("未获认定")
        NOT_RECOMMENDED = "not_recommended", _("不予推荐")
        WITHDRAWN = "withdrawn", _("已撤回")

    CLOSED_STATES = (Status.WITHDRAWN, Status.NOT_RECOMMENDED, Status.NOT_CERTIFIED)
    EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)
    status_styles = {
        "draft": "secondary",
        "submitted": "primary",
        "returned": "warning",
        "county_recommended": "primary",
        "city_recommended": "info",
        "certified": "success",
        "not_certified": "danger",
        "not_recommended": "danger",
        "withdrawn": "secondary",
    }
    progress_steps = (
        Status.DRAFT,
        Status.SUBMITTED,
        Status.COUNTY_RECOMMENDED,
        Status.CITY_RECOMMENDED,
        Status.CERTIFIED,
    )
    CORRECTABLE_FIELDS = ("ip", "attachments", "figures", "declaration", "contact")
    #: How each step of ``progress_steps`` reads on the step bar (办理步骤).
    step_labels = {
        Status.DRAFT: _("企业申报"),
        Status.SUBMITTED: _("县级初审"),
        Status.COUNTY_RECOMMENDED: _("市级审核"),
        Status.CITY_RECOMMENDED: _("省级认定"),
        Status.CERTIFIED: _("取得证书"),
    }

    organization = models.ForeignKey(
        "enterprises.Organization",
        verbose_name=_("企业"),
        on_delete=models.PROTECT,
        related_name="hightech_applications",
    )
    year = models.PositiveSmallIntegerField(
        _("申报年度"), validators=YEAR_VALIDATORS, help_text=_("申报当年；近三个会计年度为申报年度的前三年。")
    )
    status = FSMField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    ip_items = models.ManyToManyField(
        "enterprises.IntellectualProperty",
        verbose_name=_("申报使用的知识产权"),
        blank=True,
        related_name="hightech_applications",
    )
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    declaration = models.BooleanField(
        _("承诺"), default=False, help_text=_("本企业承诺所提交的申报材料真实、准确，如有虚假，愿承担相应责任。")
    )

    # The self-check at the last save / submission.
    check_passed = models.BooleanField(_("自测全部符合"), default=False)
    rd_ratio = models.DecimalField(_("研发费用占比"), max_digits=9, decimal_places=6, null=True, blank=True)
    rd_required = models.DecimalField(_("研发费用占比要求"), max_digits=5, decimal_places=4, null=True, blank=True)
    innovation_low = models.PositiveSmallIntegerField(_("预计创新能力得分（低）"), default=0)
    innovation_high = models.PositiveSmallIntegerField(_("预计创新能力得分（高）"), default=0)
    conditions = models.JSONField(_("自测结果"), default=list, blank=True)

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
    corrections = models.JSONField(_("需修改的内容"), default=dict, blank=True)
    county_reviewed_at = models.DateTimeField(_("县级推荐时间"), null=True, blank=True)
    county_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("县级审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    city_reviewed_at = models.DateTimeField(_("市级推荐时间"), null=True, blank=True)
    city_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("市级审核人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_reason = models.TextField(_("不予推荐或未获认定原因"), blank=True)
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

    objects = HighTechApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("高新技术企业认定申请")
        verbose_name_plural = _("高新技术企业认定申请")
        ordering = ["-year", "-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=~models.Q(status__in=["withdrawn", "not_recommended", "not_certified"]),
                name="hightech_one_live_per_org_year",
                violation_error_message=_("该企业本年度已有一份高新技术企业认定申请。"),
            ),
        ]
        indexes = [
            models.Index(fields=["year", "status"]),
            models.Index(fields=["status", "-submitted_at"]),
            models.Index(fields=["organization", "-year"]),
            models.Index(fields=["-created_at"]),
        ]

    def __str__(self):
        return f"{self.organization} {self.year}年高新技术企业认定申请"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE_STATES

    @property
    def acceptance_number(self) -> str:
        """The number the enterprise quotes to look up its progress (受理编号), e.g. GQ2026000045."""
        return f"GQ{self.year}{self.pk:06d}" if self.pk else ""

    @property
    def last_fiscal_year(self) -> int:
        """The latest of the three fiscal years the application reports (申报年度的上一年)."""
        return self.year - 1

    # --- The enterprise ----------------------------------------------------------------------

    @transition(
        field=status,
        source=[Status.DRAFT, Status.RETURNED],
        target=Status.SUBMITTED,
        permission=perm.applicant,
        custom={"label": _("提交申请"), "fields": ["submitted_at", "submission_count", "corrections", "snapshot"]},
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

    # --- County preliminary review (县级初审推荐) ----------------------------------------------

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.COUNTY_RECOMMENDED,
        permission=perm.county,
        custom={"label": _("县级初审推荐"), "style": "success", "fields": ["county_reviewed_at", "county_reviewed_by"]},
    )
    def county_recommend(self, *, actor, comment=""):
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
        target=Status.NOT_RECOMMENDED,
        permission=perm.county,
        custom={"label": _("不予推荐"), "style": "danger", "needs_comment": True, "fields": ["decision_reason"]},
    )
    def county_refuse(self, *, actor, comment=""):
        self.decision_reason = comment

    # --- City review and recommendation (市级审核推荐) -----------------------------------------

    @transition(
        field=status,
        source=Status.COUNTY_RECOMMENDED,
        target=Status.CITY_RECOMMENDED,
        permission=perm.city,
        custom={"label": _("推荐至省"), "style": "success", "fields": ["city_reviewed_at", "city_reviewed_by"]},
    )
    def city_recommend(self, *, actor, comment=""):
        self.city_reviewed_at = timezone.now()
        self.city_reviewed_by = actor

    @transition(
        field=status,
        source=Status.COUNTY_RECOMMENDED,
        target=Status.RETURNED,
        permission=perm.city,
        custom={"label": _("退回修改"), "style": "warning", "needs_comment": True, "fields": ["corrections"]},
    )
    def city_return(self, *, actor, comment="", corrections=None):
        self.corrections = dict(corrections or {})

    @transition(
        field=status,
        source=Status.COUNTY_RECOMMENDED,
        target=Status.NOT_RECOMMENDED,
        permission=perm.city,
        custom={"label": _("不予推荐"), "style": "danger", "needs_comment": True, "fields": ["decision_reason"]},
    )
    def city_refuse(self, *, actor, comment=""):
        self.decision_reason = comment

    # --- The province's result (省级认定结果), recorded by the city ------------------------------

    @transition(
        field=status,
        source=Status.CITY_RECOMMENDED,
        target=Status.CERTIFIED,
        permission=perm.recorder,
        custom={"label": _("登记认定结果"), "style": "success"},
    )
    def certify(self, *, actor, comment=""):
        pass

    @transition(
        field=status,
        source=Status.CITY_RECOMMENDED,
        target=Status.NOT_CERTIFIED,
        permission=perm.city,
        custom={"label": _("未获认定"), "style": "danger", "needs_comment": True, "fields": ["decision_reason"]},
    )
    def not_certified(self, *, actor, comment=""):
        self.decision_reason = comment


def _attachment_path(instance, filename):
    # A random name: audit reports are confidential and must not be guessable.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"certification/attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext[:5]}"


class HighTechAttachmentQuerySet(ScopedQuerySet):
    region_path = "application__organization__region"
    organization_path = "application__organization"


@pghistory.track(pghistory.InsertEvent(), pghistory.DeleteEvent())
class HighTechAttachment(models.Model):
    """One uploaded file of an application's checklist (申报材料)."""

    application = models.ForeignKey(
        HighTechApplication, verbose_name=_("申请"), on_delete=models.CASCADE, related_name="attachments"
    )
    kind = models.CharField(_("材料类型"), max_length=32, choices=AttachmentKind.choices)
    file = models.FileField(_("文件"), upload_to=_attachment_path)
    name = models.CharField(_("文件名"), max_length=200)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    content_kind = models.CharField(_("文件格式"), max_length=8)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = HighTechAttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("申报材料")
        verbose_name_plural = _("申报材料")
        ordering = ["application", "kind", "uploaded_at", "pk"]
        indexes = [models.Index(fields=["application", "kind"])]

    def __str__(self):
        return self.name
