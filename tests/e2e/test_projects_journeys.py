"""Browser journeys of project applications in Chromium, in Chinese.

1. The applicant finds the open call, fills in the application and submits it.
2. City staff return it with a reason; the applicant sees the reason, edits and resubmits.
3. City staff accept it and approve it with an amount; the applicant sees 已立项 and the log.
Plus the staff's call management pages and both workbenches.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from projects.models import ProjectApplication
from tests.e2e.conftest import login
from tests.factories import CountyFactory
from tests.projects.factories import (
    OpenCallFactory,
    ProjectApplicationFactory,
    ProjectCallFactory,
    VerifiedOrganizationFactory,
    applicant_of,
    reviewer,
)

PASSWORD = "Passw0rd!2026"
REASON = "请补充成果来源证明（技术转让合同或合作协议），并将考核指标细化为可量化的产值和专利数量。"


@pytest.fixture
def people(db):
    now = timezone.now()
    year = timezone.localdate().year
    call = OpenCallFactory(
        title=f"{year}年度株洲市科技成果转化项目（第二批）申报指南",
        category="transfer",
        max_funding=Decimal("500000"),
        summary="支持企业承接高等院校、科研院所科技成果到株转化。\n单项资助一般不超过50万元。",
        eligibility="申报单位须已在本平台完成单位注册并通过核验。",
    )
    ProjectCallFactory(
        title=f"{year}年度株洲市重点研发计划项目申报指南",
        opens_at=now - timedelta(days=260),
        closes_at=now - timedelta(days=220),
    )
    ProjectCallFactory(
        title=f"{year + 1}年度株洲市软科学研究项目申报指南",
        year=year + 1,
        category="soft_science",
        opens_at=now + timedelta(days=45),
        closes_at=now + timedelta(days=90),
    )
    org = VerifiedOrganizationFactory(name="株洲智造科技有限公司")
    applicant = applicant_of(org, username="qiye", full_name="李明")
    staff = reviewer(username="guihua", full_name="张伟")
    # Others' applications, so the staff list has rows from several counties.
    for i, (name, code, county) in enumerate(
        [
            ("攸县新能源动力科技有限公司", "430223", "攸县"),
            ("醴陵华鑫电瓷科技股份有限公司", "430281", "醴陵市"),
        ],
        start=1,
    ):
        other = VerifiedOrganizationFactory(name=name, region=CountyFactory(code=code, name=county))
        ProjectApplicationFactory(
            call=call,
            organization=other,
            status="submitted",
            number=f"XM{year}-000{i}",
            submitted_at=now - timedelta(days=3),
            title=f"{county}储能电池管理系统成果转化",
        )
    return {"call": call, "org": org, "applicant": applicant, "staff": staff}


def test_apply_return_resubmit_accept_approve(page, screenshot, people):
    call = people["call"]
    login(page, "qiye", PASSWORD)
    page.goto("/projects/calls/")
    items = page.get_by_test_id("call-list").locator("li")
    assert "申报中" in items.nth(0).inner_text()
    assert "未开始" in items.nth(1).inner_text() and "已截止" in items.nth(2).inner_text()
    screenshot("projects-01-call-list")
    page.get_by_role("link", name=call.title).click()
    screenshot("projects-02-call-detail")
    page.get_by_test_id("apply-button").click()

    page.get_by_label("项目名称").fill("轨道交通牵引变流器散热系统成果转化")
    page.get_by_label("项目负责人", exact=True).fill("李明")
    page.get_by_label("负责人电话").fill("13907330018")
    page.get_by_label("实施期起").fill(f"{call.year + 1}-01-01")
    page.get_by_label("实施期止").fill(f"{call.year + 2}-12-31")
    page.get_by_label("项目简介").fill("承接中南大学牵引变流器高效散热技术成果，建设散热系统生产线。")
    page.get_by_label("项目总预算（元）").fill("2600000")
    page.get_by_label("申请市级资助（元）").fill("600000")
    page.get_by_label("自筹经费（元）").fill("2000000")
    page.get_by_role("button", name="保存并提交申报").click()
    # Above the call's ceiling: refused with the reason, nothing typed is lost.
    assert "单项资助上限（50.00 万元）" in page.get_by_test_id("form-errors").inner_text()
    assert page.get_by_label("项目名称").input_value() == "轨道交通牵引变流器散热系统成果转化"
    screenshot("projects-03-application-form-error")
    page.get_by_label("申请市级资助（元）").fill("500000")
    page.get_by_label("自筹经费（元）").fill("2100000")
    page.get_by_role("button", name="保存并提交申报").click()
    page.get_by_text("申报书已提交").wait_for()
    number = page.get_by_test_id("application-number").inner_text()
    assert number == f"XM{timezone.localdate().year}-0003"  # after the two made above
    assert "待受理" in page.get_by_test_id("step-bar").inner_text()
    screenshot("projects-04-submitted")
    application = ProjectApplication.objects.get(number=number)

    page.context.clear_cookies()
    login(page, "guihua", PASSWORD)
    page.goto("/projects/applications/?status=submitted")
    table = page.get_by_test_id("application-table")
    assert table.get_by_role("row").count() == 4  # header + 3
    screenshot("projects-05-staff-list")
    table.get_by_role("link", name="轨道交通牵引变流器散热系统成果转化").click()
    screenshot("projects-06-staff-detail")
    page.get_by_label("办理意见").fill(REASON)
    page.get_by_role("button", name="退回修改").click()
    page.get_by_text("已退回申报单位修改").wait_for()

    page.context.clear_cookies()
    login(page, "qiye", PASSWORD)
    page.goto(f"/projects/applications/{application.pk}/")
    assert REASON in page.get_by_test_id("return-reason").inner_text()
    screenshot("projects-07-returned")
    page.get_by_test_id("return-reason").get_by_role("link", name="修改申报书").click()
    assert REASON in page.get_by_test_id("return-reason").inner_text()
    page.get_by_label("项目简介").fill(
        "承接中南大学牵引变流器高效散热技术成果（技术转让合同见附件），建设年产 2000 台套散热系统生产线；"
        "考核指标：新增产值 5000 万元，申请发明专利 3 项。"
    )
    page.get_by_label("修改说明").fill("已补充成果来源并细化考核指标")
    screenshot("projects-08-edit-returned")
    page.get_by_role("button", name="保存并重新提交").click()
    page.get_by_text("已重新提交").wait_for()

    page.context.clear_cookies()
    login(page, "guihua", PASSWORD)
    page.goto(f"/projects/applications/{application.pk}/")
    page.get_by_role("button", name="受理", exact=True).click()
    page.get_by_text("已受理。").wait_for()
    page.get_by_label("立项资助金额（元）").fill("450000")
    screenshot("projects-09-approve-form")
    page.get_by_role("button", name="批准立项").click()
    page.get_by_text("已批准立项").wait_for()
    project_number = page.get_by_test_id("project-number").inner_text()
    assert project_number == f"ZZKJ{call.year}-001"

    page.context.clear_cookies()
    login(page, "qiye", PASSWORD)
    page.goto(f"/projects/applications/{application.pk}/")
    assert "已立项" in page.get_by_test_id("application-status").inner_text()
    assert "45.00 万元" in page.get_by_test_id("approval").inner_text()
    log = page.get_by_test_id("progress-log").inner_text()
    for step in ("提交申报", "退回修改", "重新提交", "受理", "批准立项"):
        assert step in log
    assert REASON in log
    screenshot("projects-10-approved")
    page.goto("/projects/mine/")
    assert "已立项" in page.get_by_test_id("my-applications").inner_text()
    screenshot("projects-11-my-applications")
    page.goto("/workbench/")
    panel = page.get_by_test_id("panel-projects-applicant")
    assert panel.get_by_role("listitem").filter(has_text="已立项").inner_text().split()[-1] == "1"
    screenshot("projects-12-applicant-workbench")


def test_call_management_and_staff_workbench(page, screenshot, people):
    login(page, "guihua", PASSWORD)
    page.goto("/workbench/")
    assert page.get_by_test_id("projects-waiting").inner_text() == "2"
    screenshot("projects-13-staff-workbench")
    page.get_by_test_id("workbench-menu").get_by_role("link", name="申报指南管理").click()
    assert people["call"].title in page.get_by_test_id("call-table").inner_text()
    screenshot("projects-14-call-manage-list")
    page.get_by_role("link", name="新建申报指南").click()
    year = timezone.localdate().year + 1
    page.get_by_label("指南名称").fill(f"{year}年度株洲市社会发展科技项目申报指南")
    page.get_by_label("计划年度").fill(str(year))
    page.get_by_label("计划类别").select_option(label="社会发展科技")
    page.get_by_label("指南内容").fill("围绕人口健康、生态环境、公共安全等领域开展关键技术研发与示范应用。")
    opens = timezone.localtime() + timedelta(days=40)
    page.get_by_label("申报开始时间").fill(opens.strftime("%Y-%m-%dT09:00"))
    page.get_by_label("申报截止时间").fill((opens + timedelta(days=45)).strftime("%Y-%m-%dT17:30"))
    page.get_by_label("单项资助上限（元）").fill("300000")
    screenshot("projects-15-call-form")
    page.get_by_role("button", name="保存", exact=True).click()
    page.get_by_text("申报指南已保存（未发布）").wait_for()
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="发布申报指南").click()
    page.get_by_text("申报指南已发布").wait_for()
    assert "已发布" in page.get_by_test_id("call-table").inner_text()
