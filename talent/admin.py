"""Admin of the talent app: programs (kept here), selections, experts, commissioners, with import-export."""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from bureau.core.formatting import mask_id_number

from .models import Commissioner, CommissionerServiceLog, Expert, TalentProgram, TalentSelection
from .resources import CommissionerResource, ExpertResource, TalentProgramResource, TalentSelectionResource


class MaskedIdMixin:
    @admin.display(description="居民身份证号码")
    def masked_id(self, obj):
        return mask_id_number(obj.id_number)


@admin.register(TalentProgram)
class TalentProgramAdmin(ImportExportModelAdmin):
    resource_classes = [TalentProgramResource]
    list_display = ["name", "code", "short_name", "level", "issuer", "is_active", "sort_order"]
    list_filter = ["level", "is_active"]
    list_editable = ["is_active", "sort_order"]
    search_fields = ["name", "code", "short_name"]


@admin.register(TalentSelection)
class TalentSelectionAdmin(MaskedIdMixin, ImportExportModelAdmin):
    resource_classes = [TalentSelectionResource]
    list_display = ["full_name", "masked_id", "program", "year", "selected_on", "organization_name", "region"]
    list_filter = ["program", "year"]
    list_select_related = ["program", "region"]
    search_fields = ["full_name", "organization_name"]
    date_hierarchy = "selected_on"
    raw_id_fields = ["organization"]
    show_full_result_count = False


@admin.register(Expert)
class ExpertAdmin(MaskedIdMixin, ImportExportModelAdmin):
    resource_classes = [ExpertResource]
    list_display = ["full_name", "masked_id", "organization_name", "region", "title", "status", "joined_on", "user"]
    list_filter = ["status", "title", "region"]
    list_select_related = ["region", "user"]
    search_fields = ["full_name", "organization_name", "specialty"]
    raw_id_fields = ["organization", "user"]


class ServiceLogInline(admin.TabularInline):
    model = CommissionerServiceLog
    extra = 0
    fields = ["served_on", "place", "content", "people_served", "recorded_by"]
    raw_id_fields = ["recorded_by"]


@admin.register(Commissioner)
class CommissionerAdmin(MaskedIdMixin, ImportExportModelAdmin):
    resource_classes = [CommissionerResource]
    list_display = [
        "name",
        "kind",
        "masked_id",
        "organization_name",
        "region",
        "year",
        "service_from",
        "service_until",
        "ended_on",
    ]
    list_filter = ["kind", "year", "region"]
    list_select_related = ["region"]
    search_fields = ["name", "organization_name", "leader_name", "service_target"]
    raw_id_fields = ["organization"]
    inlines = [ServiceLogInline]
