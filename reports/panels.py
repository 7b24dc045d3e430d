"""Left-menu links and workbench panels of the reports app (registered on import)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.accounts.models import Role
from bureau.core.workbench import register_menu, register_panel

SECTION = _("指标与报表")
STAFF = [Role.LEADER, Role.CITY_STAFF, Role.COUNTY_STAFF, Role.ADMINISTRATOR]
CITY = [Role.CITY_STAFF, Role.ADMINISTRATOR]

register_menu(
    key="reports-dashboard", label=_("指标驾驶舱"), url_name="reports:dashboard", roles=STAFF, section=SECTION,
    icon="speedometer2", order=500,
)  # fmt: skip
register_menu(
    key="reports-summary", label=_("工作总结数据"), url_name="reports:summary", roles=STAFF, section=SECTION,
    icon="file-earmark-bar-graph", order=501,
)  # fmt: skip
register_menu(
    key="reports-campaigns", label=_("填报任务"), url_name="reports:campaigns", roles=STAFF, section=SECTION,
    icon="clipboard-data", order=502,
)  # fmt: skip
register_menu(
    key="reports-targets", label=_("年度目标"), url_name="reports:targets", roles=STAFF, section=SECTION,
    icon="bullseye", order=503,
)  # fmt: skip
register_menu(
    key="reports-entered", label=_("指标数据录入"), url_name="reports:entered", roles=CITY, section=SECTION,
    icon="pencil-square", order=504,
)  # fmt: skip
register_menu(
    key="reports-ranks", label=_("全省排名"), url_name="reports:ranks", roles=[*CITY, Role.LEADER], section=SECTION,
    icon="trophy", order=505,
)  # fmt: skip
register_menu(
    key="reports-catalogue", label=_("指标目录"), url_name="reports:catalogue", roles=STAFF, section=SECTION,
    icon="list-ul", order=506,
)  # fmt: skip
register_menu(
    key="reports-my-campaigns", label=_("数据填报任务"), url_name="reports:my-campaigns", roles=[Role.APPLICANT],
    section=_("数据填报"), icon="clipboard-check", order=160,
)  # fmt: skip


def _figures(request):
    """Key figures of the user's region (the city for leaders and city staff) this year to date."""
    from django.http import Http404

    from reports import selectors

    user = request.user
    if not selectors.can_see_dashboards(user):
        return {}
    try:
        region = selectors.region_for(user, None)
    except Http404:  # no city set up yet
        return {}
    board = selectors.dashboard(region=region, period=selectors.default_period(timezone.localdate()))
    return {"board": board}


def _campaigns(request):
    """Open campaigns the user's organizations have still to answer."""
    from reports.models import Answer, Campaign

    pending = (
        Answer.objects.filter(
            organization__memberships__user=request.user,
            campaign__status=Campaign.Status.OPEN,
            campaign__deadline__gte=timezone.localdate(),
            submitted_at__isnull=True,
        )
        .select_related("campaign", "organization")
        .order_by("campaign__deadline", "pk")[:10]
    )
    return {"answers": list(pending)}


register_panel(
    key="reports-figures",
    roles=[Role.LEADER, Role.CITY_STAFF, Role.COUNTY_STAFF],
    template="reports/panels/figures.html",
    context=_figures,
    order=20,
)
register_panel(
    key="reports-campaigns",
    roles=[Role.APPLICANT],
    template="reports/panels/campaigns.html",
    context=_campaigns,
    order=30,
)
