"""Intellectual property an organization holds (知识产权), its I/II class, and its use by applications."""

import pghistory
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.core.models import OptimisticLockModel
from bureau.core.scoping import ScopedQuerySet

from ..rules.ip import IpKind as RuleKind
from ..rules.ip import ip_class as rule_ip_class
from .organization import Organization


class IPKind(models.TextChoices):
    """Kinds of intellectual property named by the SME and high-tech rules (DESIGN 4.1).

    The values are those of ``enterprises.rules.ip.IpKind``, whose ``ip_class`` decides
    the class; the member names are kept for the code already written against them.
    """

    INVENTION_PATENT = RuleKind.INVENTION_PATENT.value, _("发明专利")
    DEFENCE_PATENT = RuleKind.DEFENCE_PATENT.value, _("国防专利")
    PLANT_VARIETY = RuleKind.NEW_PLANT_VARIETY.value, _("植物新品种")
    CROP_VARIETY = RuleKind.NATIONAL_CROP_VARIETY.value, _("国家级农作物品种")
    NEW_DRUG = RuleKind.NATIONAL_NEW_DRUG.value, _("国家新药")
    TCM_VARIETY = RuleKind.TCM_PROTECTED_FIRST_GRADE.value, _("国家一级中药保护品种")
    IC_LAYOUT = RuleKind.IC_LAYOUT_DESIGN.value, _("集成电路布图设计专有权")
    UTILITY_MODEL = RuleKind.UTILITY_MODEL.value, _("实用新型专利")
    DESIGN_PATENT = RuleKind.DESIGN_PATENT.value, _("外观设计专利")
    SOFTWARE_COPYRIGHT = RuleKind.SOFTWARE_COPYRIGHT.value, _("软件著作权")
    TRADEMARK = RuleKind.TRADEMARK.value, _("商标")
    OTHER = RuleKind.OTHER.value, _("其他")


class IPClass(models.IntegerChoices):
    """I/II class of an IP item; trademarks and other kinds count in neither."""

    NONE = 0, _("不分类")
    CLASS_I = 1, _("Ⅰ类")
    CLASS_II = 2, _("Ⅱ类")


def ip_class_of(kind: str) -> int:
    """Return the IP class of ``kind`` by the policy rule: 1, 2, or 0 for kinds that never count."""
    try:
        return rule_ip_class(kind) or IPClass.NONE
    except ValueError:
        return IPClass.NONE


