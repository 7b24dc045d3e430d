"""Browser journeys of the registry (issue 3, journeys 1, 2 and 6), in Chromium, in Chinese.

1. A person signs up and registers an organization: a wrong code is refused in words, the
   right one goes through; the county staff verify it; the administrator invites a
   colleague, who signs up on the invitation link and joins.
2. The enterprise fills a year's figures (a mistake is explained next to its field) and
   an IP item, and sees its class.
3. City staff search and filter the directory and export it to Excel.
"""

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from bureau.accounts.models import Role
from enterprises.models import IntellectualProperty, Membership, Organization, OrganizationYear
from tests.e2e.conftest import login
from tests.enterprises.factories import (
    MembershipFactory,
    VerifiedOrganizationFactory,
    ensure_industries,
    industry,
    make_uscc,
)
from tests.factories import CountyFactory, UserFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def contexts():
    """Close every browser context a test opened, so no request holds a connection after it."""
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
def regions(transactional_db):
    ensure_industries()
    liling = CountyFactory()
    tianyuan = CountyFactory(code="430211", name="天元区")
    return liling, tianyuan


def shot(page, name):
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_registration_verification_and_invitation(new_page, regions):
    liling, _tianyuan = regions
    staff = UserFactory(roles=[Role.COUNTY_STAFF], region=liling, full_name="王芳")
    page = new_page()

    # 1. Sign up with a wrong code: refused in words, what was typed stays.
    page.goto("/enterprises/register/")
    page.fill("#id_account-username", "xinci_liu")
    page.fill("#id_account-full_name", "刘建国")
    page.fill("#id_account-phone", "13973300001")
    page.fill("#id_account-password1", "Porcelain#Kiln88")
    page.fill("#id_account-password2", "Porcelain#Kiln88")
    code = make_uscc()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    page.fill("#id_uscc", wrong)
    page.fill("#id_name", "醴陵新瓷电瓷科技有限公司")
    page.select_option("#id_region", label="醴陵市")
    page.select_option("#id_industry", label="C30 非金属矿物制品业")
    page.select_option("#id_hightech_field", label="新材料")
    page.fill("#id_registered_on", "2018-05-20")
    page.fill("#id_legal_representative", "刘建国")
    page.fill("#id_contact_name", "刘建国")
    page.fill("#id_contact_phone", "13973300001")
    page.set_input_files(
        "#id_business_licence", files=[{"name": "营业执照.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="提交注册").click()
    error = page.get_by_test_id("error-uscc")
    assert "无效" in error.inner_text() and "校验位" in error.inner_text()
    assert page.input_value("#id_name") == "醴陵新瓷电瓷科技有限公司"
    shot(page, "enterprises-register-wrong-code")

    # The right code (passwords and the file are asked again, as browsers never keep them).
    page.fill("#id_uscc", code.lower())
    page.fill("#id_account-password1", "Porcelain#Kiln88")
    page.fill("#id_account-password2", "Porcelain#Kiln88")
    page.set_input_files(
        "#id_business_licence", files=[{"name": "营业执照.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="提交注册").click()
    page.get_by_test_id("pending-banner").wait_for()
    assert "核验前可以填写和保存单位资料" in page.get_by_test_id("pending-banner").inner_text()
    shot(page, "enterprises-profile-pending")
    org = Organization.objects.get(uscc=code)
    applicant = Membership.objects.get(organization=org).user

    # 2. The county staff sign in, find it waiting and verify it.
    staff_page = new_page()
    login(staff_page, staff.username, "Passw0rd!2026")
    staff_page.wait_for_url("**/workbench/")
    assert staff_page.get_by_test_id("pending-count").inner_text().strip().endswith("1")
    staff_page.get_by_role("link", name="待核验注册").click()
    shot(staff_page, "enterprises-pending-list")
    staff_page.get_by_test_id(f"verify-{org.pk}").click()
    assert "醴陵新瓷电瓷科技有限公司" in staff_page.locator("h1").inner_text()
    with staff_page.expect_popup() as popup:
        staff_page.get_by_test_id("licence-link").click()
    assert popup.value.url.endswith(f"/enterprises/orgs/{org.pk}/licence/")
    shot(staff_page, "enterprises-org-verify")
    staff_page.get_by_role("button", name="核验通过").click()
    assert "已核验通过" in staff_page.locator(".messages").inner_text()
    org.refresh_from_db()
    assert org.status == Organization.Status.VERIFIED

    # 3. The administrator invites a colleague by phone and passes the link on.
    page.goto("/enterprises/profile/members/")
    page.fill("#id_full_name", "王同事")
    page.fill("#id_phone", "13800000002")
    page.get_by_test_id("send-invite").click()
    link = page.get_by_test_id("invite-link").input_value()
    assert "/enterprises/invitations/" in link
    shot(page, "enterprises-members-invited")

    # 4. The colleague signs up on the link and joins.
    colleague = new_page()
    colleague.goto(re.sub(r"^https?://[^/]+", "", link))
    assert "醴陵新瓷电瓷科技有限公司" in colleague.locator("main").inner_text()
    colleague.fill("#id_account-username", "wang_tong")
    colleague.fill("#id_account-phone", "13800000002")
    colleague.fill("#id_account-password1", "Colleague#Join77")
    colleague.fill("#id_account-password2", "Colleague#Join77")
    shot(colleague, "enterprises-invitation")
    colleague.get_by_test_id("signup-accept").click()
    assert "已加入" in colleague.locator(".messages").inner_text()
    assert Membership.objects.filter(user__username="wang_tong", organization=org, is_admin=False).exists()
    assert applicant.messages.filter(title__contains="已加入").exists()


def test_the_enterprise_fills_yearly_data_and_an_ip_item(new_page, regions):
    liling, _ = regions
    membership = MembershipFactory(organization__region=liling, organization__name="株洲智造科技有限公司")
    org = membership.organization
    page = new_page(membership.user)
    page.goto("/enterprises/profile/years/")
    shot(page, "enterprises-years-empty")
    year = page.locator("[data-testid^=fill-]").first.get_attribute("data-testid").removeprefix("fill-")
    page.get_by_test_id(f"fill-{year}").click()
    values = {
        "staff_total": "205",
        "sci_tech_staff": "230",  # a mistake: more sci-tech staff than staff
        "revenue": "96820000",
        "total_income": "98756400",
        "hightech_income": "77029992",
        "total_cost": "85201600",
        "rd_total": "4850000",
        "rd_in_china": "4850000",
        "rd_outsourced": "388000",
        "total_assets": "121025000",
        "net_assets": "60028400",
    }
    for name, value in values.items():
        page.fill(f"#id_{name}", value)
    assert "9,682.00 万元" in page.locator(".money-hint").first.inner_text()
    expect(page.get_by_test_id("autosave-status")).to_contain_text("已在本机保存草稿")
    page.get_by_role("button", name="保存").click()
    assert "科技人员数不能超过职工总数" in page.get_by_test_id("error-sci_tech_staff").inner_text()
    assert page.input_value("#id_revenue") == "96820000"
    shot(page, "enterprises-year-error")
    page.fill("#id_sci_tech_staff", "58")
    page.get_by_role("button", name="保存").click()
    assert f"{year} 年度数据已保存" in page.locator(".messages").inner_text()
    shot(page, "enterprises-years")
    row = OrganizationYear.objects.get(organization=org, year=int(year))
    assert row.sci_tech_staff == 58 and str(row.revenue) == "96820000.00"

    page.get_by_role("link", name="知识产权").first.click()
    page.get_by_test_id("add-ip").click()
    page.select_option("#id_kind", label="实用新型专利")
    page.fill("#id_number", "ZL202320123456.7")
    page.fill("#id_title", "一种轨道车辆智能运维数据采集装置")
    page.fill("#id_applied_on", "2023-03-01")
    page.fill("#id_granted_on", "2023-09-15")
    shot(page, "enterprises-ip-form")
    page.get_by_role("button", name="保存").click()
    table = page.get_by_test_id("ip-table")
    assert "Ⅱ类" in table.inner_text() and "ZL202320123456.7" in table.inner_text()
    shot(page, "enterprises-ip-list")
    assert IntellectualProperty.objects.get(organization=org).ip_class == 2


def test_staff_search_filter_and_export(new_page, regions):
    liling, tianyuan = regions
    VerifiedOrganizationFactory(region=liling, name="醴陵华鑫电瓷有限公司", industry=industry("30"))
    VerifiedOrganizationFactory(region=tianyuan, name="株洲天元软件有限公司", industry=industry("65"))
    VerifiedOrganizationFactory(region=tianyuan, name="株洲天元硬质合金有限公司", industry=industry("32"))
    city = UserFactory(roles=[Role.CITY_STAFF], full_name="张伟")
    page = new_page(city)
    page.goto("/workbench/")
    page.get_by_role("link", name="创新主体名录").first.click()
    assert page.get_by_test_id("result-count").inner_text() == "共 3 条"
    page.fill("#id_q", "株洲天元")
    page.select_option("#id_region", label="天元区")
    page.get_by_test_id("apply-filters").click()
    assert page.get_by_test_id("result-count").inner_text() == "共 2 条"
    page.select_option("#id_industry", label="C 制造业")
    page.get_by_test_id("apply-filters").click()
    table = page.get_by_test_id("org-table").inner_text()
    assert "株洲天元硬质合金有限公司" in table and "株洲天元软件有限公司" not in table
    page.get_by_role("link", name=re.compile("单位名称")).click()
    shot(page, "enterprises-directory")
    with page.expect_download() as download:
        page.get_by_test_id("export-link").click()
    assert download.value.suggested_filename.startswith("创新主体名录")
    page.get_by_role("link", name="株洲天元硬质合金有限公司").click()
    shot(page, "enterprises-org-detail")
    assert "已核验" in page.locator("main").inner_text()
