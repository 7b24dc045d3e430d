"""How fast the pipeline and the certification lists answer with 50,000 organizations (run: make bench).

pytest tests/bench -m bench -s -k certification
"""

import random
import time
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bureau.accounts.models import Role
from enterprises.certification.models import HighTechCertificate, ReserveEntry, SmeEvaluation
from enterprises.certification.policy import certificate_expiry
from enterprises.certification.services.pipeline import refresh_cultivation
from enterprises.models import Industry, Organization, OrganizationYear
from tests.enterprises.factories import ensure_industries
from tests.factories import CountyFactory, DepartmentFactory, UserFactory, make_uscc

pytestmark = [pytest.mark.bench, pytest.mark.django_db, pytest.mark.timeout(900)]

N = 50_000
YEAR = timezone.localdate().year


def _timed(client, url, params, runs=5):
    client.get(url, params)  # warm the plan and the templates
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, params)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    return sorted(timings)[len(timings) // 2]


def _money(value: float) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def test_pipeline_and_lists_with_50000_organizations():
    ensure_industries()
    rng = random.Random(7)
    counties = [CountyFactory(code=f"4302{n:02d}", name=f"县{n}") for n in range(1, 11)]
    divisions = list(Industry.objects.divisions())
    start = time.perf_counter()
    Organization.objects.bulk_create(
        [
            Organization(
                uscc=make_uscc(),
                name=f"株洲{rng.choice('华鑫瑞恒泰盛宏达通博创智')}{i}号科技有限公司",
                region=rng.choice(counties),
                industry=rng.choice(divisions),
                hightech_field=rng.choice(
                    ["new_materials", "advanced_manufacturing", "electronic_information", "none"]
                ),
                status="verified",
                registered_on=date(2010, 1, 1) + timedelta(days=rng.randint(0, 4000)),
                tier=rng.choice(["none"] * 60 + ["little_giant", "leading"]),
                tier_year=YEAR - 1,
            )
            for i in range(N)
        ],
        batch_size=5000,
    )
    orgs = list(Organization.objects.values_list("pk", "region_id"))
    # Three years of figures for one organization in five.
    years = []
    for pk, _region in orgs[: N // 5]:
        revenue = rng.uniform(5e6, 3e8)
        for year in (YEAR - 3, YEAR - 2, YEAR - 1):
            revenue *= rng.uniform(0.95, 1.3)
            rd = revenue * rng.uniform(0.01, 0.08)
            staff = rng.randint(20, 800)
            years.append(
                OrganizationYear(
                    organization_id=pk,
                    year=year,
                    staff_total=staff,
                    sci_tech_staff=int(staff * rng.uniform(0.05, 0.4)),
                    revenue=_money(revenue),
                    total_cost=_money(revenue * 0.9),
                    rd_total=_money(rd),
                    rd_in_china=_money(rd),
                    rd_outsourced=Decimal("0"),
                    total_assets=_money(revenue * 1.2),
                    net_assets=_money(revenue * 0.5),
                    hightech_income=_money(revenue * 0.7),
                    total_income=_money(revenue),
                )
            )
    OrganizationYear.objects.bulk_create(years, batch_size=5000)
    today = timezone.localdate()
    SmeEvaluation.objects.bulk_create(
        [
            SmeEvaluation(
                organization_id=pk,
                year=YEAR,
                status="registered",
                source="imported",
                registration_number=f"{YEAR}{n:010d}",
                registered_on=date(YEAR, 5, 1),
                valid_until=date(YEAR, 12, 31),
                total_score=rng.randint(60, 100),
            )
            for n, (pk, _region) in enumerate(orgs[N // 5 : N // 5 + 10_000])
        ],
        batch_size=5000,
    )
    HighTechCertificate.objects.bulk_create(
        [
            HighTechCertificate(
                organization_id=pk,
                number=f"GR{YEAR - 1}{n:08d}",
                issued_on=(issued := today - timedelta(days=rng.randint(10, 1000))),
                expires_on=certificate_expiry(issued),
                source="imported",
            )
            for n, (pk, _region) in enumerate(orgs[:3000])
        ],
        batch_size=5000,
    )
    ReserveEntry.objects.bulk_create(
        [ReserveEntry(organization_id=pk, year=YEAR, added_on=today) for pk, _ in orgs[3000:5000]], batch_size=5000
    )
    with connection.cursor() as cursor:
        for table in (
            "enterprises_organization",
            "enterprises_organizationyear",
            "certification_smeevaluation",
            "certification_hightechcertificate",
            "certification_reserveentry",
        ):
            cursor.execute(f"ANALYZE {table}")
    print(
        f"\n{N} organizations, {len(years)} yearly rows and certification records made"
        f" in {time.perf_counter() - start:.1f}s"
    )

    start = time.perf_counter()
    refresh_cultivation(year=YEAR)
    print(f"  cultivation rollup of {N} organizations          {time.perf_counter() - start:7.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE certification_cultivationstatus")

    city = Client()
    city.force_login(UserFactory(roles=[Role.CITY_STAFF], department=DepartmentFactory(code="hightech")))
    county = Client()
    county.force_login(UserFactory(roles=[Role.COUNTY_STAFF], region=counties[0]))
    pipeline = reverse("certification:pipeline")
    cases = [
        ("pipeline, city, this year", city, pipeline, {"year": YEAR}),
        (
            "pipeline, city, SME candidates only",
            city,
            pipeline,
            {"year": YEAR, "target": "sme_registered", "candidates_only": "on"},
        ),
        ("pipeline, city, one county, page 20", city, pipeline, {"year": YEAR, "region": counties[2].pk, "page": 20}),
        ("pipeline, county staff", county, pipeline, {"year": YEAR}),
        ("pipeline, last year (no rollup)", city, pipeline, {"year": YEAR - 1}),
        ("SME list, city, newest first", city, reverse("certification:sme-staff-list"), {}),
        (
            "SME list, city, search + year, by score",
            city,
            reverse("certification:sme-staff-list"),
            {"q": "瑞1", "year": YEAR, "sort": "-score"},
        ),
        ("SME list, county staff", county, reverse("certification:sme-staff-list"), {}),
        ("certificates, city, expiring", city, reverse("certification:certificate-list"), {"status": "expiring"}),
        ("certificates API, city", city, "/api/v1/hightech-certificates/", {"valid_on": today.isoformat()}),
        ("workbench, city", city, reverse("workbench"), {}),
    ]
    worst = 0.0
    for label, who, url, params in cases:
        seconds = _timed(who, url, params)
        worst = max(worst, seconds)
        print(f"  {label:<45} {seconds * 1000:7.1f} ms")
    assert worst < 1.0, f"slowest page took {worst:.2f}s"
