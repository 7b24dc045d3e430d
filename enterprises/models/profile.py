"""The profile an organization fills once and every application reads (最多填一次).

Yearly figures, qualifications, integrity records entered by staff, and the snapshots
that freeze what a submitted application used. Intellectual property and its use by
applications live in intellectual_property.py and are re-exported here.
"""

from decimal import Decimal

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.core.models import OptimisticLockModel
from bureau.core.scoping import ScopedQuerySet

from .intellectual_property import (
    IntellectualProperty,
    IntellectualPropertyQuerySet,
    IPClass,
    IPKind,
    IPUse,
    IPUseQuerySet,
    ip_class_of,
)
from .organization import Organization

__all__ = [
    "YEAR_VALIDATORS",
    "ZERO",
    "IPClass",
    "IPKind",
    "IPUse",
    "IPUseQuerySet",
    "IntegrityRecord",
    "IntegrityRecordQuerySet",
    "IntellectualProperty",
    "IntellectualPropertyQuerySet",
    "OrganizationYear",
    "OrganizationYearQuerySet",
    "ProfileSnapshot",
    "ProfileSnapshotQuerySet",
    "Qualification",
    "QualificationQuerySet",
    "ip_class_of",
    "money_field",
]

ZERO = Decimal("0")
YEAR_VALIDATORS = [MinValueValidator(1949), MaxValueValidator(2100)]


def money_field(label, help_text=""):
    return models.DecimalField(label, max_digits=18, decimal_places=2, help_text=help_text)


