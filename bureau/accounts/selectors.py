"""Reads on users."""

from django.db.models import Prefetch

from .models import Department, User


def profile(user) -> User:
    """Return ``user`` with its roles, region, department and organization memberships loaded."""
    memberships = user.memberships.model.objects.select_related("organization").order_by("organization__name")
    return (
        User.objects.select_related("region", "department")
        .prefetch_related("groups", Prefetch("memberships", queryset=memberships))
        .get(pk=user.pk)
    )


def departments():
    """Return the bureau's departments in their display order."""
    return Department.objects.order_by("sort_order", "code")
