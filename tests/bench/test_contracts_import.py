"""Benchmarks of contract registration (run with ``make bench`` or ``pytest tests/bench -m bench -s``).

1. Import of 100,000 historical contracts from one Excel file through the import page's
   path (``contracts.imports``: check every row in Python, then COPY in one transaction)
   against django-import-export's default row-by-row import of the same rows
   (``contracts.resources.ContractResource``). The row-by-row import is measured on a
   sample and extrapolated, because it would take far longer than the suite allows; the
   printout says so.
2. With 1,000,000 contracts in the table: the registrar's queue, the filtered list and
   the statistics page, timed through the test client (``BENCH_ROWS`` changes the count).
"""

import io
import os
import random
import time
from datetime import date, timedelta
from decimal import Decimal

import pgtrigger
import pytest
from django.db import connection
from openpyxl import Workbook

from bureau.regions.models import Region
from contracts.imports import COLUMNS, import_contracts
from contracts.models import TechnologyContract
from contracts.rules import catalog
from tests.contracts.factories import OfficeFactory, registrar

pytestmark = [pytest.mark.bench, pytest.mark.django_db(transaction=True), pytest.mark.timeout(3600)]

IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
SAMPLE_ROWS = int(os.environ.get("BENCH_SAMPLE_ROWS", "2000"))
BIG_ROWS = int(os.environ.get("BENCH_ROWS", "1000000"))
COUNTIES = ["430202", "430203", "430204", "430211", "430212", "430223", "430224", "430225", "430281"]


def _regions():
    city = OfficeFactory().region
    for code in COUNTIES:
        Region.objects.get_or_create(code=code, defaults={"name": code, "kind": "county", "parent": city})


def _rows(n: int, seed: int = 1):
    rng = random.Random(seed)
    types = [(t.label, [s.label for s in t.subtypes]) for t in catalog.CONTRACT_TYPES]
    fields = [label for _code, label in catalog.TECHNICAL_FIELDS]
    for i in range(1, n + 1):
        kind, subs = rng.choice(types)
        signed = date(2025, 1, 1) + timedelta(days=rng.randint(0, 330))
        total = Decimal(rng.randint(20_000, 5_000_000))
        yield [
            f"2025430200{i:06d}",
            f"历史技术合同{i}",
            kind,
            rng.choice(subs),
            f"株洲卖方{i % 500}有限公司",
            "",
            "企业",
            rng.choice(COUNTIES),
            f"买方{i % 900}有限公司",
            "",
            "企业",
            rng.choice(["430102", "430281", "440300"]),
            "",
            signed,
            signed,
            signed + timedelta(days=365),
            signed + timedelta(days=10),
            total,
            total - Decimal(rng.choice([0, 0, 1000])),
            rng.choice(fields),
            "未涉及知识产权",
            "计划外",
            "工商业发展",
            "分期支付",
            "否",
            "",
        ]


def _workbook(n: int) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("技术合同")
    ws.append([c.header for c in COLUMNS])
    for row in _rows(n):
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_import_100k_rows_copy_vs_row_by_row():
    import tablib

    from contracts.resources import ContractResource

    _regions()
    started = time.perf_counter()
    content = _workbook(IMPORT_ROWS)
    built, size = time.perf_counter() - started, len(content) / 1e6
    print(f"\n[bench] built an Excel file of {IMPORT_ROWS:,} rows ({size:.1f} MB) in {built:.1f} s")

    started = time.perf_counter()
    report = import_contracts(io.BytesIO(content))
    ours = time.perf_counter() - started
    assert report.ok, report.errors[:5]
    assert TechnologyContract.objects.count() == IMPORT_ROWS
    print(
        f"[bench] contracts.imports (check in Python, COPY in one transaction): {IMPORT_ROWS:,} rows in {ours:.1f} s "
        f"({IMPORT_ROWS / ours:,.0f} rows/s)"
    )

    with connection.cursor() as cursor:  # a Django delete of 100,000 rows would itself take minutes
        cursor.execute(f"TRUNCATE {TechnologyContract._meta.db_table} CASCADE")
    sample = _workbook(SAMPLE_ROWS)
    dataset = tablib.Dataset().load(io.BytesIO(sample).read(), format="xlsx")
    started = time.perf_counter()
    result = ContractResource().import_data(dataset, dry_run=False, raise_errors=True)
    theirs_sample = time.perf_counter() - started
    assert not result.has_errors() and not result.has_validation_errors()
    assert TechnologyContract.objects.count() == SAMPLE_ROWS
    theirs = theirs_sample * IMPORT_ROWS / SAMPLE_ROWS
    print(
        f"[bench] django-import-export row by row: {SAMPLE_ROWS:,} rows in {theirs_sample:.1f} s "
        f"({SAMPLE_ROWS / theirs_sample:,.0f} rows/s), extrapolated to {IMPORT_ROWS:,} rows: {theirs:.0f} s "
        f"(measured on a sample of {SAMPLE_ROWS:,} rows, scaled linearly)"
    )
    print(f"[bench] ratio: the COPY import is {theirs / ours:.1f}x faster")


