import pytest
import tablib
from django.urls import reverse

from bureau.accounts.models import Role
from bureau.regions.admin import RegionResource
from bureau.regions.models import Region
from tests.factories import CountyFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    user = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True)
    return user


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_admin_change_of_a_region_is_audited(admin_client, admin_user, county):
    response = admin_client.post(
        reverse("admin:regions_region_change", args=[county.pk]),
        {
            "code": county.code,
            "name": county.name,
            "short_name": "醴陵",
            "kind": county.kind,
            "parent": county.parent_id,
            "sort_order": "9",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    event = county.events.order_by("-pgh_id").first()
    assert event.short_name == "醴陵"
    assert event.pgh_context.metadata["user"] == admin_user.pk


def test_changelist_filters_by_kind_and_parent_and_searches(admin_client):
    city = RegionFactory()
    CountyFactory(parent=city)
    RegionFactory(code="430271", name="株洲高新技术产业开发区", kind=Region.Kind.PARK, parent=city)
    other = RegionFactory(code="430300", name="湘潭市")
    CountyFactory(code="430321", name="湘潭县", parent=other)
    url = reverse("admin:regions_region_changelist")
    parks = admin_client.get(url, {"kind__exact": "park"}).content.decode()
    assert "株洲高新技术产业开发区" in parks and "醴陵市" not in parks
    by_parent = admin_client.get(url, {"parent": other.pk}).content.decode()
    assert "湘潭县" in by_parent and "醴陵市" not in by_parent
    found = admin_client.get(url, {"q": "430281"}).content.decode()
    assert "醴陵市" in found and "湘潭县" not in found


def test_import_export_resource_matches_by_code_and_parent_code():
    city = RegionFactory()
    dataset = tablib.Dataset(headers=["code", "name", "short_name", "kind", "parent", "sort_order", "is_active"])
    dataset.append(["430281", "醴陵市", "醴陵", "county", "430200", 9, 1])
    dataset.append(["430271", "株洲高新技术产业开发区", "株洲高新区", "park", "430200", 10, 1])
    result = RegionResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    assert Region.objects.get(code="430271").parent == city
    # Importing the same rows again updates in place.
    RegionResource().import_data(dataset, dry_run=False)
    assert Region.objects.filter(code="430281").count() == 1
    exported = RegionResource().export()
    assert "430271" in exported.csv and "430200" in exported.csv


def test_import_page_opens(admin_client):
    assert admin_client.get(reverse("admin:regions_region_import")).status_code == 200
    assert admin_client.get(reverse("admin:regions_region_export")).status_code == 200
