"""Reads of public notices (公示): the public lists, the staff lists and the home page."""

from __future__ import annotations

from django.db.models import Case, IntegerField, Prefetch, Value, When
from django.http import Http404
from django.utils import timezone

from .models import Objection, Publicity, PublicityItem


def _open_first():
    # Open notices first (the public wants those), then the most recent.
    return Case(When(status=Publicity.Status.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())


def public_publicities(*, status: str = "", q: str = ""):
    """Return the notices the public sees (open and closed), open ones first."""
    qs = Publicity.objects.public().search(q)
    if status in (Publicity.Status.OPEN, Publicity.Status.CLOSED):
        qs = qs.filter(status=status)
    return qs.order_by(_open_first(), "-starts_on", "-pk")


def public_publicity(pk) -> Publicity:
    """Return a public notice with its lines, or 404 for drafts, withdrawn and missing ones alike."""
    try:
        return (
            Publicity.objects.public()
            .select_related("department")
            .prefetch_related(Prefetch("items", queryset=PublicityItem.objects.order_by("position")))
            .get(pk=pk)
        )
    except (Publicity.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def staff_publicities(*, status: str = "", source: str = "", q: str = ""):
    """Return every notice with its line and pending-objection counts, newest first."""
    qs = Publicity.objects.search(q).select_related("department").with_counts()
    if status:
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source=source)
    return qs.order_by("-starts_on", "-pk")


def staff_publicity(pk) -> Publicity:
    """Return any notice with its lines and objections (pending first) for the staff pages, or 404."""
    pending_first = Case(
        When(status=Objection.Status.PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    objections = Objection.objects.select_related("item", "handled_by").order_by(pending_first, "filed_at", "pk")
    try:
        return (
            Publicity.objects.select_related("department", "created_by")
            .prefetch_related(
                Prefetch("items", queryset=PublicityItem.objects.order_by("position")),
                Prefetch("objections", queryset=objections),
            )
            .get(pk=pk)
        )
    except (Publicity.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def sources() -> list[str]:
    """Return the business types that have published notices (for the staff filter)."""
    return list(Publicity.objects.order_by("source").values_list("source", flat=True).distinct())


def home_sections(*, today=None, limit: int = 6) -> dict:
    """Return the public notices shown on the home page: those open today, ending soonest first."""
    today = today or timezone.localdate()
    return {"open_publicities": list(Publicity.objects.open_on(today).order_by("ends_on", "-pk")[:limit])}
