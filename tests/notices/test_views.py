"""Pages of notices: public list and detail, staff pages, permissions and query counts."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bureau.accounts.models import Role
from bureau.core.models import TransitionLog
from bureau.notices import services
from bureau.notices.models import Notice
from tests.factories import CountyFactory, DepartmentFactory, UserFactory

from .factories import CallFactory, NoticeFactory
from .test_services import PDF

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


# --- Public pages -----------------------------------------------------------------------


def test_public_list_shows_only_published_notices(client):
    shown = NoticeFactory(published=True, title="关于开展2026年度企业研发投入统计填报工作的通知")
    NoticeFactory(title="草稿通知")
    NoticeFactory(withdrawn=True, title="已撤回的通知")
    response = client.get(reverse("notices:list"))
    assert response.status_code == 200
    assert shown.title in text(response)
    assert "草稿通知" not in text(response)
    assert "已撤回的通知" not in text(response)


def test_public_list_filters_by_category_and_searches():
    from django.test import Client

    client = Client()
    call = CallFactory(published=True, title="关于组织申报2027年度株洲市科技计划项目的通知")
    policy = NoticeFactory(published=True, category="policy", title="株洲市科技特派员管理办法")
    body_hit = NoticeFactory(published=True, title="工作动态一则", body="技术合同认定登记业务实操培训")
    calls = text(client.get(reverse("notices:list"), {"category": "call"}))
    assert call.title in calls and policy.title not in calls
    assert "申报中" in calls  # the window's state in words
    found = text(client.get(reverse("notices:list"), {"q": "技术合同"}))
    assert body_hit.title in found and call.title not in found
    assert "共 1 条" in found
    # An unknown category is ignored rather than failing.
    assert client.get(reverse("notices:list"), {"category": "<x>"}).status_code == 200


def test_public_list_paginates(client):
    NoticeFactory.create_batch(23, published=True)
    first = text(client.get(reverse("notices:list")))
    second = text(client.get(reverse("notices:list"), {"page": 2}))
    assert "第 1 / 2 页" in first
    assert "共 23 条" in second and second.count('class="notice-title"') == 3


def test_public_list_query_count_is_bounded(client, django_assert_max_num_queries):
    NoticeFactory.create_batch(25, published=True, department=DepartmentFactory())
    CallFactory.create_batch(5, published=True)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("notices:list"))
    assert response.status_code == 200


def test_detail_renders_the_body_as_escaped_paragraphs(client):
    notice = NoticeFactory(
        published=True, body="各有关单位：\n\n第一段<script>alert(1)</script>\n第一段第二行\n\n第二段"
    )
    response = client.get(notice.get_absolute_url())
    body = text(response)
    assert '<p class="salutation">各有关单位：</p>' in body  # flush left, as in a paper notice
    assert "<p>第一段&lt;script&gt;alert(1)&lt;/script&gt;<br>第一段第二行</p>" in body
    assert "<p>第二段</p>" in body
    assert "<script>alert(1)" not in body


def test_detail_of_a_call_shows_its_window(client):
    call = CallFactory(published=True, apply_from=date(2026, 11, 16), apply_until=date(2026, 12, 18))
    body = text(client.get(call.get_absolute_url()))
    assert "2026年11月16日" in body and "2026年12月18日" in body


@pytest.mark.parametrize("state", ["draft", "withdrawn"])
def test_draft_and_withdrawn_notices_answer_404_publicly(client, city_staff, state):
    notice = NoticeFactory(withdrawn=True) if state == "withdrawn" else NoticeFactory()
    assert client.get(notice.get_absolute_url()).status_code == 404
    client.force_login(city_staff)  # staff too: the public page is the public page
    assert client.get(notice.get_absolute_url()).status_code == 404


def test_attachments_download_for_published_notices_only(client, city_staff):
    notice = services.create_notice(actor=city_staff, title="带附件的通知", category="notice", body="正文")
    attachment = services.add_attachment(
        actor=city_staff, notice=notice, upload=SimpleUploadedFile("申报指南.pdf", PDF)
    )
    url = attachment.get_absolute_url()
    assert client.get(url).status_code == 404  # draft: not public yet
    services.publish_notice(actor=city_staff, notice=notice)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert "申报指南.pdf" in text(client.get(notice.get_absolute_url()))
    services.withdraw_notice(actor=city_staff, notice=notice, reason="误发")
    assert client.get(url).status_code == 404


# --- Staff pages: who may enter ----------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("notices:staff-list"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.COUNTY_STAFF, Role.EXPERT])
def test_non_staff_get_404_on_staff_pages(client, role):
    notice = NoticeFactory()
    client.force_login(UserFactory(roles=[role], region=CountyFactory() if role == Role.COUNTY_STAFF else None))
    for url in (
        reverse("notices:staff-list"),
        reverse("notices:staff-create"),
        notice.get_staff_url(),
        reverse("notices:staff-edit", args=[notice.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("notices:staff-transition", args=[notice.pk]), {"transition": "publish"})
    assert response.status_code == 404
    assert Notice.objects.get(pk=notice.pk).status == "draft"


def test_leader_reads_but_cannot_write(client, leader):
    notice = NoticeFactory()
    client.force_login(leader)
    listing = text(client.get(reverse("notices:staff-list")))
    assert notice.title in listing
    assert "起草通知" not in listing
    detail = text(client.get(notice.get_staff_url()))
    assert 'name="transition"' not in detail
    assert client.get(reverse("notices:staff-create")).status_code == 404
    response = client.post(
        reverse("notices:staff-transition", args=[notice.pk]), {"transition": "publish", "version": notice.version}
    )
    assert response.status_code == 302
    assert Notice.objects.get(pk=notice.pk).status == "draft"


def test_staff_list_filters_and_is_in_the_left_menu(client, city_staff, django_assert_max_num_queries):
    NoticeFactory.create_batch(15, published=True, created_by=city_staff, department=city_staff.department)
    NoticeFactory.create_batch(10, created_by=city_staff)
    draft = NoticeFactory(title="关于开展2026年度科技创新券兑付工作的通知")
    client.force_login(city_staff)
    client.get(reverse("workbench"))  # warm the session and the calendar
    with django_assert_max_num_queries(12):
        response = client.get(reverse("notices:staff-list"))
    body = text(response)
    assert "共 26 条" in body
    assert "通知公告管理" in body and 'aria-current="page"' in body  # the active menu link
    drafts = text(client.get(reverse("notices:staff-list"), {"status": "draft", "q": "创新券"}))
    assert "共 1 条" in drafts and draft.title in drafts


# --- Staff pages: the journey ------------------------------------------------------------


def test_staff_drafts_publishes_and_withdraws(client, city_staff):
    client.force_login(city_staff)
    response = client.post(
        reverse("notices:staff-create"),
        {
            "title": "关于组织申报2027年度株洲市科技计划项目的通知",
            "category": "call",
            "apply_from": "2026-11-16",
            "apply_until": "2026-12-18",
            "body": "各有关单位：\n\n现组织申报。",
            "department": "",
        },
    )
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == notice.get_staff_url()
    assert notice.department == city_staff.department
    publish = client.post(
        reverse("notices:staff-transition", args=[notice.pk]), {"transition": "publish", "version": notice.version}
    )
    assert publish.status_code == 302
    notice.refresh_from_db()
    assert notice.status == "published"
    assert notice.title in text(client.get(reverse("home")))
    # Withdrawing without a reason is refused with a message, and nothing changes.
    refused = client.post(
        reverse("notices:staff-transition", args=[notice.pk]),
        {"transition": "withdraw", "version": notice.version, "comment": ""},
        follow=True,
    )
    assert "请填写撤回理由" in text(refused)
    assert Notice.objects.get(pk=notice.pk).status == "published"
    client.post(
        reverse("notices:staff-transition", args=[notice.pk]),
        {"transition": "withdraw", "version": notice.version, "comment": "申报时间调整"},
    )
    assert Notice.objects.get(pk=notice.pk).status == "withdrawn"
    detail = text(client.get(notice.get_staff_url()))
    assert "申报时间调整" in detail and city_staff.display_name in detail  # the log, for staff
    assert notice.title not in text(client.get(reverse("home")))


def test_invalid_draft_keeps_what_was_typed(client, city_staff):
    client.force_login(city_staff)
    response = client.post(
        reverse("notices:staff-create"),
        {"title": "关于组织申报的通知", "category": "call", "body": "我写了很长的正文"},
    )
    body = text(response)
    assert response.status_code == 200
    assert "申报指南须填写申报开始日期" in body
    assert 'value="关于组织申报的通知"' in body and "我写了很长的正文" in body
    assert not Notice.objects.exists()


def test_stale_edit_is_refused_on_the_page_and_keeps_the_text(client, city_staff, other_staff):
    notice = services.create_notice(actor=city_staff, title="原标题", category="notice", body="原正文")
    client.force_login(city_staff)
    form = text(client.get(reverse("notices:staff-edit", args=[notice.pk])))
    assert 'name="version" value="1"' in form
    services.update_notice(actor=other_staff, notice=notice, expected_version=1, title="同事改过的标题")
    response = client.post(
        reverse("notices:staff-edit", args=[notice.pk]),
        {"title": "我的标题", "category": "notice", "body": "我的正文", "version": "1"},
    )
    body = text(response)
    assert response.status_code == 200
    assert "旧版本" in body and "载入最新版本" in body
    assert 'value="我的标题"' in body and "我的正文" in body
    assert Notice.objects.get(pk=notice.pk).title == "同事改过的标题"


def test_edit_of_a_published_notice_redirects_with_a_message(client, city_staff):
    notice = NoticeFactory(published=True)
    client.force_login(city_staff)
    response = client.get(reverse("notices:staff-edit", args=[notice.pk]), follow=True)
    assert "只能修改草稿" in text(response)


def test_staff_uploads_and_removes_attachments(client, city_staff):
    notice = services.create_notice(actor=city_staff, title="带附件", category="notice", body="正文")
    client.force_login(city_staff)
    url = reverse("notices:staff-attachment-add", args=[notice.pk])
    bad = client.post(url, {"file": SimpleUploadedFile("假的.pdf", b"MZ\x90 not a pdf")}, follow=True)
    assert "文件内容与扩展名“.pdf”不符" in text(bad)
    client.post(url, {"file": SimpleUploadedFile("申报指南.pdf", PDF)})
    attachment = notice.attachments.get()
    assert attachment.name == "申报指南.pdf"
    client.post(reverse("notices:staff-attachment-delete", args=[notice.pk, attachment.pk]))
    assert not notice.attachments.exists()


def test_staff_detail_query_count_is_bounded(client, city_staff, django_assert_max_num_queries):
    notice = services.create_notice(actor=city_staff, title="带附件", category="notice", body="正文")
    for i in range(5):
        services.add_attachment(actor=city_staff, notice=notice, upload=SimpleUploadedFile(f"{i}.pdf", PDF))
    services.publish_notice(actor=city_staff, notice=notice)
    client.force_login(city_staff)
    client.get(reverse("workbench"))
    with django_assert_max_num_queries(12):
        response = client.get(notice.get_staff_url())
    assert response.status_code == 200
    assert TransitionLog.objects.for_object(notice).count() == 1


def test_home_page_shows_latest_notices_and_open_calls(client, django_assert_max_num_queries):
    NoticeFactory.create_batch(10, published=True)
    open_call = CallFactory(published=True, title="正在申报的指南")
    CallFactory(published=True, title="已截止的指南", apply_from=date(2020, 1, 1), apply_until=date(2020, 2, 1))
    with django_assert_max_num_queries(4):
        response = client.get(reverse("home"))
    body = text(response)
    assert open_call.title in body and "已截止的指南" not in body
    assert body.count('data-testid="home-notices"') == 1
