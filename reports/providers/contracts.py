"""Indicators computed from technology contracts (``contracts.TechnologyContract``).

A contract counts once it is registered (登记), in the month of its registration date:

- 输出 (output): by the seller's location (``seller_region``), sliced by contract type
  and technical field;
- 吸纳 (absorbed): by the buyer's location (``buyer_region``, set when the buyer is in
  this city). Only contracts registered here are known, so a local buyer's contracts
  registered in other cities are not counted.

合同成交额 is ``total_amount`` (the whole contract); 技术交易额 is ``technical_amount``
(less non-technical costs). One scan of the table with GROUPING SETS fills all six
indicators and their slices. Everything about the contracts app's tables and pages is
in this module, so a change there is a change here only.
"""

from __future__ import annotations

from django.apps import apps
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from bureau.core.formatting import iso_date, yuan

from . import Column, DrillDown, Family, IndicatorSpec, Scope

MODEL = ("contracts", "TechnologyContract")
REGISTERED = "registered"

# One pass over the table groups it at the finest grain needed (seller, buyer, month, type,
# field); the grouping sets then run over those few thousand rows, not over every contract.
SQL = """
WITH fine AS (
    SELECT c.seller_region_id, c.buyer_region_id, date_trunc('month', c.registered_on::timestamp)::date AS month,
           c.contract_type, c.technical_field,
           count(*) AS n, sum(c.total_amount) AS total, sum(c.technical_amount) AS technical
    FROM contracts_technologycontract c
    WHERE c.status = 'registered' AND c.registered_on >= %(start)s AND c.registered_on < %(end)s
    GROUP BY 1, 2, 3, 4, 5
), g AS (
    SELECT CASE WHEN GROUPING(seller_region_id) = 0 THEN 'output' ELSE 'absorbed' END AS side,
           CASE WHEN GROUPING(seller_region_id) = 0 THEN seller_region_id ELSE buyer_region_id END AS region_id,
           month,
           CASE WHEN GROUPING(contract_type) = 0 THEN 'type:' || contract_type
                WHEN GROUPING(technical_field) = 0 THEN 'field:' || technical_field
                ELSE '' END AS breakdown,
           sum(n) AS n, sum(total) AS total, sum(technical) AS technical
    FROM fine
    GROUP BY GROUPING SETS (
        (seller_region_id, month),
        (seller_region_id, month, contract_type),
        (seller_region_id, month, technical_field),
        (buyer_region_id, month)
    )
)
SELECT v.code, g.region_id, g.month, g.breakdown, v.value
FROM g CROSS JOIN LATERAL (VALUES
    ('contracts.count.' || g.side, g.n),
    ('contracts.turnover.' || g.side, g.total),
    ('contracts.tech_amount.' || g.side, g.technical)
) AS v(code, value)
WHERE g.region_id IS NOT NULL
"""

# Only registered contracts have a registration date, so the index answers this alone.
FIRST_DATE_SQL = "SELECT min(registered_on) FROM contracts_technologycontract"


def _model():
    return apps.get_model(*MODEL)


def _categories():
    from contracts.rules import catalog

    return {
        "type": tuple((t.code, t.label) for t in catalog.CONTRACT_TYPES),
        "field": tuple(catalog.TECHNICAL_FIELDS),
    }


def _columns():
    return [
        Column(_("登记编号"), lambda c: c.registration_number or "—"),
        Column(_("合同名称"), lambda c: c.name, kind="link"),
        Column(_("卖方"), lambda c: c.seller_name),
        Column(_("买方"), lambda c: c.buyer_name),
        Column(_("合同类别"), lambda c: c.get_contract_type_display()),
        Column(_("技术领域"), lambda c: c.get_technical_field_display() or "—"),
        Column(_("登记日期"), lambda c: iso_date(c.registered_on)),
        Column(_("合同成交额（元）"), lambda c: yuan(c.total_amount), css="num"),
        Column(_("技术交易额（元）"), lambda c: yuan(c.technical_amount), css="num"),
    ]


