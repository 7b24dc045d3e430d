"""/api/v1/ endpoints of the registry: scoping (404 outside), writes through services."""

import pytest

from enterprises.models import IntellectualProperty, OrganizationYear
from tests.enterprises.factories import (
    IntellectualPropertyFactory,
    MembershipFactory,
    OrganizationYearFactory,
    VerifiedOrganizationFactory,
)

pytestmark = pytest.mark.django_db

YEAR = {
    "staff_total": 80,
    "sci_tech_staff": 20,
    "revenue": "20000000.00",
    "total_cost": "18000000.00",
    "rd_total": "1200000.00",
    "rd_in_china": "1200000.00",
    "rd_outsourced": "0.00",
    "total_assets": "30000000.00",
    "net_assets": "12000000.00",
    "hightech_income": "15000000.00",
    "total_income": "20500000.00",
}


def test_organizations_are_scoped(client, org, org_admin, liling_staff, tianyuan):
    other = VerifiedOrganizationFactory(region=tianyuan)
    client.force_login(org_admin)
    ids = [o["id"] for o in client.get("/api/v1/organizations/").json()["results"]]
    assert ids == [org.pk]
    response = client.get(f"/api/v1/organizations/{other.pk}/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"
    client.force_login(liling_staff)
    assert [o["id"] for o in client.get("/api/v1/organizations/").json()["results"]] == [org.pk]


def test_organizations_filter_by_search_and_status(client, city_staff, org):
    VerifiedOrganizationFactory(name="天元软件有限公司")
    client.force_login(city_staff)
    names = [o["name"] for o in client.get("/api/v1/organizations/", {"q": "天元软件"}).json()["results"]]
    assert names == ["天元软件有限公司"]
    assert client.get("/api/v1/organizations/", {"status": "pending"}).json()["count"] == 0


def test_members_update_their_basic_info_but_not_the_code(client, org, org_admin):
    client.force_login(org_admin)
    response = client.patch(
        f"/api/v1/organizations/{org.pk}/",
        {"address": "新地址", "uscc": "91430200MA4L00000X", "version": org.version},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()
    org.refresh_from_db()
    assert org.address == "新地址" and org.uscc != "91430200MA4L00000X"
    stale = client.patch(
        f"/api/v1/organizations/{org.pk}/",
        {"address": "x", "version": org.version - 1},
        content_type="application/json",
    )
    assert stale.status_code == 409


def test_staff_cannot_update_an_organization(client, org, city_staff):
    client.force_login(city_staff)
    response = client.patch(f"/api/v1/organizations/{org.pk}/", {"address": "x"}, content_type="application/json")
    assert response.status_code == 403


def test_yearly_data_is_written_through_the_service(client, org, org_admin):
    client.force_login(org_admin)
    response = client.post(
        "/api/v1/organization-years/", {"organization": org.pk, "year": 2025, **YEAR}, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    row = OrganizationYear.objects.get(organization=org, year=2025)
    assert row.updated_by == org_admin
    bad = client.patch(
        f"/api/v1/organization-years/{row.pk}/", {"sci_tech_staff": 500}, content_type="application/json"
    )
    assert bad.status_code == 400 and "sci_tech_staff" in bad.json()["error"]["fields"]


def test_writing_another_organizations_year_answers_404(client, org_admin):
    other = VerifiedOrganizationFactory()
    row = OrganizationYearFactory(organization=other)
    client.force_login(org_admin)
    created = client.post(
        "/api/v1/organization-years/", {"organization": other.pk, "year": 2024, **YEAR}, content_type="application/json"
    )
    assert created.status_code == 404
    assert (
        client.patch(
            f"/api/v1/organization-years/{row.pk}/", {"staff_total": 1}, content_type="application/json"
        ).status_code
        == 404
    )
    assert client.delete(f"/api/v1/organization-years/{row.pk}/").status_code == 404
    assert OrganizationYear.objects.filter(organization=other).count() == 1


def test_staff_read_but_cannot_write_yearly_data(client, org, city_staff):
    client.force_login(city_staff)
    response = client.post(
        "/api/v1/organization-years/", {"organization": org.pk, "year": 2025, **YEAR}, content_type="application/json"
    )
    assert response.status_code == 403


def test_ip_items_carry_their_class_and_uses(client, org, org_admin):
    client.force_login(org_admin)
    response = client.post(
        "/api/v1/ip-items/",
        {
            "organization": org.pk,
            "kind": "invention_patent",
            "number": "ZL202210000001.X",
            "title": "一种硬质合金涂层刀片",
            "applied_on": "2022-01-01",
            "granted_on": "2024-01-01",
            "status": "valid",
            "obtained_by": "own_rd",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["ip_class"] == 1 and response.json()["uses"] == []
    duplicate = client.post(
        "/api/v1/ip-items/",
        {
            "organization": org.pk,
            "kind": "invention_patent",
            "number": "ZL202210000001.X",
            "title": "x",
            "granted_on": "2024-01-01",
        },
        content_type="application/json",
    )
    assert duplicate.status_code == 400 and "number" in duplicate.json()["error"]["fields"]
    other_item = IntellectualPropertyFactory()
    assert client.get(f"/api/v1/ip-items/{other_item.pk}/").status_code == 404
    assert IntellectualProperty.objects.filter(organization=org).count() == 1


def test_the_facts_endpoint_returns_what_the_rules_read(client, org, org_admin):
    OrganizationYearFactory(organization=org, year=2025)
    IntellectualPropertyFactory(organization=org, kind="invention_patent")
    client.force_login(org_admin)
    data = client.get(f"/api/v1/organizations/{org.pk}/facts/", {"year": 2025}).json()
    assert data["class1_ip"] == 1 and data["has_year_data"] and data["revenue"] == "30000000.00"
    assert data["years"][0]["year"] == 2025
    assert client.get(f"/api/v1/organizations/{org.pk}/facts/").status_code == 400


def test_anonymous_requests_are_refused(client, org):
    assert client.get("/api/v1/organizations/").status_code in (401, 403)


def test_a_second_member_reads_the_same_organization(client, org, org_member):
    client.force_login(org_member)
    assert client.get(f"/api/v1/organizations/{org.pk}/").status_code == 200
    MembershipFactory(user=org_member)  # a member of two organizations sees both
    assert client.get("/api/v1/organizations/").json()["count"] == 2
