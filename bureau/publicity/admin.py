"""Admin of public notices: read-mostly; objections are handled on the staff pages or the API."""

from django.contrib import admin

from .models import Objection, Publicity, PublicityItem


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        return self.fields


class ItemInline(ReadOnlyInline):
    model = PublicityItem
    fields = ["position", "name", "values", "outcome", "content_type", "object_id"]


class ObjectionInline(ReadOnlyInline):
    model = Objection
    fields = ["name", "organization", "phone", "item", "status", "filed_at", "handled_at"]
    show_change_link = True


@admin.register(Publicity)
class PublicityAdmin(admin.ModelAdmin):
    list_display = ["title", "source", "department", "status", "starts_on", "ends_on", "working_days"]
    list_filter = ["status", "source", "department"]
    search_fields = ["title"]
    date_hierarchy = "starts_on"
    list_select_related = ["department"]
    inlines = [ItemInline, ObjectionInline]
    # Only the wording that does not change the period or the list may be corrected here.
    readonly_fields = [
        "source",
        "department",
        "columns",
        "starts_on",
        "working_days",
        "ends_on",
        "status",
        "version",
        "created_by",
        "created_at",
        "published_at",
        "closed_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Objection)
class ObjectionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publicity", "name", "phone", "status", "filed_at", "handled_at"]
    list_filter = ["status"]
    search_fields = ["name", "organization", "phone", "content", "publicity__title"]
    list_select_related = ["publicity"]
    readonly_fields = [f.name for f in Objection._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