def _fill_million(n: int, office, regions):
    """Insert ``n`` contracts with generate_series (SQL), spread over ten years; one in 2,000 pending."""
    table = TechnologyContract._meta.db_table

    def array(values, kind):
        items = ",".join(str(v) if kind == "bigint" else f"'{v}'" for v in values)
        return f"(ARRAY[{items}]::{kind}[])"

    regions_sql = array([r.pk for r in regions], "bigint")
    types_sql = array([t.code for t in catalog.CONTRACT_TYPES], "text")
    subs_sql = array([t.subtypes[0].code for t in catalog.CONTRACT_TYPES], "text")
    fields_sql = array([code for code, _label in catalog.TECHNICAL_FIELDS], "text")
    locations_sql = array(["city", "province", "domestic", "abroad"], "text")
    k = len(regions)
    sql = f"""
        INSERT INTO {table} (
            version, seller_name, seller_code, seller_nature, seller_region_id, office_id, name, contract_type,
            subtype, summary, buyer_name, buyer_code, buyer_location, buyer_region_id, buyer_region_name,
            buyer_nature, signed_on, starts_on, ends_on, payment_method, total_amount, technical_amount,
            equipment_amount, materials_amount, other_non_technical_amount, non_technical_note, technical_field,
            ip_type, plan_source, objective, is_related_party, status, source, submitted_at, is_disputed,
            expert_review, time_limit_days, clock_started_on, due_on, registration_number, registered_on,
            refusal_reason, created_at, updated_at
        )
        SELECT 1, '卖方' || (g %% 5000), '', 'enterprise', {regions_sql}[1 + g %% {k}], {office.pk},
               '合同' || g, {types_sql}[1 + g %% 5], {subs_sql}[1 + g %% 5], '', '买方' || (g %% 7000), '',
               {locations_sql}[1 + g %% 4],
               CASE WHEN g %% 4 = 0 THEN {regions_sql}[1 + (g / 7) %% {k}] END, '', 'enterprise',
               d - 10, d - 10, d + 355, 'instalments', (g %% 5000000) + 10000, (g %% 5000000) + 10000, 0, 0, 0,
               '', {fields_sql}[1 + g %% 11], 'none', 'none', 'industry', false,
               CASE WHEN g %% 2000 = 0 THEN 'submitted' ELSE 'registered' END, 'imported', now(), false, false,
               15, d, d + 21,
               CASE WHEN g %% 2000 = 0 THEN NULL ELSE lpad(g::text, 16, '0') END,
               CASE WHEN g %% 2000 = 0 THEN NULL ELSE d END, '', now(), now()
        FROM generate_series(1, %s) AS g,
             LATERAL (SELECT (date '2016-01-01' + ((g::bigint * 7919) %% 3970)::int)::date AS d) AS dd
    """
    with pgtrigger.ignore(f"{TechnologyContract._meta.label}:insert_insert"), connection.cursor() as cursor:
        cursor.execute(sql, [n])
        cursor.execute(f"ANALYZE {table}")


def _time(client, url, params=None, repeat=3):
    best = None
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url, params or {})
        elapsed = time.perf_counter() - started
        assert response.status_code == 200
        best = elapsed if best is None else min(best, elapsed)
    return best


def test_pages_with_a_million_contracts(client):
    from django.urls import reverse

    _regions()
    office = OfficeFactory()
    regions = list(Region.objects.filter(code__in=COUNTIES))
    started = time.perf_counter()
    _fill_million(BIG_ROWS, office, regions)
    print(f"\n[bench] inserted {BIG_ROWS:,} contracts in {time.perf_counter() - started:.1f} s")
    user = registrar()
    client.force_login(user)
    timings = {
        "registrar's queue (/contracts/queue/)": _time(client, reverse("contracts:queue")),
        "list, no filter (/contracts/)": _time(client, reverse("contracts:list")),
        "list filtered by year+type+field": _time(
            client,
            reverse("contracts:list"),
            {"year": "2024", "contract_type": "development", "technical_field": "electronic_information"},
        ),
        "list filtered by county+status": _time(
            client, reverse("contracts:list"), {"seller_region": regions[0].pk, "status": "registered"}
        ),
        "list, registration-number search": _time(client, reverse("contracts:list"), {"q": "0000000000012345"}),
        "statistics, output view (2025)": _time(client, reverse("contracts:statistics"), {"year": "2025"}),
        "statistics, absorb view (2025)": _time(
            client, reverse("contracts:statistics"), {"year": "2025", "view": "absorb"}
        ),
        "API list filtered": _time(client, "/api/v1/contracts/", {"year": "2024", "contract_type": "service"}),
    }
    for name, seconds in timings.items():
        print(f"[bench] {BIG_ROWS:,} contracts: {name}: {seconds * 1000:.0f} ms")
