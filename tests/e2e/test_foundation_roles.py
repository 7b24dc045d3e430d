"""Browser journeys of the foundation: every demo account of ``seed_demo`` signs in.

The full ``seed_demo`` takes about a minute (the certification, contract and report demo
data); tests/core/test_seed_demo.py runs it. Here the foundation's part of it (city,
departments, accounts, notices, welcome messages and the organization registry) is
seeded once for the module and committed for a live server of the module's own. pytest-django's ``live_server``
is not used on purpose: it makes every test transactional and flushes the database after
each one. The tests here only read (the server's own writes such as sessions are harmless),
and the module empties the database (as a transactional test would) when it is done.
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.test.utils import modify_settings
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from bureau.core import demo
from bureau.inbox import demo as inbox_demo
from bureau.notices import demo as notices_demo
from enterprises import demo as enterprises_demo
from tests.e2e.conftest import login
from tests.e2e.test_foundation_public import UNLABELLED

# Not transactional: the module fixture commits the demo data; each test only reads it.
pytestmark = pytest.mark.django_db

PHONE = {"width": 390, "height": 844}
WRONG_PASSWORD = re.compile(r"^用户名或密码不正确，请重新输入（区分大小写）。连续输错 \d+ 次，账号将被锁定 15 分钟。$")
FOCUSED = "(e => `${e.tagName}:${e.id || e.name || e.textContent.trim()}`)(document.activeElement)"

# role -> demo account, the words under the heading, the panels its workbench must show
ROLES = {
    "applicant": ("qiye", "李明（株洲智造科技有限公司）", ["panel-my-organization", "panel-certification"]),
    "county_staff": ("liling", "醴陵市", ["panel-registry", "panel-certification-review", "panel-figures"]),
    "city_staff": ("gaoxinke", "高新技术科", ["panel-registry", "panel-certification-review", "panel-figures"]),
    "expert": ("zhuanjia", "陈教授（评审专家）", []),
    "leader": ("lingdao", "赵局长（局领导）", ["panel-pipeline", "panel-figures", "panel-contracts-queue"]),
    "administrator": ("admin", "系统管理员", ["panel-registry", "panel-contracts-queue"]),
}
ROLE_LABELS = {
    "applicant": "申报单位用户",
    "county_staff": "县市区科技局",
    "city_staff": "市局业务科室",
    "expert": "评审专家",
    "leader": "局领导",
    "administrator": "系统管理员",
}


def _seed_foundation_demo(out):
    """Run the steps of ``seed_demo`` the foundation's pages need, in the command's order."""
    demo.seed(out)
    demo.seed_accounts()
    notices_demo.seed(out)
    inbox_demo.seed(out)
    enterprises_demo.seed(out)


@pytest.fixture(scope="module")
def demo_server(django_db_setup, django_db_blocker):
    """Seed the demo once, serve it, and empty the database afterwards."""
    with django_db_blocker.unblock():
        _seed_foundation_demo(StringIO())
        server = LiveServer("localhost")
        hosts = modify_settings(ALLOWED_HOSTS={"append": "localhost"})
        hosts.enable()
        try:
            yield server
        finally:
            hosts.disable()
            server.stop()
            # flush empties every table and resets the sequences; its post_migrate signal
            # reloads the reference data the migrations load (roles, industries,
            # indicators, schedules), which is the state the next test expects.
            call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def page(browser, demo_server):
    """A 1366x768 Chinese page on the module's server (replaces the conftest's ``page``)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN", base_url=demo_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def phone(browser, demo_server):
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", base_url=demo_server.url, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def _sign_in(page, username):
    login(page, username, demo.DEMO_PASSWORD)
    page.wait_for_url(re.compile(r"/workbench/$"))


def _header_count(page) -> int:
    badge = page.get_by_test_id("inbox-count")
    expect(badge).to_be_visible()
    return int(re.match(r"\d+", badge.inner_text()).group())


def _panel_counts(page) -> tuple[int, int]:
    """Return (open to-dos, unread messages) as the to-do panel states them."""
    panel = page.get_by_test_id("panel-inbox")
    todos = int(re.match(r"\d+", panel.locator(".section-title .badge").inner_text()).group())
    unread_text = panel.get_by_test_id("panel-unread").inner_text()
    unread = int(m.group(1)) if (m := re.search(r"(\d+)", unread_text)) else 0
    return todos, unread


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _bureau_name_on_one_line(page) -> bool:
    return page.locator(".portal-bureau").evaluate(
        "e => e.getBoundingClientRect().height < 2 * parseFloat(getComputedStyle(e).fontSize)"
    )


@pytest.mark.parametrize("role", list(ROLES))
def test_each_demo_role_lands_on_its_workbench(page, screenshot, role):
    username, subtitle, panels = ROLES[role]
    _sign_in(page, username)

    expect(page.get_by_role("heading", name="我的工作台", level=1)).to_be_visible()
    expect(page.locator("main")).to_contain_text(subtitle)
    expect(page.get_by_test_id("workbench-roles")).to_have_text(f"当前显示：{ROLE_LABELS[role]}")
    # One role: nothing to switch between.
    expect(page.get_by_test_id("role-switcher")).to_have_count(0)

    # The to-do inbox comes first, and the header adds up what it shows.
    inbox = page.get_by_test_id("panel-inbox")
    expect(inbox.get_by_role("heading", name=re.compile("^待办事项"))).to_be_visible()
    todos, unread = _panel_counts(page)
    assert unread >= 1, "every demo account has its welcome message"
    assert _header_count(page) == todos + unread
    for testid in panels:
        expect(page.get_by_test_id(testid)).to_be_visible()
    expect(page.get_by_test_id("workbench-menu").get_by_role("link", name="待办事项")).to_be_visible()
    assert _fits(page)
    assert page.evaluate(UNLABELLED) == []
    screenshot(f"foundation-workbench-{role.replace('_', '-')}")


