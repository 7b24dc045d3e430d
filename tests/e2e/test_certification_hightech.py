"""Browser journey of high-tech certification (issue 3, journey 4), and the pipeline page (journey 5).

The enterprise's self-check shows a condition it fails with the gap in yuan or points;
once its figures are right it prepares the application (IP, the attachment checklist,
the pledge) and submits; the county and the city recommend it; the city exports the
recommendation list and records the certificate the province issued.
"""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from bureau.accounts.models import Role
from enterprises.certification.models import HighTechApplication, HighTechCertificate
from enterprises.certification.policy import certificate_expiry
from enterprises.certification.services.pipeline import refresh_cultivation
from enterprises.models import OrganizationYear
from tests.certification.factories import PDF, THIS_YEAR, CertificateFactory, RegisteredSmeFactory, profile_for
from tests.e2e.conftest import SCREENSHOTS
from tests.enterprises.factories import MembershipFactory, VerifiedOrganizationFactory, ensure_industries
from tests.factories import CountyFactory, DepartmentFactory, UserFactory


def workbook(download):
    """Open a downloaded .xlsx (its temporary path has no extension, which openpyxl insists on)."""
    return load_workbook(io.BytesIO(Path(download.path()).read_bytes()))


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
        organization=VerifiedOrganizationFactory(region=liling, name="醴陵精工电瓷科技有限公司"),
        user__full_name="刘建国",
    )
    org = membership.organization
    # High-tech income only half of total income in the latest year: one condition fails.
    profile_for(org, hightech_income=Decimal("21350000"))
    return {
        "org": org,
        "liling": liling,
        "applicant": membership.user,
        "county": UserFactory(roles=[Role.COUNTY_STAFF], region=liling, full_name="王芳"),
        "city": UserFactory(roles=[Role.CITY_STAFF], department=hightech, full_name="张伟"),
        "leader": UserFactory(roles=[Role.LEADER], full_name="赵局长"),
    }


