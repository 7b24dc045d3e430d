"""Journey: a county officer sees waiting work in the header, reads a message, follows a to-do."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bureau import calendar
from bureau.accounts.models import Role
from bureau.inbox import services
from tests.e2e.conftest import login
from tests.factories import CountyFactory, UserFactory

PASSWORD = "Passw0rd!2026"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officer(db):
    """王芳 of the 醴陵市 bureau, with two to-dos and two unread messages waiting."""
    county = CountyFactory()
    user = UserFactory(username="wangfang", full_name="王芳（醴陵市科技局）", roles=[Role.COUNTY_STAFF], region=county)
    sender = UserFactory(full_name="张伟（市局高新技术科）", roles=[Role.CITY_STAFF])
    today = timezone.localdate()
    services.open_todo(
        title="初审株洲智造科技有限公司的科技型中小企业评价申请",
        url="/accounts/preferences/",
        role=Role.COUNTY_STAFF,
        region=county,
        due_on=calendar.add_working_days(today, 3),
    )
    services.open_todo(
        title="核实醴陵陶瓷新材料有限公司的补正材料",
        url="/workbench/",
        users=[user],
        due_on=today - timedelta(days=3),
    )
    services.notify(
        recipients=[user],
        title="2026年度高新技术企业推荐名单已下达",
        body="请于 12 月 5 日前完成本辖区推荐企业的材料核查。",
        url="/workbench/",
        actor=sender,
    )
    services.notify(recipients=[user], title="您的后台导出任务已完成", url="/jobs/")
    return user


def _badge(page):
    return page.get_by_test_id("inbox-count")


def test_inbox_journey(page, screenshot, officer, browser, live_server):
    login(page, "wangfang", PASSWORD)
    page.wait_for_url(re.compile(r"/workbench/$"))
    # Two to-dos and two unread messages: the header says 4.
    expect(_badge(page)).to_have_text(re.compile(r"^4"))
    panel = page.get_by_test_id("panel-inbox")
    expect(panel).to_contain_text("初审株洲智造科技有限公司")
    expect(panel).to_contain_text("已逾期")
    expect(panel).to_contain_text("未读消息 2 条")
    screenshot("inbox-workbench-panel")

    page.get_by_test_id("inbox-link").click()
    page.wait_for_url(re.compile(r"/inbox/$"))
    rows = page.get_by_test_id("todo-row")
    expect(rows).to_have_count(2)
    # Soonest deadline first: the overdue one, said in words.
    expect(rows.nth(0)).to_contain_text("核实醴陵陶瓷新材料有限公司的补正材料")
    expect(rows.nth(0).get_by_test_id("todo-overdue").filter(visible=True)).to_contain_text("已逾期")
    expect(rows.nth(1)).to_contain_text("还剩 3 个工作日")
    expect(rows.nth(1)).to_contain_text("县市区科技局 · 醴陵市")
    screenshot("inbox-todos-1366")

    # The tab switch is an htmx swap that still updates the address bar.
    page.get_by_test_id("tab-messages").click()
    page.wait_for_url(re.compile(r"/inbox/messages/$"))
    messages = page.get_by_test_id("message-row")
    expect(messages).to_have_count(2)
    expect(messages.nth(1)).to_contain_text("未读")
    screenshot("inbox-messages-1366")

    # Opening a message marks it read and goes to its link; the header count drops.
    page.get_by_role("link", name="2026年度高新技术企业推荐名单已下达").click()
    page.wait_for_url(re.compile(r"/workbench/$"))
    expect(_badge(page)).to_have_text(re.compile(r"^3"))
    page.goto("/inbox/messages/")
    read_row = page.get_by_test_id("message-row").filter(has_text="2026年度高新技术企业推荐名单已下达")
    expect(read_row).to_have_attribute("data-read", "1")

    # Marking the rest read updates the list and the header without a reload.
    page.get_by_test_id("mark-all-read").click()
    expect(page.get_by_role("status")).to_contain_text("已将 1 条消息标为已读。")
    expect(_badge(page)).to_have_text(re.compile(r"^2"))
    expect(page.get_by_test_id("mark-all-read")).to_have_count(0)
    screenshot("inbox-messages-all-read-1366")

    # Following a to-do goes where the work is done.
    page.get_by_test_id("tab-todos").click()
    page.wait_for_url(re.compile(r"/inbox/$"))
    page.get_by_role("link", name="初审株洲智造科技有限公司的科技型中小企业评价申请", exact=True).click()
    page.wait_for_url(re.compile(r"/accounts/preferences/$"))
    expect(page.get_by_role("heading", name="个人设置")).to_be_visible()
    screenshot("inbox-preferences-1366")

    # A commissioner in the field on a phone.
    phone = browser.new_context(
        viewport={"width": 375, "height": 812}, locale="zh-CN", base_url=live_server.url, is_mobile=True
    )
    mobile = phone.new_page()
    login(mobile, "wangfang", PASSWORD)
    mobile.wait_for_url(re.compile(r"/workbench/$"))
    mobile.goto("/inbox/")
    expect(mobile.get_by_test_id("todo-row")).to_have_count(2)
    screenshot("inbox-todos-375", target=mobile)
    phone.close()
