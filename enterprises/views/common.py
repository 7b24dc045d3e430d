"""Helpers every page of the app uses: the applicant's current organization, roles, errors."""

from functools import wraps

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from bureau.accounts.models import Role
from bureau.core.errors import DomainError, NotFound

from ..models import Membership

SESSION_KEY = "enterprises.organization"


def memberships_of(user):
    return list(
        Membership.objects.filter(user=user)
        .select_related("organization", "organization__region", "organization__industry__parent")
        .order_by("joined_at", "pk")
    )


def current_membership(request) -> Membership | None:
    """Return the membership the applicant works under now (the one chosen, else the first)."""
    if hasattr(request, "_enterprise_membership"):
        return request._enterprise_membership
    chosen = request.session.get(SESSION_KEY)
    found = memberships_of(request.user)
    membership = next((m for m in found if m.organization_id == chosen), found[0] if found else None)
    request._enterprise_membership = membership
    request._enterprise_memberships = found
    return membership


def applicant_required(view):
    """Let in signed-in members of an organization; send others to register one."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        membership = current_membership(request)
        if membership is None:
            messages.info(request, _("您的账号还没有所属单位：请先注册单位，或请单位管理员邀请您加入。"))
            return redirect("enterprises:register")
        request.membership = membership
        request.organization = membership.organization
        return view(request, *args, **kwargs)

    return wrapped


STAFF_ROLES = {Role.COUNTY_STAFF, Role.CITY_STAFF, Role.LEADER, Role.ADMINISTRATOR}


def staff_required(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        if not request.user.roles & STAFF_ROLES:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def refusals_back_to(url_name: str, *, with_pk: bool = False):
    """On a DomainError, show its message and go back to ``url_name`` (POST-only actions)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except DomainError as exc:
                if isinstance(exc, NotFound):
                    raise
                messages.error(request, exc.message)
                return redirect(url_name, kwargs["pk"]) if with_pk else redirect(url_name)

        return wrapped

    return decorate


def add_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError next to the form's fields (or on top)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        form.add_error(None, error)


def add_domain_error(form, error) -> None:
    """Show a DomainError next to the field it names, or on top of the form."""
    fields = [f for f in error.fields if f in form.fields]
    if len(fields) == 1:
        form.add_error(fields[0], str(error.message))
        return
    form.add_error(None, str(error.message))
