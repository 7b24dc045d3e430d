"""Journey: the leader opens the city's dashboard, reads the figures and drills down;
city staff set targets, enter published figures and generate the half-year pack."""

import re
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bureau.accounts.models import Role
from contracts.models import TechnologyContract
from reports.periods import Period
from reports.rollup import refresh
from reports.services import indicators as services
from tests.e2e.conftest import login
from tests.factories import DepartmentFactory, UserFactory
from tests.reports.factories import VerifiedOrganizationFactory, build_city, indicator
from tests.reports.test_provider_contracts import contract

PASSWORD = "Passw0rd!2026"
TZ = ZoneInfo("Asia/Shanghai")

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def zhuzhou(db):
    """Zhuzhou with verified organizations this year and last, targets and published GDP / R&D."""
    regions = build_city()
    year = timezone.localdate().year
    month = timezone.localdate().month
    staff = UserFactory(
        username="guihua", full_name="刘洋（市局发展规划科）", roles=[Role.CITY_STAFF], department=DepartmentFactory()
    )
    spread = [("liling", 14), ("youxian", 6), ("park", 20)]
    n = 0
    for key, count in spread:
        for i in range(count):
            n += 1
            VerifiedOrganizationFactory(
                region=regions[key],
                name=f"{regions[key].label}创新企业{i + 1}",
                verified_at=datetime(year - (i % 3 == 0), 1 + (i * 5) % month, 3, tzinfo=TZ),
            )
    for key, share in (("city", 60), ("liling", 15), ("youxian", 10), ("park", 25)):
        services.set_target(
            actor=staff, indicator=indicator("org.verified"), region=regions[key], year=year, value=Decimal(share)
        )
    # Registered technology contracts this year and last, by seller's county.
    contracts = []
    for n in range(60):
        key = ("liling", "youxian", "park")[n % 3]
        when = date(year - (n % 4 == 0), 1 + n % month, 1 + n % 27)
        contracts.append(
            contract(regions[key], when, Decimal(1_000_000 + 250_000 * n), kind=("development", "transfer")[n % 2])
        )
    TechnologyContract.objects.bulk_create(contracts)
    services.set_target(
        actor=staff,
        indicator=indicator("contracts.turnover.output"),
        region=regions["city"],
        year=year,
        value=Decimal(5),
    )
    last = Period.whole_year(year - 1)
    for code, value in (("gdp", "4120"), ("rd.spending", "140.08")):
        services.set_entered_value(
            actor=staff, indicator=indicator(code), region=regions["city"], period=last, value=Decimal(value)
        )
    refresh()
    UserFactory(username="lingdao", full_name="赵局长（局领导）", roles=[Role.LEADER])
    return regions