class OrganizationYearQuerySet(ScopedQuerySet):
    region_path = "organization__region"
    organization_path = "organization"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class OrganizationYear(OptimisticLockModel):
    """One year's figures of an organization (年度经营与研发数据), in yuan.

    Staff numbers are annual averages of monthly averages, as both the SME and the
    high-tech rules count them. R&D in China and outsourced R&D are parts of the total;
    outsourced R&D is the amount actually paid (the high-tech rule counts 80% of it).
    Net assets may be negative (a loss-making firm); every other figure may not.
    """

    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    staff_total = models.PositiveIntegerField(
        _("职工总数（人）"), help_text=_("全年月平均人数的平均值，含在职、兼职和临时聘用人员。")
    )
    sci_tech_staff = models.PositiveIntegerField(
        _("科技人员数（人）"),
        help_text=_("直接从事研发和相关技术创新活动、以及专门从事上述活动管理和服务的人员，按全年月平均数计。"),
    )
    revenue = money_field(_("销售收入（营业收入）"), _("主营业务收入与其他业务收入之和。"))
    total_cost = money_field(_("成本费用总额"), _("营业成本、税金及附加、销售费用、管理费用、财务费用等之和。"))
    rd_total = money_field(_("研发费用总额"), _("当年全部研究开发费用，含委托外部研发实际支付的金额。"))
    rd_in_china = money_field(_("其中：境内研发费用"), _("在中国境内发生的研发费用，不能超过研发费用总额。"))
    rd_outsourced = money_field(_("其中：委托外部研发费用"), _("委托其他单位或个人研发实际支付的金额。"))
    total_assets = money_field(_("资产总额"), _("年末资产负债表上的资产总计。"))
    net_assets = money_field(_("净资产"), _("年末所有者权益合计；亏损企业可以为负数。"))
    hightech_income = money_field(
        _("高新技术产品（服务）收入"), _("主要产品（服务）属于国家重点支持的高新技术领域的收入。")
    )
    total_income = money_field(_("总收入"), _("收入总额减去不征税收入。"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = OrganizationYearQuerySet.as_manager()

    MONEY_FIELDS = (
        "revenue",
        "total_cost",
        "rd_total",
        "rd_in_china",
        "rd_outsourced",
        "total_assets",
        "net_assets",
        "hightech_income",
        "total_income",
    )

    class Meta:
        verbose_name = _("年度数据")
        verbose_name_plural = _("年度数据")
        ordering = ["organization", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="orgyear_unique_org_year"),
            models.CheckConstraint(
                condition=models.Q(revenue__gte=0)
                & models.Q(total_cost__gte=0)
                & models.Q(rd_total__gte=0)
                & models.Q(rd_in_china__gte=0)
                & models.Q(rd_outsourced__gte=0)
                & models.Q(total_assets__gte=0)
                & models.Q(hightech_income__gte=0)
                & models.Q(total_income__gte=0),
                name="orgyear_money_not_negative",
                violation_error_message=_("金额不能为负数（净资产除外）。"),
            ),
            models.CheckConstraint(
                condition=models.Q(sci_tech_staff__lte=models.F("staff_total")),
                name="orgyear_scitech_within_staff",
                violation_error_message=_("科技人员数不能超过职工总数。"),
            ),
            models.CheckConstraint(
                condition=models.Q(rd_in_china__lte=models.F("rd_total")),
                name="orgyear_rd_china_within_total",
                violation_error_message=_("境内研发费用不能超过研发费用总额。"),
            ),
            models.CheckConstraint(
                condition=models.Q(rd_outsourced__lte=models.F("rd_total")),
                name="orgyear_rd_outsourced_within_total",
                violation_error_message=_("委托外部研发费用不能超过研发费用总额。"),
            ),
            models.CheckConstraint(
                condition=models.Q(hightech_income__lte=models.F("total_income")),
                name="orgyear_hightech_within_income",
                violation_error_message=_("高新技术产品（服务）收入不能超过总收入。"),
            ),
        ]
        indexes = [models.Index(fields=["year"])]

    def __str__(self):
        return f"{self.organization} {self.year}"

    def clean(self):
        # Field-level messages so a form shows each problem next to its input.
        errors = {}
        if self.staff_total is not None and self.sci_tech_staff is not None and self.sci_tech_staff > self.staff_total:
            errors["sci_tech_staff"] = _("科技人员数不能超过职工总数。")
        if self.rd_total is not None:
            if self.rd_in_china is not None and self.rd_in_china > self.rd_total:
                errors["rd_in_china"] = _("境内研发费用不能超过研发费用总额。")
            if self.rd_outsourced is not None and self.rd_outsourced > self.rd_total:
                errors["rd_outsourced"] = _("委托外部研发费用不能超过研发费用总额。")
        if (
            self.total_income is not None
            and self.hightech_income is not None
            and self.hightech_income > self.total_income
        ):
            errors["hightech_income"] = _("高新技术产品（服务）收入不能超过总收入。")
        for name in self.MONEY_FIELDS:
            value = getattr(self, name)
            if name != "net_assets" and value is not None and value < 0 and name not in errors:
                errors[name] = _("金额不能为负数。")
        if errors:
            raise ValidationError(errors)


class QualificationQuerySet(ScopedQuerySet):
    region_path = "organization__region"
    organization_path = "organization"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Qualification(OptimisticLockModel):
    """A qualification or honour (资质荣誉): an award, an R&D institution, a standard led."""

    class Kind(models.TextChoices):
        AWARD = "award", _("科技奖励")
        RD_INSTITUTION = "rd_institution", _("研发机构")
        STANDARD = "standard", _("标准制定")

    class Level(models.TextChoices):
        INTERNATIONAL = "international", _("国际")
        NATIONAL = "national", _("国家级")
        INDUSTRY = "industry", _("行业")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")

    #: Levels that make sense for each kind.
    LEVELS_BY_KIND = {
        Kind.AWARD: (Level.NATIONAL, Level.PROVINCIAL, Level.CITY),
        Kind.RD_INSTITUTION: (Level.NATIONAL, Level.PROVINCIAL, Level.CITY),
        Kind.STANDARD: (Level.INTERNATIONAL, Level.NATIONAL, Level.INDUSTRY),
    }

    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="qualifications"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    name = models.CharField(
        _("名称"), max_length=200, help_text=_("奖项名称、研发机构名称（如“湖南省工程技术研究中心”）或标准名称。")
    )
    year = models.PositiveSmallIntegerField(
        _("年度"), validators=YEAR_VALIDATORS, help_text=_("获奖年度、认定年度或标准发布年度。")
    )
    grade = models.CharField(
        _("奖励等级"), max_length=32, blank=True, help_text=_("如：一等奖、二等奖。仅科技奖励填写。")
    )
    rank = models.PositiveSmallIntegerField(
        _("完成单位排名"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("本单位在获奖完成单位中的排名，第一完成单位填 1。仅科技奖励填写。"),
    )
    is_lead = models.BooleanField(
        _("牵头（主持）制定"), default=False, help_text=_("本单位是该标准的牵头或主持起草单位。仅标准填写。")
    )
    document_number = models.CharField(_("证书或文号"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = QualificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("资质荣誉")
        verbose_name_plural = _("资质荣誉")
        ordering = ["organization", "-year", "kind"]
        indexes = [models.Index(fields=["organization", "kind", "year"])]

    def __str__(self):
        return f"{self.year} {self.name}"

    def clean(self):
        errors = {}
        allowed = self.LEVELS_BY_KIND.get(self.kind)
        if allowed and self.level and self.level not in allowed:
            errors["level"] = _("%(kind)s的级别只能是：%(levels)s。") % {
                "kind": self.get_kind_display(),
                "levels": "、".join(str(self.Level(level).label) for level in allowed),
            }
        if self.kind == self.Kind.AWARD and self.level == self.Level.NATIONAL and not self.rank:
            errors["rank"] = _("国家级科技奖励须填写本单位的完成单位排名。")
        if self.kind != self.Kind.AWARD:
            self.rank = None
            self.grade = ""
        if self.kind != self.Kind.STANDARD:
            self.is_lead = False
        if errors:
            raise ValidationError(errors)


class IntegrityRecordQuerySet(ScopedQuerySet):
    region_path = "organization__region"
    organization_path = "organization"

    def overlapping(self, start, end):
        """Return records in force at any day between ``start`` and ``end`` inclusive."""
        return self.filter(models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=start), starts_on__lte=end)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class IntegrityRecord(models.Model):
    """An integrity record (失信与违法记录), entered by bureau staff, never by the applicant."""

    class Kind(models.TextChoices):
        DISHONEST = "dishonest", _("严重失信主体名单")
        ABNORMAL_OPERATION = "abnormal_operation", _("经营异常名录")
        MAJOR_VIOLATION = "major_violation", _("重大安全、质量、环境违法行为")
        RESEARCH_MISCONDUCT = "research_misconduct", _("严重科研失信行为")

    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="integrity_records"
    )
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices)
    starts_on = models.DateField(_("起始日期"), help_text=_("列入名单或违法行为发生的日期。"))
    ends_on = models.DateField(_("终止日期"), null=True, blank=True, help_text=_("移出名单的日期；尚未移出的留空。"))
    source = models.CharField(_("信息来源"), max_length=100, help_text=_("如：信用中国、市场监管部门公告。"))
    description = models.TextField(_("情况说明"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = IntegrityRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("诚信记录")
        verbose_name_plural = _("诚信记录")
        ordering = ["organization", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="integrity_ends_after_start",
                violation_error_message=_("终止日期不能早于起始日期。"),
            ),
        ]
        indexes = [models.Index(fields=["organization", "kind", "starts_on"])]

    def __str__(self):
        return f"{self.organization} {self.get_kind_display()}"


class ProfileSnapshotQuerySet(ScopedQuerySet):
    region_path = "organization__region"
    organization_path = "organization"


class ProfileSnapshot(models.Model):
    """What a submitted application read from the profile, frozen (申报数据版本).

    Later edits of the profile do not change it; the application keeps pointing here.
    """

    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="snapshots"
    )
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    purpose = models.CharField(_("用途"), max_length=32, help_text=_("如 sme、hightech、project。"))
    data = models.JSONField(_("数据"))
    taken_at = models.DateTimeField(_("保存时间"), auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ProfileSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("申报数据版本")
        verbose_name_plural = _("申报数据版本")
        ordering = ["-taken_at", "-pk"]
        indexes = [models.Index(fields=["organization", "purpose", "year"])]

    def __str__(self):
        return f"{self.organization} {self.year} {self.purpose}"
