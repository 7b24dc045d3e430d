"""Reads of the review queues (待审核): what waits for a staff user, and how many at each step."""

from __future__ import annotations

from django.db.models import Count, Q

from bureau.accounts.models import Role

from .. import permissions as perm
from ..models import HighTechApplication, SmeEvaluation


def sme_awaiting(user):
    """Return the SME evaluations waiting for ``user``'s review (county or city step)."""
    qs = SmeEvaluation.objects.visible_to(user)
    states = []
    if user.has_role(Role.COUNTY_STAFF):
        states.append(SmeEvaluation.Status.SUBMITTED)
    if perm.is_city_officer(user):
        states += [
            SmeEvaluation.Status.COUNTY_PASSED,
            SmeEvaluation.Status.CITY_PASSED,
            SmeEvaluation.Status.PUBLICIZED,
        ]
    return qs.filter(status__in=states).with_relations().order_by("submitted_at", "pk")


def hightech_awaiting(user):
    """Return the high-tech applications waiting for ``user``'s review."""
    qs = HighTechApplication.objects.visible_to(user)
    states = []
    if user.has_role(Role.COUNTY_STAFF):
        states.append(HighTechApplication.Status.SUBMITTED)
    if perm.is_city_officer(user):
        states += [HighTechApplication.Status.COUNTY_RECOMMENDED]
    return qs.filter(status__in=states).with_relations().order_by("submitted_at", "pk")


def queue_counts(user) -> dict:
    """Return how many SME evaluations and applications wait for ``user``, by step."""
    sme = SmeEvaluation.objects.visible_to(user).aggregate(
        submitted=Count("pk", filter=Q(status=SmeEvaluation.Status.SUBMITTED)),
        county_passed=Count("pk", filter=Q(status=SmeEvaluation.Status.COUNTY_PASSED)),
        city_passed=Count("pk", filter=Q(status=SmeEvaluation.Status.CITY_PASSED)),
        publicizing=Count("pk", filter=Q(status=SmeEvaluation.Status.PUBLICIZING)),
        publicized=Count("pk", filter=Q(status=SmeEvaluation.Status.PUBLICIZED)),
    )
    hightech = HighTechApplication.objects.visible_to(user).aggregate(
        submitted=Count("pk", filter=Q(status=HighTechApplication.Status.SUBMITTED)),
        county_recommended=Count("pk", filter=Q(status=HighTechApplication.Status.COUNTY_RECOMMENDED)),
        city_recommended=Count("pk", filter=Q(status=HighTechApplication.Status.CITY_RECOMMENDED)),
    )
    return {"sme": sme, "hightech": hightech}
