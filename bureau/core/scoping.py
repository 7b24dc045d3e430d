"""Object scoping: one rule, in one place, for who may see which applicant data.

Every model holding applicant data gets a queryset deriving from ``ScopedQuerySet`` and
says where its region and its organization are. Views, the API and exports read only
through ``visible_to(user)``; ``get_visible_or_404`` answers 404 alike for "missing" and
"not yours", so the existence of another organization's record is never revealed.
"""

from django.db import models
from django.http import Http404

from bureau.accounts.models import Role


class ScopedQuerySet(models.QuerySet):
    #: Lookup from the model to its ``regions.Region``, e.g. ``"organization__region"``.
    region_path: str | None = None
    #: Lookup from the model to its organization ("" when the model is the organization);
    #: None when applicants never see these rows.
    organization_path: str | None = None

    def visible_to(self, user):
        """Return the rows ``user`` may see: whole city, own region, or own organizations."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.sees_whole_city:
            return self
        condition = models.Q(pk__in=[])
        if self.region_path is not None and user.has_role(Role.COUNTY_STAFF) and user.region_id:
            condition |= models.Q(**{f"{self.region_path}_id": user.region_id}) | models.Q(
                **{f"{self.region_path}__parent_id": user.region_id}
            )
        if self.organization_path is not None and user.has_role(Role.APPLICANT):
            prefix = f"{self.organization_path}__" if self.organization_path else ""
            # Subquery rather than a join: a join through memberships would repeat rows.
            condition |= models.Q(**{f"{prefix}pk__in": user.memberships.values("organization_id")})
        return self.filter(condition)


def get_visible_or_404(queryset, user, **lookup):
    """Fetch one object ``user`` may see, or raise 404 whether it is missing or not theirs."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
