"""Signing in with a username and password through the login page."""

import pytest
from django.urls import reverse

from bureau.accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_form_signs_in_and_lands_on_the_workbench(client):
    """Regression: a backend list whose only entry is axes' AxesBackend authenticates nobody.

    ``AxesBackend`` checks the lockout and then returns None by design; a following
    ``ModelBackend`` must check the password.
    """
    user = UserFactory(roles=[Role.APPLICANT])
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": "Passw0rd!2026"})
    assert response.status_code == 302, "login refused: AUTHENTICATION_BACKENDS needs ModelBackend after AxesBackend"
    assert response["Location"] == reverse("workbench")
    assert client.get(reverse("workbench")).status_code == 200


def test_wrong_password_is_refused_in_chinese(client):
    user = UserFactory(roles=[Role.APPLICANT])
    response = client.post(reverse("accounts:login"), {"username": user.username, "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()


def _attempt(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_wrong_password_keeps_the_username_and_warns_of_the_lockout(client, settings):
    user = UserFactory(roles=[Role.APPLICANT])
    body = _attempt(client, user.username, "wrong").content.decode()
    assert f'value="{user.username}"' in body
    assert f"连续输错 {settings.AXES_FAILURE_LIMIT} 次，账号将被锁定 15 分钟" in body
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(("failures", "locked"), [(2, False), (3, True)], ids=["one-below-limit", "at-limit"])
def test_login_page_locks_the_account_after_repeated_failures(client, settings, failures, locked):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory(roles=[Role.APPLICANT])
    for _ in range(failures):
        _attempt(client, user.username, "wrong")
    response = _attempt(client, user.username, "Passw0rd!2026")
    if locked:
        # Even the right password is refused while the lock lasts, with a page in Chinese.
        assert response.status_code == 429
        assert "登录失败次数过多，账号已临时锁定" in response.content.decode()
        assert "_auth_user_id" not in client.session
    else:
        assert response.status_code == 302
        assert response["Location"] == reverse("workbench")


def test_lockout_is_per_account(client, settings):
    """A burst of failures on one username does not lock colleagues out of the same office network."""
    settings.AXES_FAILURE_LIMIT = 3
    victim, colleague = UserFactory(roles=[Role.APPLICANT]), UserFactory(roles=[Role.COUNTY_STAFF])
    for _ in range(3):
        _attempt(client, victim.username, "wrong")
    assert _attempt(client, victim.username, "Passw0rd!2026").status_code == 429
    assert _attempt(client, colleague.username, "Passw0rd!2026").status_code == 302


def test_a_successful_login_resets_the_failure_count(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory(roles=[Role.APPLICANT])
    for _ in range(2):
        _attempt(client, user.username, "wrong")
    assert _attempt(client, user.username, "Passw0rd!2026").status_code == 302
    client.logout()
    for _ in range(2):
        _attempt(client, user.username, "wrong")
    assert _attempt(client, user.username, "Passw0rd!2026").status_code == 302


def test_an_empty_form_says_which_fields_are_missing(client):
    """Regression: the page showed only form-wide errors, so an empty submit said nothing."""
    body = _attempt(client, "", "").content.decode()
    assert body.count("该字段是必填项。") == 2
    assert 'aria-describedby="id_username-error"' in body
    assert 'aria-describedby="id_password-error"' in body
