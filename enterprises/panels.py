"""Workbench panels and left-menu links of the registry (registered in EnterprisesConfig.ready)."""

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.accounts.models import Role
from bureau.core.workbench import register_menu, register_panel

from .models import Organization, OrganizationYear

APPLICANT_SECTION = _("企业服务")
STAFF_SECTION = _("创新主体")
STAFF = [Role.COUNTY_STAFF, Role.CITY_STAFF, Role.LEADER, Role.ADMINISTRATOR]


def applicant_panel(request) -> dict:
    """The applicant's organization: state, and which recent years still lack figures."""
    from .views.common import current_membership

    membership = current_membership(request)
    if membership is None:
        return {"membership": None}
    org = membership.organization
    last_year = timezone.localdate().year - 1
    filled = set(
        OrganizationYear.objects.filter(organization=org, year__gte=last_year - 2).values_list("year", flat=True)
    )
    return {
        "membership": membership,
        "organization": org,
        "missing_years": [y for y in (last_year, last_year - 1, last_year - 2) if y not in filled],
    }


def staff_panel(request) -> dict:
    """Counts of organizations in the user's scope, by verification state."""
    counts = Organization.objects.visible_to(request.user).aggregate(
        total=Count("pk"),
        pending=Count("pk", filter=Q(status=Organization.Status.PENDING)),
        verified=Count("pk", filter=Q(status=Organization.Status.VERIFIED)),
        rejected=Count("pk", filter=Q(status=Organization.Status.REJECTED)),
    )
    return {"counts": counts}


def register_all() -> None:
    items = [
        ("enterprises.profile", _("单位信息"), "enterprises:profile", "building", 10),
        ("enterprises.years", _("年度数据"), "enterprises:years", "bar-chart", 11),
        ("enterprises.ip", _("知识产权"), "enterprises:ip-list", "lightbulb", 12),
        ("enterprises.qualifications", _("资质荣誉"), "enterprises:qualifications", "award", 13),
        ("enterprises.members", _("成员管理"), "enterprises:members", "people", 14),
    ]
    for key, label, url_name, icon, order in items:
        register_menu(
            key=key,
            label=label,
            url_name=url_name,
            roles=[Role.APPLICANT],
            section=APPLICANT_SECTION,
            icon=icon,
            order=order,
        )
    register_menu(
        key="enterprises.directory",
        label=_("创新主体名录"),
        url_name="enterprises:org-list",
        roles=STAFF,
        section=STAFF_SECTION,
        icon="buildings",
        order=20,
    )
    register_menu(
        key="enterprises.pending",
        label=_("待核验注册"),
        url_name="enterprises:org-pending",
        roles=[Role.COUNTY_STAFF, Role.CITY_STAFF, Role.ADMINISTRATOR],
        section=STAFF_SECTION,
        icon="patch-check",
        order=21,
    )
    register_panel(
        key="enterprises.my_organization",
        roles=[Role.APPLICANT],
        template="enterprises/panels/my_organization.html",
        context=applicant_panel,
        order=10,
    )
    register_panel(
        key="enterprises.registry",
        roles=STAFF,
        template="enterprises/panels/registry.html",
        context=staff_panel,
        order=20,
    )
