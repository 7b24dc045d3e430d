"""Helpers shared by the projects pages: who may see what, field errors, optimistic-lock versions."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404

from bureau.accounts.models import Role
from bureau.core.errors import DomainError

PAGE_SIZE = 20


def reads_all_applications(user) -> bool:
    """Staff (county, city, administrators) and leaders read the staff list."""
    return user.is_staff_member or user.has_role(Role.LEADER)


def acts_on_applications(user) -> bool:
    """City staff accept, return, approve and reject applications."""
    return user.has_role(Role.CITY_STAFF)


def staff_page(view):
    """Let staff and leaders in; answer 404 to everyone else signed in."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not reads_all_applications(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def version_of(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def apply_field_errors(form, exc: DomainError) -> None:
    """Show a service's field errors next to the form's fields, the rest on top."""
    for name, message in exc.fields.items():
        form.add_error(name if name in form.fields else None, f"{message}")
    if not exc.fields or any(name not in form.fields for name in exc.fields):
        form.add_error(None, str(exc.message))
