"""Admin of the registry, with django-import-export on organizations, IP, qualifications
and integrity records. Imports run as a dry run first and apply all rows or none."""

from django.contrib import admin
from import_export import fields, resources
from import_export.admin import ImportExportModelAdmin
from import_export.widgets import ForeignKeyWidget

from bureau.regions.models import Region

from .models import (
    Industry,
    IntegrityRecord,
    IntellectualProperty,
    Invitation,
    IPUse,
    Membership,
    Organization,
    OrganizationYear,
    ProfileSnapshot,
    Qualification,
    ip_class_of,
)


class OrganizationByCodeWidget(ForeignKeyWidget):
    """Refer to an organization by its 统一社会信用代码 in a sheet."""

    def __init__(self):
        super().__init__(Organization, field="uscc")

    def clean(self, value, row=None, **kwargs):
        return super().clean((str(value or "")).strip().upper(), row, **kwargs)


# --- Resources (import-export) ----------------------------------------------------------------


class OrganizationResource(resources.ModelResource):
    region = fields.Field(attribute="region", column_name="区划代码", widget=ForeignKeyWidget(Region, field="code"))
    industry = fields.Field(
        attribute="industry", column_name="行业代码", widget=ForeignKeyWidget(Industry, field="code")
    )

    class Meta:
        model = Organization
        import_id_fields = ["uscc"]
        fields = [
            "uscc",
            "name",
            "kind",
            "region",
            "industry",
            "hightech_field",
            "registered_on",
            "legal_representative",
            "address",
            "contact_name",
            "contact_phone",
            "contact_email",
            "status",
            "tier",
            "tier_year",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True
        use_transactions = True


class IntellectualPropertyResource(resources.ModelResource):
    organization = fields.Field(
        attribute="organization", column_name="统一社会信用代码", widget=OrganizationByCodeWidget()
    )

    class Meta:
        model = IntellectualProperty
        import_id_fields = ["organization", "kind", "number"]
        fields = [
            "organization",
            "kind",
            "number",
            "title",
            "applied_on",
            "granted_on",
            "status",
            "obtained_by",
            "ip_class",
        ]
        export_order = fields
        skip_unchanged = True
        clean_model_instances = True
        use_transactions = True

    def before_save_instance(self, instance, row, **kwargs):
        instance.ip_class = ip_class_of(instance.kind)


class OrganizationYearResource(resources.ModelResource):
    organization = fields.Field(
        attribute="organization", column_name="统一社会信用代码", widget=OrganizationByCodeWidget()
    )

    class Meta:
        model = OrganizationYear
        import_id_fields = ["organization", "year"]
        fields = ["organization", "year", "staff_total", "sci_tech_staff", *OrganizationYear.MONEY_FIELDS]
        skip_unchanged = True
        clean_model_instances = True
        use_transactions = True


class QualificationResource(resources.ModelResource):
    organization = fields.Field(
        attribute="organization", column_name="统一社会信用代码", widget=OrganizationByCodeWidget()
    )

    class Meta:
        model = Qualification
        fields = ["id", "organization", "kind", "level", "name", "year", "grade", "rank", "is_lead", "document_number"]
        clean_model_instances = True
        use_transactions = True


class IntegrityRecordResource(resources.ModelResource):
    organization = fields.Field(
        attribute="organization", column_name="统一社会信用代码", widget=OrganizationByCodeWidget()
    )

    class Meta:
        model = IntegrityRecord
        fields = ["id", "organization", "kind", "starts_on", "ends_on", "source", "description"]
        clean_model_instances = True
        use_transactions = True

    def before_save_instance(self, instance, row, **kwargs):
        request = kwargs.get("request") or getattr(self, "_request", None)
        if instance.entered_by_id is None and request is not None:
            instance.entered_by = request.user


# --- Admins ---------------------------------------------------------------------------------------


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent", "is_restricted", "is_active", "sort_order"]
    list_filter = ["is_restricted", "is_active", "parent"]
    list_editable = ["is_restricted", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(ImportExportModelAdmin):
    resource_classes = [OrganizationResource]
    list_display = ["name", "uscc", "region", "kind", "industry", "hightech_field", "status", "tier", "created_at"]
    list_filter = ["status", "kind", "region", "hightech_field", "tier"]
    search_fields = ["name", "uscc"]
    list_select_related = ["region", "industry", "industry__parent"]
    readonly_fields = [
        "status",
        "verified_at",
        "verified_by",
        "rejection_reason",
        "created_at",
        "updated_at",
        "version",
    ]
    raw_id_fields = ["industry"]
    inlines = [MembershipInline]
    date_hierarchy = "created_at"


@admin.register(OrganizationYear)
class OrganizationYearAdmin(ImportExportModelAdmin):
    resource_classes = [OrganizationYearResource]
    list_display = ["organization", "year", "staff_total", "revenue", "rd_total", "total_assets", "updated_at"]
    list_filter = ["year"]
    search_fields = ["organization__name", "organization__uscc"]
    raw_id_fields = ["organization", "updated_by"]
    list_select_related = ["organization"]


class IPUseInline(admin.TabularInline):
    model = IPUse
    extra = 0
    can_delete = False
    readonly_fields = ["purpose", "label", "ip_class", "content_type", "object_id", "used_at", "used_by", "released_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(IntellectualProperty)
class IntellectualPropertyAdmin(ImportExportModelAdmin):
    resource_classes = [IntellectualPropertyResource]
    list_display = ["number", "title", "kind", "ip_class", "organization", "granted_on", "status", "obtained_by"]
    list_filter = ["ip_class", "kind", "status", "obtained_by"]
    search_fields = ["number", "title", "organization__name", "organization__uscc"]
    raw_id_fields = ["organization"]
    list_select_related = ["organization"]
    readonly_fields = ["ip_class"]
    inlines = [IPUseInline]


@admin.register(IPUse)
class IPUseAdmin(admin.ModelAdmin):
    list_display = ["ip", "purpose", "label", "ip_class", "used_at", "released_at"]
    list_filter = ["purpose", "ip_class"]
    search_fields = ["ip__number", "label"]
    list_select_related = ["ip"]
    readonly_fields = ["ip", "ip_class", "purpose", "content_type", "object_id", "label", "used_at", "used_by"]


@admin.register(Qualification)
class QualificationAdmin(ImportExportModelAdmin):
    resource_classes = [QualificationResource]
    list_display = ["name", "organization", "kind", "level", "year", "rank", "is_lead"]
    list_filter = ["kind", "level", "year"]
    search_fields = ["name", "organization__name", "organization__uscc"]
    raw_id_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(IntegrityRecord)
class IntegrityRecordAdmin(ImportExportModelAdmin):
    resource_classes = [IntegrityRecordResource]
    list_display = ["organization", "kind", "starts_on", "ends_on", "source", "entered_by"]
    list_filter = ["kind"]
    search_fields = ["organization__name", "organization__uscc", "source"]
    raw_id_fields = ["organization", "entered_by"]
    list_select_related = ["organization", "entered_by"]

    def save_model(self, request, obj, form, change):
        if obj.entered_by_id is None:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = [
        "full_name",
        "organization",
        "email",
        "phone",
        "created_at",
        "expires_at",
        "accepted_at",
        "revoked_at",
    ]
    search_fields = ["full_name", "email", "phone", "organization__name"]
    raw_id_fields = ["organization", "invited_by", "accepted_by"]
    readonly_fields = ["token_hash"]
    list_select_related = ["organization"]


@admin.register(ProfileSnapshot)
class ProfileSnapshotAdmin(admin.ModelAdmin):
    list_display = ["organization", "year", "purpose", "taken_at", "taken_by"]
    list_filter = ["purpose", "year"]
    search_fields = ["organization__name", "organization__uscc"]
    list_select_related = ["organization", "taken_by"]
    readonly_fields = ["organization", "year", "purpose", "data", "taken_at", "taken_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
