"""API: lists scoped by visible_to, 404 outside scope, filters, the score preview."""

import pytest
from rest_framework.test import APIClient

from enterprises.certification.services import sme as sme_services

from .factories import THIS_YEAR, CertificateFactory, HighTechApplicationFactory, RegisteredSmeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def records(org, other_org):
    return {
        "mine": RegisteredSmeFactory(organization=org),
        "theirs": RegisteredSmeFactory(organization=other_org),
        "cert": CertificateFactory(organization=org),
        "other_cert": CertificateFactory(organization=other_org),
        "app": HighTechApplicationFactory(organization=org),
    }


class TestScoping:
    def test_applicant_sees_own_records_only(self, api, member, records):
        api.force_authenticate(member)
        data = api.get("/api/v1/sme-evaluations/").json()
        assert [row["id"] for row in data["results"]] == [records["mine"].pk]
        assert api.get(f"/api/v1/sme-evaluations/{records['theirs'].pk}/").status_code == 404
        assert api.get(f"/api/v1/hightech-certificates/{records['other_cert'].pk}/").status_code == 404
        assert api.get(f"/api/v1/hightech-applications/{records['app'].pk}/").status_code == 200

    def test_county_sees_its_region(self, api, liling_officer, tianyuan_officer, records):
        api.force_authenticate(liling_officer)
        assert api.get("/api/v1/hightech-certificates/").json()["count"] == 1
        api.force_authenticate(tianyuan_officer)
        assert api.get(f"/api/v1/sme-evaluations/{records['mine'].pk}/").status_code == 404

    def test_city_filters_and_search(self, api, city_officer, records, org):
        api.force_authenticate(city_officer)
        assert api.get("/api/v1/sme-evaluations/").json()["count"] == 2
        data = api.get("/api/v1/sme-evaluations/", {"region": org.region.code, "year": THIS_YEAR}).json()
        assert [row["organization"]["uscc"] for row in data["results"]] == [org.uscc]
        data = api.get("/api/v1/hightech-certificates/", {"search": records["cert"].number}).json()
        assert data["count"] == 1

    def test_anonymous_is_refused(self, api, records):
        assert api.get("/api/v1/sme-evaluations/").status_code in (401, 403)

    def test_read_only(self, api, city_officer, records):
        api.force_authenticate(city_officer)
        assert api.delete(f"/api/v1/sme-evaluations/{records['mine'].pk}/").status_code == 405


class TestScorePreview:
    def test_scores_the_figures_sent(self, api, member):
        api.force_authenticate(member)
        body = {
            "staff_total": 100,
            "sci_tech_staff": 26,
            "revenue": "10000000",
            "total_cost": "9000000",
            "total_assets": "12000000",
            "rd_total": "450000",
            "class2_ip": 2,
        }
        data = api.post("/api/v1/sme-score-preview/", body, format="json").json()
        # 26% staff -> 16; R&D 4.5% of revenue -> 30 (5% of cost -> 0); two class-II items -> 12.
        assert (data["staff_score"], data["rd_score"], data["ip_score"], data["total"]) == (16, 30, 12, 58)
        assert data["rd_measure_proposed"] == "revenue" and not data["qualified"]
        assert data["gaps"] and len(data["indicators"]) == 4

    def test_uses_an_evaluations_profile_facts_and_404_for_others(self, api, org, member, other_member):
        evaluation = sme_services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)
        body = {
            "staff_total": 120,
            "sci_tech_staff": 40,
            "revenue": "1",
            "total_cost": "1",
            "total_assets": "1",
            "rd_total": "0",
            "evaluation": evaluation.pk,
        }
        api.force_authenticate(member)
        data = api.post("/api/v1/sme-score-preview/", body, format="json").json()
        assert data["ip_score"] == 30  # the class-I item from the profile
        api.force_authenticate(other_member)
        assert api.post("/api/v1/sme-score-preview/", body, format="json").status_code == 404

    def test_bad_input_says_which_field(self, api, member):
        api.force_authenticate(member)
        response = api.post("/api/v1/sme-score-preview/", {"staff_total": -1}, format="json")
        assert response.status_code == 400
        assert "staff_total" in response.json()["error"]["fields"]