def test_an_account_with_two_roles_switches_between_them(page, screenshot):
    _sign_in(page, "tianyuan")
    roles = page.get_by_test_id("workbench-roles")
    expect(roles).to_have_text("当前显示：县市区科技局评审专家")
    expect(page.get_by_test_id("panel-registry")).to_be_visible()
    switcher = page.get_by_test_id("role-switcher")
    expect(switcher.get_by_label("查看角色")).to_have_value("")
    assert page.evaluate(UNLABELLED) == []
    screenshot("foundation-workbench-two-roles")

    switcher.get_by_label("查看角色").select_option(label="评审专家")
    expect(roles).to_have_text("当前显示：评审专家")
    expect(page.get_by_test_id("panel-registry")).to_have_count(0)
    expect(page.get_by_test_id("panel-inbox")).to_be_visible()
    # The menu keeps the work of both roles, so no link is lost by focusing on one.
    expect(page.get_by_test_id("workbench-menu").get_by_role("link", name="创新主体名录")).to_be_visible()
    screenshot("foundation-workbench-two-roles-expert")

    page.get_by_test_id("role-switcher").get_by_label("查看角色").select_option(label="全部角色")
    expect(roles).to_have_text("当前显示：县市区科技局评审专家")


ADMIN_LISTS = [
    ("用户", "/admin/accounts/user/", "lingdao"),
    ("角色", "/admin/accounts/rolegroup/", "评审专家"),
    ("区划", "/admin/regions/region/", "株洲高新技术产业开发区"),
    ("业务科室", "/admin/accounts/department/", "成果转化科"),
    ("通知公告", "/admin/notices/notice/", "关于组织申报2027年度株洲市科技计划项目的通知"),
    ("周期性任务", "/admin/django_celery_beat/periodictask/", "daily-digest"),
]


def test_administrator_manages_the_foundation_in_admin(page, screenshot):
    _sign_in(page, "admin")
    page.get_by_test_id("user-menu").click()
    page.get_by_role("link", name="系统管理").click()
    page.wait_for_url(re.compile(r"/admin/$"))
    for _, url, _ in ADMIN_LISTS:
        expect(page.locator(f'#content-main a[href="{url}"]').first).to_be_visible()
    screenshot("foundation-admin-index")

    for title, url, row in ADMIN_LISTS:
        page.goto(url)
        expect(page.locator("#content h1")).to_contain_text(title)
        expect(page.locator("#result_list")).to_contain_text(row)
        assert page.locator("#result_list tbody tr").count() >= 1
    screenshot("foundation-admin-periodic-tasks")
    page.goto("/admin/regions/region/")
    screenshot("foundation-admin-regions")


def test_wrong_password_is_explained_in_chinese(page, screenshot):
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("zhuanjia")
    page.get_by_label("密码").fill("demo@2026")
    page.get_by_role("button", name="登录").click()
    error = page.get_by_test_id("login-error")
    expect(error).to_have_text(WRONG_PASSWORD)
    expect(error).to_have_attribute("role", "alert")
    expect(page.get_by_label("用户名")).to_have_value("zhuanjia")
    expect(page.get_by_label("密码")).to_have_value("")
    screenshot("foundation-login-wrong-password")


def test_keyboard_reaches_the_login_form_in_order(page):
    """Tab through the login page from its top: skip link, header, then the form in order."""
    page.goto("/accounts/login/")
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(FOCUSED))
        if stops.count("A:跳到正文") and stops[-1] == "BUTTON:登录":
            break
    # The page starts focused on the username (autofocus); going round once reaches the top.
    top = stops.index("A:跳到正文")
    from_top = stops[top:]
    assert from_top[-3:] == ["INPUT:id_username", "INPUT:id_password", "BUTTON:登录"], from_top
    assert "SELECT:lang-select" in from_top
    # The skip link appears when focused and moves the focus to the page's content.
    skip = page.get_by_role("link", name="跳到正文")
    skip.focus()
    assert skip.bounding_box()["width"] > 10
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # Submitting the empty form from the keyboard says what is missing, next to each field.
    page.get_by_label("密码").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="登录")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("用户名")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_username-error")).to_have_text("该字段是必填项。")
    expect(page.locator("#id_password-error")).to_have_text("该字段是必填项。")


def test_phone_home_and_workbench_menu(phone, screenshot):
    phone.goto("/")
    expect(phone.get_by_test_id("home-notices")).to_be_visible()
    assert _fits(phone)
    assert _bureau_name_on_one_line(phone)
    screenshot("foundation-phone-home", target=phone)

    _sign_in(phone, "liling")
    menu = phone.get_by_test_id("workbench-menu")
    toggle = phone.get_by_role("button", name="工作台菜单")
    # On a phone the menu folds away behind a button so the work comes first.
    expect(menu).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert _header_count(phone) >= 1
    assert _fits(phone)
    assert _bureau_name_on_one_line(phone)
    screenshot("foundation-phone-workbench", target=phone)
    toggle.click()
    # Wait for the end of the unfolding animation, not only its start.
    expect(menu).to_have_class(re.compile(r"\bshow\b"))
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="待办事项")).to_be_visible()
    screenshot("foundation-phone-workbench-menu", target=phone)
