"""The reports API (reports/api.py) and the admin import-export (reports/admin.py)."""

from datetime import date
from decimal import Decimal

import pytest
import tablib
from django.urls import reverse

from bureau.accounts.models import Role
from reports.admin import EnteredValueResource, TargetResource
from reports.models import EnteredValue, Target
from reports.rollup import refresh
from reports.services import campaigns as campaign_services
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory
from tests.reports.factories import CampaignFactory, CampaignFieldFactory, indicator

pytestmark = pytest.mark.django_db


def test_staff_read_the_indicator_catalogue(client):
    client.force_login(UserFactory(roles=[Role.CITY_STAFF]))
    data = client.get("/api/v1/reports/indicators/", {"source": "derived"}).json()
    codes = {row["code"] for row in data["results"]}
    assert "rd.intensity" in codes and "gdp" not in codes
    one = client.get("/api/v1/reports/indicators/rd.intensity/").json()
    assert (one["numerator"], one["denominator"], one["unit"]) == ("rd.spending", "gdp", "%")


def test_applicants_cannot_read_indicators_or_values(client, applicant):
    client.force_login(applicant)
    assert client.get("/api/v1/reports/indicators/").status_code == 403
    assert client.get("/api/v1/reports/values/").status_code == 403


def test_values_filter_by_indicator_region_and_period(client, city, deals):
    deals(city["liling"], date(2020, 3, 1), "300000000")
    deals(city["youxian"], date(2020, 8, 1), "100")
    refresh(today=date(2024, 12, 31))
    client.force_login(UserFactory(roles=[Role.LEADER]))

    data = client.get(
        "/api/v1/reports/values/", {"indicator": "test.deals.amount", "region": "430200", "period": "2020-H1"}
    ).json()

    assert data["count"] == 1
    row = data["results"][0]
    assert (row["period_key"], Decimal(row["value"])) == ("2020-H1", Decimal("300000000"))
    bad = client.get("/api/v1/reports/values/", {"period": "上半年"})
    assert bad.status_code == 400


def test_county_staff_read_only_their_regions_values(client, city, deals):
    deals(city["liling"], date(2020, 3, 1), "1")
    refresh(today=date(2024, 12, 31))
    client.force_login(UserFactory(roles=[Role.COUNTY_STAFF], region=city["liling"]))
    regions = {
        row["region"]
        for row in client.get(
            "/api/v1/reports/values/", {"indicator": "test.deals.amount", "period": "2020-Y", "page_size": 100}
        ).json()["results"]
    }
    assert regions == {"430281"}


def test_targets_are_listed_with_their_display_value(client, city):
    Target.objects.create(indicator=indicator("gdp"), region=city["city"], year=2026, value=Decimal("5000000000"))
    client.force_login(UserFactory(roles=[Role.CITY_STAFF]))
    row = client.get("/api/v1/reports/targets/", {"indicator": "gdp", "year": 2026}).json()["results"][0]
    assert (row["region"], row["display_value"], row["unit"]) == ("430200", "50", "亿元")


@pytest.fixture
def open_survey(city):
    staff = UserFactory(roles=[Role.CITY_STAFF])
    survey = CampaignFactory()
    CampaignFieldFactory(campaign=survey, key="resumed", label="是否已复工复产")
    mine = OrganizationFactory(region=city["liling"])
    OrganizationFactory(region=city["youxian"])
    user = MembershipFactory(organization=mine).user
    campaign_services.publish_campaign(actor=staff, campaign=survey)
    return survey, mine, user


