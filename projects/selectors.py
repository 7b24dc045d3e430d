"""Reads of the projects app: the public call list, the scoped application lists, lookups."""

from __future__ import annotations

from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.utils import timezone

from .models import ProjectApplication, ProjectCall

S = ProjectApplication.Status

# Window states in the order the public list shows them: open calls first.
STATE_ORDER = {"open": 0, "upcoming": 1, "closed": 2}


def with_window_state(queryset, moment=None):
    """Annotate ``window_rank`` (0 open, 1 upcoming, 2 closed) and order open calls first.

    Open calls come soonest deadline first; the others newest window first.
    """
    moment = moment or timezone.now()
    return queryset.annotate(
        window_rank=Case(
            When(opens_at__gt=moment, then=Value(STATE_ORDER["upcoming"])),
            When(closes_at__gt=moment, then=Value(STATE_ORDER["open"])),
            default=Value(STATE_ORDER["closed"]),
            output_field=IntegerField(),
        ),
        open_deadline=Case(When(opens_at__lte=moment, closes_at__gt=moment, then=F("closes_at"))),
    ).order_by("window_rank", F("open_deadline").asc(nulls_last=True), "-opens_at", "-pk")


def public_calls(*, category: str = "", moment=None):
    """Return the published calls, open ones first."""
    queryset = ProjectCall.objects.published().select_related("department")
    if category:
        queryset = queryset.filter(category=category)
    return with_window_state(queryset, moment)


def managed_calls():
    """Return every call (published or not) with its number of submitted applications."""
    counted = ~Q(applications__status__in=[S.DRAFT, S.WITHDRAWN])
    return with_window_state(
        ProjectCall.objects.select_related("department").annotate(
            submitted_count=Count("applications", filter=counted),
            approved_count=Count("applications", filter=Q(applications__status=S.APPROVED)),
        )
    )


def applications_for(user):
    """Return the applications ``user`` may see, ready for a list."""
    return ProjectApplication.objects.visible_to(user).for_list()


def own_applications(user):
    """Return the applications of ``user``'s own organizations (the applicant's list)."""
    return applications_for(user).filter(organization_id__in=user.memberships.values("organization_id"))


def find_for_progress_lookup(number: str, uscc: str):
    """Return the application with this application or project number of organization ``uscc``.

    Used by the public progress lookup (办理进度查询); drafts are never found.
    """
    number = (number or "").strip().upper()
    if not number:
        return None
    return (
        ProjectApplication.objects.exclude(status=S.DRAFT)
        .filter(Q(number=number) | Q(project_number=number), organization__uscc=uscc)
        .first()
    )
