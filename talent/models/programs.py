"""Talent programs (人才计划) and the people selected into them (入选人才).

A program is run by the city (the portal runs its calls end to end) or by the province or
the state (the city nominates; the result the province publishes is recorded here, never
invented). Every selection is one person in one program in one year, counted in the
KPIs by the region of the organization the person works for.
"""

import pghistory
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from bureau.core.formatting import mask_id_number
from bureau.core.scoping import ScopedQuerySet
from enterprises.validators import validate_id_number

MONEY = {"max_digits": 18, "decimal_places": 2}


@pghistory.track()
class TalentProgram(models.Model):
    """A talent program (人才计划), e.g. Hunan's 湖湘高层次人才聚集工程 or a city's own."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("国家级")
        PROVINCIAL = "provincial", _("省级")
        CITY = "city", _("市级")

    code = models.SlugField(
        _("代码"), max_length=32, unique=True, help_text=_("英文字母、数字或连字符，用于统计和导入。")
    )
    name = models.CharField(_("计划名称"), max_length=100, unique=True)
    short_name = models.CharField(
        _("简称"), max_length=32, blank=True, help_text=_("图表和统计表中显示，如“湖湘青年英才”。")
    )
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    issuer = models.CharField(_("主管部门"), max_length=100, blank=True)
    description = models.TextField(_("计划简介"), blank=True)
    is_active = models.BooleanField(_("在用"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        verbose_name = _("人才计划")
        verbose_name_plural = _("人才计划")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        return self.short_name or self.name


class TalentSelectionQuerySet(ScopedQuerySet):
    region_path = "region"
    organization_path = "organization"

    def for_list(self):
        return self.select_related("program", "region", "organization")

    def selected_in(self, year: int):
        return self.filter(year=year)


@pghistory.track(exclude=["id_number"])
class TalentSelection(models.Model):
    """A person selected into a talent program in a year (人才入选记录)."""

    class Gender(models.TextChoices):
        MALE = "male", _("男")
        FEMALE = "female", _("女")

    program = models.ForeignKey(
        TalentProgram, verbose_name=_("人才计划"), on_delete=models.PROTECT, related_name="selections"
    )
    category = models.CharField(
        _("入选类别"), max_length=64, blank=True, help_text=_("计划内的类别或层次，如“科技创新领军人才”。")
    )
    year = models.PositiveSmallIntegerField(_("入选年度"))
    selected_on = models.DateField(_("入选日期"), help_text=_("公布入选名单的日期，统计按此日期归属统计期。"))
    full_name = models.CharField(_("姓名"), max_length=64)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, blank=True)
    id_number = models.CharField(
        _("居民身份证号码"),
        max_length=18,
        blank=True,
        validators=[validate_id_number],
        help_text=_("仅用于核验身份，列表、导出和接口中一律脱敏显示；外籍人员可不填。"),
    )
    organization = models.ForeignKey(
        "enterprises.Organization",
        verbose_name=_("工作单位（单位库）"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talent_selections",
    )
    organization_name = models.CharField(_("工作单位"), max_length=200)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所在县市区"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("工作单位所在区划，统计按此归属。"),
    )
    title = models.CharField(_("职称/职务"), max_length=64, blank=True)
    field = models.CharField(_("专业领域"), max_length=64, blank=True)
    funding = models.DecimalField(_("资助金额（元）"), null=True, blank=True, **MONEY)
    note = models.CharField(_("备注"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = TalentSelectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("入选人才")
        verbose_name_plural = _("入选人才")
        ordering = ["-selected_on", "full_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "year", "full_name", "organization_name"],
                name="talent_selection_once_per_program_year",
                violation_error_message=_("该人员已录入同一计划同一年度的入选记录。"),
            ),
            models.CheckConstraint(condition=models.Q(funding__gte=0), name="talent_selection_funding_not_negative"),
        ]
        indexes = [
            models.Index(fields=["selected_on", "region"], name="talent_sel_date_region_idx"),
            models.Index(fields=["program", "year"], name="talent_sel_program_year_idx"),
            models.Index(fields=["region", "year"], name="talent_sel_region_year_idx"),
            models.Index(fields=["full_name"], name="talent_sel_name_idx"),
        ]

    def __str__(self):
        return f"{self.full_name}（{self.program.label} {self.year}）"

    def get_absolute_url(self):
        return reverse("talent:selection-detail", args=[self.pk])

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)