def test_an_organization_sees_only_its_own_answers_and_answers_through_the_api(client, open_survey):
    _survey, mine, user = open_survey
    client.force_login(user)
    listed = client.get("/api/v1/reports/answers/").json()
    assert [row["organization"] for row in listed["results"]] == [mine.uscc]
    campaigns = client.get("/api/v1/reports/campaigns/").json()["results"]
    assert [c["fields"][0]["key"] for c in campaigns] == ["resumed"]

    answer = listed["results"][0]
    url = f"/api/v1/reports/answers/{answer['id']}/"
    saved = client.patch(
        url, {"data": {"resumed": True}, "version": answer["version"]}, content_type="application/json"
    )
    assert saved.status_code == 200, saved.json()
    assert saved.json()["data"] == {"resumed": True}
    stale = client.patch(
        url, {"data": {"resumed": False}, "version": answer["version"]}, content_type="application/json"
    )
    assert stale.status_code == 409
    invalid = client.patch(
        url, {"data": {"resumed": "maybe"}, "version": saved.json()["version"]}, content_type="application/json"
    )
    assert invalid.status_code == 400 and "resumed" in invalid.json()["error"]["fields"]


def test_another_organizations_answer_is_404_in_the_api(client, open_survey):
    survey, mine, _user = open_survey
    other = survey.answers.exclude(organization=mine).get()
    client.force_login(MembershipFactory().user)
    assert client.get(f"/api/v1/reports/answers/{other.pk}/").status_code == 404


def test_staff_cannot_answer_for_an_organization(client, open_survey):
    survey, mine, _user = open_survey
    answer = survey.answers.get(organization=mine)
    client.force_login(UserFactory(roles=[Role.CITY_STAFF]))
    response = client.patch(
        f"/api/v1/reports/answers/{answer.pk}/",
        {"data": {"resumed": True}, "version": answer.version},
        content_type="application/json",
    )
    assert response.status_code == 403


# --- Admin import-export ------------------------------------------------------------


def test_the_admin_target_import_reads_values_in_the_indicators_unit(city):
    dataset = tablib.Dataset(headers=["指标代码", "区划代码", "年度", "目标值（按指标单位）", "备注"])
    dataset.append(["gdp", "430200", 2026, "50", ""])
    dataset.append(["gdp", "430281", 2026, "8.5", ""])
    result = TargetResource().import_data(dataset, dry_run=False)
    assert not result.has_errors()
    assert Target.objects.get(region=city["city"]).value == Decimal("5000000000")
    exported = TargetResource().export()
    assert exported.dict[0]["目标值（按指标单位）"] == "50"


def test_the_admin_import_saves_nothing_when_a_row_is_bad(city):
    dataset = tablib.Dataset(headers=["指标代码", "区划代码", "年度", "目标值（按指标单位）", "备注"])
    dataset.append(["gdp", "430200", 2026, "50", ""])
    dataset.append(["nope", "430200", 2026, "1", ""])
    result = TargetResource().import_data(dataset, dry_run=False, raise_errors=False)
    assert result.has_errors()
    assert not Target.objects.exists()


def test_the_admin_entered_value_import_reads_period_keys(city, django_capture_on_commit_callbacks):
    dataset = tablib.Dataset(headers=["指标代码", "区划代码", "统计期", "数值（按指标单位）", "来源或备注"])
    dataset.append(["gdp", "430200", "2023-Y", "3000", "市统计局"])
    result = EnteredValueResource().import_data(dataset, dry_run=False)
    assert not result.has_errors(), (
        [e.error for e in result.base_errors],
        [e.error for r in result.row_errors() for e in r[1]],
    )
    row = EnteredValue.objects.get()
    assert (row.period, row.year, row.number, row.value) == ("year", 2023, 1, Decimal("300000000000"))
    assert row.end == date(2023, 12, 31)


def test_the_admin_pages_open(admin_client, city):
    Target.objects.create(indicator=indicator("gdp"), region=city["city"], year=2026, value=1)
    for name in ["target", "enteredvalue", "indicator", "rollup", "campaign", "answer", "provincerank"]:
        assert admin_client.get(reverse(f"admin:reports_{name}_changelist")).status_code == 200, name
    assert admin_client.get(reverse("admin:reports_target_import")).status_code == 200
