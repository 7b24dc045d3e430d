"""Science and technology commissioners (科技特派员) and their service logs.

A commissioner is an individual, a legal person (a unit that assigns at least three
professionals, ``talent.rules.commissioners``) or a team, sent to serve a county or a
park for a term; the KPIs count those in service at the period's end by the region
they serve.
"""

import pghistory
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bureau.core.formatting import mask_id_number
from bureau.core.scoping import ScopedQuerySet
from enterprises.validators import validate_id_number


class CommissionerQuerySet(ScopedQuerySet):
    region_path = "region"
    organization_path = "organization"

    def for_list(self):
        return self.select_related("region", "organization")

    def in_service_on(self, day):
        """Return the commissioners serving on ``day``: term begun and not ended."""
        return self.filter(service_from__lte=day, service_until__gte=day).exclude(ended_on__lte=day)


@pghistory.track(exclude=["id_number"])
class Commissioner(models.Model):
    """A science and technology commissioner (科技特派员): individual, legal person or team."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("个人科技特派员")
        LEGAL_PERSON = "legal_person", _("法人科技特派员")
        TEAM = "team", _("团队科技特派员")

    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("名称"), max_length=200, help_text=_("个人填姓名；法人填派出单位名称；团队填团队名称。"))
    id_number = models.CharField(
        _("居民身份证号码"),
        max_length=18,
        blank=True,
        validators=[validate_id_number],
        help_text=_("个人科技特派员必填，列表、导出和接口中一律脱敏显示。"),
    )
    leader_name = models.CharField(
        _("负责人"), max_length=64, blank=True, help_text=_("法人或团队科技特派员的负责人。")
    )
    member_count = models.PositiveSmallIntegerField(
        _("派出专业人员数"), default=1, help_text=_("法人科技特派员不少于3名专业技术人员。")
    )
    organization = models.ForeignKey(
        "enterprises.Organization",
        verbose_name=_("派出单位（单位库）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="commissioners",
    )
    organization_name = models.CharField(_("派出单位"), max_length=200)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("服务县市区"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("服务对象所在区划，统计按此归属。"),
    )
    service_target = models.CharField(_("服务对象"), max_length=200, help_text=_("服务的乡镇、村、合作社或企业。"))
    field = models.CharField(_("服务领域"), max_length=64, blank=True)
    phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("选派年度"))
    service_from = models.DateField(_("服务期起"))
    service_until = models.DateField(_("服务期止"))
    ended_on = models.DateField(_("提前终止日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = CommissionerQuerySet.as_manager()

    class Meta:
        verbose_name = _("科技特派员")
        verbose_name_plural = _("科技特派员")
        ordering = ["-year", "name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(service_until__gte=models.F("service_from")),
                name="talent_commissioner_term_order",
                violation_error_message=_("服务期止不能早于服务期起。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="legal_person") | models.Q(member_count__gte=3),
                name="talent_commissioner_legal_person_three",
                violation_error_message=_("法人科技特派员须派出不少于3名专业技术人员。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="individual") | ~models.Q(id_number=""),
                name="talent_commissioner_individual_id",
                violation_error_message=_("个人科技特派员须填写居民身份证号码。"),
            ),
        ]
        indexes = [
            models.Index(fields=["service_from", "region"], name="talent_comm_from_region_idx"),
            models.Index(fields=["region", "year"], name="talent_comm_region_year_idx"),
            models.Index(fields=["kind", "year"], name="talent_comm_kind_year_idx"),
            models.Index(fields=["name"], name="talent_comm_name_idx"),
        ]

    def __str__(self):
        return f"{self.name}（{self.get_kind_display()}）"

    def get_absolute_url(self):
        return reverse("talent:commissioner-detail", args=[self.pk])

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class CommissionerServiceLog(models.Model):
    """One service a commissioner gave (服务日志): when, where, what, for how many."""

    commissioner = models.ForeignKey(
        Commissioner, verbose_name=_("科技特派员"), on_delete=models.CASCADE, related_name="service_logs"
    )
    served_on = models.DateField(_("服务日期"))
    place = models.CharField(_("服务地点"), max_length=200)
    content = models.TextField(_("服务内容"))
    people_served = models.PositiveIntegerField(_("服务人次"), default=0)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("记录人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("科技特派员服务日志")
        verbose_name_plural = _("科技特派员服务日志")
        ordering = ["-served_on", "-pk"]
        indexes = [models.Index(fields=["commissioner", "served_on"], name="talent_comm_log_idx")]

    def __str__(self):
        return f"{self.commissioner.name} {self.served_on}"
