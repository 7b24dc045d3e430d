"""How fast the staff directory answers with 50,000 organizations (run: make bench).

pytest tests/bench -m bench -s -k enterprises
"""

import random
import time

import pytest
from django.db import connection
from django.urls import reverse

from bureau.accounts.models import Role
from enterprises.models import Industry, Organization
from tests.enterprises.factories import ensure_industries
from tests.factories import CountyFactory, UserFactory, make_uscc

pytestmark = [pytest.mark.bench, pytest.mark.django_db]

N = 50_000


def _timed(client, url, params, runs=5):
    client.get(url, params)  # warm the plan and the templates
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url, params)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200
    return sorted(timings)[len(timings) // 2]


def test_the_directory_with_50000_organizations():
    ensure_industries()
    rng = random.Random(1)
    counties = [CountyFactory(code=f"4302{n:02d}", name=f"县{n}") for n in range(1, 11)]
    divisions = list(Industry.objects.divisions())
    statuses = ["verified"] * 18 + ["pending", "rejected"]
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
                kind=rng.choice(["enterprise"] * 9 + ["institute"]),
                status=rng.choice(statuses),
            )
            for i in range(N)
        ],
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE enterprises_organization")
    print(f"\n{N} organizations created in {time.perf_counter() - start:.1f}s")

    from django.test import Client

    client = Client()
    client.force_login(UserFactory(roles=[Role.CITY_STAFF]))
    county_client = Client()
    county_client.force_login(UserFactory(roles=[Role.COUNTY_STAFF], region=counties[0]))
    url = reverse("enterprises:org-list")
    cases = [
        ("city, first page (newest first)", client, {}),
        ("city, sorted by name, page 200", client, {"sort": "name", "page": 200}),
        ("city, search by name", client, {"q": "瑞12"}),
        ("city, search by code prefix", client, {"q": "91430200MA4"}),
        (
            "city, county + kind + status + field",
            client,
            {"region": counties[3].pk, "kind": "enterprise", "status": "verified", "field": "new_materials"},
        ),
        (
            "city, industry section, sorted by region",
            client,
            {"industry": Industry.objects.get(code="C").pk, "sort": "region"},
        ),
        ("county staff, own region", county_client, {}),
        ("county staff, pending list", county_client, None),
        ("API list, city", client, "api"),
    ]
    worst = 0.0
    for label, who, params in cases:
        if params == "api":
            seconds = _timed(who, "/api/v1/organizations/", {"status": "verified"})
        elif params is None:
            seconds = _timed(who, reverse("enterprises:org-pending"), {})
        else:
            seconds = _timed(who, url, params)
        worst = max(worst, seconds)
        print(f"  {label:<45} {seconds * 1000:7.1f} ms")
    assert worst < 1.0, f"slowest directory page took {worst:.2f}s"
