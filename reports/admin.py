"""Admin of the reports app, with import-export for targets and entered values.

Imports and exports write values in each indicator's unit (50 for 50 亿元), the same
as the staff pages and the staff import; an import with any bad row saves nothing.
"""

from decimal import Decimal, InvalidOperation

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ImportExportModelAdmin
from import_export.widgets import ForeignKeyWidget

from bureau.regions.models import Region

from .formatting import plain
from .models import Answer, Campaign, CampaignField, EnteredValue, Indicator, ProvinceRank, Rollup, Target
from .periods import BadPeriod, Period


class _DisplayUnitResource(resources.ModelResource):
    """Read and write ``value`` in the indicator's unit rather than in 元 or fractions."""

    VALUE = "数值（按指标单位）"

    unit = fields.Field(column_name="单位", readonly=True)

    def dehydrate_unit(self, obj):
        return obj.indicator.unit

    def dehydrate_value(self, obj):
        return plain(obj.indicator.to_display(obj.value))

    def before_import_row(self, row, **kwargs):
        indicator = Indicator.objects.filter(code=str(row.get("指标代码") or "").strip()).first()
        if indicator is None:
            raise ValueError(_("没有该指标代码。"))
        try:
            row[self.VALUE] = indicator.from_display(Decimal(str(row.get(self.VALUE)).replace(",", "")))
        except InvalidOperation:
            raise ValueError(_("数值不是有效的数字。")) from None


class TargetResource(_DisplayUnitResource):
    VALUE = "目标值（按指标单位）"

    indicator = fields.Field("indicator", "指标代码", widget=ForeignKeyWidget(Indicator, "code"))
    region = fields.Field("region", "区划代码", widget=ForeignKeyWidget(Region, "code"))
    year = fields.Field("year", "年度")
    value = fields.Field("value", VALUE)
    note = fields.Field("note", "备注")

    class Meta:
        model = Target
        fields = ("indicator", "region", "year", "value", "unit", "note")
        import_id_fields = ("indicator", "region", "year")
        skip_unchanged = True
        use_transactions = True


class EnteredValueResource(_DisplayUnitResource):
    indicator = fields.Field("indicator", "指标代码", widget=ForeignKeyWidget(Indicator, "code"))
    region = fields.Field("region", "区划代码", widget=ForeignKeyWidget(Region, "code"))
    key = fields.Field(column_name="统计期", readonly=True)
    period = fields.Field("period", "统计期类型")
    year = fields.Field("year", "年度")
    number = fields.Field("number", "期序")
    value = fields.Field("value", _DisplayUnitResource.VALUE)
    note = fields.Field("note", "来源或备注")

    class Meta:
        model = EnteredValue
        fields = ("indicator", "region", "key", "period", "year", "number", "value", "unit", "note")
        import_id_fields = ("indicator", "region", "period", "year", "number")
        skip_unchanged = True
        use_transactions = True

    def dehydrate_key(self, obj):
        return obj.period_obj.key

    def before_import(self, dataset, **kwargs):
        # A file may give the period as one key (2023-H1) instead of its three columns.
        if "统计期" in (dataset.headers or []) and "统计期类型" not in dataset.headers:
            parsed = [_period_columns(key) for key in dataset["统计期"]]
            for index, header in enumerate(["统计期类型", "年度", "期序"]):
                dataset.append_col([p[index] for p in parsed], header=header)

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if not row.get("统计期类型"):
            raise ValueError(_("统计期应写作 2023-Y、2023-H1、2023-Q2 或 2023-M06。"))

    def before_save_instance(self, instance, row, **kwargs):
        period = instance.period_obj
        instance.start, instance.end = period.start, period.end

    def after_import(self, dataset, result, **kwargs):
        if not result.has_errors() and not kwargs.get("dry_run"):
            from .tasks import refresh_rollups

            refresh_rollups.delay(codes=sorted({str(c) for c in dataset["指标代码"]}))


def _period_columns(key) -> tuple:
    try:
        period = Period.parse(str(key or ""))
    except BadPeriod:
        return ("", "", "")
    return (period.type, period.year, period.number)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "unit",
        "source",
        "aggregation",
        "is_key",
        "is_active",
        "sort_order",
        "refreshed_at",
    ]
    list_filter = ["source", "aggregation", "is_key", "is_active"]
    list_editable = ["is_key", "sort_order"]
    search_fields = ["code", "name"]
    readonly_fields = ["refreshed_at"]


@admin.register(Target)
class TargetAdmin(ImportExportModelAdmin):
    resource_classes = [TargetResource]
    list_display = ["year", "indicator", "region", "value", "updated_by", "updated_at"]
    list_filter = ["year", "indicator"]
    list_select_related = ["indicator", "region", "updated_by"]
    autocomplete_fields = ["indicator"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(EnteredValue)
class EnteredValueAdmin(ImportExportModelAdmin):
    resource_classes = [EnteredValueResource]
    list_display = ["indicator", "region", "period", "year", "number", "value", "updated_by", "updated_at"]
    list_filter = ["year", "period", "indicator"]
    list_select_related = ["indicator", "region", "updated_by"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        period = obj.period_obj
        obj.start, obj.end = period.start, period.end
        super().save_model(request, obj, form, change)


@admin.register(ProvinceRank)
class ProvinceRankAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period", "year", "number", "rank", "out_of", "note"]
    list_filter = ["year", "indicator"]


@admin.register(Rollup)
class RollupAdmin(admin.ModelAdmin):
    """Read-only: rollups are written by the rollup task, never by hand."""

    list_display = ["indicator", "region", "period", "year", "number", "breakdown", "value", "computed_at"]
    list_filter = ["period", "year", "indicator"]
    list_select_related = ["indicator", "region"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CampaignFieldInline(admin.TabularInline):
    model = CampaignField
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "opens_on", "deadline", "created_by"]
    list_filter = ["status", "kind"]
    search_fields = ["title"]
    inlines = [CampaignFieldInline]
    readonly_fields = ["status", "published_at", "closed_at", "last_reminded_at", "created_by"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    """Read-only: organizations answer on their pages; history is kept by pghistory."""

    list_display = ["campaign", "organization", "submitted_at", "confirmed_at"]
    list_filter = ["campaign"]
    list_select_related = ["campaign", "organization"]
    search_fields = ["organization__name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
