"""High-tech and SME indicators (reports/providers/certification.py) over the certification tables."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.accounts.models import Role
from enterprises.certification.models import HighTechCertificate, SmeEvaluation
from enterprises.certification.policy import certificate_expiry
from enterprises.certification.services.hightech import cancel_certificate, record_certificate
from enterprises.certification.services.sme import record_number, revoke_registration
from reports import selectors
from reports.exports import summary_sheets
from reports.models import Rollup
from reports.periods import Period
from reports.rollup import refresh
from tests.certification.factories import CertificateFactory, RegisteredSmeFactory, SmeEvaluationFactory
from tests.factories import DepartmentFactory, UserFactory
from tests.reports.factories import VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db

TODAY = date(2024, 12, 31)
TZ = ZoneInfo("Asia/Shanghai")


def value(code, region, key, breakdown=""):
    row = (
        Rollup.objects.for_period(Period.parse(key))
        .filter(indicator__code=code, region=region, breakdown=breakdown)
        .first()
    )
    return None if row is None else row.value


def certificate(org, issued_on, **kwargs):
    return CertificateFactory(organization=org, issued_on=issued_on, expires_on=certificate_expiry(issued_on), **kwargs)


def registration(org, year, registered_on, **kwargs):
    return RegisteredSmeFactory(
        organization=org,
        year=year,
        registration_number=f"{year}430281{org.pk:05d}{registered_on:%m%d}",
        registered_on=registered_on,
        valid_until=date(year, 12, 31),
        **kwargs,
    )


@pytest.fixture
def certified(city):
    """Five certificates of four enterprises, with an overlap, a cancellation and a month-end expiry."""
    orgs = {
        "renewed": VerifiedOrganizationFactory(region=city["liling"], hightech_field="new_materials"),
        "cancelled": VerifiedOrganizationFactory(region=city["youxian"], hightech_field="biomedicine"),
        "new": VerifiedOrganizationFactory(region=city["park"], hightech_field="new_materials"),
        "month_end": VerifiedOrganizationFactory(region=city["liling"], hightech_field="biomedicine"),
    }
    certificate(orgs["renewed"], date(2021, 3, 10))  # last day 2024-03-09...
    certificate(orgs["renewed"], date(2024, 1, 15))  # ...re-certified before it ran out: one enterprise
    certificate(
        orgs["cancelled"],
        date(2023, 6, 1),
        status=HighTechCertificate.Status.CANCELLED,
        cancelled_at=datetime(2024, 5, 20, 10, tzinfo=TZ),
    )
    certificate(orgs["new"], date(2024, 11, 30))
    certificate(orgs["month_end"], date(2021, 5, 1))  # last day 2024-04-30: counted at April's end
    return orgs


def test_valid_high_tech_enterprises_at_period_end(city, certified):
    refresh(today=TODAY)

    assert value("hightech.valid", city["liling"], "2023-Y") == 2
    assert value("hightech.valid", city["liling"], "2024-M02") == 2  # two certificates, one enterprise
    assert value("hightech.valid", city["liling"], "2024-M04") == 2
    assert value("hightech.valid", city["liling"], "2024-M05") == 1  # April 30 was the last day
    assert value("hightech.valid", city["youxian"], "2024-M04") == 1
    assert value("hightech.valid", city["youxian"], "2024-M05") == 0  # cancelled on May 20
    assert value("hightech.valid", city["city"], "2024-Q1") == 3
    assert value("hightech.valid", city["city"], "2024-M10") == 1
    assert value("hightech.valid", city["city"], "2024-Y") == 2  # the park's certificate of November
    assert value("hightech.valid", city["city"], "2024-YTD11") == 2
    assert value("hightech.valid", city["liling"], "2024-M04", "field:new_materials") == 1
    assert value("hightech.valid", city["city"], "2024-Y", "field:new_materials") == 2


def test_new_high_tech_certificates_issued_in_the_period(city, certified):
    refresh(today=TODAY)

    assert value("hightech.new", city["liling"], "2021-Y") == 2
    assert value("hightech.new", city["city"], "2023-Y") == 0  # since cancelled
    assert value("hightech.new", city["city"], "2024-Y") == 2  # a re-certification counts
    assert value("hightech.new", city["park"], "2024-M11") == 1
    assert value("hightech.new", city["city"], "2024-H1") == 1
    assert value("hightech.new", city["city"], "2024-Y", "field:new_materials") == 2


@pytest.fixture
def registered(city):
    """SME registrations: one in May, one revoked, one dated before its year, last year's, a draft."""
    orgs = [VerifiedOrganizationFactory(region=city[key]) for key in ("liling", "youxian", "park", "liling")]
    registration(orgs[0], 2024, date(2024, 5, 10))
    registration(
        orgs[1],
        2024,
        date(2024, 8, 1),
        status=SmeEvaluation.Status.REVOKED,
        revoked_at=datetime(2024, 10, 15, 9, tzinfo=TZ),
    )
    registration(orgs[2], 2024, date(2023, 12, 20))  # an import dated before its evaluation year
    registration(orgs[3], 2023, date(2023, 6, 1))
    SmeEvaluationFactory(organization=orgs[3], year=2024)  # a draft
    return orgs


