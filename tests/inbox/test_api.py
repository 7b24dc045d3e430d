from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from bureau import calendar
from bureau.accounts.models import Role
from bureau.inbox.models import Message
from tests.factories import UserFactory

from .factories import MessageFactory, TodoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_anonymous_gets_401():
    response = APIClient().get("/api/v1/inbox/messages/")
    assert response.status_code in (401, 403)
    assert "error" in response.json()


def test_lists_only_own_messages(api, user, other_user, django_assert_max_num_queries):
    sender = UserFactory(full_name="张伟")
    MessageFactory.create_batch(3, recipient=user, actor=sender)
    MessageFactory(recipient=other_user)
    with django_assert_max_num_queries(3):
        response = api.get("/api/v1/inbox/messages/")
    body = response.json()
    assert body["count"] == 3
    assert {m["actor_name"] for m in body["results"]} == {"张伟"}
    assert body["results"][0]["is_read"] is False


def test_filters_unread(api, user):
    MessageFactory(recipient=user, read_at=timezone.now())
    MessageFactory(recipient=user)
    assert api.get("/api/v1/inbox/messages/", {"unread": "true"}).json()["count"] == 1
    assert api.get("/api/v1/inbox/messages/", {"unread": "false"}).json()["count"] == 1


def test_another_users_message_answers_404(api, other_user):
    message = MessageFactory(recipient=other_user)
    assert api.get(f"/api/v1/inbox/messages/{message.pk}/").status_code == 404
    response = api.post(f"/api/v1/inbox/messages/{message.pk}/read/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    assert Message.objects.get(pk=message.pk).read_at is None


def test_mark_one_read(api, user):
    message = MessageFactory(recipient=user)
    response = api.post(f"/api/v1/inbox/messages/{message.pk}/read/")
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    assert Message.objects.get(pk=message.pk).is_read


def test_mark_all_read_answers_the_new_counts(api, user, other_user):
    MessageFactory.create_batch(2, recipient=user)
    theirs = MessageFactory(recipient=other_user)
    TodoFactory(users=[user])
    response = api.post("/api/v1/inbox/messages/read-all/")
    assert response.json() == {"marked": 2, "unread": 0, "todo": 1}
    assert Message.objects.get(pk=theirs.pk).read_at is None


def test_todos_are_own_open_ones_with_working_days_left(api, user, other_user, django_assert_max_num_queries):
    due = calendar.add_working_days(timezone.localdate(), 4)
    mine = TodoFactory(users=[user], due_on=due)
    TodoFactory(users=[user], closed_at=timezone.now())
    theirs = TodoFactory(users=[other_user])
    TodoFactory.create_batch(5, users=[user])
    with django_assert_max_num_queries(4):
        response = api.get("/api/v1/inbox/todos/")
    body = response.json()
    assert body["count"] == 6
    first = body["results"][0]
    assert first["id"] == mine.pk
    assert first["working_days_left"] == 4
    assert first["is_overdue"] is False
    assert api.get(f"/api/v1/inbox/todos/{theirs.pk}/").status_code == 404


def test_role_todos_reach_role_holders(county):
    staff = UserFactory(roles=[Role.COUNTY_STAFF], region=county)
    todo = TodoFactory(role=Role.COUNTY_STAFF, region=county, due_on=timezone.localdate() - timedelta(days=7))
    client = APIClient()
    client.force_authenticate(staff)
    result = client.get("/api/v1/inbox/todos/").json()["results"][0]
    assert result["id"] == todo.pk
    assert result["role_label"] == "县市区科技局"
    assert result["region_name"] == "醴陵市"
    assert result["is_overdue"] is True
    assert result["working_days_left"] < 0
