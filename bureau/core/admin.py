"""Admin of the core tables: working-day overrides, the transition log, background jobs.

Overrides are edited here (saving one refreshes the working-day calendar, see
``receivers``); the transition log and jobs are records of what happened and are shown
read-only.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import CalendarOverride, Job, TransitionLog


class AuditHistoryMixin:
    """Add a "变更记录" field linking to the django-pghistory events of the object.

    Add ``"audit_history"`` to ``readonly_fields`` and to a fieldset.
    """

    @admin.display(description=_("变更记录"))
    def audit_history(self, obj):
        if obj is None or not obj.pk:
            return "—"
        url = reverse("admin:pghistory_events_changelist")
        query = urlencode({"method": "tracks", "obj": f"{obj._meta.label}:{obj.pk}"})
        return format_html(
            '<a href="{}?{}">{}</a>　{}',
            url,
            query,
            _("查看此记录的全部修改"),
            _("（由数据库触发器记录，含修改人、时间和修改前后的内容，不可编辑）"),
        )


class ReadOnlyAdmin(admin.ModelAdmin):
    """List and view only: records are written by the system, never by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "is_working_day", "note")
    list_filter = ("is_working_day",)
    search_fields = ("note",)
    date_hierarchy = "date"
    ordering = ("-date",)

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return date_format(obj.date, "l")


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = ("at", "content_type", "object_id", "label", "from_state", "to_state", "actor")
    list_filter = ("content_type", "transition")
    search_fields = ("label", "comment", "actor__username", "actor__full_name")
    list_select_related = ("content_type", "actor")
    date_hierarchy = "at"


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "title", "kind", "owner", "status", "done", "total", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "owner__username", "owner__full_name")
    list_select_related = ("owner",)
    date_hierarchy = "created_at"
