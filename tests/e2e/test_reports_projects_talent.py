"""Journey: the leader reads the project and talent figures on the dashboard and drills
down to the funded projects and the talents behind them."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bureau.accounts.models import Role
from projects.models import ProjectApplication, ProjectCategory
from reports.rollup import refresh
from reports.services import indicators as services
from tests.e2e.conftest import login
from tests.factories import DepartmentFactory, UserFactory
from tests.projects.factories import ProjectApplicationFactory, ProjectCallFactory
from tests.reports.factories import VerifiedOrganizationFactory, build_city, indicator
from tests.talent.factories import CommissionerFactory, TalentProgramFactory, TalentSelectionFactory

PASSWORD = "Passw0rd!2026"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def zhuzhou(db):
    """Funded projects in 醴陵市 and 攸县 this year, talents selected, commissioners serving."""
    regions = build_city()
    today = timezone.localdate()
    year = today.year
    approved_on = date(year, 1, 15) if today.month == 1 else date(year, today.month - 1, 10)
    funded = [
        ("liling", ProjectCategory.KEY_RD, "醴陵陶瓷窑炉余热回收关键技术研究", "400000"),
        ("liling", ProjectCategory.TRANSFER, "电瓷绝缘子成果转化与产业化", "250000"),
        ("youxian", ProjectCategory.KEY_RD, "攸县油茶精深加工技术攻关", "300000"),
    ]
    for n, (key, category, title, amount) in enumerate(funded, start=1):
        call = ProjectCallFactory(year=year, category=category)
        ProjectApplicationFactory(
            call=call,
            organization=VerifiedOrganizationFactory(region=regions[key], name=f"{regions[key].label}项目单位{n}"),
            title=title,
            status=ProjectApplication.Status.APPROVED,
            number=f"XM{year}-{n:04d}",
            submitted_at=timezone.now(),
            approved_on=approved_on,
            approved_amount=Decimal(amount),
            project_number=f"ZZKJ{year}-{n:03d}",
        )
    program = TalentProgramFactory(code="hx-young", name="湖湘青年英才支持计划", short_name="湖湘青年英才")
    for n in range(3):
        TalentSelectionFactory(
            program=program, region=regions["liling"], year=year, selected_on=approved_on, full_name=f"醴陵人才{n + 1}"
        )
    CommissionerFactory(region=regions["youxian"], year=year, service_from=date(year, 1, 1), name="攸县特派员甲")
    staff = UserFactory(roles=[Role.CITY_STAFF], department=DepartmentFactory(code="planning", name="发展规划科"))
    services.set_target(
        actor=staff, indicator=indicator("projects.funding"), region=regions["city"], year=year, value=Decimal("190")
    )
    refresh()
    UserFactory(username="lingdao", full_name="赵局长（局领导）", roles=[Role.LEADER])
    return regions


def test_the_leader_drills_from_funding_to_the_funded_projects(page, screenshot, zhuzhou):
    login(page, "lingdao", PASSWORD)
    page.get_by_role("link", name="指标驾驶舱").click()

    funding = page.get_by_test_id("card-projects.funding")
    expect(funding.get_by_test_id("card-value")).to_have_text("95.00")  # 950,000 yuan in 万元
    expect(funding.get_by_test_id("card-completion")).to_have_text("50.00%")  # of the 190 万元 target
    expect(page.get_by_test_id("card-projects.funded").get_by_test_id("card-value")).to_have_text("3")
    expect(page.get_by_test_id("card-talent.selected").get_by_test_id("card-value")).to_have_text("3")
    expect(page.get_by_test_id("card-talent.commissioners").get_by_test_id("card-value")).to_have_text("1")

    # Analyse the funding: by county and by plan category.
    funding.get_by_role("link", name="分析").click()
    expect(page.locator("#chart-category svg")).to_be_visible()
    expect(page.locator("#chart-category")).to_have_attribute("aria-label", "按计划类别")
    expect(page.get_by_test_id("region-row-430281").get_by_test_id("region-value")).to_have_text("65.00")
    screenshot("reports-dashboard-funding")

    # 醴陵市's funding, down to its two projects and on to one of them.
    page.get_by_test_id("region-row-430281").get_by_test_id("region-value").click()
    expect(page.get_by_test_id("drill-title")).to_contain_text("醴陵市")
    expect(page.get_by_test_id("drill-title")).to_contain_text("立项资助金额")
    table = page.get_by_test_id("drill-table")
    expect(table).to_contain_text("醴陵陶瓷窑炉余热回收关键技术研究")
    expect(table).to_contain_text("400,000.00")
    expect(table).not_to_contain_text("攸县油茶")
    expect(page.get_by_test_id("app-link")).to_have_attribute("href", re.compile(r"^/projects/.*\?.*status=approved"))
    screenshot("reports-drill-funded-projects")
    table.get_by_role("link", name="电瓷绝缘子成果转化与产业化").click()
    expect(page.locator("main")).to_contain_text("已立项")
    expect(page.locator("main")).to_contain_text(f"ZZKJ{timezone.localdate().year}-002")


def test_the_leader_drills_from_talents_to_the_selected_people(page, screenshot, zhuzhou):
    login(page, "lingdao", PASSWORD)
    page.get_by_role("link", name="指标驾驶舱").click()
    page.get_by_test_id("card-talent.selected").get_by_role("link", name="分析").click()
    expect(page.locator("#chart-program svg")).to_be_visible()

    page.get_by_test_id("region-row-430281").get_by_test_id("region-value").click()
    table = page.get_by_test_id("drill-table")
    expect(table).to_contain_text("醴陵人才1")
    expect(table).to_contain_text("湖湘青年英才")
    expect(page.get_by_test_id("app-link")).to_have_attribute("href", re.compile(r"^/talent/.*\?.*year="))
    screenshot("reports-drill-talents")

    # The catalogue says where these figures come from.
    page.get_by_role("link", name="指标目录").click()
    catalogue = page.get_by_test_id("catalogue-table")
    for code in ("projects.funding", "talent.selected", "talent.experts", "talent.commissioners"):
        expect(catalogue).to_contain_text(code)
    screenshot("reports-catalogue-projects-talent")
