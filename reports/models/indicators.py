"""Indicators (指标), their targets (目标), entered values and the rollup table.

Values are stored in base units: money in 元, percentages as fractions (0.0327 for
3.27%), counts as whole numbers. Each indicator says in which unit people read and type
it (亿元, 万元, %, 项 ...); ``to_display`` / ``from_display`` convert, so an import of
"50" against a 亿元 indicator stores 5,000,000,000 元.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.core.models import OptimisticLockModel
from reports.periods import PERIODS_PER_YEAR, Period, PeriodType

VALUE_DIGITS = {"max_digits": 24, "decimal_places": 6}
MONEY_UNITS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}


class IndicatorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def key(self):
        """Return the key indicators shown as cards on the leader's dashboard."""
        return self.active().filter(is_key=True)

    def of_source(self, source):
        return self.filter(source=source)


class Indicator(models.Model):
    """An indicator (指标) the bureau is judged by: its definition, unit and how it adds up."""

    class Source(models.TextChoices):
        COMPUTED = "computed", _("平台数据自动计算")
        ENTERED = "entered", _("录入或导入")
        DERIVED = "derived", _("由其他指标计算")

    class Aggregation(models.TextChoices):
        FLOW = "flow", _("期内累计（流量）")
        STOCK = "stock", _("期末数（存量）")
        RATIO = "ratio", _("两项指标之比")

    class ValueType(models.TextChoices):
        MONEY = "money", _("金额")
        COUNT = "count", _("数量")
        PERCENT = "percent", _("百分比")
        NUMBER = "number", _("数值")

    code = models.CharField(
        _("指标代码"),
        max_length=64,
        unique=True,
        validators=[RegexValidator(r"^[a-z][a-z0-9_.]*$", _("只能使用小写字母、数字、点和下划线。"))],
    )
    name = models.CharField(_("指标名称"), max_length=64)
    unit = models.CharField(
        _("计量单位"), max_length=16, help_text=_("页面显示和录入时使用的单位，如 亿元、万元、%、项、家。")
    )
    value_type = models.CharField(_("数值类型"), max_length=16, choices=ValueType.choices)
    definition = models.TextField(_("指标解释"), help_text=_("统计口径：统计什么、按什么日期和区划归属。"))
    source = models.CharField(_("数据来源"), max_length=16, choices=Source.choices)
    source_note = models.CharField(
        _("来源说明"), max_length=128, blank=True, help_text=_("如：市统计局年报、技术合同登记系统。")
    )
    aggregation = models.CharField(_("汇总方式"), max_length=16, choices=Aggregation.choices)
    numerator = models.ForeignKey(
        "self", verbose_name=_("分子指标"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", verbose_name=_("分母指标"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    scale = models.DecimalField(
        _("比值系数"),
        max_digits=12,
        decimal_places=4,
        default=Decimal(1),
        help_text=_("比值乘以该系数，如“每万人口”填 1（人口以万人计）。"),
    )
    is_key = models.BooleanField(_("重点指标"), default=False, help_text=_("在领导驾驶舱以卡片显示。"))
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)
    refreshed_at = models.DateTimeField(_("数据更新于"), null=True, blank=True, editable=False)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = _("指标")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(aggregation="ratio", numerator__isnull=False, denominator__isnull=False)
                    | (~models.Q(aggregation="ratio") & models.Q(numerator__isnull=True, denominator__isnull=True))
                ),
                name="reports_indicator_ratio_has_terms",
            ),
            models.CheckConstraint(
                condition=models.Q(source="derived", aggregation="ratio") | ~models.Q(source="derived"),
                name="reports_indicator_derived_is_ratio",
            ),
        ]
        indexes = [models.Index(fields=["is_active", "is_key"])]

    def __str__(self):
        return f"{self.name}（{self.unit}）"

    def clean(self):
        if self.value_type == self.ValueType.MONEY and self.unit not in MONEY_UNITS:
            raise ValidationError({"unit": _("金额指标的单位应为 元、万元 或 亿元。")})
        if self.value_type == self.ValueType.PERCENT and self.unit != "%":
            raise ValidationError({"unit": _("百分比指标的单位应为 %。")})

    # --- units -----------------------------------------------------------------------

    @cached_property
    def display_factor(self) -> Decimal:
        """Return how many base units one display unit holds (亿元 -> 100,000,000)."""
        if self.value_type == self.ValueType.MONEY:
            return MONEY_UNITS.get(self.unit, Decimal(1))
        if self.value_type == self.ValueType.PERCENT:
            return Decimal("0.01")
        return Decimal(1)

    def from_display(self, value: Decimal) -> Decimal:
        """Convert a value typed in the display unit to the stored base unit."""
        return Decimal(value) * self.display_factor

    def to_display(self, value: Decimal | None) -> Decimal | None:
        """Convert a stored value to the display unit (not rounded)."""
        return None if value is None else Decimal(value) / self.display_factor

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == self.Aggregation.RATIO


