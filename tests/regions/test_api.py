import pytest
from rest_framework.test import APIClient

from bureau.accounts.models import Role
from bureau.regions.models import Region
from tests.factories import CountyFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    client = APIClient()
    client.force_authenticate(UserFactory(roles=[Role.APPLICANT]))
    return client


@pytest.fixture
def zhuzhou(db):
    city = RegionFactory()
    CountyFactory(parent=city)
    CountyFactory(code="430223", name="攸县", parent=city)
    RegionFactory(code="430271", name="株洲高新技术产业开发区", kind=Region.Kind.PARK, parent=city)
    other = RegionFactory(code="430300", name="湘潭市")
    CountyFactory(code="430321", name="湘潭县", parent=other)
    return city


def test_filter_by_kind_and_parent(api, zhuzhou, django_assert_max_num_queries):
    # The parent filter checks the parent exists, then count and page.
    with django_assert_max_num_queries(3):
        body = api.get("/api/v1/regions/", {"kind": "county", "parent": zhuzhou.pk}).json()
    assert [r["name"] for r in body["results"]] == ["攸县", "醴陵市"]
    assert body["results"][0]["kind_label"] == "县市区"
    parks = api.get("/api/v1/regions/", {"kind": "park"}).json()["results"]
    assert [r["code"] for r in parks] == ["430271"]


def test_search_and_lookup_by_code(api, zhuzhou):
    assert api.get("/api/v1/regions/", {"search": "湘潭"}).json()["count"] == 2
    assert api.get("/api/v1/regions/", {"code": "430281"}).json()["results"][0]["name"] == "醴陵市"


def test_regions_are_read_only(api, zhuzhou):
    assert api.post("/api/v1/regions/", {"code": "439999", "name": "x", "kind": "county"}).status_code == 405
    assert api.delete(f"/api/v1/regions/{zhuzhou.pk}/").status_code == 405
