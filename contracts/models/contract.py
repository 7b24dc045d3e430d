"""The technology contract (技术合同) and its registration workflow, in one readable place.

    draft ──submit──▶ submitted ──register──▶ registered
      │                │   ▲  └──refuse──▶ refused
      │     request_papers │ supply_papers
      │                ▼   │
      │           papers_requested
      └──────withdraw (from draft, submitted, papers_requested)──▶ withdrawn

``mark_disputed`` keeps a submitted contract where it is and extends its clock to the
expert-review limit. The seller files, supplies papers and withdraws; the registrar of
the contract's office (``RegistrationOffice.is_registrar``) does the rest. Services in
``contracts.services`` compute the clock and the number and call ``run_transition``.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from bureau.accounts.models import Role
from bureau.core.scoping import ScopedQuerySet
from bureau.core.workflow import FSMField, WorkflowModel

from ._choices import (
    BUYER_LOCATION_CHOICES,
    CONTRACT_TYPE_CHOICES,
    IP_TYPE_CHOICES,
    OBJECTIVE_CHOICES,
    PARTY_NATURE_CHOICES,
    PAYMENT_METHOD_CHOICES,
    PLAN_SOURCE_CHOICES,
    REFUSAL_REASON_CHOICES,
    SUBTYPE_CHOICES,
    TECHNICAL_FIELD_CHOICES,
)

MONEY = {"max_digits": 18, "decimal_places": 2}


def _is_seller(contract, user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.has_role(Role.APPLICANT):
        return False
    return contract.seller_id is not None and user.memberships.filter(organization_id=contract.seller_id).exists()


def _is_registrar(contract, user) -> bool:
    return contract.office is not None and contract.office.is_registrar(user)


class ContractQuerySet(ScopedQuerySet):
    region_path = "seller_region"
    organization_path = "seller"

    def visible_to(self, user):
        """Return the contracts ``user`` may see; a draft stays private to the seller's own users."""
        visible = super().visible_to(user)
        if not getattr(user, "is_authenticated", False):
            return visible
        own = user.memberships.values("organization_id")
        return visible.exclude(models.Q(status=TechnologyContract.Status.DRAFT) & ~models.Q(seller_id__in=own))

    def for_list(self):
        """Load what a list row shows: seller region and office, never the scans."""
        return self.select_related("seller_region", "office")

    def for_detail(self):
        return self.select_related(
            "seller", "seller_region", "buyer_region", "buyer_organization", "office__region", "registered_by"
        ).prefetch_related("brokers", "attachments")

    def pending(self):
        """Return the contracts waiting for the registrar or for papers."""
        return self.filter(status__in=[TechnologyContract.Status.SUBMITTED, TechnologyContract.Status.PAPERS_REQUESTED])

    def registered(self):
        return self.filter(status=TechnologyContract.Status.REGISTERED)

    def registered_in(self, year: int):
        from datetime import date

        return self.registered().filter(registered_on__gte=date(year, 1, 1), registered_on__lt=date(year + 1, 1, 1))

    def queue_for(self, user):
        """Return the registrar's queue: pending contracts of the offices ``user`` runs, soonest due first."""
        from .office import RegistrationOffice

        offices = RegistrationOffice.objects.handled_by(user).values("pk")
        return (
            self.pending()
            .filter(office__in=offices)
            .select_related("seller_region", "office")
            .order_by(models.F("due_on").asc(nulls_last=True), "submitted_at", "pk")
        )