def test_smes_registered_in_the_year_count_in_their_month_of_registration(city, registered):
    refresh(today=TODAY)

    assert value("sme.registered", city["city"], "2024-Y") == 2  # the revoked one is struck off
    assert value("sme.registered", city["city"], "2024-H1") == 2
    assert value("sme.registered", city["city"], "2024-H2") == 0
    assert value("sme.registered", city["park"], "2024-M01") == 1  # kept inside its year
    assert value("sme.registered", city["liling"], "2024-M05") == 1
    assert value("sme.registered", city["liling"], "2023-Y") == 1
    assert value("sme.registered", city["park"], "2023-Y") == 0


def test_valid_sme_registrations_at_period_end(city, registered):
    refresh(today=TODAY)

    assert value("sme.valid", city["city"], "2023-Y") == 2  # last year's, and the one dated December
    assert value("sme.valid", city["liling"], "2024-M01") == 0  # last year's ran out on December 31
    assert value("sme.valid", city["liling"], "2024-M05") == 1
    assert value("sme.valid", city["city"], "2024-M09") == 3
    assert value("sme.valid", city["city"], "2024-M10") == 2  # revoked on October 15
    assert value("sme.valid", city["city"], "2024-Y") == 2


def test_running_the_rollup_twice_changes_nothing(city, certified, registered):
    first = refresh(today=TODAY)
    rows = list(Rollup.objects.order_by("pk").values_list("pk", "value", "computed_at"))

    second = refresh(today=TODAY)

    assert first.total_written > 0
    assert second.total_written == 0
    assert list(Rollup.objects.order_by("pk").values_list("pk", "value", "computed_at")) == rows


def test_valid_high_tech_drills_down_to_one_certificate_per_enterprise(client, city, certified):
    refresh(today=TODAY)
    client.force_login(UserFactory(roles=[Role.LEADER]))

    response = client.get(
        reverse("reports:drill"), {"indicator": "hightech.valid", "region": city["liling"].code, "period": "2024-M02"}
    )

    assert response.status_code == 200
    assert response.context["drill"].figure == 2
    shown = list(response.context["page_obj"].object_list)
    assert sorted((c.organization_id, c.issued_on) for c in shown) == sorted(
        [(certified["renewed"].pk, date(2024, 1, 15)), (certified["month_end"].pk, date(2021, 5, 1))]
    )
    app_url = response.context["drill"].records.app_url
    assert app_url.startswith(reverse("certification:certificate-list"))
    assert "status=valid" in app_url and f"region={city['liling'].pk}" in app_url
    html = response.content.decode()
    assert reverse("certification:certificate-detail", args=[shown[0].pk]) in html


def test_a_field_slice_drills_down_with_the_same_filter(client, city, certified):
    refresh(today=TODAY)
    client.force_login(UserFactory(roles=[Role.LEADER]))

    query = {"indicator": "hightech.new", "region": city["city"].code, "period": "2024-Y"}
    response = client.get(reverse("reports:drill"), {**query, "breakdown": "field:new_materials"})

    drill = response.context["drill"]
    assert drill.figure == 2
    assert response.context["page_obj"].paginator.count == 2
    assert "field=new_materials" in drill.records.app_url and "year=2024" in drill.records.app_url


def test_cancelled_and_revoked_records_stay_behind_past_figures(client, city, certified, registered):
    refresh(today=TODAY)
    client.force_login(UserFactory(roles=[Role.LEADER]))

    hightech = client.get(
        reverse("reports:drill"), {"indicator": "hightech.valid", "region": city["youxian"].code, "period": "2024-M04"}
    )
    sme = client.get(
        reverse("reports:drill"), {"indicator": "sme.valid", "region": city["youxian"].code, "period": "2024-M09"}
    )
    registered_list = client.get(
        reverse("reports:drill"), {"indicator": "sme.registered", "region": city["city"].code, "period": "2024-H1"}
    )

    assert hightech.context["page_obj"].paginator.count == 1
    assert sme.context["page_obj"].paginator.count == 1
    assert registered_list.context["page_obj"].paginator.count == 2
    assert registered_list.context["drill"].records.app_url.startswith(reverse("certification:sme-staff-list"))


def test_the_key_figures_are_cards_on_the_leaders_and_the_countys_dashboards(client, city, certified, registered):
    refresh(today=TODAY)
    board = selectors.dashboard(region=city["city"], period=Period.parse("2024-Y"))
    cards = {card.indicator.code: card for card in board.cards}
    assert cards["hightech.valid"].value == 2
    assert cards["hightech.new"].value == 2
    assert cards["sme.registered"].value == 2
    assert "sme.valid" not in cards

    client.force_login(UserFactory(roles=[Role.COUNTY_STAFF], region=city["liling"]))
    response = client.get(reverse("reports:dashboard"), {"period": "2024-M04"})
    html = response.content.decode()
    assert "有效高新技术企业数" in html and "科技型中小企业入库数" in html
    card = next(c for c in response.context["board"].cards if c.indicator.code == "hightech.valid")
    assert card.value == 2
    assert card.drill.replace("&", "&amp;") in html


