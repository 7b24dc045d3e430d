"""Browser journey of SME evaluation (issue 3, journey 3), in Chromium, in Chinese.

The enterprise evaluates with a live score and submits; the county returns it with a
reason per field; the enterprise corrects and resubmits; the county passes; the city
passes and puts it in a public-notice batch; after the notice period the city records
the registration number, which the enterprise then sees.
"""

from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from bureau.accounts.models import Role
from bureau.publicity.models import Publicity
from bureau.publicity.services import close_publicity
from enterprises.certification.models import SmeEvaluation
from tests.certification.factories import THIS_YEAR, profile_for
from tests.e2e.conftest import SCREENSHOTS, login
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
    """Open a page in a fresh browser context, signed in as ``user`` when given."""

    def open_page(user=None):
        context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", base_url=live_server.url)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            name = settings.SESSION_COOKIE_NAME
            context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    return open_page


@pytest.fixture
def people(transactional_db):
    ensure_industries()
    liling = CountyFactory()
    hightech = DepartmentFactory(code="hightech", name="高新技术科")
    membership = MembershipFactory(
        organization=VerifiedOrganizationFactory(region=liling, name="醴陵华瓷新材料有限公司"),
        user__full_name="李明",
    )
    profile_for(membership.organization)
    return {
        "org": membership.organization,
        "applicant": membership.user,
        "county": UserFactory(roles=[Role.COUNTY_STAFF], region=liling, full_name="王芳"),
        "city": UserFactory(roles=[Role.CITY_STAFF], department=hightech, full_name="张伟"),
    }