def test_self_check_application_recommendation_and_certificate(new_page, people):
    org = people["org"]
    page = new_page(people["applicant"])

    # 1. The self-check names the failing condition with its figure, requirement and gap.
    page.goto("/workbench/")
    page.get_by_role("link", name="高企自测与申报").first.click()
    verdict = page.get_by_test_id("check-verdict").inner_text()
    assert "有 1 项条件不符合" in verdict
    gap = page.get_by_test_id("gap-hightech_income").inner_text()
    assert "高新技术产品（服务）收入占总收入 50.00%" in gap and "要求不低于 60.00%" in gap and "万元" in gap
    assert "预计创新能力得分" in page.get_by_test_id("innovation-label").inner_text()
    shot(page, "certification-hightech-self-check")

    # The enterprise corrects its figures (in the profile) and checks again.
    OrganizationYear.objects.filter(organization=org, year=THIS_YEAR - 1).update(hightech_income=Decimal("33000000"))
    page.reload()
    assert "除须由专家评价的创新能力外，其余条件均符合" in page.get_by_test_id("check-verdict").inner_text()

    # 2. It prepares the application: IP, the attachment checklist, the pledge; then submits.
    page.get_by_test_id("hightech-start").get_by_role("button").click()
    expect(page.locator(".messages")).to_contain_text("已创建申请")
    for box in page.get_by_test_id("ip-choices").locator("input[type=checkbox]").all():
        box.check()
    page.check("#id_declaration")
    page.get_by_test_id("submit").click()
    assert "尚未上传" in page.get_by_test_id("form-errors").inner_text()
    uploads = [
        ("rd_audit", "研发费用专项审计报告.pdf"),
        ("income_audit", "高新收入专项审计报告.pdf"),
        ("financial_reports", "财务会计报告.pdf"),
        ("ip_certificates", "专利证书.pdf"),
        ("staff", "科技人员情况说明.pdf"),
    ]
    page.select_option("#id_kind", "rd_audit")
    page.set_input_files(
        "#id_file", files=[{"name": "伪装.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf"}]
    )
    page.get_by_test_id("upload-form").get_by_role("button", name="上传").click()
    expect(page.locator(".messages")).to_contain_text("内容不是这几种格式")
    for kind, name in uploads:
        page.select_option("#id_kind", kind)
        page.set_input_files("#id_file", files=[{"name": name, "mimeType": "application/pdf", "buffer": PDF}])
        page.get_by_test_id("upload-form").get_by_role("button", name="上传").click()
        expect(page.get_by_test_id(f"checklist-{kind}")).to_contain_text(name)
    shot(page, "certification-hightech-edit")
    page.get_by_test_id("submit").click()
    expect(page.locator(".messages")).to_contain_text("申请已提交")
    application = HighTechApplication.objects.get(organization=org)
    assert application.status == "submitted" and application.ip_items.count() == 4
    shot(page, "certification-hightech-detail-submitted")

    # 3. The county and the city recommend it.
    county = new_page(people["county"])
    county.goto(f"/certification/hightech/{application.pk}/")
    shot(county, "certification-hightech-review-county")
    county.get_by_test_id("decision-pass").click()
    expect(county.locator(".messages")).to_contain_text("已办理：推荐")
    city = new_page(people["city"])
    city.goto(f"/certification/hightech/{application.pk}/")
    city.get_by_test_id("decision-pass").click()
    expect(city.locator(".messages")).to_contain_text("已办理：推荐")

    # 4. The city exports the recommendation list to Excel.
    city.goto("/certification/staff/hightech/")
    shot(city, "certification-hightech-staff-list")
    with city.expect_download() as download:
        city.get_by_test_id("recommendation-export").click()
    sheet = workbook(download.value).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][1] == "企业名称" and rows[1][1] == org.name and rows[1][-5] == "已推荐至省"

    # 5. The province certifies it: the city records the certificate.
    city.goto(f"/certification/hightech/{application.pk}/")
    form = city.get_by_test_id("certificate-form")
    form.locator("#id_number").fill("GR2026430012")
    form.get_by_role("button", name="登记证书").click()
    assert "GR" in city.get_by_test_id("certificate-form").inner_text()  # refused: 12 digits needed
    city.get_by_test_id("certificate-form").locator("#id_number").fill("GR202643001234")
    city.get_by_test_id("certificate-form").locator("#id_issued_on").fill(timezone.localdate().isoformat())
    city.get_by_test_id("certificate-form").get_by_role("button", name="登记证书").click()
    expect(city.get_by_test_id("certificate-info")).to_contain_text("GR202643001234")
    shot(city, "certification-certificate-detail")
    assert HighTechApplication.objects.get(pk=application.pk).status == "certified"
    certificate = HighTechCertificate.objects.get(number="GR202643001234")
    assert certificate.expires_on == certificate_expiry(timezone.localdate())

    # The enterprise sees the certificate and the step bar complete.
    page.goto(f"/certification/hightech/{application.pk}/")
    expect(page.get_by_test_id("certificate")).to_contain_text("GR202643001234")
    shot(page, "certification-hightech-detail-certified")
    assert page.goto("/certification/certificates/").status == 403  # the staff list is not for applicants


def test_pipeline_page_for_staff_and_leader(new_page, people):
    liling = people["liling"]
    RegisteredSmeFactory(organization=people["org"])
    for n in range(6):
        other = VerifiedOrganizationFactory(region=liling, name=f"醴陵培育对象{n}号科技有限公司")
        rd = Decimal(600000 + n * 300000)
        profile_for(other, class1=0, class2=n % 3, sci_tech_staff=8 + n, rd_total=rd, rd_in_china=rd)
    CertificateFactory(organization=VerifiedOrganizationFactory(region=liling, name="醴陵高企样板有限公司"))
    refresh_cultivation(year=THIS_YEAR)
    page = new_page(people["city"])
    page.goto("/certification/pipeline/")
    counts = page.get_by_test_id("stage-counts").inner_text()
    assert "醴陵市" in counts
    candidates = page.get_by_test_id("candidates").inner_text()
    assert "醴陵培育对象" in candidates and "还需" in candidates
    shot(page, "certification-pipeline")
    page.select_option("#id_target", "sme_registered")
    page.get_by_role("button", name="查询").click()
    assert "科技型中小企业" in page.get_by_test_id("candidates").inner_text()
    with page.expect_download() as download:
        page.get_by_test_id("pipeline-export").click()
    book = workbook(download.value)
    assert [ws.title for ws in book.worksheets] == ["各阶段企业数", "培育对象及差距"]
    leader = new_page(people["leader"])
    leader.goto("/workbench/")
    assert "科技型中小企业" in leader.get_by_test_id("panel-pipeline").inner_text()
    shot(leader, "certification-workbench-leader")
