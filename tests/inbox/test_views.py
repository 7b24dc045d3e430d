import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau import calendar
from bureau.accounts.models import Role
from bureau.inbox.models import Message
from tests.factories import UserFactory

from .factories import MessageFactory, TodoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_user(client, user):
    client.force_login(user)
    return client


def test_inbox_needs_login(client):
    response = client.get(reverse("inbox:index"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_todo_tab_shows_deadline_in_working_days(client_user, user):
    today = timezone.localdate()
    due = calendar.add_working_days(today, 3)
    TodoFactory(users=[user], title="审核醴陵市推荐的高企申报", due_on=due, url="/hightech/5/")
    html = client_user.get(reverse("inbox:index")).content.decode()
    assert "审核醴陵市推荐的高企申报" in html
    assert f"{due:%Y-%m-%d}（还剩 3 个工作日）" in html
    assert 'href="/hightech/5/"' in html
    assert 'aria-current="page"' in html


def test_overdue_todo_is_said_in_words_not_colour_alone(client_user, user):
    due = timezone.localdate() - timedelta(days=10)
    TodoFactory(users=[user], title="逾期未办的补正审核", due_on=due)
    html = client_user.get(reverse("inbox:index")).content.decode()
    assert 'data-testid="todo-overdue"' in html
    assert "已逾期" in html


def test_role_todo_says_who_it_was_sent_to(client, county):
    staff = UserFactory(roles=[Role.COUNTY_STAFF], region=county)
    TodoFactory(role=Role.COUNTY_STAFF, region=county, title="县级初审")
    client.force_login(staff)
    html = client.get(reverse("inbox:index")).content.decode()
    assert "县市区科技局 · 醴陵市" in html


def test_empty_inbox_says_so(client_user):
    html = client_user.get(reverse("inbox:index")).content.decode()
    assert 'data-testid="todo-empty"' in html
    html = client_user.get(reverse("inbox:messages")).content.decode()
    assert 'data-testid="message-empty"' in html


def test_todo_list_is_paginated_with_bounded_queries(client_user, user, django_assert_max_num_queries):
    TodoFactory.create_batch(25, users=[user], due_on=timezone.localdate() + timedelta(days=20))
    client_user.get(reverse("inbox:index"))  # warm the working-day calendar and the session
    with django_assert_max_num_queries(7):
        response = client_user.get(reverse("inbox:index"))
    assert response.context["page_obj"].paginator.count == 25
    assert len(response.context["page_obj"]) == 20
    assert "第 1 / 2 页" in response.content.decode()
    response = client_user.get(reverse("inbox:index"), {"page": 2})
    assert len(response.context["page_obj"]) == 5


def test_message_list_marks_unread_in_words_and_is_bounded(client_user, user, django_assert_max_num_queries):
    sender = UserFactory(full_name="张伟")
    MessageFactory(recipient=user, title="已读的旧消息", read_at=timezone.now())
    MessageFactory.create_batch(25, recipient=user, actor=sender)
    client_user.get(reverse("inbox:messages"))
    with django_assert_max_num_queries(7):
        response = client_user.get(reverse("inbox:messages"))
    html = response.content.decode()
    assert html.count('data-read="0"') == 20
    assert "未读" in html
    assert "张伟" in html
    assert "26 条未读" not in html and "25 条未读" in html


def test_unread_filter(client_user, user):
    MessageFactory(recipient=user, title="未读消息甲")
    MessageFactory(recipient=user, title="已读消息乙", read_at=timezone.now())
    html = client_user.get(reverse("inbox:messages"), {"unread": "1"}).content.decode()
    assert "未读消息甲" in html
    assert "已读消息乙" not in html


def test_opening_a_message_marks_it_read_and_follows_its_link(client_user, user):
    message = MessageFactory(recipient=user, url="/contracts/12/")
    response = client_user.get(reverse("inbox:open_message", args=[message.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/contracts/12/"
    message.refresh_from_db()
    assert message.is_read


def test_a_message_without_a_safe_link_is_shown_in_place(client_user, user):
    message = MessageFactory(recipient=user, url="https://evil.example.com/", body="请及时处理。")
    response = client_user.get(reverse("inbox:open_message", args=[message.pk]))
    assert response.status_code == 200
    assert "请及时处理。" in response.content.decode()
    message.refresh_from_db()
    assert message.is_read


def test_another_users_message_answers_404(client_user, other_user):
    message = MessageFactory(recipient=other_user)
    assert client_user.get(reverse("inbox:open_message", args=[message.pk])).status_code == 404
    assert client_user.post(reverse("inbox:mark_read", args=[message.pk])).status_code == 404
    message.refresh_from_db()
    assert not message.is_read


def test_mark_all_read_without_javascript_redirects_with_a_notice(client_user, user, other_user):
    MessageFactory.create_batch(3, recipient=user)
    theirs = MessageFactory(recipient=other_user)
    response = client_user.post(reverse("inbox:mark_all_read"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("inbox:messages")
    assert "已将 3 条消息标为已读。" in response.content.decode()
    assert not Message.objects.filter(recipient=user, read_at__isnull=True).exists()
    assert Message.objects.get(pk=theirs.pk).read_at is None


def test_mark_all_read_needs_post(client_user):
    assert client_user.get(reverse("inbox:mark_all_read")).status_code == 405


def test_htmx_mark_read_returns_the_block_and_the_new_counts(client_user, user):
    first, _second = MessageFactory.create_batch(2, recipient=user)
    TodoFactory(users=[user])
    response = client_user.post(reverse("inbox:mark_read", args=[first.pk]) + "?unread=1", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response.templates[0].name == "inbox/_inbox.html"
    assert json.loads(response["HX-Trigger"]) == {"inbox-counts": {"unread": 1, "todo": 1}}
    html = response.content.decode()
    assert "已将 1 条消息标为已读。" in html
    assert html.count('data-testid="message-row"') == 1  # the unread filter was kept


def test_htmx_requests_get_the_block_but_boosted_tabs_the_whole_page(client_user):
    response = client_user.get(reverse("inbox:messages"), HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert 'id="inbox"' in response.content.decode()
    assert "HX-Request" in response["Vary"]
    # The tabs are boosted links: the menu, title and header must follow, so the whole page.
    boosted = client_user.get(reverse("inbox:messages"), HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")
    assert "<html" in boosted.content.decode()
    restore = client_user.get(reverse("inbox:messages"), HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in restore.content.decode()


def test_header_count_drops_when_a_message_is_opened(client_user, user):
    message = MessageFactory(recipient=user)
    TodoFactory(users=[user])
    assert client_user.get(reverse("inbox:index")).context["inbox_counts"] == {"unread": 1, "todo": 1}
    client_user.get(reverse("inbox:open_message", args=[message.pk]))
    html = client_user.get(reverse("inbox:index")).content.decode()
    assert 'data-testid="inbox-count">1<' in html


@pytest.mark.parametrize("role", list(Role))
def test_workbench_panel_for_every_role(client, role):
    user = UserFactory(roles=[role])
    TodoFactory.create_batch(6, users=[user])
    MessageFactory.create_batch(2, recipient=user)
    client.force_login(user)
    response = client.get(reverse("workbench"))
    html = response.content.decode()
    assert 'data-testid="panel-inbox"' in html
    assert html.count("审核科技型中小企业评价申请") == 5
    assert "未读消息 2 条" in html
    assert 'href="/inbox/"' in html
