"""Indicators computed from project applications (``projects.ProjectApplication``).

Counted by the region the applicant was in when it applied (copied onto the application),
sliced by plan category (计划类别):

- projects.applications / projects.requested: applications submitted in the period (a
  flow, by the date of first submission), and the city funding they asked for. A draft
  is not an application; one withdrawn after submission is left out, as the bureau's
  own tally leaves it out.
- projects.funded / projects.funding: projects approved (立项) in the period, by the date
  of approval, and the funding approved (not the amount requested).

The figures change when an application is submitted, withdrawn or approved (workflow
transitions), and when historical applications are imported already submitted or funded.
"""

from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from bureau.core.formatting import iso_date, yuan

from . import Column, DrillDown, Family, IndicatorSpec, Scope, local_bounds

MODEL = ("projects", "ProjectApplication")
# Every state an application can reach after submission, withdrawn excepted.
SUBMITTED_STATES = ("submitted", "returned", "accepted", "approved", "rejected")
APPROVED = "approved"

APPLICATIONS_SQL = """
WITH fine AS (
    SELECT a.region_id, date_trunc('month', a.submitted_at AT TIME ZONE %(tz)s)::date AS month, a.category,
           count(*) AS n, sum(a.requested_amount) AS requested
    FROM projects_projectapplication a
    WHERE a.status IN ('submitted', 'returned', 'accepted', 'approved', 'rejected')
      AND a.submitted_at >= (%(start)s::timestamp AT TIME ZONE %(tz)s)
      AND a.submitted_at < (%(end)s::timestamp AT TIME ZONE %(tz)s)
    GROUP BY 1, 2, 3
), g AS (
    SELECT region_id, month,
           CASE WHEN GROUPING(category) = 1 THEN '' ELSE 'category:' || category END AS breakdown,
           sum(n) AS n, sum(requested) AS requested
    FROM fine
    GROUP BY GROUPING SETS ((region_id, month), (region_id, month, category))
)
SELECT v.code, g.region_id, g.month, g.breakdown, v.value
FROM g CROSS JOIN LATERAL (VALUES ('projects.applications', g.n), ('projects.requested', g.requested)) AS v(code, value)
"""

FUNDED_SQL = """
WITH fine AS (
    SELECT a.region_id, date_trunc('month', a.approved_on::timestamp)::date AS month, a.category,
           count(*) AS n, sum(a.approved_amount) AS amount
    FROM projects_projectapplication a
    WHERE a.status = 'approved' AND a.approved_on >= %(start)s AND a.approved_on < %(end)s
    GROUP BY 1, 2, 3
), g AS (
    SELECT region_id, month,
           CASE WHEN GROUPING(category) = 1 THEN '' ELSE 'category:' || category END AS breakdown,
           sum(n) AS n, sum(amount) AS amount
    FROM fine
    GROUP BY GROUPING SETS ((region_id, month), (region_id, month, category))
)
SELECT v.code, g.region_id, g.month, g.breakdown, v.value
FROM g CROSS JOIN LATERAL (VALUES ('projects.funded', g.n), ('projects.funding', g.amount)) AS v(code, value)
"""


def _model():
    return apps.get_model(*MODEL)


def _categories():
    from projects.models import ProjectCategory

    return {"category": tuple((value, str(label)) for value, label in ProjectCategory.choices)}


def _columns(*, funded: bool):
    columns = [
        Column(_("申报编号"), lambda a: a.number or "—"),
        Column(_("项目名称"), lambda a: a.title, kind="link"),
        Column(_("申报单位"), lambda a: a.organization.name),
        Column(_("所在区划"), lambda a: a.region.label),
        Column(_("计划类别"), lambda a: a.get_category_display()),
    ]
    if funded:
        columns += [
            Column(_("项目编号"), lambda a: a.project_number or "—"),
            Column(_("立项日期"), lambda a: iso_date(a.approved_on)),
            Column(_("立项资助（元）"), lambda a: yuan(a.approved_amount), css="num"),
        ]
    else:
        columns += [
            Column(_("提交日期"), lambda a: iso_date(timezone.localtime(a.submitted_at)) if a.submitted_at else "—"),
            Column(_("状态"), lambda a: a.get_status_display()),
            Column(_("申请资助（元）"), lambda a: yuan(a.requested_amount), css="num"),
        ]
    return columns


def _app_link(params: dict, regions) -> str:
    regions = list(regions)
    if len(regions) == 1:
        params["region"] = regions[0].pk
    try:
        return f"{reverse('projects:application-list')}?{urlencode(params)}"
    except NoReverseMatch:
        return ""


