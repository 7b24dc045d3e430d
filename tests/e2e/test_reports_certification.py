"""Journey: the leader reads the high-tech and SME cards, drills down to the certificates and on into
the certification app's list; a county officer sees their own county's cards."""

import re
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from bureau.accounts.models import Role
from enterprises.certification.models import HighTechCertificate
from enterprises.certification.policy import certificate_expiry
from reports.rollup import refresh
from reports.services import indicators as services
from tests.certification.factories import RegisteredSmeFactory
from tests.e2e.conftest import login
from tests.factories import UserFactory
from tests.reports.factories import VerifiedOrganizationFactory, build_city, indicator

PASSWORD = "Passw0rd!2026"

pytestmark = pytest.mark.django_db(transaction=True)

FIELDS = ["new_materials", "advanced_manufacturing", "electronic_information", "biomedicine"]


def _certify(regions, today):
    """25 high-tech enterprises (one cancelled) and 13 SMEs registered this year."""
    n = 0
    for key, count in (("liling", 9), ("youxian", 4), ("park", 12)):
        for i in range(count):
            n += 1
            org = VerifiedOrganizationFactory(
                region=regions[key], name=f"{regions[key].label}高新企业{i + 1}", hightech_field=FIELDS[n % 4]
            )
            issued = today - timedelta(days=40 + 40 * n)  # all within their three years
            HighTechCertificate.objects.create(
                organization=org,
                number=f"GR{issued.year}43{n:06d}",
                issued_on=issued,
                expires_on=certificate_expiry(issued),
                status="cancelled" if n == 3 else "valid",
                cancelled_at=timezone.now() - timedelta(days=5) if n == 3 else None,
            )
            if i % 2 == 0:
                RegisteredSmeFactory(organization=org, year=today.year, registered_on=date(today.year, 1, 1 + i))


@pytest.fixture
def certified_city(db):
    """Zhuzhou with high-tech enterprises in force, one cancelled, SMEs registered this year, and targets."""
    regions = build_city()
    today = timezone.localdate()
    with transaction.atomic():  # one refresh after the whole list, as an import does
        _certify(regions, today)
    staff = UserFactory(roles=[Role.CITY_STAFF])
    services.set_target(
        actor=staff, indicator=indicator("hightech.valid"), region=regions["city"], year=today.year, value=30
    )
    services.set_target(
        actor=staff, indicator=indicator("hightech.valid"), region=regions["liling"], year=today.year, value=10
    )
    refresh()
    UserFactory(username="lingdao", full_name="赵局长（局领导）", roles=[Role.LEADER])
    UserFactory(username="liling", full_name="醴陵市科技局", roles=[Role.COUNTY_STAFF], region=regions["liling"])
    return regions


def test_the_leader_drills_from_the_high_tech_card_into_the_certificates(page, screenshot, certified_city):
    login(page, "lingdao", PASSWORD)
    page.goto("/reports/")
    card = page.get_by_test_id("card-hightech.valid")
    expect(card.get_by_test_id("card-value")).to_have_text("24")  # 25 certificates, one cancelled
    expect(card.get_by_test_id("card-completion")).to_have_text("80.00%")
    expect(page.get_by_test_id("card-sme.registered").get_by_test_id("card-value")).to_have_text("13")
    expect(page.get_by_test_id("card-hightech.new")).to_be_visible()

    card.get_by_role("link", name="分析").click()
    expect(page.locator("#chart-regions svg")).to_be_visible()
    page.get_by_test_id("region-row-430281").get_by_test_id("region-value").click()
    expect(page.get_by_test_id("drill-title")).to_contain_text("醴陵市")
    expect(page.get_by_test_id("drill-title")).to_contain_text("有效高新技术企业数")
    expect(page.get_by_test_id("drill-figure")).to_contain_text("8")
    table = page.get_by_test_id("drill-table")
    expect(table).to_contain_text("醴陵市高新企业1")
    expect(table).not_to_contain_text("攸县")
    screenshot("reports-drill-hightech")

    link = page.get_by_test_id("app-link")
    expect(link).to_contain_text("当前有效")
    expect(link).to_have_attribute("href", re.compile(r"^/certification/certificates/\?.*status=valid"))
    link.click()
    expect(page).to_have_url(re.compile(r"/certification/certificates/\?"))
    expect(page.locator("main")).to_contain_text("醴陵市高新企业1")
    expect(page.locator("main")).not_to_contain_text("攸县高新企业1")
    screenshot("reports-drill-hightech-app-list")


def test_the_county_sees_its_own_high_tech_and_sme_cards(page, screenshot, certified_city):
    login(page, "liling", PASSWORD)
    page.goto("/reports/")
    expect(page.get_by_test_id("dashboard-title")).to_contain_text("醴陵市")
    card = page.get_by_test_id("card-hightech.valid")
    expect(card.get_by_test_id("card-value")).to_have_text("8")  # nine certificates, one cancelled
    expect(card.get_by_test_id("card-completion")).to_have_text("80.00%")
    expect(page.get_by_test_id("card-sme.registered").get_by_test_id("card-value")).to_have_text("5")
    screenshot("reports-dashboard-county-certification")

    page.get_by_test_id("card-sme.registered").get_by_test_id("card-value").click()
    expect(page.get_by_test_id("drill-table")).to_contain_text("醴陵市高新企业1")
    expect(page.get_by_test_id("app-link")).to_have_attribute(
        "href", re.compile(r"^/certification/staff/sme/\?.*status=registered")
    )
