"""Admin of notices: administrators read and correct; status changes go through the services."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from bureau.core.errors import DomainError

from . import services
from .models import Notice, NoticeAttachment


class NoticeAttachmentInline(admin.TabularInline):
    model = NoticeAttachment
    extra = 0
    fields = ["position", "name", "kind", "size", "file", "uploaded_by", "uploaded_at"]
    readonly_fields = ["name", "kind", "size", "file", "uploaded_by", "uploaded_at"]
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Uploads are checked by content in the service; the staff pages do that.
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "department", "status", "published_at", "apply_from", "apply_until"]
    list_filter = ["category", "status", "department"]
    search_fields = ["title", "body"]
    date_hierarchy = "published_at"
    list_select_related = ["department"]
    readonly_fields = ["status", "version", "published_at", "withdrawn_at", "created_by", "created_at", "updated_at"]
    fields = [
        "title",
        "category",
        "department",
        ("apply_from", "apply_until"),
        "body",
        ("status", "version"),
        ("published_at", "withdrawn_at"),
        ("created_by", "created_at", "updated_at"),
    ]
    inlines = [NoticeAttachmentInline]
    actions = ["publish_selected"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("发布所选草稿"))
    def publish_selected(self, request, queryset):
        done = 0
        for notice in queryset.filter(status=Notice.Status.DRAFT):
            try:
                services.publish_notice(actor=request.user, notice=notice)
                done += 1
            except DomainError as exc:
                self.message_user(request, f"{notice.title}：{exc.message}", messages.ERROR)
        self.message_user(request, _("已发布 %(n)d 条通知。") % {"n": done}, messages.SUCCESS)
