"""The daily digest (每日摘要) sent by the beat task."""

from datetime import date

import pytest
from django.core import mail

from bureau.accounts.models import User
from bureau.inbox import services, tasks
from bureau.inbox.models import Digest, Message
from tests.factories import UserFactory

from .factories import MessageFactory, TodoFactory

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 23)


@pytest.fixture
def digest_user(db):
    return UserFactory(email_preference=User.EmailPreference.DAILY_DIGEST, full_name="王芳")


def test_digest_lists_todos_and_new_messages(digest_user):
    TodoFactory(users=[digest_user], title="审核株洲智造的评价申请", due_on=date(2026, 11, 25), url="/sme/7/")
    MessageFactory(recipient=digest_user, title="醴陵市科技局已推荐", url="/sme/7/")
    tasks.send_daily_digests(DAY.isoformat())
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.to == [digest_user.email]
    assert "2026-11-23" in sent.subject
    assert "王芳，您好" in sent.body
    assert "待办事项 1 件" in sent.body
    assert "审核株洲智造的评价申请（期限 2026-11-25） http://127.0.0.1:8000/sme/7/" in sent.body
    assert "新消息 1 条" in sent.body
    assert "醴陵市科技局已推荐" in sent.body
    assert Digest.objects.get(user=digest_user, day=DAY).message_count == 1


def test_digest_does_not_repeat_messages_already_emailed_or_read(digest_user):
    MessageFactory(recipient=digest_user, title="早已发过邮件的消息", emailed_at="2026-11-22T09:00:00+08:00")
    MessageFactory(recipient=digest_user, title="已经读过的消息", read_at="2026-11-22T09:00:00+08:00")
    MessageFactory(recipient=digest_user, title="新消息甲")
    tasks.send_daily_digests(DAY.isoformat())
    body = mail.outbox[0].body
    assert "新消息甲" in body
    assert "早已发过邮件的消息" not in body
    assert "已经读过的消息" not in body
    assert Message.objects.get(title="新消息甲").emailed_at is not None


def test_next_days_digest_lists_only_messages_since(digest_user):
    MessageFactory(recipient=digest_user, title="第一天的消息")
    tasks.send_daily_digests("2026-11-23")
    MessageFactory(recipient=digest_user, title="第二天的消息")
    tasks.send_daily_digests("2026-11-24")
    assert len(mail.outbox) == 2
    assert "第一天的消息" not in mail.outbox[1].body
    assert "第二天的消息" in mail.outbox[1].body


def test_digest_skips_other_preferences_and_users_without_work(digest_user):
    for preference in (User.EmailPreference.IMMEDIATE, User.EmailPreference.NONE):
        other = UserFactory(email_preference=preference)
        TodoFactory(users=[other])
        MessageFactory(recipient=other, emailed_at=None)
    UserFactory(email_preference=User.EmailPreference.DAILY_DIGEST)  # nothing waiting
    UserFactory(email_preference=User.EmailPreference.DAILY_DIGEST, email="")  # no address
    inactive = UserFactory(email_preference=User.EmailPreference.DAILY_DIGEST, is_active=False)
    TodoFactory(users=[inactive])
    TodoFactory(users=[digest_user])
    tasks.send_daily_digests(DAY.isoformat())
    assert [m.to for m in mail.outbox] == [[digest_user.email]]


def test_digest_is_safe_to_run_twice(digest_user):
    TodoFactory(users=[digest_user])
    MessageFactory(recipient=digest_user)
    tasks.send_daily_digests(DAY.isoformat())
    tasks.send_daily_digests(DAY.isoformat())
    assert len(mail.outbox) == 1
    assert services.send_digest(user_id=digest_user.pk, day=DAY) is False
    assert Digest.objects.filter(user=digest_user).count() == 1


def test_digest_marks_overdue_todos(digest_user):
    TodoFactory(users=[digest_user], title="逾期的审核", due_on=date(2020, 1, 6))
    services.send_digest(user_id=digest_user.pk, day=DAY)
    assert "【已逾期】逾期的审核" in mail.outbox[0].body


def test_digest_caps_a_long_list_and_links_the_rest(digest_user):
    TodoFactory.create_batch(services.DIGEST_TODOS + 3, users=[digest_user])
    services.send_digest(user_id=digest_user.pk, day=DAY)
    body = mail.outbox[0].body
    assert f"待办事项 {services.DIGEST_TODOS + 3} 件" in body
    assert "其余 3 件请登录查看" in body


def test_beat_schedule_points_at_the_digest_task():
    from bureau.inbox.beat import SCHEDULES

    assert SCHEDULES["daily-digest"]["task"] == "bureau.inbox.tasks.send_daily_digests"
    assert tasks.send_daily_digests.name == "bureau.inbox.tasks.send_daily_digests"
