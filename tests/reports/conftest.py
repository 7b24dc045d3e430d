from decimal import Decimal

import pytest
from django.db import connection

from reports import providers
from reports.services.indicators import sync_indicators
from tests.reports.factories import build_city


@pytest.fixture
def city(db):
    """株洲市 with 醴陵市, 攸县 and 株洲高新区 (a park, rolled up on its own)."""
    return build_city()


DEALS_SQL = """
SELECT 'test.deals.count' AS code, region_id, date_trunc('month', day)::date AS month,
       CASE WHEN GROUPING(kind) = 1 THEN '' ELSE 'kind:' || kind END AS breakdown, count(*)::numeric
FROM test_deals WHERE day >= %(start)s AND day < %(end)s
GROUP BY GROUPING SETS ((region_id, date_trunc('month', day)), (region_id, date_trunc('month', day), kind))
UNION ALL
SELECT 'test.deals.amount', region_id, date_trunc('month', day)::date, '', sum(amount)
FROM test_deals WHERE day >= %(start)s AND day < %(end)s
GROUP BY 2, 3
"""


@pytest.fixture
def deals(city):
    """A flow family "test.deals" reading a temporary table of dated amounts."""
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE test_deals (region_id bigint, day date, amount numeric, kind text)")
    family = providers.Family(
        key="test.deals",
        kind="flow",
        indicators=(
            providers.IndicatorSpec("test.deals.count", "测试合同数", "项", "count", "测试", breakdowns=("kind",)),
            providers.IndicatorSpec("test.deals.amount", "测试成交额", "亿元", "money", "测试", is_key=True),
        ),
        sql=DEALS_SQL,
        first_date_sql="SELECT min(day) FROM test_deals",
        categories={"kind": [("a", "开发"), ("b", "转让")]},
    )
    providers.register(family)
    sync_indicators()

    def add(region, day, amount, kind="a"):
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO test_deals VALUES (%s, %s, %s, %s)", [region.pk, day, Decimal(amount), kind])

    yield add
    providers.unregister("test.deals")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS test_deals")
