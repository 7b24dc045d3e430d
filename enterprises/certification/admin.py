"""Admin of certification, with django-import-export for SME registrations and certificates.

States change only through the workflow (pages and services); here they are read-only.
Imports check every row and import nothing while any row is bad (the confirm button only
appears for a clean file).
"""

from django.contrib import admin
from import_export.admin import ImportExportMixin

from .models import (
    AnnualReport,
    CultivationStatus,
    HighTechApplication,
    HighTechAttachment,
    HighTechCertificate,
    ReserveEntry,
    SentReminder,
    SmeEvaluation,
    SmeSubmission,
)
from .resources import CertificateResource, SmeRegistrationResource


class ReadOnlyWorkflowAdmin(admin.ModelAdmin):
    list_select_related = ("organization", "organization__region")
    search_fields = ("organization__name", "organization__uscc")

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SmeEvaluation)
class SmeEvaluationAdmin(ImportExportMixin, ReadOnlyWorkflowAdmin):
    resource_classes = [SmeRegistrationResource]
    list_display = ("organization", "year", "status", "total_score", "registration_number", "valid_until", "source")
    list_filter = ("year", "status", "source", "organization__region")
    search_fields = ("organization__name", "organization__uscc", "registration_number")

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs


@admin.register(SmeSubmission)
class SmeSubmissionAdmin(admin.ModelAdmin):
    list_display = ("evaluation", "round", "submitted_at", "returned_at")
    list_select_related = ("evaluation", "evaluation__organization")
    readonly_fields = [f.name for f in SmeSubmission._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(HighTechApplication)
class HighTechApplicationAdmin(ReadOnlyWorkflowAdmin):
    list_display = ("organization", "year", "status", "check_passed", "rd_ratio", "submitted_at")
    list_filter = ("year", "status", "organization__region")


@admin.register(HighTechAttachment)
class HighTechAttachmentAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "application", "size", "uploaded_at")
    list_select_related = ("application", "application__organization")
    readonly_fields = [f.name for f in HighTechAttachment._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(HighTechCertificate)
class HighTechCertificateAdmin(ImportExportMixin, ReadOnlyWorkflowAdmin):
    resource_classes = [CertificateResource]
    list_display = ("number", "organization", "issued_on", "expires_on", "status", "batch", "source")
    list_filter = ("status", "source", "organization__region")
    search_fields = ("number", "organization__name", "organization__uscc")
    date_hierarchy = "issued_on"

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ("certificate", "year", "reported_on", "recorded_by")
    list_select_related = ("certificate", "recorded_by")
    list_filter = ("year",)


@admin.register(ReserveEntry)
class ReserveEntryAdmin(ReadOnlyWorkflowAdmin):
    list_display = ("organization", "year", "status", "added_on", "ended_on")
    list_filter = ("status", "year", "organization__region")


@admin.register(CultivationStatus)
class CultivationStatusAdmin(admin.ModelAdmin):
    list_display = ("organization", "year", "region", "stage", "target_stage", "candidate", "gap_count", "computed_at")
    list_filter = ("year", "stage", "target_stage", "candidate", "region")
    list_select_related = ("organization", "region")
    search_fields = ("organization__name",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in CultivationStatus._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(SentReminder)
class SentReminderAdmin(admin.ModelAdmin):
    list_display = ("organization", "kind", "key", "sent_at")
    list_filter = ("kind",)
    list_select_related = ("organization",)

    def has_add_permission(self, request):
        return False
