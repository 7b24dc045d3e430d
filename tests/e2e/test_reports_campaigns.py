"""Journey: staff build a resumption-of-work survey and publish it; an enterprise answers it
from its to-do; staff watch completion, remind the others and export the answers."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bureau.accounts.models import Role
from tests.e2e.conftest import login
from tests.factories import DepartmentFactory, MembershipFactory, OrganizationFactory, UserFactory
from tests.reports.factories import VerifiedOrganizationFactory, build_city

PASSWORD = "Passw0rd!2026"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(db):
    regions = build_city()
    now = timezone.now()
    UserFactory(
        username="gaoxinke", full_name="张伟（市局高新技术科）", roles=[Role.CITY_STAFF], department=DepartmentFactory()
    )
    mine = VerifiedOrganizationFactory(region=regions["liling"], name="醴陵华鑫电瓷电器有限公司", verified_at=now)
    MembershipFactory(organization=mine, user=UserFactory(username="qiye", full_name="李明", roles=[Role.APPLICANT]))
    for n in range(4):
        other = VerifiedOrganizationFactory(
            region=regions["youxian" if n % 2 else "park"], name=f"株洲高新企业{n + 1}", verified_at=now
        )
        if n == 0:
            MembershipFactory(organization=other)
    OrganizationFactory(region=regions["liling"], name="尚未核验的企业")
    return regions


def test_a_survey_from_creation_to_answers_and_export(page, screenshot, people, browser, live_server):
    login(page, "gaoxinke", PASSWORD)
    page.wait_for_url(re.compile(r"/workbench/$"))
    page.get_by_role("link", name="填报任务").click()
    page.get_by_test_id("new-campaign").click()
    page.get_by_label("任务名称").fill("高新技术企业复工复产情况调查")
    deadline = (timezone.localdate() + timezone.timedelta(days=10)).isoformat()
    page.get_by_label("截止日期").fill(deadline)
    page.get_by_label("企业", exact=True).check()
    page.get_by_label("核验状态").select_option("yes")
    rows = page.get_by_test_id("field-row")
    rows.nth(0).get_by_label("问题 1").fill("是否已复工复产")
    rows.nth(0).get_by_label("类型").select_option("yes_no")
    rows.nth(1).get_by_label("问题 2").fill("主要困难")
    rows.nth(1).get_by_label("类型").select_option("choice")
    rows.nth(1).get_by_label("单选选项（每行一个）").fill("用工")
    screenshot("reports-campaign-form")
    page.get_by_test_id("save-campaign").click()
    # A choice question with one option is refused; what was typed stays.
    expect(page.get_by_role("alert").first).to_contain_text("提交的内容有误")
    expect(page.get_by_label("任务名称")).to_have_value("高新技术企业复工复产情况调查")
    screenshot("reports-campaign-form-error")
    page.get_by_test_id("field-row").nth(1).get_by_label("单选选项（每行一个）").fill("用工\n物流\n资金")
    page.get_by_test_id("save-campaign").click()

    expect(page.get_by_test_id("campaign-title")).to_have_text("高新技术企业复工复产情况调查")
    expect(page.get_by_test_id("filter-words")).to_contain_text("按当前条件共 5 家单位")
    screenshot("reports-campaign-draft")
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("completion")).to_have_text("0 / 5")

    # The enterprise sees the survey in its workbench and answers it.
    page.context.clear_cookies()
    login(page, "qiye", PASSWORD)
    page.wait_for_url(re.compile(r"/workbench/$"))
    panel = page.get_by_test_id("panel-campaigns")
    expect(panel).to_contain_text("高新技术企业复工复产情况调查")
    screenshot("reports-workbench-applicant")
    panel.get_by_role("link", name="高新技术企业复工复产情况调查").click()
    page.get_by_test_id("submit-answer").click()
    expect(page.get_by_role("alert").first).to_contain_text("提交的内容有误")
    screenshot("reports-answer-error")
    page.get_by_label("是", exact=True).check()
    page.get_by_label("物流").check()
    page.get_by_test_id("submit-answer").click()
    expect(page.get_by_role("status")).to_contain_text("已提交")
    screenshot("reports-answer")
    page.get_by_test_id("workbench-menu").get_by_role("link", name="数据填报任务").click()
    expect(page.get_by_test_id("my-campaigns")).to_contain_text("已提交")
    screenshot("reports-my-campaigns")

    # Staff watch completion, remind the others and export.
    page.context.clear_cookies()
    login(page, "gaoxinke", PASSWORD)
    page.wait_for_url(re.compile(r"/workbench/$"))
    page.get_by_role("link", name="填报任务").click()
    expect(page.get_by_test_id("campaign-table")).to_contain_text("20.00%")
    screenshot("reports-campaign-list")
    page.get_by_role("link", name="高新技术企业复工复产情况调查").click()
    expect(page.get_by_test_id("completion")).to_have_text("1 / 5")
    expect(page.get_by_test_id("field-stats")).to_contain_text("5 家中 1 家回答“是”，20.00%")
    page.get_by_test_id("remind").click()
    expect(page.get_by_role("status")).to_contain_text("已向 1 家未填报单位发送催报消息")
    expect(page.get_by_role("status")).to_contain_text("另有 3 家单位尚无平台账号")
    screenshot("reports-campaign-detail")
    with page.expect_download() as download:
        page.get_by_test_id("export-answers").click()
    assert download.value.suggested_filename == "高新技术企业复工复产情况调查.xlsx"
