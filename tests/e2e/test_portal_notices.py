"""Browser journey: city staff draft, publish and withdraw a notice; the home page follows."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bureau.accounts.models import Role
from bureau.notices.models import Notice
from tests.e2e.conftest import login
from tests.factories import DepartmentFactory, UserFactory
from tests.notices.factories import CallFactory, NoticeFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Passw0rd!2026"
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "关于组织申报2027年度株洲市科技计划项目的通知"


def test_staff_publish_and_withdraw_a_call(page, screenshot, tmp_path):
    staff = UserFactory(username="gaoxinke", full_name="张伟", roles=[Role.CITY_STAFF], department=DepartmentFactory())
    NoticeFactory.create_batch(3, published=True)
    today = timezone.localdate()

    login(page, staff.username, PASSWORD)
    page.get_by_test_id("workbench-menu").get_by_role("link", name="通知公告管理").click()
    expect(page.get_by_role("heading", name="通知公告管理")).to_be_visible()
    screenshot("portal-notices-staff-list")

    page.get_by_test_id("new-notice").click()
    page.get_by_label("标题").fill(TITLE)
    page.get_by_label("栏目").select_option("call")
    # Saving without the window is refused and keeps the title.
    page.get_by_label("正文").fill("各县市区科技主管部门，各有关单位：\n\n现组织申报2027年度株洲市科技计划项目。")
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_test_id("error-summary")).to_contain_text("申报开始日期：申报指南须填写申报开始日期。")
    expect(page.get_by_label("标题")).to_have_value(TITLE)
    screenshot("portal-notices-form-errors")
    page.get_by_label("申报开始日期").fill((today - timedelta(days=3)).isoformat())
    page.get_by_label("申报截止日期").fill((today + timedelta(days=25)).isoformat())
    page.get_by_role("button", name="保存草稿").click()
    expect(page.get_by_test_id("notice-status")).to_have_text("草稿")

    attachment = tmp_path / "2027年度申报指南.pdf"
    attachment.write_bytes(PDF)
    page.get_by_label("上传附件").set_input_files(str(attachment))
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.get_by_test_id("attachments")).to_contain_text("2027年度申报指南.pdf")
    screenshot("portal-notices-staff-draft")

    page.get_by_role("button", name="发布").click()
    expect(page.get_by_test_id("notice-status")).to_have_text("已发布")

    page.goto("/")
    expect(page.get_by_test_id("home-calls")).to_contain_text(TITLE)
    page.get_by_test_id("home-calls").get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("call-window")).to_contain_text("申报中")
    expect(page.get_by_test_id("attachments")).to_contain_text("2027年度申报指南.pdf")
    screenshot("portal-notices-public-detail")
    public_url = page.url

    notice = Notice.objects.get(title=TITLE)
    page.goto(notice.get_staff_url())
    page.get_by_role("button", name="撤回").click()  # no reason: refused
    expect(page.get_by_role("alert")).to_contain_text("请填写撤回理由")
    page.get_by_label("撤回理由").fill("申报时间调整，以新通知为准。")
    page.get_by_role("button", name="撤回").click()
    expect(page.get_by_test_id("notice-status")).to_have_text("已撤回")
    expect(page.get_by_test_id("progress-log")).to_contain_text("申报时间调整，以新通知为准。")
    screenshot("portal-notices-staff-withdrawn")

    page.goto("/")
    expect(page.get_by_test_id("home-calls")).not_to_contain_text(TITLE)
    response = page.goto(public_url)
    assert response.status == 404


def test_public_pages_and_home_on_desktop_and_phone(page, screenshot, browser, live_server):
    for title in (
        "关于开展2026年度企业研发投入统计填报工作的通知",
        "关于举办2026年技术合同认定登记业务实操培训的通知",
        "关于做好2027年度高新技术企业认定申报准备工作的通知",
    ):
        NoticeFactory(published=True, title=title)
    NoticeFactory(published=True, category="policy", title="株洲市支持科技型企业加快创新发展的若干措施")
    NoticeFactory(published=True, category="news", title="我市召开科技成果转化和技术市场工作推进会")
    CallFactory(published=True, title=TITLE)
    CallFactory(published=True, title="关于做好2026年第四批科技型中小企业评价工作的通知")

    page.goto("/")
    expect(page.get_by_test_id("home-notices")).to_contain_text("企业研发投入统计填报")
    expect(page.get_by_test_id("home-calls")).to_contain_text("还剩")
    screenshot("portal-home-1366")

    page.goto("/notices/")
    expect(page.get_by_test_id("notice-list")).to_contain_text("株洲市支持科技型企业加快创新发展的若干措施")
    screenshot("portal-notices-public-list")
    page.get_by_label("搜索标题或正文").fill("技术合同")
    page.get_by_role("button", name="搜索").click()
    expect(page.get_by_test_id("result-count")).to_contain_text("共 1 条")

    phone = browser.new_context(viewport={"width": 375, "height": 812}, locale="zh-CN", base_url=live_server.url)
    try:
        mobile = phone.new_page()
        mobile.goto("/")
        expect(mobile.get_by_test_id("home-calls")).to_contain_text(TITLE)
        # Nothing wider than the screen: no sideways scrolling on a phone.
        width = mobile.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, width
        screenshot("portal-home-375", target=mobile)
        mobile.goto("/notices/?category=call")
        assert re.search("申报指南", mobile.title())
        screenshot("portal-notices-list-375", target=mobile)
    finally:
        phone.close()
