"""Browser journey: switch the portal to English in the header, use it, and switch back."""

import pytest
from playwright.sync_api import expect

from bureau.accounts.models import Role
from tests.factories import DepartmentFactory, UserFactory
from tests.notices.factories import CallFactory, NoticeFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Passw0rd!2026"


def test_switch_to_english_and_back(page, screenshot):
    staff = UserFactory(username="gaoxinke", full_name="张伟", roles=[Role.CITY_STAFF], department=DepartmentFactory())
    NoticeFactory.create_batch(2, published=True)
    CallFactory(published=True)

    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("link", name="办理进度查询")).to_be_visible()

    # The header's language picker posts to set_language and comes back to the same page.
    page.get_by_label("语言").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    nav = page.get_by_role("navigation", name="Main navigation")
    for label in ("Home", "Notices", "Calls for applications", "Public notices", "Progress lookup"):
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Register organization")).to_be_visible()
    _assert_fits(page)
    screenshot("i18n-home-en")

    page.get_by_role("link", name="Log in", exact=True).click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()
    page.get_by_label("Username").fill(staff.username)
    page.get_by_label("Password").fill(PASSWORD)
    _assert_fits(page)
    screenshot("i18n-login-en")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="My workbench")).to_be_visible()
    menu = page.get_by_test_id("workbench-menu")
    expect(menu.get_by_role("link", name="Innovation entity registry")).to_be_visible()
    expect(menu.get_by_role("link", name="Technology contract statistics")).to_be_visible()
    _assert_fits(page)
    screenshot("i18n-workbench-en")

    page.get_by_label("Language").select_option("zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
    page.get_by_test_id("user-menu").click()
    page.get_by_role("button", name="退出登录").click()
    page.goto("/accounts/login/")
    expect(page.get_by_label("用户名")).to_be_visible()
    expect(page.get_by_role("navigation", name="主导航").get_by_role("link", name="办理进度查询")).to_be_visible()


def _assert_fits(page):
    """Nothing spills sideways: no horizontal scroll, and no header button or nav link overflows."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    overflowing = page.evaluate(
        """() => [...document.querySelectorAll('.portal-banner .btn, .portal-nav .nav-link, main .btn')]
              .filter(el => el.offsetParent && el.scrollWidth > el.clientWidth + 1)
              .map(el => el.textContent.trim())"""
    )
    assert overflowing == []
