"""The indicators that are entered (from other bodies) or derived from two others.

Computed indicators are declared by their providers (``reports.providers``); the ones
here come from the statistics bureau and similar sources and are typed in or imported
per region and period, or are the ratio of two indicators (R&D intensity = R&D / GDP).
``reports.services.indicators.sync_indicators`` puts both into the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class EnteredSpec:
    code: str
    name: str
    unit: str
    value_type: str
    aggregation: str  # flow | stock
    definition: str
    source_note: str
    is_key: bool = False
    sort_order: int = 100


@dataclass(frozen=True)
class DerivedSpec:
    code: str
    name: str
    unit: str
    value_type: str
    numerator: str
    denominator: str
    definition: str
    scale: Decimal = Decimal(1)
    is_key: bool = False
    sort_order: int = 100


ENTERED = [
    EnteredSpec(
        code="gdp",
        name="地区生产总值（GDP）",
        unit="亿元",
        value_type="money",
        aggregation="flow",
        definition="统计部门公布的地区生产总值（现价）。按年度录入；季度、半年数据按年初至该期末的累计数录入。",
        source_note="市统计局",
        sort_order=10,
    ),
    EnteredSpec(
        code="rd.spending",
        name="全社会研发经费投入",
        unit="亿元",
        value_type="money",
        aggregation="flow",
        definition="全社会研究与试验发展（R&D）经费内部支出，以统计部门公布的年度数为准。",
        source_note="市统计局、市科技局",
        sort_order=11,
    ),
    EnteredSpec(
        code="hightech.value_added",
        name="高新技术产业增加值",
        unit="亿元",
        value_type="money",
        aggregation="flow",
        definition="高新技术产业增加值（现价），按年初至该期末的累计数录入。",
        source_note="市统计局",
        sort_order=20,
    ),
    EnteredSpec(
        code="population",
        name="常住人口",
        unit="万人",
        value_type="number",
        aggregation="stock",
        definition="年末常住人口。",
        source_note="市统计局",
        sort_order=30,
    ),
    EnteredSpec(
        code="patents.invention",
        name="有效发明专利拥有量",
        unit="件",
        value_type="count",
        aggregation="stock",
        definition="期末有效发明专利件数。",
        source_note="市市场监督管理局（知识产权局）",
        sort_order=31,
    ),
]

DERIVED = [
    DerivedSpec(
        code="rd.intensity",
        name="研发投入强度",
        unit="%",
        value_type="percent",
        numerator="rd.spending",
        denominator="gdp",
        definition="全社会研发经费投入占地区生产总值的比重（R&D / GDP）。",
        is_key=True,
        sort_order=12,
    ),
    DerivedSpec(
        code="hightech.va_share",
        name="高新技术产业增加值占GDP比重",
        unit="%",
        value_type="percent",
        numerator="hightech.value_added",
        denominator="gdp",
        definition="高新技术产业增加值占地区生产总值的比重，同期累计数相除。",
        is_key=True,
        sort_order=21,
    ),
    DerivedSpec(
        code="patents.per_10k",
        name="每万人口发明专利拥有量",
        unit="件",
        value_type="number",
        numerator="patents.invention",
        denominator="population",
        definition="期末有效发明专利拥有量除以常住人口（万人）。",
        is_key=True,
        sort_order=32,
    ),
]