def records(*, code, regions, period, breakdown="") -> DrillDown:
    """Return the registered contracts behind a figure: by seller (输出) or buyer (吸纳)."""
    side = "buyer_region" if code.endswith(".absorbed") else "seller_region"
    qs = _model().objects.filter(
        status=REGISTERED,
        registered_on__gte=period.start,
        registered_on__lte=period.end,
        **{f"{side}__in": regions},
    )
    dimension, _sep, key = breakdown.partition(":")
    params = {"status": REGISTERED, "year": period.year}
    if dimension == "type":
        qs = qs.filter(contract_type=key)
        params["contract_type"] = key
    elif dimension == "field":
        qs = qs.filter(technical_field=key)
        params["technical_field"] = key
    regions = list(regions)
    if side == "seller_region" and len(regions) == 1:
        params["seller_region"] = regions[0].pk
    try:
        app_url = f"{reverse('contracts:list')}?{urlencode(params)}"
    except NoReverseMatch:
        app_url = ""
    qs = qs.select_related("seller_region").order_by("-registered_on", "-pk")
    note = ""  # the definition above the list already says by whose location it counts
    return DrillDown(
        queryset=qs, columns=_columns(), app_url=app_url, app_label=_("在技术合同管理中查看（全年）"), note=note
    )


def watch(instance, log) -> Scope | None:
    """A contract entering or leaving the registered state changes its regions' figures."""
    if REGISTERED not in (log.from_state, log.to_state) or instance.registered_on is None:
        return None
    regions = {r for r in (instance.seller_region_id, instance.buyer_region_id) if r}
    return Scope(region_ids=frozenset(regions), years=frozenset({instance.registered_on.year}))


def _spec(code, name, unit, value_type, definition, **kwargs):
    return IndicatorSpec(code=code, name=name, unit=unit, value_type=value_type, definition=definition, **kwargs)


OUTPUT = "按卖方所在地统计（技术输出），以登记日期归属统计期。"
ABSORBED = "按买方所在地统计（技术吸纳），仅含在本市登记、买方在本市的合同。"


def families() -> list[Family]:
    try:
        model = _model()
    except LookupError:
        return []
    label = model._meta.label
    return [
        Family(
            key="contracts.registered",
            kind="flow",
            indicators=(
                _spec(
                    "contracts.count.output",
                    "技术合同登记数",
                    "项",
                    "count",
                    "统计期内认定登记的技术合同份数，" + OUTPUT,
                    source_note="技术合同认定登记",
                    is_key=True,
                    sort_order=40,
                    breakdowns=("type", "field"),
                ),
                _spec(
                    "contracts.turnover.output",
                    "技术合同成交额",
                    "亿元",
                    "money",
                    "统计期内认定登记的技术合同成交额（合同总金额），" + OUTPUT,
                    source_note="技术合同认定登记",
                    is_key=True,
                    sort_order=41,
                    breakdowns=("type", "field"),
                ),
                _spec(
                    "contracts.tech_amount.output",
                    "技术交易额",
                    "亿元",
                    "money",
                    "合同成交额扣除设备、原材料等非技术性费用后的技术交易额，" + OUTPUT,
                    source_note="技术合同认定登记",
                    is_key=True,
                    sort_order=42,
                ),
                _spec(
                    "contracts.count.absorbed",
                    "吸纳技术合同数",
                    "项",
                    "count",
                    "统计期内认定登记的技术合同份数，" + ABSORBED,
                    source_note="技术合同认定登记",
                    sort_order=43,
                ),
                _spec(
                    "contracts.turnover.absorbed",
                    "吸纳技术合同成交额",
                    "亿元",
                    "money",
                    "统计期内认定登记的技术合同成交额，" + ABSORBED,
                    source_note="技术合同认定登记",
                    sort_order=44,
                ),
                _spec(
                    "contracts.tech_amount.absorbed",
                    "吸纳技术交易额",
                    "亿元",
                    "money",
                    "统计期内认定登记的技术合同技术交易额，" + ABSORBED,
                    source_note="技术合同认定登记",
                    sort_order=45,
                ),
            ),
            sql=SQL,
            first_date_sql=FIRST_DATE_SQL,
            categories=_categories(),
            records=records,
            watches={label: watch},
        )
    ]
