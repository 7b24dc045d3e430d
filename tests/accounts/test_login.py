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
