"""Indicators computed from the organization registry (``enterprises.Organization``).

- org.verified: organizations whose registration the county has verified (核验), at
  period end (a stock), by the region they are registered in, sliced by kind; a
  verification refreshes its region's figures after commit.
- org.registered: organizations that registered on the portal during the period (a flow).
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from bureau.core.formatting import iso_date

from . import Column, DrillDown, Family, IndicatorSpec, Scope, local_bounds

KIND_CATEGORIES = (
    ("enterprise", "企业"),
    ("university", "高等院校"),
    ("institute", "科研院所"),
    ("hospital", "医疗卫生机构"),
    ("other", "其他"),
)

VERIFIED_SQL = """
WITH fine AS (
    SELECT o.region_id, date_trunc('month', o.verified_at AT TIME ZONE %(tz)s)::date AS month, o.kind,
           count(*) AS n
    FROM enterprises_organization o
    WHERE o.status = 'verified' AND o.verified_at IS NOT NULL
      AND o.verified_at < (%(end)s::timestamp AT TIME ZONE %(tz)s)
    GROUP BY 1, 2, 3
)
SELECT 'org.verified' AS code, region_id, month,
       CASE WHEN GROUPING(kind) = 1 THEN '' ELSE 'kind:' || kind END AS breakdown,
       sum(n)::numeric AS value
FROM fine
GROUP BY GROUPING SETS ((region_id, month), (region_id, month, kind))
"""

REGISTERED_SQL = """
SELECT 'org.registered' AS code, o.region_id,
       date_trunc('month', o.created_at AT TIME ZONE %(tz)s)::date AS month,
       '' AS breakdown, count(*)::numeric AS value
FROM enterprises_organization o
WHERE o.created_at >= (%(start)s::timestamp AT TIME ZONE %(tz)s)
  AND o.created_at < (%(end)s::timestamp AT TIME ZONE %(tz)s)
GROUP BY 2, 3
"""


def _columns():
    return [
        Column(_("单位名称"), lambda o: o.name),
        Column(_("统一社会信用代码"), lambda o: o.uscc),
        Column(_("单位类型"), lambda o: o.get_kind_display()),
        Column(_("所在区划"), lambda o: o.region.label),
        Column(_("核验日期"), lambda o: iso_date(timezone.localtime(o.verified_at)) if o.verified_at else "—"),
        Column(_("注册日期"), lambda o: iso_date(timezone.localtime(o.created_at))),
    ]


def _kind_filter(breakdown: str) -> Q:
    dimension, _sep, key = breakdown.partition(":")
    return Q(kind=key) if dimension == "kind" else Q()


def verified_records(*, code, regions, period, breakdown="") -> DrillDown:
    """Return the organizations counted in org.verified at the period's end."""
    Organization = apps.get_model("enterprises", "Organization")
    _start, end = local_bounds(period)
    qs = (
        Organization.objects.filter(region__in=regions, status="verified", verified_at__lt=end)
        .filter(_kind_filter(breakdown))
        .select_related("region")
        .order_by("-verified_at", "pk")
    )
    params = {"status": "verified"}
    regions = list(regions)
    if len(regions) == 1:
        params["region"] = regions[0].pk
    dimension, _sep, key = breakdown.partition(":")
    if dimension == "kind":
        params["kind"] = key
    return DrillDown(
        queryset=qs,
        columns=_columns(),
        app_url=_directory(params),
        app_label=_("在创新主体名录中查看（当前名录）"),
        note=_("截至统计期末已完成注册核验的创新主体。"),
    )


def _directory(params) -> str:
    """Link to the registry's directory (创新主体名录) with the same filters, when it exists."""
    try:
        return f"{reverse('enterprises:org-list')}?{urlencode(params)}"
    except NoReverseMatch:
        return ""


def watch(instance, log) -> Scope | None:
    """A verification (or its reversal) changes org.verified for the organization's region."""
    if "verified" not in (log.from_state, log.to_state):
        return None
    when = instance.verified_at or timezone.now()
    return Scope(region_ids=frozenset({instance.region_id}), years=frozenset({timezone.localtime(when).year}))


def registered_records(*, code, regions, period, breakdown="") -> DrillDown:
    """Return the organizations counted in org.registered during the period."""
    Organization = apps.get_model("enterprises", "Organization")
    start, end = local_bounds(period)
    qs = (
        Organization.objects.filter(region__in=regions, created_at__gte=start, created_at__lt=end)
        .select_related("region")
        .order_by("-created_at", "pk")
    )
    return DrillDown(queryset=qs, columns=_columns(), note=_("统计期内在平台注册的创新主体。"))


def families() -> list[Family]:
    try:
        apps.get_model("enterprises", "Organization")
    except LookupError:
        return []
    return [
        Family(
            key="organizations.verified",
            kind="stock",
            indicators=(
                IndicatorSpec(
                    code="org.verified",
                    name="已核验创新主体数",
                    unit="家",
                    value_type="count",
                    definition=(
                        "统计期末已在平台完成身份核验的创新主体（企业、高校、科研院所、医疗卫生机构等）数量，"
                        "按单位注册所在区划统计；园区单独统计，全市数为各县市区与园区之和。"
                    ),
                    source_note="创新主体库",
                    is_key=True,
                    sort_order=60,
                    breakdowns=("kind",),
                ),
            ),
            sql=VERIFIED_SQL,
            first_date_sql="SELECT min(verified_at AT TIME ZONE %(tz)s)::date FROM enterprises_organization",
            categories={"kind": KIND_CATEGORIES},
            records=verified_records,
            watches={"enterprises.Organization": watch},
        ),
        Family(
            key="organizations.registered",
            kind="flow",
            indicators=(
                IndicatorSpec(
                    code="org.registered",
                    name="新注册创新主体数",
                    unit="家",
                    value_type="count",
                    definition="统计期内在平台注册的创新主体数量，按单位注册所在区划统计。",
                    source_note="创新主体库",
                    sort_order=61,
                ),
            ),
            sql=REGISTERED_SQL,
            first_date_sql="SELECT min(created_at AT TIME ZONE %(tz)s)::date FROM enterprises_organization",
            records=registered_records,
        ),
    ]
