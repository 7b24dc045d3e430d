"""Admin of the inbox: messages, to-dos and digests, read-only (written by the system)."""

from django.contrib import admin

from bureau.core.admin import ReadOnlyAdmin

from .models import Digest, Message, Todo


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "recipient", "title", "actor", "read_at", "emailed_at")
    list_filter = (("read_at", admin.EmptyFieldListFilter), ("emailed_at", admin.EmptyFieldListFilter))
    search_fields = ("title", "recipient__username", "recipient__full_name")
    list_select_related = ("recipient", "actor")
    date_hierarchy = "created_at"


@admin.register(Todo)
class TodoAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "title", "role", "region", "department", "due_on", "closed_at")
    list_filter = ("role", ("closed_at", admin.EmptyFieldListFilter), "department")
    search_fields = ("title",)
    list_select_related = ("region", "department")
    date_hierarchy = "created_at"


@admin.register(Digest)
class DigestAdmin(ReadOnlyAdmin):
    list_display = ("day", "user", "todo_count", "message_count", "sent_at")
    search_fields = ("user__username", "user__full_name")
    list_select_related = ("user",)
    date_hierarchy = "day"
