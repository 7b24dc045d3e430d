"""Benchmark: the high-tech and SME indicator families against hand-written SQL for the same figures.

    make bench          (or: pytest tests/bench/test_rollup_certification.py -m bench -s)

Generates 100,000 organizations, 60,000 high-tech certificates (five years of issues,
re-certifications overlapping, one in 40 cancelled) and 150,000 SME registrations (five
evaluation years, one in 50 revoked) straight into the certification app's tables, then
times the four families' refresh and one hand-written query per figure: the flows
grouped by region and month, the stocks counted at every month's end by joining the
months to the spans (the obvious way to write "in force at the period's end").
"""

import time
from datetime import date

import pytest
from django.db import connection
from django.utils import timezone

from enterprises.certification.models import HighTechCertificate, SmeEvaluation
from enterprises.models import Organization
from reports import providers
from reports.rollup import refresh
from reports.services.indicators import sync_indicators
from tests.bench.test_rollup import ORG_COLUMNS, _best, _load, _timed
from tests.reports.factories import build_city

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

ORGANIZATIONS = 100_000
CERTIFICATES = 60_000
REGISTRATIONS = 150_000

# Certificate g belongs to organization (g mod 45,000): some hold two, issued 2-3 years apart.
CERTIFICATE_COLUMNS = {
    "organization_id": "%(first_org)s + (g %% 45000)",
    "number": "'GR' || lpad(g::text, 12, '0')",
    "issued_on": "%(first)s::date + ((g * 7919) %% %(days)s)::int",
    "expires_on": "%(first)s::date + ((g * 7919) %% %(days)s)::int + 1095",
    "status": "CASE WHEN g %% 40 = 0 THEN 'cancelled' ELSE 'valid' END",
    "cancelled_at": "CASE WHEN g %% 40 = 0 THEN %(first)s::timestamptz + "
    "(((g * 7919) %% %(days)s) + 200) * interval '1 day' END",
}
# Registration g: organization (g mod 60,000) for one of five evaluation years (each org's differ).
YEAR = "(%(first_year)s + (g / 60000 + g) %% 5)::int"
REGISTRATION_COLUMNS = {
    "organization_id": "%(first_org)s + (g %% 60000)",
    "year": YEAR,
    "status": "CASE WHEN g %% 50 = 0 THEN 'revoked' ELSE 'registered' END",
    "source": "'imported'",
    "registration_number": "'R' || lpad(g::text, 12, '0')",
    "registered_on": f"make_date({YEAR}, (1 + g %% 11)::int, (1 + g %% 28)::int)",
    "valid_until": f"make_date({YEAR}, 12, 31)",
    "revoked_at": f"CASE WHEN g %% 50 = 0 THEN make_date({YEAR}, 12, 1)::timestamptz END",
}

CERTIFICATE_TABLE = HighTechCertificate._meta.db_table
EVALUATION_TABLE = SmeEvaluation._meta.db_table

# The same figures written by hand (by region and month; the stocks at each month's end).
HAND = f"""
WITH months AS (
    SELECT (g + interval '1 month' - interval '1 day')::date AS month_end
    FROM generate_series(%(first)s::date, %(last)s::date, interval '1 month') AS g
)
SELECT o.region_id, m.month_end, o.hightech_field, count(DISTINCT c.organization_id)
FROM months m JOIN {CERTIFICATE_TABLE} c ON c.issued_on <= m.month_end AND c.expires_on >= m.month_end
     AND (c.status = 'valid' OR (c.cancelled_at AT TIME ZONE 'Asia/Shanghai')::date > m.month_end)
JOIN enterprises_organization o ON o.id = c.organization_id
GROUP BY GROUPING SETS ((1, 2), (1, 2, 3))
UNION ALL
SELECT o.region_id, date_trunc('month', c.issued_on::timestamp)::date, o.hightech_field, count(*)
FROM {CERTIFICATE_TABLE} c JOIN enterprises_organization o ON o.id = c.organization_id
WHERE c.status = 'valid'
GROUP BY GROUPING SETS ((1, 2), (1, 2, 3))
UNION ALL
SELECT o.region_id, date_trunc('month', r.registered_on::timestamp)::date, NULL, count(*)
FROM {EVALUATION_TABLE} r JOIN enterprises_organization o ON o.id = r.organization_id
WHERE r.status = 'registered' GROUP BY 1, 2
UNION ALL
SELECT o.region_id, m.month_end, NULL, count(DISTINCT r.organization_id)
FROM months m JOIN {EVALUATION_TABLE} r ON r.registered_on <= m.month_end AND r.valid_until >= m.month_end
     AND (r.status = 'registered' OR (r.revoked_at AT TIME ZONE 'Asia/Shanghai')::date > m.month_end)
JOIN enterprises_organization o ON o.id = r.organization_id
WHERE r.status IN ('registered', 'revoked')
GROUP BY 1, 2"""


@pytest.fixture
def loaded():
    from bureau.core.demo import seed_regions

    regions = build_city()
    seed_regions()
    region_ids = [r.pk for r in regions["city"].children.all()]
    today = timezone.localdate()
    first = date(today.year - 5, 1, 1)
    params = {"regions": region_ids, "first": first, "days": (today - first).days + 1, "first_year": today.year - 4}
    with connection.cursor() as cursor:
        started = time.monotonic()
        _load(cursor, Organization, ORG_COLUMNS, {**params, "n": ORGANIZATIONS})
        first_org = Organization.objects.order_by("pk").values_list("pk", flat=True).first()
        params["first_org"] = first_org
        _load(cursor, HighTechCertificate, CERTIFICATE_COLUMNS, {**params, "n": CERTIFICATES})
        _load(cursor, SmeEvaluation, REGISTRATION_COLUMNS, {**params, "n": REGISTRATIONS})
        made = f"{ORGANIZATIONS:,} 家单位、{CERTIFICATES:,} 张高企证书、{REGISTRATIONS:,} 条科技型中小企业入库记录"
        print(f"\n生成 {made}：{time.monotonic() - started:.1f} 秒")
    sync_indicators()
    return params, today


def test_certification_families_against_hand_written_sql(loaded):
    params, today = loaded
    codes = [
        code for family in providers.families() if family.key.startswith("certification.") for code in family.codes
    ]
    hand = _best(lambda: _timed(HAND, {"first": params["first"], "last": date(today.year, today.month, 1)}), runs=2)

    started = time.monotonic()
    first = refresh(codes=codes)
    full = time.monotonic() - started
    started = time.monotonic()
    second = refresh(codes=codes)
    rerun = time.monotonic() - started
    assert second.total_written == 0

    print(f"手写 SQL（有效高企、新认定高企、入库、有效入库，按区划、月份）：{hand:.3f} 秒")
    written = first.total_written
    print(f"四个认定指标族（空表起算，写入 {written:,} 行）：{full:.3f} 秒；与手写 SQL 之比 {full / hand:.2f}")
    print(f"四个认定指标族（数据未变，重跑不写入）：{rerun:.3f} 秒；与手写 SQL 之比 {rerun / hand:.2f}")
    print("各步用时（空表起算）：" + "，".join(f"{k} {v:.3f} 秒" for k, v in first.timings.items()))
    assert rerun / hand < 2.0
