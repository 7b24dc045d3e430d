"""Every list and detail page runs a bounded number of SQL queries, whatever the data size."""

import pytest
from django.urls import reverse

from tests.enterprises.factories import (
    IntegrityRecordFactory,
    IntellectualPropertyFactory,
    MembershipFactory,
    OrganizationYearFactory,
    QualificationFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db


def _fill(org, n):
    for year in range(2020, 2020 + min(n, 6)):
        OrganizationYearFactory(organization=org, year=year)
    IntellectualPropertyFactory.create_batch(n, organization=org)
    QualificationFactory.create_batch(3, organization=org)
    IntegrityRecordFactory.create_batch(2, organization=org)
    MembershipFactory.create_batch(3, organization=org, is_admin=False)


@pytest.mark.parametrize("size", [3, 30])
def test_the_directory_is_bounded(client, city_staff, liling, size, django_assert_max_num_queries):
    VerifiedOrganizationFactory.create_batch(size, region=liling)
    client.force_login(city_staff)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("enterprises:org-list"), {"q": "株洲", "sort": "region"}).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(reverse("enterprises:org-pending")).status_code == 200


@pytest.mark.parametrize("size", [2, 25])
def test_the_staff_detail_is_bounded(client, org, liling_staff, size, django_assert_max_num_queries):
    _fill(org, size)
    client.force_login(liling_staff)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("enterprises:org-detail", args=[org.pk])).status_code == 200


@pytest.mark.parametrize("size", [2, 25])
def test_the_applicant_pages_are_bounded(client, org, org_admin, size, django_assert_max_num_queries):
    _fill(org, size)
    client.force_login(org_admin)
    for name in ("profile", "years", "ip-list", "qualifications", "members"):
        with django_assert_max_num_queries(13):
            assert client.get(reverse(f"enterprises:{name}")).status_code == 200, name
    with django_assert_max_num_queries(8):
        assert client.get(reverse("enterprises:year-edit", args=[2021])).status_code == 200


@pytest.mark.parametrize("size", [2, 25])
def test_the_api_lists_are_bounded(client, city_staff, liling, size, django_assert_max_num_queries):
    orgs = VerifiedOrganizationFactory.create_batch(size, region=liling)
    for org in orgs[:5]:
        IntellectualPropertyFactory.create_batch(3, organization=org)
        OrganizationYearFactory(organization=org)
    client.force_login(city_staff)
    for url in ("/api/v1/organizations/", "/api/v1/ip-items/", "/api/v1/organization-years/"):
        with django_assert_max_num_queries(7):
            assert client.get(url).status_code == 200, url