def test_sme_evaluation_from_form_to_registration_number(new_page, people):
    org = people["org"]

    # 1. The enterprise signs in, opens this year's evaluation and sees the live score.
    page = new_page()
    login(page, people["applicant"].username, "Passw0rd!2026")
    page.wait_for_url("**/workbench/")
    page.get_by_role("link", name="科技型中小企业评价").first.click()
    shot(page, "certification-sme-my-list-empty")
    page.get_by_role("button", name="开始填报").click()
    expect(page.get_by_test_id("score-total")).to_contain_text("100")
    assert page.input_value("#id_revenue") == "42000000.00"
    page.fill("#id_sci_tech_staff", "10")  # 8.3%: the staff score drops to 0
    expect(page.get_by_test_id("score-total")).to_contain_text("80")
    expect(page.get_by_test_id("score-verdict")).to_contain_text("未达到评价标准")
    assert "还需新增科技人员" in page.get_by_test_id("score-gaps").inner_text()
    shot(page, "certification-sme-edit-live-score")
    page.fill("#id_sci_tech_staff", "40")
    expect(page.get_by_test_id("score-total")).to_contain_text("100")
    page.get_by_test_id("submit").click()
    assert "请阅读并勾选承诺事项" in page.get_by_test_id("form-errors").inner_text()
    assert page.input_value("#id_sci_tech_staff") == "40"
    page.check("#id_declaration")
    page.get_by_test_id("submit").click()
    expect(page.locator(".messages")).to_contain_text("评价已提交")
    expect(page.locator("h1 + .badge, .badge-status").first).to_contain_text("待县级审核")
    evaluation = SmeEvaluation.objects.get(organization=org)
    assert evaluation.status == "submitted"
    shot(page, "certification-sme-detail-submitted")

    # 2. The county finds it in its queue and returns it, naming the field to correct.
    county = new_page(people["county"])
    county.goto("/workbench/")
    assert county.get_by_test_id("county-sme-count").inner_text().strip() == "1"
    county.get_by_role("link", name="待审核").first.click()
    shot(county, "certification-queue-county")
    county.get_by_test_id("queue-sme").get_by_role("link", name="审核").click()
    county.get_by_test_id("corrections-box").locator("summary").click()
    county.fill("#id_fix_rd_total", "研发费用与专项审计报告不一致，请按审计报告填写")
    county.fill("#id_comment", "请核对研发费用")
    shot(county, "certification-sme-review-county")
    county.get_by_test_id("decision-return").click()
    expect(county.locator(".messages")).to_contain_text("已办理：退回修改")

    # 3. The enterprise sees the reason next to the field, corrects and resubmits.
    page.goto("/certification/sme/")
    page.get_by_role("link", name="修改并重新提交").click()
    assert "研发费用与专项审计报告不一致" in page.get_by_test_id("corrections").inner_text()
    assert "研发费用与专项审计报告不一致" in page.get_by_test_id("fix-rd_total").inner_text()
    shot(page, "certification-sme-edit-returned")
    page.fill("#id_rd_total", "2900000")
    expect(page.get_by_test_id("indicator-rd_revenue")).to_contain_text("6.90%")
    page.get_by_test_id("submit").click()
    expect(page.locator(".messages")).to_contain_text("评价已提交")
    assert "第 2 次" in page.get_by_test_id("submissions").inner_text()
    assert SmeEvaluation.objects.get(pk=evaluation.pk).submission_count == 2

    # 4. The county passes it; 5. the city passes it and puts it in a public-notice batch.
    county.goto(f"/certification/sme/{evaluation.pk}/")
    county.get_by_test_id("decision-pass").click()
    expect(county.locator(".messages")).to_contain_text("已办理：通过")
    city = new_page(people["city"])
    city.goto(f"/certification/sme/{evaluation.pk}/")
    city.get_by_test_id("decision-pass").click()
    city.get_by_test_id("queue-sme").get_by_role("link", name="纳入公示").click()
    shot(city, "certification-sme-batch")
    city.get_by_test_id("publish-batch").click()
    expect(city.locator(".messages")).to_contain_text(f"{THIS_YEAR}年第1批科技型中小企业入库公示")
    shot(city, "certification-sme-staff-list")
    publicity = Publicity.objects.get(source="sme")
    assert publicity.status == "open" and SmeEvaluation.objects.get(pk=evaluation.pk).status == "publicizing"

    # The notice is public on the portal while open.
    visitor = new_page()
    visitor.goto("/")
    assert publicity.title in visitor.get_by_test_id("home-publicity").inner_text()

    # 6. The period ends with no objection (the nightly task); the city records the number.
    close_publicity(publicity=publicity)
    assert SmeEvaluation.objects.get(pk=evaluation.pk).status == "publicized"
    city.goto(f"/certification/sme/{evaluation.pk}/")
    city.fill("#id_registration_number", "20194302810001")
    city.get_by_test_id("number-form").get_by_role("button", name="登记").click()
    assert "前 4 位应为评价年度" in city.get_by_test_id("number-form").inner_text()
    city.fill("#id_registration_number", f"{THIS_YEAR}43028104000123")
    city.get_by_test_id("number-form").get_by_role("button", name="登记").click()
    expect(city.get_by_test_id("registration")).to_contain_text(f"{THIS_YEAR}43028104000123")
    shot(city, "certification-sme-detail-registered")

    # The enterprise sees its number, valid for the year, and the whole log.
    page.goto(f"/certification/sme/{evaluation.pk}/")
    expect(page.get_by_test_id("registration")).to_contain_text(f"{THIS_YEAR}-12-31")
    log = page.get_by_test_id("progress-log").inner_text()
    for label in (
        "提交评价",
        "退回修改",
        "县级审核通过",
        "市级审核通过",
        "纳入公示批次",
        "公示期满无异议",
        "登记入库编号",
    ):
        assert label in log
    shot(page, "certification-sme-detail-applicant")
    evaluation = SmeEvaluation.objects.get(pk=evaluation.pk)
    assert evaluation.status == "registered" and evaluation.valid_until.year == THIS_YEAR
    assert evaluation.registered_on <= timezone.localdate() < evaluation.registered_on + timedelta(days=1)
