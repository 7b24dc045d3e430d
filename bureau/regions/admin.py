"""Admin of regions (区划) and parks (园区), with Excel/CSV import and export by code."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from import_export.admin import ImportExportModelAdmin
from import_export.widgets import ForeignKeyWidget

from bureau.core.admin import AuditHistoryMixin

from .models import Region


class RegionResource(resources.ModelResource):
    """Rows keyed by 区划代码; the parent is given by its code too."""

    parent = fields.Field(attribute="parent", column_name="parent", widget=ForeignKeyWidget(Region, field="code"))

    class Meta:
        model = Region
        import_id_fields = ("code",)
        fields = ("code", "name", "short_name", "kind", "parent", "sort_order", "is_active")
        export_order = fields
        skip_unchanged = True
        report_skipped = True
        # A parent must exist before its children: import provinces, then cities, then counties.
        use_transactions = True


class ParentFilter(admin.SimpleListFilter):
    """Filter by parent among the regions that have children (provinces and cities)."""

    title = _("上级区划")
    parameter_name = "parent"

    def lookups(self, request, model_admin):
        parents = Region.objects.filter(children__isnull=False).distinct().order_by("code")
        return [(str(r.pk), f"{r.name}（{r.code}）") for r in parents]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(parent_id=self.value())
        return queryset


@admin.register(Region)
class RegionAdmin(AuditHistoryMixin, ImportExportModelAdmin):
    resource_classes = [RegionResource]
    list_display = ("code", "name", "short_name", "kind", "parent", "sort_order", "is_active", "child_count")
    list_filter = ("kind", ParentFilter, "is_active")
    search_fields = ("code", "name", "short_name")
    list_select_related = ("parent",)
    autocomplete_fields = ("parent",)
    fields = ("code", "name", "short_name", "kind", "parent", "sort_order", "is_active", "audit_history")
    readonly_fields = ("audit_history",)
    ordering = ("sort_order", "code")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(children_count=Count("children"))

    @admin.display(description=_("下级数"), ordering="children_count")
    def child_count(self, obj):
        return obj.children_count
