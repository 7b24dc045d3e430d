"""Technology brokers (技术经纪人): people certified to broker technology transactions."""

import pghistory
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.core.formatting import mask_id_number
from bureau.core.scoping import ScopedQuerySet

# Migration 0001 names this validator by this path; it lives with the registry's others.
from enterprises.validators import validate_id_number


class BrokerQuerySet(ScopedQuerySet):
    region_path = "region"
    organization_path = "organization"

    def valid_on(self, day):
        return self.filter(is_active=True, valid_from__lte=day, valid_until__gte=day)


@pghistory.track(exclude=["id_number"])
class Broker(models.Model):
    """A technology broker (技术经纪人) with a certificate of a given level and validity."""

    class Level(models.TextChoices):
        JUNIOR = "junior", _("初级技术经纪人")
        INTERMEDIATE = "intermediate", _("中级技术经纪人")
        SENIOR = "senior", _("高级技术经纪人")

    full_name = models.CharField(_("姓名"), max_length=64)
    id_number = models.CharField(
        _("居民身份证号码"),
        max_length=18,
        unique=True,
        validators=[validate_id_number],
        help_text=_("仅用于核验身份，列表、导出和接口中一律脱敏显示。"),
    )
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    organization = models.ForeignKey(
        "enterprises.Organization",
        verbose_name=_("所在单位（单位库）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="technology_brokers",
    )
    organization_name = models.CharField(_("所在单位"), max_length=200)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所在县市区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.CharField(_("证书等级"), max_length=16, choices=Level.choices, default=Level.JUNIOR)
    certificate_number = models.CharField(_("证书编号"), max_length=32, unique=True)
    valid_from = models.DateField(_("证书发证日期"))
    valid_until = models.DateField(_("证书有效期至"))
    is_active = models.BooleanField(_("在册"), default=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = BrokerQuerySet.as_manager()

    class Meta:
        verbose_name = _("技术经纪人")
        verbose_name_plural = _("技术经纪人")
        ordering = ["full_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("valid_from")), name="contracts_broker_validity_order"
            ),
        ]
        indexes = [
            models.Index(fields=["is_active", "valid_until"], name="contracts_broker_valid_idx"),
            models.Index(fields=["level"], name="contracts_broker_level_idx"),
            models.Index(fields=["full_name"], name="contracts_broker_name_idx"),
        ]

    def __str__(self):
        return f"{self.full_name}（{self.certificate_number}）"

    def get_absolute_url(self):
        return reverse("contracts:broker-detail", args=[self.pk])

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)

    def is_valid_on(self, day) -> bool:
        return self.is_active and self.valid_from <= day <= self.valid_until
