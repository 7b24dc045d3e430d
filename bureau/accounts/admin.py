"""Admin of users, roles and departments.

Roles are groups: the user form shows them as checkboxes with their Chinese names. The
password hash is never shown, not even in part; the form links to the change-password
page instead. Every change is kept twice: Django's admin log and the django-pghistory
events (see ``models``), which the "Events" button of each change form lists.
"""

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm
from django.contrib.auth.models import Group
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from import_export import resources
from import_export.admin import ImportExportModelAdmin

from bureau.core.admin import AuditHistoryMixin

from .models import Department, Role, RoleGroup, User


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(Role(obj.name).label) if obj.name in Role.values else obj.name


class RoleFilter(admin.SimpleListFilter):
    title = _("角色")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return Role.choices

    def queryset(self, request, queryset):
        if self.value() in Role.values:
            return queryset.filter(groups__name=self.value())
        return queryset


class UserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "email")


def _membership_inline():
    """Return the inline of organization memberships when the registry app is installed.

    ``enterprises`` is a domain app the core must not import; its model is looked up by
    name so the user admin can still show whom a user files for.
    """
    if not apps.is_installed("enterprises"):
        return []
    membership = apps.get_model("enterprises", "Membership")

    class MembershipInline(admin.TabularInline):
        model = membership
        fk_name = "user"
        extra = 0
        fields = ["organization", "is_admin", "joined_at"]
        readonly_fields = ["joined_at"]
        raw_id_fields = ["organization"]
        verbose_name = _("所属单位")
        verbose_name_plural = _("所属单位")

    return [MembershipInline]


@admin.register(User)
class UserAdmin(AuditHistoryMixin, BaseUserAdmin):
    fieldsets = (
        (None, {"fields": ("username", "password_status")}),
        (_("个人信息"), {"fields": ("full_name", "email", "phone", "email_preference")}),
        (
            _("角色与工作范围"),
            {
                "fields": ("groups", "region", "department"),
                "description": _(
                    "一个账号可同时拥有多个角色。县市区科技局工作人员须选择所属区划；市局工作人员须选择所属科室。"
                ),
            },
        ),
        (
            _("权限"),
            {"fields": ("is_active", "is_staff", "is_superuser", "user_permissions"), "classes": ("collapse",)},
        ),
        (_("重要日期"), {"fields": ("last_login", "date_joined", "audit_history")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "email", "usable_password", "password1", "password2"),
            },
        ),
    )
    add_form = UserCreationForm
    readonly_fields = ("password_status", "last_login", "date_joined", "audit_history")
    list_display = (
        "username",
        "full_name",
        "roles_display",
        "region",
        "department",
        "email_preference",
        "is_active",
    )
    list_filter = (
        RoleFilter,
        ("region", admin.RelatedOnlyFieldListFilter),
        ("department", admin.RelatedOnlyFieldListFilter),
        "email_preference",
        "is_active",
        "is_staff",
    )
    search_fields = ("username", "full_name", "email", "phone")
    list_select_related = ("region", "department")
    autocomplete_fields = ("region",)
    filter_horizontal = ("user_permissions",)
    inlines = _membership_inline()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups":
            return RoleChoiceField(
                queryset=Group.objects.order_by("name"),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label=_("角色"),
                help_text=_("勾选此账号拥有的角色。"),
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("角色"))
    def roles_display(self, obj):
        labels = [str(Role(g.name).label) for g in obj.groups.all() if g.name in Role.values]
        return "、".join(labels) or "—"

    @admin.display(description=_("密码"))
    def password_status(self, obj):
        # Never show the hash, not even its algorithm or salt: only whether one is set.
        if obj is None or not obj.pk:
            return "—"
        url = reverse("admin:auth_user_password_change", args=[obj.pk])
        status = _("已设置") if obj.has_usable_password() else _("未设置（不能用密码登录）")
        return format_html('{} · <a href="{}">{}</a>', status, url, _("设置新密码"))


class RoleGroupAdmin(BaseGroupAdmin):
    list_display = ("name", "label_display", "user_count")
    search_fields = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(users_count=Count("user", distinct=True))

    @admin.display(description=_("角色名称"))
    def label_display(self, obj):
        return obj.label

    @admin.display(description=_("用户数"), ordering="users_count")
    def user_count(self, obj):
        return obj.users_count


# Roles are shown once, as 角色 under 用户与角色, instead of as bare groups.
admin.site.unregister(Group)
admin.site.register(RoleGroup, RoleGroupAdmin)


class DepartmentResource(resources.ModelResource):
    class Meta:
        model = Department
        import_id_fields = ("code",)
        fields = ("code", "name", "duties", "sort_order")
        skip_unchanged = True
        report_skipped = True


@admin.register(Department)
class DepartmentAdmin(AuditHistoryMixin, ImportExportModelAdmin):
    resource_classes = [DepartmentResource]
    list_display = ("name", "code", "duties", "sort_order", "staff_count")
    list_editable = ("sort_order",)
    fields = ("code", "name", "duties", "sort_order", "audit_history")
    readonly_fields = ("audit_history",)
    search_fields = ("code", "name", "duties")
    ordering = ("sort_order", "code")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(staff_count=Count("staff"))

    @admin.display(description=_("工作人员数"), ordering="staff_count")
    def staff_count(self, obj):
        return obj.staff_count