def records(*, code, regions, period, breakdown="") -> DrillDown:
    """Return the applications behind a figure: submitted in the period, or approved in it."""
    qs = _model().objects.filter(region__in=regions).select_related("organization", "region")
    dimension, _sep, key = breakdown.partition(":")
    params = {}
    if dimension == "category":
        qs = qs.filter(category=key)
        params["category"] = key
    funded = code in ("projects.funded", "projects.funding")
    if funded:
        qs = qs.filter(status=APPROVED, approved_on__gte=period.start, approved_on__lte=period.end)
        qs = qs.order_by("-approved_on", "-pk")
        params["status"] = APPROVED
        note = _("统计期内批准立项的项目，资助金额为立项批准数。")
    else:
        start, end = local_bounds(period)
        qs = qs.filter(status__in=SUBMITTED_STATES, submitted_at__gte=start, submitted_at__lt=end)
        qs = qs.order_by("-submitted_at", "-pk")
        note = _("统计期内提交的项目申报（不含草稿和已撤回的申报）。")
    return DrillDown(
        queryset=qs,
        columns=_columns(funded=funded),
        app_url=_app_link(params, regions),
        app_label=_("在项目管理中查看（按计划类别、状态筛选，不限统计期）"),
        note=note,
    )


def _local_year(moment) -> int:
    return timezone.localtime(moment).year


def watch(instance, log) -> Scope | None:
    """Submission, withdrawal and approval change the figures of the application's region."""
    years = set()
    entered_or_left = (log.from_state, log.to_state) == ("draft", "submitted") or log.to_state == "withdrawn"
    if entered_or_left and instance.submitted_at is not None:
        years.add(_local_year(instance.submitted_at))
    if APPROVED in (log.from_state, log.to_state) and instance.approved_on is not None:
        years.add(instance.approved_on.year)
    if not years:
        return None
    return Scope(region_ids=frozenset({instance.region_id}), years=frozenset(years))


def created(instance) -> Scope | None:
    """An application imported already submitted (or funded) counts at once."""
    years = set()
    if instance.status in SUBMITTED_STATES and instance.submitted_at is not None:
        years.add(_local_year(instance.submitted_at))
    if instance.status == APPROVED and instance.approved_on is not None:
        years.add(instance.approved_on.year)
    if not years:
        return None
    return Scope(region_ids=frozenset({instance.region_id}), years=frozenset(years))


SOURCE = "科技计划项目管理"
BY_REGION = "按申报单位申报时所在区划统计。"


def families() -> list[Family]:
    try:
        label = _model()._meta.label
    except LookupError:
        return []
    first_submitted = "SELECT min(submitted_at AT TIME ZONE %(tz)s)::date FROM projects_projectapplication"
    return [
        Family(
            key="projects.applications",
            kind="flow",
            indicators=(
                IndicatorSpec(
                    code="projects.applications",
                    name="科技计划项目申报数",
                    unit="项",
                    value_type="count",
                    definition=(
                        "统计期内提交的市级科技计划项目申报数（以首次提交日期归属，不含草稿和撤回），" + BY_REGION
                    ),
                    source_note=SOURCE,
                    sort_order=70,
                    breakdowns=("category",),
                ),
                IndicatorSpec(
                    code="projects.requested",
                    name="项目申请资助金额",
                    unit="万元",
                    value_type="money",
                    definition="统计期内提交的项目申报所申请的市级财政资助金额合计，" + BY_REGION,
                    source_note=SOURCE,
                    sort_order=71,
                ),
            ),
            sql=APPLICATIONS_SQL,
            first_date_sql=first_submitted,
            categories=_categories(),
            records=records,
            watches={label: watch},
            creations={label: created},
        ),
        Family(
            key="projects.funded",
            kind="flow",
            indicators=(
                IndicatorSpec(
                    code="projects.funded",
                    name="立项项目数",
                    unit="项",
                    value_type="count",
                    definition="统计期内批准立项的市级科技计划项目数（以立项日期归属），" + BY_REGION,
                    source_note=SOURCE,
                    is_key=True,
                    sort_order=72,
                    breakdowns=("category",),
                ),
                IndicatorSpec(
                    code="projects.funding",
                    name="立项资助金额",
                    unit="万元",
                    value_type="money",
                    definition="统计期内批准立项项目的市级财政资助金额合计（立项批准数），" + BY_REGION,
                    source_note=SOURCE,
                    is_key=True,
                    sort_order=73,
                    breakdowns=("category",),
                ),
            ),
            sql=FUNDED_SQL,
            first_date_sql="SELECT min(approved_on) FROM projects_projectapplication",
            categories=_categories(),
            records=records,
            watches={label: watch},
            creations={label: created},
        ),
    ]
