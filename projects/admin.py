"""Admin of the projects app, with import-export for calls and historical funded projects.

The columns of both imports are listed in ``projects/resources.py``.
"""

from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from .models import ProjectApplication, ProjectCall, ProjectNumberCounter
from .resources import CallResource, FundedProjectResource


@admin.register(ProjectCall)
class ProjectCallAdmin(ImportExportModelAdmin):
    resource_classes = [CallResource]
    list_display = ["title", "year", "category", "department", "opens_at", "closes_at", "max_funding", "is_published"]
    list_filter = ["is_published", "category", "year"]
    list_select_related = ["department"]
    search_fields = ["title"]
    date_hierarchy = "opens_at"


@admin.register(ProjectApplication)
class ProjectApplicationAdmin(ImportExportModelAdmin):
    resource_classes = [FundedProjectResource]
    list_display = [
        "number",
        "project_number",
        "title",
        "organization",
        "category",
        "status",
        "requested_amount",
        "approved_amount",
        "approved_on",
        "source",
    ]
    list_filter = ["status", "category", "source", "call__year"]
    list_select_related = ["organization"]
    search_fields = ["=number", "=project_number", "title", "organization__name"]
    date_hierarchy = "approved_on"
    show_full_result_count = False
    raw_id_fields = ["call", "organization", "region", "decided_by", "created_by"]
    # The workflow and the numbers move only through the services (run_transition).
    readonly_fields = [
        "status",
        "number",
        "project_number",
        "submitted_at",
        "approved_on",
        "approved_amount",
        "decided_by",
        "version",
    ]


@admin.register(ProjectNumberCounter)
class ProjectNumberCounterAdmin(admin.ModelAdmin):
    list_display = ["series", "year", "last_serial"]
    # The serial moves only while a number is taken; editing it by hand would break gap-free numbering.
    readonly_fields = ["series", "year", "last_serial"]

    def has_add_permission(self, request):
        return False
