"""Helpers of the certification pages: the applicant's organization, staff access, lists."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from enterprises.models import Membership

from .. import permissions as perm

#: The registry keeps the organization an applicant works under in this session key.
SESSION_KEY = "enterprises.organization"
PAGE_SIZE = 30


def current_membership(request) -> Membership | None:
    """Return the membership the applicant works under (the one chosen in the registry, else the first)."""
    if hasattr(request, "_certification_membership"):
        return request._certification_membership
    found = list(
        Membership.objects.filter(user=request.user)
        .select_related("organization", "organization__region", "organization__industry__parent")
        .order_by("joined_at", "pk")
    )
    chosen = request.session.get(SESSION_KEY)
    membership = next((m for m in found if m.organization_id == chosen), found[0] if found else None)
    request._certification_membership = membership
    return membership


def applicant_required(view):
    """Let in members of an organization (request.organization); send others to register one."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        membership = current_membership(request)
        if membership is None:
            messages.info(request, _("您的账号还没有所属单位：请先注册单位，或请单位管理员邀请您加入。"))
            return redirect("enterprises:register")
        request.organization = membership.organization
        return view(request, *args, **kwargs)

    return wrapped


def staff_required(view):
    """Let in bureau staff: county and city staff, leaders, administrators."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not perm.is_staff_reader(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


def ordering(request, sorts: dict, default: str) -> tuple[str, list[str]]:
    """Return the chosen sort key (``-`` for descending) and its ORDER BY fields."""
    sort = request.GET.get("sort", default)
    key = sort.lstrip("-")
    if key not in sorts:
        sort, key = default, default.lstrip("-")
    fields = list(sorts[key])
    if sort.startswith("-"):
        fields = [f[1:] if f.startswith("-") else f"-{f}" for f in fields]
    return sort, fields


def base_query(request) -> str:
    """Return the query string without page and sort, for the sort links of a table."""
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    return query.urlencode()


def add_errors(form, error) -> None:
    """Put a service's error next to the form's fields (ValidationError or DomainError)."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                target = field if field in form.fields else None
                for e in errors:
                    form.add_error(target, e)
        else:
            form.add_error(None, error)
        return
    form.add_error(None, str(error.message))
    for field, message in getattr(error, "fields", {}).items():
        if field in form.fields and field not in form.errors:
            form.add_error(field, str(message))
