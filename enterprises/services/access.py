"""Who may change an organization's data: its members, its administrators, bureau staff."""

from django.utils.translation import gettext as _

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, DomainError

from ..models import Membership, Organization


def is_member(user, organization: Organization) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, organization=organization).exists()


def is_admin(user, organization: Organization) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, organization=organization, is_admin=True).exists()


def ensure_member(user, organization: Organization) -> None:
    """Refuse anyone but a member of ``organization`` (its profile is theirs to keep)."""
    if not is_member(user, organization):
        raise ActionNotPermitted(_("只有本单位的成员可以修改单位信息。"))


def ensure_admin(user, organization: Organization) -> None:
    if not is_admin(user, organization):
        raise ActionNotPermitted(_("只有本单位的管理员可以管理成员。"))


def is_staff_over(user, organization: Organization) -> bool:
    """City staff and administrators over every organization; county staff over their region's."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.has_role(Role.CITY_STAFF) or user.has_role(Role.ADMINISTRATOR):
        return True
    if user.has_role(Role.COUNTY_STAFF) and user.region_id:
        return organization.region_id == user.region_id or organization.region.parent_id == user.region_id
    return False


def ensure_staff_over(user, organization: Organization) -> None:
    if not is_staff_over(user, organization):
        raise ActionNotPermitted(_("只有主管该单位的科技局工作人员可以执行此操作。"))


class NotYetVerified(DomainError):
    """The organization's registration is not verified yet, so it may not submit."""

    status_code = 409
    code = "organization_not_verified"


def ensure_can_submit(organization: Organization) -> None:
    """Raise ``NotYetVerified`` unless ``organization`` may submit applications (verified)."""
    if organization.status == Organization.Status.VERIFIED:
        return
    if organization.status == Organization.Status.REJECTED:
        message = _(
            "单位注册信息核验未通过（原因：%(reason)s），请修改单位信息并重新提交核验，核验通过后才能提交申报。"
        ) % {"reason": organization.rejection_reason or _("未说明")}
    else:
        message = _(
            "单位注册信息尚待%(region)s科技部门核验，核验通过后才能提交申报；在此之前可以先填写和保存单位资料。"
        ) % {"region": organization.region.name}
    raise NotYetVerified(message)
