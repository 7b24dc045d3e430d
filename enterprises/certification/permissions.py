"""Who may act on certification records: the enterprise's members, the county, the city's 高新技术科.

Transition permissions (``permission=`` of each ``@transition``) and services both call
these, so a refusal is the same whether it comes from a hidden button or a forged POST.

- An enterprise's members file, correct and withdraw its own applications.
- County staff (县市区科技局) review the applications of organizations in their region
  (a park's staff: organizations registered in the park).
- City staff of the department ``CERTIFICATION_DEPARTMENT`` (default ``hightech``, 高新技术科)
  review, recommend, publish, record numbers and certificates, revoke and cancel.
- Leaders and administrators read everything (``visible_to``) but act on nothing here.
"""

from django.conf import settings

from bureau.accounts.models import Department, Role


def department_code() -> str:
    """Return the code of the city department in charge (setting ``CERTIFICATION_DEPARTMENT``)."""
    return getattr(settings, "CERTIFICATION_DEPARTMENT", "hightech")


def department() -> Department | None:
    """Return the city department in charge, or None when it is not set up yet."""
    return Department.objects.filter(code=department_code()).first()


def _signed_in(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_member_of(user, organization_id: int) -> bool:
    """Whether ``user`` is a member of the organization ``organization_id``."""
    if not _signed_in(user):
        return False
    from enterprises.models import Membership

    return Membership.objects.filter(user=user, organization_id=organization_id).exists()


def is_county_officer_over(user, organization) -> bool:
    """Whether ``user`` is county staff of the organization's region (or of its parent region)."""
    if not _signed_in(user) or not user.has_role(Role.COUNTY_STAFF) or not user.region_id:
        return False
    return organization.region_id == user.region_id or organization.region.parent_id == user.region_id


def is_city_officer(user) -> bool:
    """Whether ``user`` is city staff of the department in charge (高新技术科)."""
    if not _signed_in(user) or not user.has_role(Role.CITY_STAFF) or not user.department_id:
        return False
    return user.department.code == department_code()


def is_result_recorder(user) -> bool:
    """Whether ``user`` may record the province's results (numbers, certificates).

    The city department does it one by one; administrators also do it by importing the
    published lists (导入名单) in the admin.
    """
    return is_city_officer(user) or (_signed_in(user) and user.has_role(Role.ADMINISTRATOR))


def is_reviewer(user) -> bool:
    """Whether ``user`` reviews certification work at all (county staff or the city department)."""
    return _signed_in(user) and (user.has_role(Role.COUNTY_STAFF) or is_city_officer(user))


def is_staff_reader(user) -> bool:
    """Whether ``user`` may open the staff lists (reviewers, leaders, administrators, other city staff)."""
    return _signed_in(user) and bool(user.roles & {Role.COUNTY_STAFF, Role.CITY_STAFF, Role.LEADER, Role.ADMINISTRATOR})


# --- Transition permissions: (instance, user) -> bool ------------------------------------


def applicant(instance, user) -> bool:
    return is_member_of(user, instance.organization_id)


def county(instance, user) -> bool:
    return is_county_officer_over(user, instance.organization)


def city(instance, user) -> bool:
    return is_city_officer(user)


def recorder(instance, user) -> bool:
    return is_result_recorder(user)


def system(instance, user) -> bool:
    """The publicity outcome or a rollup (no user), or whoever records results acting by hand."""
    return user is None or is_result_recorder(user)