class PeriodFields(models.Model):
    """Abstract: the period a row is about (type, year, number) with its first and last day."""

    period = models.CharField(_("统计期类型"), max_length=8, choices=PeriodType.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    number = models.PositiveSmallIntegerField(_("期序"), default=1, help_text=_("月份、季度或半年的序号；年度为 1。"))
    start = models.DateField(_("起始日"))
    end = models.DateField(_("截止日"))

    class Meta:
        abstract = True

    @property
    def period_obj(self) -> Period:
        return Period(self.year, self.period, self.number)

    @property
    def period_label(self) -> str:
        return self.period_obj.label

    def clean(self):
        super().clean()
        if self.period and self.number and not 1 <= self.number <= PERIODS_PER_YEAR.get(self.period, 1):
            raise ValidationError({"number": _("期序超出范围。")})


class TargetQuerySet(models.QuerySet):
    def for_year(self, year):
        return self.filter(year=year)


class Target(OptimisticLockModel):
    """An annual target (年度目标) of one indicator for one region (city, county or park)."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="targets")
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("年度"))
    value = models.DecimalField(_("目标值"), **VALUE_DIGITS)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["-year", "indicator__sort_order", "region__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "region", "year"], name="reports_target_unique"),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="reports_target_not_negative"),
        ]
        indexes = [models.Index(fields=["year", "indicator"])]

    def __str__(self):
        return f"{self.year} {self.region} {self.indicator.name}"


class EnteredValue(OptimisticLockModel, PeriodFields):
    """A value of an entered indicator (GDP, R&D spending ...) for one region and period."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="entered_values"
    )
    region = models.ForeignKey("regions.Region", verbose_name=_("区划"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("数值"), **VALUE_DIGITS)
    note = models.CharField(_("来源或备注"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("录入指标值")
        verbose_name_plural = _("录入指标值")
        ordering = ["-year", "indicator__sort_order", "region__sort_order", "period", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period", "year", "number"], name="reports_enteredvalue_unique"
            ),
        ]
        indexes = [models.Index(fields=["indicator", "year"])]

    def __str__(self):
        return f"{self.period_label} {self.region} {self.indicator.name}"


class ProvinceRank(PeriodFields):
    """The city's rank in the province (全省排名) for an indicator and period, as published."""

    indicator = models.ForeignKey(Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="ranks")
    rank = models.PositiveSmallIntegerField(_("全省排名"))
    out_of = models.PositiveSmallIntegerField(_("参与排名市州数"), null=True, blank=True)
    note = models.CharField(_("来源"), max_length=200, blank=True, help_text=_("如：省科技厅通报。"))

    class Meta:
        verbose_name = _("全省排名")
        verbose_name_plural = _("全省排名")
        ordering = ["-year", "indicator__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period", "year", "number"], name="reports_rank_unique"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="reports_rank_positive"),
        ]

    def __str__(self):
        return f"{self.period_label} {self.indicator.name} 第{self.rank}位"


class RollupQuerySet(models.QuerySet):
    def totals(self):
        """Return the rows without a breakdown (the indicator's total for the region)."""
        return self.filter(breakdown="")

    def for_period(self, period: Period):
        return self.filter(period=period.type, year=period.year, number=period.number)


class Rollup(PeriodFields):
    """One computed value (汇总值): an indicator for a region and period, filled in SQL.

    Written only by ``reports.rollup`` (INSERT ... SELECT ... ON CONFLICT), read by the
    dashboards. ``breakdown`` is "" for the total or "dimension:key" (e.g. "type:development")
    for a slice; ``computed_at`` is when the value last changed.
    """

    # Derived rows, written only from existing ids by one statement: no database foreign-key
    # checks (two deferred triggers per row would cost a third of a full rollup); Django
    # still deletes them with their indicator or region.
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="rollups", db_constraint=False
    )
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("区划"), on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    breakdown = models.CharField(_("分类"), max_length=48, blank=True, default="")
    value = models.DecimalField(_("数值"), **VALUE_DIGITS)
    computed_at = models.DateTimeField(_("计算时间"))

    objects = RollupQuerySet.as_manager()

    class Meta:
        verbose_name = _("指标汇总值")
        verbose_name_plural = _("指标汇总值")
        ordering = ["indicator", "region", "year", "period", "number", "breakdown"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period", "year", "number", "breakdown"], name="reports_rollup_unique"
            ),
        ]
        # The unique index (indicator first) serves the dashboards and most API filters.
        indexes = [models.Index(fields=["region", "year"])]

    def __str__(self):
        return f"{self.period_label} {self.region_id} {self.indicator_id} = {self.value}"
