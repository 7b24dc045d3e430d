"""Every certification page in Chromium at 1366x768, for the roles that use it (screenshots to look at).

The journeys are in test_certification_sme.py and test_certification_hightech.py; this
walks the remaining pages with a little of everything in the database: lists with
filters, the reserve pool, imports, the queue, the workbench panels of each role.
"""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from bureau.accounts.models import Role
from enterprises.certification.services import sme as sme_services
from enterprises.certification.services.pipeline import add_to_reserve
from tests.certification.factories import THIS_YEAR, CertificateFactory, RegisteredSmeFactory, profile_for
from tests.e2e.conftest import SCREENSHOTS
from tests.enterprises.factories import MembershipFactory, VerifiedOrganizationFactory, ensure_industries
from tests.factories import CountyFactory, DepartmentFactory, UserFactory


def shot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


@pytest.fixture
def contexts():
    opened = []
    yield opened
    for context in opened:
        context.close()


@pytest.fixture
def new_page(browser, live_server, contexts):
    def open_page(user):
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", base_url=live_server.url)
        contexts.append(context)
        client = Client()
        client.force_login(user)
        name = settings.SESSION_COOKIE_NAME
        context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    return open_page


@pytest.fixture
def world(transactional_db):
    ensure_industries()
    liling = CountyFactory()
    tianyuan = CountyFactory(code="430211", name="天元区")
    hightech = DepartmentFactory(code="hightech", name="高新技术科")
    county = UserFactory(roles=[Role.COUNTY_STAFF], region=liling, full_name="王芳")
    city = UserFactory(roles=[Role.CITY_STAFF], department=hightech, full_name="张伟")
    membership = MembershipFactory(
        organization=VerifiedOrganizationFactory(region=liling, name="株洲智造科技有限公司"), user__full_name="李明"
    )
    org = membership.organization
    profile_for(org)
    RegisteredSmeFactory(organization=org, year=THIS_YEAR - 1, registration_number=f"{THIS_YEAR - 1}43028100001")
    CertificateFactory(organization=org, issued_on=timezone.localdate() - timedelta(days=3 * 365 - 80))
    names = ["醴陵红官窑瓷业", "醴陵电瓷电器", "天元硬质合金", "天元轨道交通装备", "醴陵新材料", "天元精密刀具"]
    for n, name in enumerate(names):
        other = VerifiedOrganizationFactory(
            region=liling if name.startswith("醴陵") else tianyuan, name=f"{name}有限公司"
        )
        profile_for(other)
        if n < 3:
            RegisteredSmeFactory(organization=other, registration_number=f"{THIS_YEAR}4302{n:08d}")
            CertificateFactory(organization=other, issued_on=date(THIS_YEAR - 1 - n % 3, 11, 20))
        else:
            add_to_reserve(actor=city, organization=other, note="研发投入占比接近要求，重点辅导")
    waiting = MembershipFactory(organization=VerifiedOrganizationFactory(region=liling, name="醴陵华瓷新材料有限公司"))
    profile_for(waiting.organization)
    evaluation = sme_services.start_evaluation(actor=waiting.user, organization=waiting.organization, year=THIS_YEAR)
    sme_services.save_evaluation(actor=waiting.user, evaluation=evaluation, values={"declaration": True})
    sme_services.submit_evaluation(actor=waiting.user, evaluation=evaluation)
    return {"applicant": membership.user, "county": county, "city": city, "leader": UserFactory(roles=[Role.LEADER])}


def test_every_page_renders_for_its_users(new_page, world):
    applicant = new_page(world["applicant"])
    for url, name, text in [
        ("/workbench/", "certification-workbench-applicant", "企业认定"),
        ("/certification/sme/", "certification-sme-my-list", f"{THIS_YEAR - 1}43028100001"),
        ("/certification/hightech/", "certification-hightech-home", "认定条件自测"),
    ]:
        response = applicant.goto(url)
        assert response.status == 200 and text in applicant.locator("main").inner_text(), url
        shot(applicant, name)
    applicant.goto("/certification/hightech/")
    applicant.get_by_test_id("my-certificates").get_by_role("link").first.click()
    assert "半年内到期" in applicant.locator("main").inner_text()
    shot(applicant, "certification-certificate-detail-expiring")

    county = new_page(world["county"])
    for url, name, text in [
        ("/workbench/", "certification-workbench-county", "科小评价待县级审核"),
        ("/certification/staff/queue/", "certification-queue", "醴陵华瓷新材料有限公司"),
        ("/certification/staff/sme/", "certification-sme-list-county", "醴陵红官窑瓷业有限公司"),
        ("/certification/reserve/", "certification-reserve", "醴陵新材料有限公司"),
    ]:
        response = county.goto(url)
        assert response.status == 200 and text in county.locator("main").inner_text(), url
        shot(county, name)
    county.goto("/certification/staff/sme/")
    assert "天元硬质合金有限公司" not in county.locator("main").inner_text()

    city = new_page(world["city"])
    for url, name, text in [
        ("/workbench/", "certification-workbench-city", "科小评价待市级审核"),
        ("/certification/staff/sme/?year=" + str(THIS_YEAR), "certification-sme-list-city", "天元硬质合金有限公司"),
        ("/certification/certificates/", "certification-certificate-list", "半年内到期"),
        (
            "/certification/certificates/?status=expiring",
            "certification-certificate-list-expiring",
            "株洲智造科技有限公司",
        ),
        ("/certification/certificates/new/", "certification-certificate-new", "录入高新技术企业证书"),
        ("/certification/staff/import/", "certification-import", "表头要求"),
        ("/certification/staff/hightech/", "certification-hightech-list-empty", "共 0 条"),
        ("/certification/pipeline/", "certification-pipeline-empty", "各阶段企业数"),
    ]:
        response = city.goto(url)
        assert response.status == 200 and text in city.locator("main").inner_text(), url
        shot(city, name)

    leader = new_page(world["leader"])
    response = leader.goto("/certification/staff/sme/")
    assert response.status == 200
    assert leader.goto("/certification/staff/import/").status == 403