def test_the_leader_reads_the_dashboard_and_drills_down(page, screenshot, zhuzhou):
    login(page, "lingdao", PASSWORD)
    page.wait_for_url(re.compile(r"/workbench/$"))
    expect(page.get_by_test_id("panel-figures")).to_be_visible()
    screenshot("reports-workbench-leader")

    page.get_by_role("link", name="指标驾驶舱").click()
    expect(page.get_by_test_id("dashboard-title")).to_contain_text("株洲市科技创新指标")
    expect(page.get_by_test_id("as-of")).to_contain_text("数据更新于")
    card = page.get_by_test_id("card-rd.intensity")
    expect(card.get_by_test_id("card-value")).to_have_text("3.40")
    expect(card).to_contain_text("最新公布")
    verified = page.get_by_test_id("card-org.verified")
    expect(verified.get_by_test_id("card-completion")).to_have_text(re.compile(r"^\d+\.\d{2}%$"))
    # The charts are drawn (ECharts renders SVG here).
    expect(page.locator("#chart-trend svg")).to_be_visible()
    expect(page.locator("#chart-regions svg")).to_be_visible()
    screenshot("reports-dashboard-city")

    # 醴陵市's contract turnover, down to its contracts.
    turnover = page.get_by_test_id("card-contracts.turnover.output")
    expect(turnover.get_by_test_id("card-completion")).to_have_text(re.compile(r"^\d+\.\d{2}%$"))
    row = page.get_by_test_id("region-row-430281")
    expect(row).to_contain_text("醴陵市")
    row.get_by_test_id("region-value").click()
    expect(page.get_by_test_id("drill-title")).to_contain_text("醴陵市")
    expect(page.get_by_test_id("drill-title")).to_contain_text("技术合同成交额")
    expect(page.get_by_test_id("drill-table")).to_contain_text("技术合同")
    expect(page.get_by_test_id("app-link")).to_have_attribute("href", re.compile(r"^/contracts/\?"))
    screenshot("reports-drill-contracts")

    # And the verified organizations behind another figure.
    page.go_back()
    page.get_by_test_id("card-org.verified").get_by_role("link", name="分析").click()
    page.get_by_test_id("region-row-430281").get_by_test_id("region-value").click()
    expect(page.get_by_test_id("drill-table")).to_contain_text("醴陵市创新企业")
    expect(page.get_by_test_id("drill-table")).not_to_contain_text("攸县")
    screenshot("reports-drill-organizations")

    # The county's own dashboard, from the breadcrumb back and the county link.
    page.go_back()
    page.get_by_test_id("region-row-430281").get_by_role("link", name="醴陵市").click()
    expect(page.get_by_test_id("dashboard-title")).to_contain_text("醴陵市科技创新指标")
    screenshot("reports-dashboard-county")

    with page.expect_download() as download:
        page.get_by_test_id("export-link").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_staff_set_targets_enter_figures_and_generate_the_pack(page, screenshot, zhuzhou):
    login(page, "guihua", PASSWORD)
    page.wait_for_url(re.compile(r"/workbench/$"))
    page.get_by_role("link", name="年度目标").click()
    page.get_by_label("指标").select_option(label="地区生产总值（GDP）（亿元）")
    page.get_by_role("button", name="切换").click()
    page.get_by_test_id("grid-row-430200").get_by_role("textbox").first.fill("4300")
    page.get_by_test_id("grid-row-430281").get_by_role("textbox").first.fill("八百")
    page.get_by_test_id("grid-save").click()
    expect(page.get_by_role("alert")).to_contain_text("有数值填写有误")
    expect(page.get_by_test_id("grid-row-430281").get_by_role("textbox").first).to_have_value("八百")
    screenshot("reports-targets-error")
    page.get_by_test_id("grid-row-430281").get_by_role("textbox").first.fill("850")
    page.get_by_test_id("grid-save").click()
    expect(page.get_by_role("status")).to_contain_text("已保存")
    screenshot("reports-targets")

    page.get_by_role("link", name="指标数据录入").click()
    expect(page.get_by_test_id("grid-row-430200").get_by_role("textbox").first).to_have_value("4120")
    screenshot("reports-entered")

    page.get_by_role("link", name="从 Excel 导入").click()
    expect(page.get_by_test_id("template-link")).to_be_visible()
    screenshot("reports-import")

    page.get_by_role("link", name="全省排名").click()
    page.get_by_label("指标", exact=True).select_option(label="研发投入强度")
    page.get_by_label("年度").select_option(str(timezone.localdate().year - 1))
    page.get_by_label("统计期").select_option("Y")
    page.get_by_label("全省排名").fill("1")
    page.get_by_label("参与排名市州数").fill("14")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已保存全省排名")
    screenshot("reports-ranks")

    page.get_by_role("link", name="指标目录").click()
    expect(page.get_by_test_id("catalogue-table")).to_contain_text("rd.intensity")
    screenshot("reports-catalogue")

    page.get_by_role("link", name="工作总结数据").click()
    page.get_by_label("全年工作总结数据").check()
    page.get_by_test_id("summary-button").click()
    expect(page.get_by_test_id("job-status")).to_have_attribute("data-status", "done")
    expect(page.get_by_test_id("job-download")).to_be_visible()
    screenshot("reports-summary-job")
