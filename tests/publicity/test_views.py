"""Pages of public notices: list, detail with the objection form, receipt, staff pages."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from bureau.accounts.models import Role
from bureau.publicity import services
from bureau.publicity.models import Objection, Publicity
from bureau.publicity.views import OBJECTIONS_PER_HOUR
from tests.factories import CountyFactory, UserFactory

from .conftest import publish_list

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def form_data(publicity, **overrides):
    data = {
        "item": str(publicity.items.order_by("position").first().pk),
        "name": "王某",
        "organization": "株洲某科技有限公司",
        "phone": "13800000000",
        "email": "wang@example.com",
        "content": "该企业科技人员占比与实际不符，请核查。",
        "pledge": "on",
    }
    data.update(overrides)
    return data


# --- Public list and detail -------------------------------------------------------------


def test_public_list_shows_open_and_closed_but_not_withdrawn(client, city_staff):
    running = publish_list(city_staff, title="正在公示的名单")
    ended = publish_list(city_staff, title="已结束的名单")
    services.close_publicity(publicity=ended)
    gone = publish_list(city_staff, title="已撤回的名单")
    services.withdraw_publicity(actor=city_staff, publicity=gone, reason="误发")
    body = text(client.get(reverse("publicity:list")))
    assert running.title in body and ended.title in body and gone.title not in body
    assert body.index(running.title) < body.index(ended.title)  # open first
    assert "还剩 10 个工作日" in body
    assert running.title not in text(client.get(reverse("publicity:list"), {"status": "closed"}))


def test_public_list_query_count_is_bounded(client, city_staff, django_assert_max_num_queries):
    for i in range(12):
        publish_list(city_staff, lines=1, title=f"公示{i}")
    client.get(reverse("publicity:list"))  # load the working-day calendar once
    with django_assert_max_num_queries(3):
        assert client.get(reverse("publicity:list")).status_code == 200


def test_detail_shows_the_table_period_and_form(client, publicity, django_assert_max_num_queries):
    client.get(publicity.get_absolute_url())
    with django_assert_max_num_queries(4):
        response = client.get(publicity.get_absolute_url())
    body = text(response)
    assert "企业名称" in body and "统一社会信用代码" in body
    for item in publicity.items.all():
        assert item.name in body and item.values[2] in body
    assert "公示期" in body and "还剩 10 个工作日" in body
    assert 'data-testid="objection-form"' in body
    assert "整个公示" in body


def test_withdrawn_and_draft_notices_answer_404(client, city_staff, publicity):
    services.withdraw_publicity(actor=city_staff, publicity=publicity, reason="误发")
    assert client.get(publicity.get_absolute_url()).status_code == 404
    assert client.get(reverse("publicity:detail", args=[999999])).status_code == 404


def test_bad_objection_keeps_what_was_typed_and_says_why(client, publicity):
    data = form_data(publicity, phone="12ab", email="not-an-address", content="太短", pledge="")
    response = client.post(publicity.get_absolute_url(), data)
    body = text(response)
    assert response.status_code == 200
    assert "联系电话格式不正确" in body
    assert "电子邮箱格式不正确" in body
    assert "异议内容太短" in body
    assert "请勾选承诺后再提交" in body
    assert 'value="王某"' in body and 'value="株洲某科技有限公司"' in body and "太短" in body
    assert not Objection.objects.exists()


def test_objection_is_filed_and_the_receipt_shown_in_this_session_only(client, publicity):
    response = client.post(publicity.get_absolute_url(), form_data(publicity))
    objection = Objection.objects.get()
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    body = text(receipt)
    assert objection.receipt_no in body and re.match(r"YY\d{8}-\d{6}$", objection.receipt_no)
    assert "您的异议已提交" in body and objection.item.name in body
    assert Client().get(response["Location"]).status_code == 404  # someone else's browser


def test_objection_to_the_whole_notice(client, publicity):
    client.post(publicity.get_absolute_url(), form_data(publicity, item="whole"))
    assert Objection.objects.get().item is None


def test_objections_are_rate_limited_per_address(client, publicity):
    for _ in range(OBJECTIONS_PER_HOUR):
        assert client.post(publicity.get_absolute_url(), form_data(publicity)).status_code == 302
    response = client.post(publicity.get_absolute_url(), form_data(publicity))
    assert response.status_code == 429
    assert "提交过于频繁" in text(response)
    assert Objection.objects.count() == OBJECTIONS_PER_HOUR
    # Another address is not affected.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(publicity.get_absolute_url(), form_data(publicity)).status_code == 302


def test_closed_notice_takes_no_objection(client, publicity):
    services.close_publicity(publicity=publicity)
    body = text(client.get(publicity.get_absolute_url()))
    assert "公示期已结束，不再受理异议" in body and 'data-testid="objection-form"' not in body
    response = client.post(publicity.get_absolute_url(), form_data(publicity), follow=True)
    assert "不在公示期内" in text(response)
    assert not Objection.objects.exists()


# --- Staff pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.COUNTY_STAFF, Role.EXPERT])
def test_non_staff_get_404(client, publicity, role):
    client.force_login(UserFactory(roles=[role], region=CountyFactory() if role == Role.COUNTY_STAFF else None))
    assert client.get(reverse("publicity:staff-list")).status_code == 404
    assert client.get(publicity.get_staff_url()).status_code == 404


def test_anonymous_staff_pages_redirect_to_login(client, publicity):
    assert client.get(publicity.get_staff_url()).status_code == 302


def test_staff_list_counts_pending_objections(client, city_staff, django_assert_max_num_queries):
    busy = publish_list(city_staff, title="有异议的公示")
    for name in ("甲", "乙"):
        services.file_objection(publicity=busy, name=name, phone="13800000000", content="请核查该企业的研发费用。")
    handled = services.file_objection(publicity=busy, name="丙", phone="13800000000", content="请核查该企业。")
    services.handle_objection(actor=city_staff, objection=handled, upheld=False, reply="不成立")
    for i in range(8):
        publish_list(city_staff, lines=2, title=f"其他公示{i}")
    client.force_login(city_staff)
    client.get(reverse("workbench"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("publicity:staff-list"))
    body = text(response)
    assert "共 9 条" in body
    row = body[body.index("有异议的公示") :]
    assert re.search(r'data-testid="pending-count">2<', row[:2000])
    assert "公示与异议" in body  # the left menu link


def test_staff_handles_an_objection_on_the_detail_page(client, city_staff, publicity, django_assert_max_num_queries):
    filed = services.file_objection(
        publicity=publicity, item=publicity.items.first(), name="王某", phone="13800000000", content="请核查该企业。"
    )
    client.force_login(city_staff)
    client.get(reverse("workbench"))
    with django_assert_max_num_queries(14):
        page = client.get(publicity.get_staff_url())
    assert "待核查 1 条" in text(page) and 'data-testid="handle-form"' in text(page)
    missing = client.post(publicity.get_staff_url(), {"objection": filed.pk, "decision": "upheld", "reply": ""})
    assert missing.status_code == 400
    assert "请填写核查意见" in text(missing)
    kept = rf'value="upheld"[^>]*id="handle-{filed.pk}-decision_1"[^>]*checked'
    assert re.search(kept, text(missing))
    done = client.post(
        publicity.get_staff_url(), {"objection": filed.pk, "decision": "upheld", "reply": "经核查，异议成立。"}
    )
    assert done.status_code == 302
    filed.refresh_from_db()
    assert (filed.status, filed.reply) == (Objection.Status.UPHELD, "经核查，异议成立。")


def test_leader_reads_but_cannot_handle_or_withdraw(client, leader, publicity):
    filed = services.file_objection(publicity=publicity, name="王某", phone="13800000000", content="请核查该企业。")
    client.force_login(leader)
    page = text(client.get(publicity.get_staff_url()))
    assert filed.content in page and 'data-testid="handle-form"' not in page and 'name="transition"' not in page
    assert (
        client.post(publicity.get_staff_url(), {"objection": filed.pk, "decision": "upheld", "reply": "x"}).status_code
        == 404
    )
    client.post(reverse("publicity:staff-withdraw", args=[publicity.pk]), {"transition": "withdraw", "comment": "x"})
    assert Publicity.objects.get(pk=publicity.pk).status == Publicity.Status.OPEN


def test_staff_withdraws_with_a_reason(client, city_staff, publicity):
    client.force_login(city_staff)
    url = reverse("publicity:staff-withdraw", args=[publicity.pk])
    refused = client.post(url, {"transition": "withdraw", "version": publicity.version, "comment": ""}, follow=True)
    assert "请填写撤回理由" in text(refused)
    client.post(url, {"transition": "withdraw", "version": publicity.version, "comment": "名单有误"})
    assert Publicity.objects.get(pk=publicity.pk).status == Publicity.Status.WITHDRAWN


def test_home_page_lists_open_notices(client, city_staff, publicity):
    body = text(client.get(reverse("home")))
    assert publicity.title in body and "还剩 10 个工作日" in body