def test_the_dashboard_query_count_stays_fixed_with_certification_data(client, city, django_assert_max_num_queries):
    client.force_login(UserFactory(roles=[Role.LEADER]))
    url = reverse("reports:dashboard")
    certificate(VerifiedOrganizationFactory(region=city["liling"]), date(2024, 2, 1))
    refresh(today=TODAY)
    with django_assert_max_num_queries(12) as small:
        client.get(url, {"period": "2024-Y", "focus": "hightech.valid"})
    for n in range(40):
        org = VerifiedOrganizationFactory(region=city[("liling", "youxian", "park")[n % 3]])
        certificate(org, date(2022 + n % 3, 1 + n % 12, 1 + n % 28))
        registration(org, 2024, date(2024, 1 + n % 12, 1 + n % 28))
    refresh(today=TODAY)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url, {"period": "2024-Y", "focus": "hightech.valid"})
    assert response.context["board"].breakdowns["field"]  # the field chart of the focused figure


def test_the_work_summary_pack_has_the_certification_tables(city, certified, registered):
    refresh(today=TODAY)
    sheets = summary_sheets(region=city["city"], period=Period.parse("2024-Y"))
    titles = [sheet.title for sheet in sheets]
    for name in ("有效高新技术企业数", "新认定高新技术企业数", "科技型中小企业入库数", "有效科技型中小企业数"):
        assert name in titles
    main = {row["name"]: row["value"] for row in sheets[0].rows}
    assert main["有效高新技术企业数"] == 2


# --- Refreshed after commit --------------------------------------------------------------------


@pytest.fixture
def recorder(db):
    return UserFactory(roles=[Role.CITY_STAFF], department=DepartmentFactory(code="hightech", name="高新技术科"))


def test_recording_and_cancelling_a_certificate_refresh_after_commit(
    city, recorder, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    key = f"{today.year}-Y"
    org = VerifiedOrganizationFactory(region=city["liling"])
    refresh()
    assert value("hightech.valid", city["liling"], key) == 0

    with django_capture_on_commit_callbacks(execute=True):
        entered = record_certificate(
            actor=recorder, organization=org, number=f"GR{today.year}43000001", issued_on=date(today.year, 1, 5)
        )
    assert value("hightech.valid", city["liling"], key) == 1
    assert value("hightech.new", city["city"], key) == 1

    with django_capture_on_commit_callbacks(execute=True):
        cancel_certificate(actor=recorder, certificate=entered, reason="发现申报材料造假")
    assert value("hightech.valid", city["liling"], key) == 0
    assert value("hightech.new", city["city"], key) == 0


def test_registering_and_revoking_an_sme_refresh_after_commit(city, recorder, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    key = f"{today.year}-Y"
    evaluation = SmeEvaluationFactory(organization=VerifiedOrganizationFactory(region=city["park"]), year=today.year)
    SmeEvaluation.objects.filter(pk=evaluation.pk).update(status=SmeEvaluation.Status.PUBLICIZED)
    evaluation.refresh_from_db()
    refresh()
    assert value("sme.registered", city["park"], key) == 0

    with django_capture_on_commit_callbacks(execute=True):
        record_number(actor=recorder, evaluation=evaluation, number=f"{today.year}43027100001", registered_on=today)
    assert value("sme.registered", city["park"], key) == 1
    assert value("sme.valid", city["city"], key) == 1

    with django_capture_on_commit_callbacks(execute=True):
        revoke_registration(actor=recorder, evaluation=evaluation, reason="提供虚假信息")
    assert value("sme.registered", city["park"], key) == 0
    assert value("sme.valid", city["city"], key) == 0


def test_an_imported_list_queues_one_refresh(city, recorder, django_capture_on_commit_callbacks, monkeypatch):
    from reports import tasks

    calls = []
    monkeypatch.setattr(tasks.refresh_rollups, "delay", lambda **kwargs: calls.append(kwargs))
    year = timezone.localdate().year
    orgs = [VerifiedOrganizationFactory(region=city[key]) for key in ("liling", "youxian", "park")]

    with django_capture_on_commit_callbacks(execute=True):
        for n, org in enumerate(orgs):
            certificate(org, date(year, 1, 5 + n))

    assert len(calls) == 1
    assert {"hightech.valid", "hightech.new"} <= set(calls[0]["codes"])
    assert set(calls[0]["region_ids"]) == {city[key].pk for key in ("liling", "youxian", "park")}
    assert calls[0]["years"] == [year]
