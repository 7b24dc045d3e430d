"""Workbench panels: the applicant's applications and the staff's queue, in a few numbers."""

from django.db.models import Count, Q
from django.utils import timezone

from bureau.accounts.models import Role

from .models import ProjectApplication, ProjectCall
from .selectors import applications_for, own_applications

S = ProjectApplication.Status


def applicant_panel(request):
    counts = own_applications(request.user).aggregate(
        drafts=Count("pk", filter=Q(status=S.DRAFT)),
        returned=Count("pk", filter=Q(status=S.RETURNED)),
        pending=Count("pk", filter=Q(status__in=[S.SUBMITTED, S.ACCEPTED])),
        approved=Count("pk", filter=Q(status=S.APPROVED)),
    )
    counts["open_calls"] = ProjectCall.objects.open_on(timezone.now()).count()
    return counts


def staff_panel(request):
    year = timezone.localdate().year
    counts = applications_for(request.user).aggregate(
        waiting=Count("pk", filter=Q(status=S.SUBMITTED)),
        accepted=Count("pk", filter=Q(status=S.ACCEPTED)),
        approved_this_year=Count("pk", filter=Q(status=S.APPROVED, call__year=year)),
    )
    counts["year"] = year
    counts["can_act"] = request.user.has_role(Role.CITY_STAFF)
    return counts