@pghistory.track()
class TechnologyContract(WorkflowModel):
    """A technology contract filed for registration (技术合同认定登记) by its seller."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("审查中")
        PAPERS_REQUESTED = "papers_requested", _("待补正材料")
        REGISTERED = "registered", _("已登记")
        REFUSED = "refused", _("不予登记")
        WITHDRAWN = "withdrawn", _("已撤回")

    class Source(models.TextChoices):
        ONLINE = "online", _("网上登记")
        IMPORTED = "imported", _("历史数据导入")

    status_styles = {"papers_requested": "warning", "submitted": "primary"}
    progress_steps = (Status.DRAFT, Status.SUBMITTED, Status.REGISTERED)

    # --- Seller (卖方) --------------------------------------------------------------
    seller = models.ForeignKey(
        "enterprises.Organization",
        db_index=False,
        verbose_name=_("卖方单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="technology_contracts",
        help_text=_("网上登记时为申报单位；导入的历史合同可能不在本系统的单位库中。"),
    )
    seller_name = models.CharField(_("卖方名称"), max_length=200)
    seller_code = models.CharField(_("卖方统一社会信用代码"), max_length=32, blank=True)
    seller_nature = models.CharField(_("卖方性质"), max_length=16, choices=PARTY_NATURE_CHOICES, default="enterprise")
    seller_region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("卖方所在区划"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    office = models.ForeignKey(
        "contracts.RegistrationOffice",
        db_index=False,
        verbose_name=_("登记机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )

    # --- The contract -----------------------------------------------------------------
    name = models.CharField(_("合同名称"), max_length=200)
    contract_type = models.CharField(_("合同类别"), max_length=16, choices=CONTRACT_TYPE_CHOICES, blank=True)
    subtype = models.CharField(_("合同子类"), max_length=32, choices=SUBTYPE_CHOICES, blank=True)
    summary = models.TextField(_("主要技术内容"), blank=True, help_text=_("简要说明合同的技术目标、内容和成果形式。"))

    # --- Buyer (买方) -----------------------------------------------------------------
    buyer_organization = models.ForeignKey(
        "enterprises.Organization",
        db_index=False,
        verbose_name=_("买方单位（单位库）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    buyer_name = models.CharField(_("买方名称"), max_length=200, blank=True)
    buyer_code = models.CharField(
        _("买方统一社会信用代码或其他证件号"),
        max_length=32,
        blank=True,
        help_text=_("境内单位填写18位统一社会信用代码；自然人、境外单位填写证件号码或注册号。"),
    )
    buyer_location = models.CharField(_("买方所在地"), max_length=16, choices=BUYER_LOCATION_CHOICES, default="city")
    buyer_region = models.ForeignKey(
        "regions.Region",
        db_index=False,
        verbose_name=_("买方所在县市区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("买方在本市时选择其所在县市区（用于技术吸纳统计）。"),
    )
    buyer_region_name = models.CharField(
        _("买方所在地区"),
        max_length=64,
        blank=True,
        help_text=_("买方不在本市时填写，如“湖南省长沙市”“广东省深圳市”。"),
    )
    buyer_nature = models.CharField(_("买方性质"), max_length=16, choices=PARTY_NATURE_CHOICES, default="enterprise")

    # --- Terms ------------------------------------------------------------------------
    signed_on = models.DateField(_("签订日期"), null=True, blank=True)
    starts_on = models.DateField(_("履行期限起"), null=True, blank=True)
    ends_on = models.DateField(_("履行期限止"), null=True, blank=True)
    payment_method = models.CharField(
        _("支付方式"), max_length=24, choices=PAYMENT_METHOD_CHOICES, default="instalments"
    )

    # --- Amounts (元) -----------------------------------------------------------------
    total_amount = models.DecimalField(_("合同成交额（元）"), null=True, blank=True, **MONEY)
    technical_amount = models.DecimalField(
        _("技术交易额（元）"), null=True, blank=True, help_text=_("合同成交额扣除下列非技术性费用后的金额。"), **MONEY
    )
    equipment_amount = models.DecimalField(_("设备、仪器费用（元）"), default=0, **MONEY)
    materials_amount = models.DecimalField(_("零部件、原材料费用（元）"), default=0, **MONEY)
    other_non_technical_amount = models.DecimalField(_("其他非技术性费用（元）"), default=0, **MONEY)
    non_technical_note = models.CharField(_("非技术性费用说明"), max_length=255, blank=True)

    # --- Statistics -------------------------------------------------------------------
    technical_field = models.CharField(_("技术领域"), max_length=32, choices=TECHNICAL_FIELD_CHOICES, blank=True)
    ip_type = models.CharField(_("知识产权类型"), max_length=32, choices=IP_TYPE_CHOICES, default="none")
    plan_source = models.CharField(_("计划来源"), max_length=16, choices=PLAN_SOURCE_CHOICES, default="none")
    objective = models.CharField(_("社会经济目标"), max_length=16, choices=OBJECTIVE_CHOICES, default="industry")
    is_related_party = models.BooleanField(
        _("关联交易"), default=False, help_text=_("买卖双方存在控股、投资等关联关系。")
    )
    brokers = models.ManyToManyField(
        "contracts.Broker", verbose_name=_("技术经纪人"), blank=True, related_name="contracts"
    )

    # --- Workflow ---------------------------------------------------------------------
    status = FSMField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices, default=Source.ONLINE)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    is_disputed = models.BooleanField(_("当事人有争议"), default=False)
    expert_review = models.BooleanField(_("需专家评审"), default=False)
    time_limit_days = models.PositiveSmallIntegerField(_("办理时限（工作日）"), null=True, blank=True)
    clock_started_on = models.DateField(_("计时起算日"), null=True, blank=True)
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    overdue_reported_on = models.DateField(_("逾期报告日期"), null=True, blank=True)
    possible_duplicate_of = models.ForeignKey(
        "self",
        db_index=False,
        verbose_name=_("疑似重复的合同"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registration_number = models.CharField(_("登记编号"), max_length=20, null=True, blank=True, unique=True)
    registered_on = models.DateField(_("登记日期"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    refusal_reason = models.CharField(_("不予登记理由"), max_length=24, choices=REFUSAL_REASON_CHOICES, blank=True)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ContractQuerySet.as_manager()

    class Meta:
        verbose_name = _("技术合同")
        verbose_name_plural = _("技术合同")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(technical_amount__lte=models.F("total_amount"))
                | models.Q(technical_amount__isnull=True)
                | models.Q(total_amount__isnull=True),
                name="contracts_technical_le_total",
                violation_error_message=_("技术交易额不能大于合同成交额。"),
            ),
            models.CheckConstraint(
                condition=models.Q(total_amount__gte=0) | models.Q(total_amount__isnull=True),
                name="contracts_total_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(technical_amount__gte=0) | models.Q(technical_amount__isnull=True),
                name="contracts_technical_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on"))
                | models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True),
                name="contracts_term_ends_after_start",
                violation_error_message=_("履行期限的截止日期不能早于起始日期。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="registered")
                | (
                    models.Q(registration_number__isnull=False)
                    & models.Q(registered_on__isnull=False)
                    & models.Q(total_amount__isnull=False)
                    & models.Q(technical_amount__isnull=False)
                ),
                name="contracts_registered_has_number_and_amounts",
            ),
        ]
        indexes = [
            # The registrars' queue: pending items of an office, soonest due first.
            models.Index(
                fields=["office", "due_on"],
                condition=models.Q(status__in=["submitted", "papers_requested"]),
                name="contracts_queue_idx",
            ),
            models.Index(fields=["status", "-created_at"], name="contracts_status_created_idx"),
            # The lists' default order (newest first) without sorting the whole table.
            models.Index(fields=["-created_at", "-id"], name="contracts_created_idx"),
            models.Index(fields=["registered_on"], name="contracts_registered_on_idx"),
            models.Index(fields=["seller_region", "registered_on"], name="contracts_seller_region_idx"),
            models.Index(fields=["buyer_region", "registered_on"], name="contracts_buyer_region_idx"),
            models.Index(fields=["seller", "-created_at"], name="contracts_seller_created_idx"),
            models.Index(fields=["contract_type", "registered_on"], name="contracts_type_idx"),
            models.Index(fields=["technical_field", "registered_on"], name="contracts_field_idx"),
            models.Index(fields=["source", "registered_on"], name="contracts_source_idx"),
            # Duplicate detection: same seller, amount and signing date.
            models.Index(fields=["seller", "signed_on", "total_amount"], name="contracts_duplicate_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("contracts:detail", args=[self.pk])

    @property
    def receipt_number(self) -> str:
        """The receipt number (受理编号) the seller uses in the public progress lookup."""
        return f"HT{self.pk:08d}" if self.pk else ""

    @property
    def non_technical_total(self):
        return self.equipment_amount + self.materials_amount + self.other_non_technical_amount

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.PAPERS_REQUESTED)

    @property
    def type_label(self) -> str:
        return f"{self.get_contract_type_display()} · {self.get_subtype_display()}"

    # --- Workflow ---------------------------------------------------------------------

    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.SUBMITTED,
        permission=_is_seller,
        custom={
            "label": _("提交登记申请"),
            "fields": [
                "submitted_at",
                "clock_started_on",
                "due_on",
                "time_limit_days",
                "expert_review",
                "possible_duplicate_of",
            ],
        },
    )
    def submit(self, *, actor, comment="", started_on, due_on, days, expert_review, duplicate_of=None):
        self.submitted_at = timezone.now()
        self.clock_started_on = started_on
        self.due_on = due_on
        self.time_limit_days = days
        self.expert_review = expert_review
        self.possible_duplicate_of = duplicate_of

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.PAPERS_REQUESTED,
        permission=_is_registrar,
        custom={"label": _("要求补正材料"), "style": "warning", "needs_comment": True, "fields": ["due_on"]},
    )
    def request_papers(self, *, actor, comment=""):
        # The clock stops; it starts again from zero when the papers arrive.
        self.due_on = None

    @transition(
        field=status,
        source=Status.PAPERS_REQUESTED,
        target=Status.SUBMITTED,
        permission=_is_seller,
        custom={"label": _("提交补正材料"), "fields": ["clock_started_on", "due_on"]},
    )
    def supply_papers(self, *, actor, comment="", started_on, due_on):
        self.clock_started_on = started_on
        self.due_on = due_on

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.SUBMITTED,
        permission=_is_registrar,
        custom={
            "label": _("转专家评审"),
            "style": "secondary",
            "needs_comment": True,
            "fields": ["is_disputed", "expert_review", "time_limit_days", "due_on"],
        },
    )
    def mark_disputed(self, *, actor, comment="", days, due_on):
        self.is_disputed = True
        self.expert_review = True
        self.time_limit_days = days
        self.due_on = due_on

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.REGISTERED,
        permission=_is_registrar,
        custom={
            "label": _("准予登记"),
            "style": "success",
            "fields": ["registration_number", "registered_on", "registered_by", "decided_at"],
        },
    )
    def register(self, *, actor, comment="", number, registered_on):
        self.registration_number = number
        self.registered_on = registered_on
        self.registered_by = actor
        self.decided_at = timezone.now()

    @transition(
        field=status,
        source=Status.SUBMITTED,
        target=Status.REFUSED,
        permission=_is_registrar,
        custom={
            "label": _("不予登记"),
            "style": "danger",
            "needs_comment": True,
            "fields": ["refusal_reason", "decided_at"],
        },
    )
    def refuse(self, *, actor, comment="", reason):
        self.refusal_reason = reason
        self.decided_at = timezone.now()

    @transition(
        field=status,
        source=[Status.DRAFT, Status.SUBMITTED, Status.PAPERS_REQUESTED],
        target=Status.WITHDRAWN,
        permission=_is_seller,
        custom={"label": _("撤回申请"), "style": "secondary", "fields": ["due_on"]},
    )
    def withdraw(self, *, actor, comment=""):
        self.due_on = None


def _upload_to(instance, filename):
    return f"contracts/{instance.contract_id}/{filename}"


class ContractAttachment(models.Model):
    """A scan of the signed contract (PDF or image), checked by content and size on upload."""

    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    contract = models.ForeignKey(
        TechnologyContract, verbose_name=_("技术合同"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("文件"), upload_to=_upload_to)
    original_name = models.CharField(_("原文件名"), max_length=200)
    kind = models.CharField(_("文件类型"), max_length=8, choices=Kind.choices)
    size = models.PositiveIntegerField(_("大小（字节）"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("合同扫描件")
        verbose_name_plural = _("合同扫描件")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name
