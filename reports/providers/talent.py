"""Indicators computed from the talent app (``talent``): selections, experts, commissioners.

- talent.selected: people selected into a talent program in the period (a flow, by the
  date the list was published), by the region of their work unit, sliced by program.
  Programs are rows an administrator adds, so the slices are read live.
- talent.experts: experts in the expert database (专家库) at the period's end (a stock:
  from the day they joined to the day they left), by their region, sliced by title.
- talent.commissioners: S&T commissioners (科技特派员) in service at the period's end (a
  stock: from the first day of their term to its last day, or to the day it ended
  early), by the region they serve, sliced by kind (individual, legal person, team).

These records have no workflow: they are entered, edited and imported. Each save or
deletion refreshes the figures of the record's region after commit (``changes``); a
record moved to another region is corrected in the old one by the quarter-hourly rollup.
"""

from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from bureau.core.formatting import iso_date

from . import Column, DrillDown, Family, IndicatorSpec, LiveCategories, Scope

SELECTED_SQL = """
WITH fine AS (
    SELECT s.region_id, date_trunc('month', s.selected_on::timestamp)::date AS month, p.code AS program,
           count(*) AS n
    FROM talent_talentselection s JOIN talent_talentprogram p ON p.id = s.program_id
    WHERE s.selected_on >= %(start)s AND s.selected_on < %(end)s
    GROUP BY 1, 2, 3
)
SELECT 'talent.selected' AS code, region_id, month,
       CASE WHEN GROUPING(program) = 1 THEN '' ELSE 'program:' || program END AS breakdown,
       sum(n)::numeric AS value
FROM fine
GROUP BY GROUPING SETS ((region_id, month), (region_id, month, program))
"""


def _stock_sql(code: str, spans: str, dimension: str) -> str:
    """Return a stock's SQL: +1 the month a span starts, -1 the month of its first day out."""
    return f"""
WITH spans AS ({spans}),
changes AS (
    SELECT region_id, slice, date_trunc('month', s::timestamp)::date AS month, 1 AS n
    FROM spans WHERE e IS NULL OR e > s
    UNION ALL
    SELECT region_id, slice, date_trunc('month', e::timestamp)::date, -1
    FROM spans WHERE e IS NOT NULL AND e > s AND e < %(end)s
),
fine AS (SELECT region_id, month, slice, sum(n) AS n FROM changes GROUP BY 1, 2, 3)
SELECT '{code}' AS code, region_id, month,
       CASE WHEN GROUPING(slice) = 1 THEN '' ELSE '{dimension}:' || slice END AS breakdown,
       sum(n)::numeric AS value
FROM fine
GROUP BY GROUPING SETS ((region_id, month), (region_id, month, slice))
"""


# In the pool from the day of joining; out from the day of leaving (出库日期).
EXPERT_SPANS = """
SELECT x.region_id, x.title AS slice, x.joined_on AS s, x.left_on AS e
FROM talent_expert x WHERE x.joined_on < %(end)s
"""

# In service from the term's first day; out the day after its last, or the day it ended early.
COMMISSIONER_SPANS = """
SELECT c.region_id, c.kind AS slice, c.service_from AS s,
       least(c.service_until + 1, coalesce(c.ended_on, c.service_until + 1)) AS e
FROM talent_commissioner c WHERE c.service_from < %(end)s
"""


def _model(name):
    return apps.get_model("talent", name)


def _programs() -> list[tuple[str, str]]:
    rows = _model("TalentProgram").objects.order_by("sort_order", "code").values_list("code", "name", "short_name")
    return [(code, short or name) for code, name, short in rows]


def _choices(model_name, field_name):
    field = _model(model_name)._meta.get_field(field_name)
    return tuple((value, str(label)) for value, label in field.choices)


def _link(name: str, params: dict, regions) -> str:
    regions = list(regions)
    if len(regions) == 1:  # one county or park; the whole city is the unfiltered list
        params["region"] = regions[0].pk
    try:
        return f"{reverse(name)}?{urlencode(params)}"
    except NoReverseMatch:
        return ""


def _key(breakdown: str, dimension: str) -> str | None:
    found, _sep, key = breakdown.partition(":")
    return key if found == dimension else None


def selected_records(*, code, regions, period, breakdown="") -> DrillDown:
    """Return the selections published in the period, by the region of the work unit."""
    qs = (
        _model("TalentSelection")
        .objects.filter(region__in=regions, selected_on__gte=period.start, selected_on__lte=period.end)
        .select_related("program", "region")
        .order_by("-selected_on", "full_name", "pk")
    )
    params = {"year": period.year}
    program = _key(breakdown, "program")
    if program is not None:
        qs = qs.filter(program__code=program)
        params["program"] = program
    columns = [
        Column(_("姓名"), lambda s: s.full_name, kind="link"),
        Column(_("人才计划"), lambda s: s.program.label),
        Column(_("入选类别"), lambda s: s.category or "—"),
        Column(_("工作单位"), lambda s: s.organization_name),
        Column(_("所在区划"), lambda s: s.region.label),
        Column(_("入选日期"), lambda s: iso_date(s.selected_on)),
    ]
    return DrillDown(
        queryset=qs,
        columns=columns,
        app_url=_link("talent:selection-list", params, regions),
        app_label=_("在入选人才名录中查看（全年）"),
        note=_("统计期内公布入选的人才，按工作单位所在区划统计。"),
    )


