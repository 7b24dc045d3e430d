import pytest
from django.urls import reverse

from bureau.accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user_client(client):
    user = UserFactory(full_name="李明")
    client.force_login(user)
    return client, user


def test_page_shows_the_three_choices_with_help(user_client):
    client, _user = user_client
    html = client.get(reverse("accounts:preferences")).content.decode()
    for label in ("每条消息即时发送邮件", "每天汇总发送一封邮件", "不发送邮件，只在站内查看"):
        assert label in html
    assert "每天早上 8:00" in html
    assert 'value="immediate" id="id_email_preference_0" checked' in html


def test_choosing_the_daily_digest_is_saved(user_client):
    client, user = user_client
    response = client.post(
        reverse("accounts:preferences"),
        {"full_name": "李明", "email": "liming@example.com", "phone": "13800000000", "email_preference": "daily"},
        follow=True,
    )
    assert "个人设置已保存。" in response.content.decode()
    user.refresh_from_db()
    assert user.email_preference == User.EmailPreference.DAILY_DIGEST
    assert user.phone == "13800000000"


def test_mail_without_an_address_is_refused_and_what_was_typed_is_kept(user_client):
    client, user = user_client
    response = client.post(
        reverse("accounts:preferences"),
        {"full_name": "李明（已改名）", "email": "", "phone": "13800000000", "email_preference": "daily"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "选择邮件通知时，请填写电子邮件地址" in html
    assert "李明（已改名）" in html
    assert 'value="daily" id="id_email_preference_1" checked' in html
    user.refresh_from_db()
    assert user.full_name == "李明"


def test_no_mail_needs_no_address(user_client):
    client, user = user_client
    client.post(reverse("accounts:preferences"), {"full_name": "李明", "email": "", "email_preference": "none"})
    user.refresh_from_db()
    assert user.email_preference == User.EmailPreference.NONE
