"""Helpers shared by the contract pages: who is staff, field errors, optimistic-lock versions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from bureau.core.errors import DomainError

from ..models import RegistrationOffice

PAGE_SIZE = 20


def _is_staff(user) -> bool:
    return user.is_staff_member


def _require_staff(user):
    if not _is_staff(user):
        raise PermissionDenied


def _is_registrar(user) -> bool:
    return RegistrationOffice.objects.handled_by(user).exists()


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _apply_field_errors(form, exc: DomainError) -> None:
    """Show a service's field errors next to the form's fields, the rest on top."""
    for name, message in exc.fields.items():
        target = name if name in form.fields else None
        form.add_error(target, f"{message}")
    if not exc.fields or any(name not in form.fields for name in exc.fields):
        form.add_error(None, str(exc.message))


def _year_param(request) -> int:
    """Return the ``year`` query parameter, or this year when it is missing or absurd."""
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year
