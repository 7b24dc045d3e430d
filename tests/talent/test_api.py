"""The read-only talent API: scoped like the pages, ID numbers masked; admin exports masked too."""

import pytest
from rest_framework.test import APIClient

from talent.resources import CommissionerResource, ExpertResource, TalentSelectionResource

from .factories import CommissionerFactory, ExpertFactory, TalentProgramFactory, TalentSelectionFactory, make_id_number


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def records(liling, tianyuan):
    program = TalentProgramFactory(code="hn-bajian")
    return {
        "selection": TalentSelectionFactory(program=program, region=liling, id_number=make_id_number()),
        "other_selection": TalentSelectionFactory(program=program, region=tianyuan),
        "expert": ExpertFactory(region=liling),
        "other_expert": ExpertFactory(region=tianyuan),
        "commissioner": CommissionerFactory(region=liling),
        "other_commissioner": CommissionerFactory(region=tianyuan),
    }


ENDPOINTS = {
    "selection": "/api/v1/talent-selections/",
    "expert": "/api/v1/talent-experts/",
    "commissioner": "/api/v1/talent-commissioners/",
}


def test_city_staff_see_everything_masked(api, officer, records, django_assert_max_num_queries):
    api.force_authenticate(officer)
    for key, url in ENDPOINTS.items():
        with django_assert_max_num_queries(6):
            body = api.get(url).json()
        assert body["count"] == 2
        mine = next(r for r in body["results"] if r["id"] == records[key].pk)
        assert mine["id_number"] == records[key].masked_id_number
        assert records[key].id_number not in str(body)
    assert api.get("/api/v1/talent-programs/").json()["results"][0]["code"] == "hn-bajian"


def test_county_staff_see_their_region_and_filters_work(api, liling_officer, records, tianyuan):
    api.force_authenticate(liling_officer)
    for key, url in ENDPOINTS.items():
        body = api.get(url).json()
        assert [r["id"] for r in body["results"]] == [records[key].pk]
        assert api.get(f"{url}{records['other_' + key].pk}/").status_code == 404
    assert api.get(ENDPOINTS["selection"], {"program": "hn-bajian", "year": 2026}).json()["count"] == 1
    assert api.get(ENDPOINTS["selection"], {"year": 2025}).json()["count"] == 0


def test_applicants_and_experts_get_nothing(api, applicant, expert_user, records):
    for user in (applicant, expert_user):
        api.force_authenticate(user)
        for url in [*ENDPOINTS.values(), "/api/v1/talent-programs/"]:
            assert api.get(url).json()["count"] == 0
        assert api.get(f"{ENDPOINTS['expert']}{records['expert'].pk}/").status_code == 404


def test_anonymous_is_refused(api, records):
    assert api.get(ENDPOINTS["selection"]).status_code in (401, 403)


def test_admin_exports_mask_id_numbers(records):
    for resource, key in (
        (TalentSelectionResource, "selection"),
        (ExpertResource, "expert"),
        (CommissionerResource, "commissioner"),
    ):
        dataset = resource().export()
        text = dataset.csv
        assert records[key].id_number not in text
        assert records[key].masked_id_number in text
