from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from bureau.accounts.models import Role, User
from bureau.inbox import services
from bureau.inbox.models import Message, Todo
from tests.factories import UserFactory

from .factories import MessageFactory, TodoFactory

pytestmark = pytest.mark.django_db


def test_notify_creates_one_message_per_active_recipient(user, other_user, django_capture_on_commit_callbacks):
    inactive = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        created = services.notify(
            recipients=[user, user, other_user, inactive, None], title="材料需补正", body="请补充营业执照。", url="/x/"
        )
    assert {m.recipient_id for m in created} == {user.pk, other_user.pk}
    assert Message.objects.filter(recipient=inactive).count() == 0


def test_notify_emails_immediately_only_those_who_chose_it(django_capture_on_commit_callbacks):
    immediate = UserFactory(email_preference=User.EmailPreference.IMMEDIATE)
    digest = UserFactory(email_preference=User.EmailPreference.DAILY_DIGEST)
    silent = UserFactory(email_preference=User.EmailPreference.NONE)
    no_address = UserFactory(email="", email_preference=User.EmailPreference.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            recipients=[immediate, digest, silent, no_address],
            title="您的技术合同已登记",
            body="登记编号 43020026000123。",
            url="/contracts/1/",
        )
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [immediate.email]
    assert "您的技术合同已登记" in sent.subject
    assert "登记编号 43020026000123。" in sent.body
    assert "http://127.0.0.1:8000/contracts/1/" in sent.body
    assert Message.objects.get(recipient=immediate).emailed_at is not None
    assert Message.objects.get(recipient=digest).emailed_at is None


def test_message_email_is_not_sent_twice(user):
    message = MessageFactory(recipient=user)
    assert services.email_messages(message_ids=[message.pk]) == 1
    assert services.email_messages(message_ids=[message.pk]) == 0
    assert len(mail.outbox) == 1


def test_no_email_is_sent_when_the_transaction_rolls_back(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.notify(recipients=[user], title="t")
    # The e-mail waits for the commit: nothing has gone out yet.
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_open_todo_needs_users_or_a_role():
    with pytest.raises(ValueError):
        services.open_todo(title="无人办理", url="/x/")


def test_open_todo_about_a_subject_and_close_it(user, other_user, county):
    todo = services.open_todo(
        title="审核醴陵市的申请", url="/x/", subject=county, users=[user], role=Role.COUNTY_STAFF, region=county
    )
    unrelated = services.open_todo(title="另一件事", url="/y/", users=[user])
    assert set(todo.users.all()) == {user}
    assert todo.role == Role.COUNTY_STAFF
    assert services.close_todos(subject=county, actor=other_user) == 1
    todo.refresh_from_db()
    assert not todo.is_open
    assert todo.closed_by == other_user
    assert Todo.objects.get(pk=unrelated.pk).is_open
    # Closing again finds nothing open.
    assert services.close_todos(subject=county, actor=other_user) == 0


def test_mark_read_touches_only_the_actors_messages(user, other_user):
    mine = MessageFactory.create_batch(2, recipient=user)
    theirs = MessageFactory(recipient=other_user)
    assert services.mark_read(actor=user, message_ids=[mine[0].pk, theirs.pk]) == 1
    assert Message.objects.get(pk=theirs.pk).read_at is None
    assert services.mark_read(actor=user) == 1
    assert services.mark_read(actor=user) == 0


def test_overdue_means_open_and_past_the_deadline():
    today = timezone.localdate()
    assert TodoFactory(due_on=today - timedelta(days=1)).is_overdue
    assert not TodoFactory(due_on=today).is_overdue
    assert not TodoFactory(due_on=None).is_overdue
    assert not TodoFactory(due_on=today - timedelta(days=1), closed_at=timezone.now()).is_overdue
