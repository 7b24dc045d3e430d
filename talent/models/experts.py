"""The expert database (专家库) the bureau's reviews draw from."""

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bureau.core.formatting import mask_id_number
from bureau.core.scoping import ScopedQuerySet
from enterprises.validators import validate_id_number


class ExpertQuerySet(ScopedQuerySet):
    region_path = "region"
    organization_path = None  # applicants never see the expert database

    def for_list(self):
        return self.select_related("region", "organization", "user")

    def in_pool_on(self, day):
        """Return the experts in the database on ``day``: joined by then and not yet left."""
        return self.filter(joined_on__lte=day).exclude(left_on__lte=day)


@pghistory.track(exclude=["id_number"])
class Expert(models.Model):
    """An expert in the bureau's expert database (评审专家), drawn for reviews.

    ``user`` links the expert to an account holding the expert role, through which the
    expert sees and scores the items drawn for them; an expert is never drawn for an
    organization listed in ``organization`` (回避).
    """

    class Title(models.TextChoices):
        SENIOR = "senior", _("正高级")
        ASSOCIATE = "associate", _("副高级")
        INTERMEDIATE = "intermediate", _("中级")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在库")
        SUSPENDED = "suspended", _("暂停抽取")
        LEFT = "left", _("已出库")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    full_name = models.CharField(_("姓名"), max_length=64)
    id_number = models.CharField(
        _("居民身份证号码"),
        max_length=18,
        unique=True,
        validators=[validate_id_number],
        help_text=_("仅用于核验身份，列表、导出和接口中一律脱敏显示。"),
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    organization = models.ForeignKey(
        "enterprises.Organization",
        verbose_name=_("工作单位（单位库）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="experts",
    )
    organization_name = models.CharField(_("工作单位"), max_length=200)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在县市区"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("职称"), max_length=16, choices=Title.choices)
    position = models.CharField(_("职务"), max_length=64, blank=True)
    technical_fields = ArrayField(
        models.CharField(max_length=32),
        verbose_name=_("专业领域"),
        default=list,
        blank=True,
        help_text=_("按国家重点支持的高新技术领域填写，可多选。"),
    )
    specialty = models.CharField(_("研究方向"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    joined_on = models.DateField(_("入库日期"))
    left_on = models.DateField(_("出库日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=255, blank=True)

    objects = ExpertQuerySet.as_manager()

    class Meta:
        verbose_name = _("评审专家")
        verbose_name_plural = _("专家库")
        ordering = ["full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("joined_on")),
                name="talent_expert_left_after_joined",
                violation_error_message=_("出库日期不能早于入库日期。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(status="left") | models.Q(left_on__isnull=False),
                name="talent_expert_left_has_date",
                violation_error_message=_("已出库的专家须填写出库日期。"),
            ),
        ]
        indexes = [
            models.Index(fields=["joined_on", "region"], name="talent_expert_joined_idx"),
            models.Index(fields=["status", "region"], name="talent_expert_status_idx"),
            models.Index(fields=["full_name"], name="talent_expert_name_idx"),
        ]

    def __str__(self):
        return f"{self.full_name}（{self.organization_name}）"

    def get_absolute_url(self):
        return reverse("talent:expert-detail", args=[self.pk])

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)