def expert_records(*, code, regions, period, breakdown="") -> DrillDown:
    """Return the experts in the database at the period's end."""
    qs = _model("Expert").objects.in_pool_on(period.end).filter(region__in=regions)
    title = _key(breakdown, "title")
    params = {}
    if title is not None:
        qs = qs.filter(title=title)
        params["title"] = title
    columns = [
        Column(_("姓名"), lambda x: x.full_name, kind="link"),
        Column(_("工作单位"), lambda x: x.organization_name),
        Column(_("职称"), lambda x: x.get_title_display()),
        Column(_("所在区划"), lambda x: x.region.label),
        Column(_("状态"), lambda x: x.get_status_display()),
        Column(_("入库日期"), lambda x: iso_date(x.joined_on)),
    ]
    return DrillDown(
        queryset=qs.select_related("region").order_by("full_name", "pk"),
        columns=columns,
        app_url=_link("talent:expert-list", params, regions),
        app_label=_("在专家库中查看（当前名单）"),
        note=_("统计期末在库的评审专家（含暂停抽取的专家）。"),
    )


def commissioner_records(*, code, regions, period, breakdown="") -> DrillDown:
    """Return the commissioners in service at the period's end, by the region they serve."""
    qs = _model("Commissioner").objects.in_service_on(period.end).filter(region__in=regions)
    kind = _key(breakdown, "commissioner")
    params = {}
    if kind is not None:
        qs = qs.filter(kind=kind)
        params["kind"] = kind
    columns = [
        Column(_("名称"), lambda c: c.name, kind="link"),
        Column(_("类型"), lambda c: c.get_kind_display()),
        Column(_("派出单位"), lambda c: c.organization_name),
        Column(_("服务县市区"), lambda c: c.region.label),
        Column(_("服务对象"), lambda c: c.service_target),
        Column(_("服务期"), lambda c: f"{iso_date(c.service_from)} 至 {iso_date(c.service_until)}"),
    ]
    return DrillDown(
        queryset=qs.select_related("region").order_by("name", "pk"),
        columns=columns,
        app_url=_link("talent:commissioner-list", params, regions),
        app_label=_("在科技特派员名单中查看（当前名单）"),
        note=_("统计期末在服务期内的科技特派员，按服务县市区统计。"),
    )


def _scope(region_id, year) -> Scope | None:
    if region_id is None or year is None:
        return None
    return Scope(region_ids=frozenset({region_id}), years=frozenset({year}))


def selection_changed(instance) -> Scope | None:
    return _scope(instance.region_id, instance.selected_on.year if instance.selected_on else None)


def expert_changed(instance) -> Scope | None:
    # A stock is refreshed from this year to today, which covers the year of leaving.
    return _scope(instance.region_id, instance.joined_on.year if instance.joined_on else None)


def commissioner_changed(instance) -> Scope | None:
    return _scope(instance.region_id, instance.service_from.year if instance.service_from else None)


SOURCE = "人才管理"


def families() -> list[Family]:
    try:
        selection = _model("TalentSelection")._meta.label
        expert = _model("Expert")._meta.label
        commissioner = _model("Commissioner")._meta.label
    except LookupError:
        return []
    return [
        Family(
            key="talent.selected",
            kind="flow",
            indicators=(
                IndicatorSpec(
                    code="talent.selected",
                    name="入选各级人才计划人数",
                    unit="人",
                    value_type="count",
                    definition=(
                        "统计期内公布入选国家、省、市各级人才计划的人数（以名单公布日期归属），"
                        "按工作单位所在区划统计，可按人才计划分列。"
                    ),
                    source_note=SOURCE,
                    is_key=True,
                    sort_order=80,
                    breakdowns=("program",),
                ),
            ),
            sql=SELECTED_SQL,
            first_date_sql="SELECT min(selected_on) FROM talent_talentselection",
            categories=LiveCategories({"program": _programs}),
            records=selected_records,
            changes={selection: selection_changed},
        ),
        Family(
            key="talent.experts",
            kind="stock",
            indicators=(
                IndicatorSpec(
                    code="talent.experts",
                    name="在库评审专家数",
                    unit="人",
                    value_type="count",
                    definition="统计期末专家库中在库的评审专家人数（含暂停抽取），按专家所在区划统计，可按职称分列。",
                    source_note=SOURCE,
                    sort_order=81,
                    breakdowns=("title",),
                ),
            ),
            sql=_stock_sql("talent.experts", EXPERT_SPANS, "title"),
            first_date_sql="SELECT min(joined_on) FROM talent_expert",
            categories={"title": _choices("Expert", "title")},
            records=expert_records,
            changes={expert: expert_changed},
        ),
        Family(
            key="talent.commissioners",
            kind="stock",
            indicators=(
                IndicatorSpec(
                    code="talent.commissioners",
                    name="在岗科技特派员数",
                    unit="个",
                    value_type="count",
                    definition=(
                        "统计期末在服务期内的科技特派员数（个人、法人、团队各计一个），按服务县市区统计，可按类型分列。"
                    ),
                    source_note=SOURCE,
                    is_key=True,
                    sort_order=82,
                    breakdowns=("commissioner",),
                ),
            ),
            sql=_stock_sql("talent.commissioners", COMMISSIONER_SPANS, "commissioner"),
            first_date_sql="SELECT min(service_from) FROM talent_commissioner",
            categories={"commissioner": _choices("Commissioner", "kind")},
            records=commissioner_records,
            changes={commissioner: commissioner_changed},
        ),
    ]