class IntellectualPropertyQuerySet(ScopedQuerySet):
    region_path = "organization__region"
    organization_path = "organization"

    def valid(self):
        return self.filter(status=IntellectualProperty.Status.VALID)

    def granted_by(self, day):
        """Return items granted (registered) on or before ``day``."""
        return self.filter(granted_on__isnull=False, granted_on__lte=day)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class IntellectualProperty(OptimisticLockModel):
    """An IP item (知识产权) an organization holds; its class is derived from its kind.

    The number is unique per organization and kind, not across organizations: a patent
    transferred from one firm to another, or held jointly, appears in both portfolios.
    """

    class Status(models.TextChoices):
        VALID = "valid", _("有效")
        PENDING = "pending", _("申请中")
        EXPIRED = "expired", _("已失效")
        TRANSFERRED = "transferred", _("已转让")

    class Obtained(models.TextChoices):
        OWN_RD = "own_rd", _("自主研发")
        TRANSFER = "transfer", _("受让")
        GIFT = "gift", _("受赠")
        ACQUISITION = "acquisition", _("并购")

    status_styles = {"valid": "success", "pending": "info", "expired": "secondary", "transferred": "secondary"}

    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="ip_items"
    )
    kind = models.CharField(_("知识产权类型"), max_length=32, choices=IPKind.choices)
    ip_class = models.PositiveSmallIntegerField(
        _("类别"), choices=IPClass.choices, default=IPClass.NONE, editable=False
    )
    number = models.CharField(
        _("登记号/专利号"), max_length=64, help_text=_("如 ZL202310123456.7；软件著作权填登记号。")
    )
    title = models.CharField(_("名称"), max_length=200)
    applied_on = models.DateField(_("申请日期"), null=True, blank=True)
    granted_on = models.DateField(_("授权（登记）日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.VALID)
    obtained_by = models.CharField(_("获得方式"), max_length=16, choices=Obtained.choices, default=Obtained.OWN_RD)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = IntellectualPropertyQuerySet.as_manager()

    class Meta:
        verbose_name = _("知识产权")
        verbose_name_plural = _("知识产权")
        ordering = ["organization", "-granted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "kind", "number"], name="ip_unique_org_kind_number"),
            models.CheckConstraint(
                condition=models.Q(granted_on__isnull=True)
                | models.Q(applied_on__isnull=True)
                | models.Q(granted_on__gte=models.F("applied_on")),
                name="ip_granted_after_applied",
                violation_error_message=_("授权日期不能早于申请日期。"),
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "status", "ip_class"]),
            models.Index(fields=["kind", "number"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number} {self.title}"

    def clean(self):
        self.number = (self.number or "").strip()
        self.ip_class = ip_class_of(self.kind)
        if self.status == self.Status.VALID and not self.granted_on:
            raise ValidationError({"granted_on": _("有效的知识产权须填写授权（登记）日期。")})
        if self.granted_on and self.applied_on and self.granted_on < self.applied_on:
            raise ValidationError({"granted_on": _("授权日期不能早于申请日期。")})

    def save(self, *args, **kwargs):
        # Derived on every save so a changed kind can never leave a stale class behind.
        self.ip_class = ip_class_of(self.kind)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "kind" in update_fields and "ip_class" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "ip_class"]
        super().save(*args, **kwargs)


class IPUseQuerySet(ScopedQuerySet):
    region_path = "ip__organization__region"
    organization_path = "ip__organization"

    def active(self):
        return self.filter(released_at__isnull=True)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class IPUse(models.Model):
    """An application's use of an IP item (知识产权使用记录).

    A class-II item may support only one high-tech application (工作指引 2016): the
    partial unique constraint makes the database refuse a second active use, whatever
    races between two submissions. A use is released when its application is withdrawn
    or refused, if the certification app decides the item may then be used again.
    """

    class Purpose(models.TextChoices):
        SME = "sme", _("科技型中小企业评价")
        HIGHTECH = "hightech", _("高新技术企业认定")
        PROJECT = "project", _("科技计划项目")
        OTHER = "other", _("其他")

    ip = models.ForeignKey(
        IntellectualProperty, verbose_name=_("知识产权"), on_delete=models.PROTECT, related_name="uses"
    )
    ip_class = models.PositiveSmallIntegerField(
        _("类别"), choices=IPClass.choices, editable=False, help_text=_("使用时的类别，随记录保存。")
    )
    purpose = models.CharField(_("用途"), max_length=16, choices=Purpose.choices)
    content_type = models.ForeignKey(ContentType, verbose_name=_("申请类型"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("申请编号"))
    application = GenericForeignKey("content_type", "object_id")
    label = models.CharField(_("申请名称"), max_length=200, help_text=_("如“2026年高新技术企业认定申请”。"))
    used_at = models.DateTimeField(_("使用时间"), auto_now_add=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    released_at = models.DateTimeField(_("释放时间"), null=True, blank=True)

    objects = IPUseQuerySet.as_manager()

    class Meta:
        verbose_name = _("知识产权使用记录")
        verbose_name_plural = _("知识产权使用记录")
        ordering = ["-used_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ip", "purpose", "content_type", "object_id"], name="ipuse_unique_per_application"
            ),
            models.UniqueConstraint(
                fields=["ip"],
                condition=models.Q(purpose="hightech", ip_class=2, released_at__isnull=True),
                name="ipuse_class2_one_hightech",
                violation_error_message=_("该Ⅱ类知识产权已用于其他高新技术企业认定申请，只能使用一次。"),
            ),
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["ip", "purpose"]),
        ]

    def __str__(self):
        return f"{self.ip} → {self.label}"
