"""Browser journey: a visitor objects to an open public notice; city staff handle the objection."""

import pytest
from playwright.sync_api import expect

from bureau.accounts.models import Role
from bureau.notices.models import Notice
from bureau.publicity.models import Objection
from tests.e2e.conftest import login
from tests.factories import DepartmentFactory, UserFactory, make_uscc
from tests.publicity.conftest import publish_list

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Passw0rd!2026"
TITLE = "2026年第四批科技型中小企业入库名单公示"


@pytest.fixture(autouse=True)
def clear_rate_limits():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_visitor_objects_and_staff_handle_it(page, screenshot):
    staff = UserFactory(username="gaoxinke", full_name="张伟", roles=[Role.CITY_STAFF], department=DepartmentFactory())
    publicity = publish_list(staff, lines=5, title=TITLE)
    publish_list(staff, lines=2, title="2026年度株洲市科技计划项目立项公示")
    first = publicity.items.order_by("position").first()

    page.goto("/")
    page.get_by_test_id("home-publicity").get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("publicity-table")).to_contain_text(first.name)
    expect(page.get_by_test_id("period")).to_contain_text("还剩")

    form = page.get_by_test_id("objection-form")
    form.get_by_label("异议对象").select_option(label=f"1. {first.name}")
    form.get_by_label("异议人姓名").fill("王建国")
    form.get_by_label("联系电话").fill("12345")
    form.get_by_label("异议内容及理由").fill("该企业2025年科技人员占比不足10%，与公示材料不符，请核查。")
    form.get_by_role("button", name="提交异议").click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_contain_text("联系电话格式不正确")
    expect(summary).to_contain_text("请勾选承诺后再提交")
    expect(page.get_by_label("异议人姓名")).to_have_value("王建国")
    screenshot("portal-publicity-detail-errors")

    page.get_by_label("联系电话").fill("13873300000")
    page.get_by_label("电子邮箱").fill("wangjg@example.com")
    page.get_by_label("本人承诺所反映的情况属实，并愿意配合核查。").check()
    page.get_by_role("button", name="提交异议").click()
    expect(page.get_by_test_id("receipt")).to_contain_text("您的异议已提交")
    receipt_no = Objection.objects.get().receipt_no
    expect(page.get_by_test_id("receipt-no")).to_have_text(receipt_no)
    screenshot("portal-publicity-receipt")

    page.goto("/publicity/")
    screenshot("portal-publicity-public-list")

    login(page, staff.username, PASSWORD)
    page.get_by_test_id("workbench-menu").get_by_role("link", name="公示与异议").click()
    expect(page.get_by_test_id("pending-count")).to_have_text("1")
    screenshot("portal-publicity-staff-list")
    page.get_by_role("link", name=TITLE).click()
    handle = page.get_by_test_id("handle-form")
    handle.get_by_label("异议不成立").check()
    handle.get_by_role("button", name="提交核查结果").click()  # no reply yet: refused, choice kept
    expect(page.get_by_test_id("handle-form")).to_contain_text("请填写核查意见")
    expect(page.get_by_test_id("handle-form").get_by_label("异议不成立")).to_be_checked()
    screenshot("portal-publicity-staff-handle")
    page.get_by_test_id("handle-form").get_by_label("核查意见").fill(
        "经核查，该企业2025年科技人员占比为12.5%，符合评价条件，异议不成立。"
    )
    page.get_by_test_id("handle-form").get_by_role("button", name="提交核查结果").click()
    expect(page.get_by_test_id("objection")).to_contain_text("符合评价条件，异议不成立。")
    expect(page.get_by_test_id("objection")).to_contain_text("已邮件告知异议人")
    screenshot("portal-publicity-staff-detail")
    objection = Objection.objects.get()
    assert objection.status == "dismissed" and objection.handled_by == staff


def test_progress_lookup_page(page, screenshot):
    from bureau.core.progress import register_progress_lookup, unregister_progress_lookup
    from bureau.notices import services

    staff = UserFactory(roles=[Role.CITY_STAFF], department=DepartmentFactory())
    uscc = make_uscc()
    notice = services.create_notice(actor=staff, title="演示事项", category="notice", body="正文")
    services.publish_notice(actor=staff, notice=notice, comment="材料齐全，已受理。")

    def find(number, code):
        return Notice.objects.filter(pk=number.removeprefix("DEMO-")).first() if code == uscc else None

    register_progress_lookup("demo", "技术合同认定登记（演示）", find, number_label="登记编号")
    try:
        page.goto("/")
        page.get_by_role("link", name="办理进度查询").click()
        page.get_by_label("办理事项").select_option("demo")
        page.get_by_label("受理编号 / 登记编号").fill(f"DEMO-{notice.pk}")
        page.get_by_label("统一社会信用代码").fill(uscc)
        page.get_by_role("button", name="查询").click()
        expect(page.get_by_test_id("progress-log")).to_contain_text("材料齐全，已受理。")
        expect(page.get_by_test_id("step-bar")).to_contain_text("已发布")
        expect(page.get_by_test_id("lookup-result")).not_to_contain_text(staff.display_name)
        screenshot("portal-progress-found")
        page.get_by_label("统一社会信用代码").fill(make_uscc())
        page.get_by_role("button", name="查询").click()
        expect(page.get_by_test_id("lookup-not-found")).to_be_visible()
        screenshot("portal-progress-not-found")
    finally:
        unregister_progress_lookup("demo")
