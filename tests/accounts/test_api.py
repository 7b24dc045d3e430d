import pytest
from django.test import override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from bureau.accounts.models import Role, User
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Passw0rd!2026"


def _client(user=None):
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_me_shows_roles_memberships_region_department_and_preference(county, django_assert_max_num_queries):
    user = UserFactory(
        roles=[Role.COUNTY_STAFF, Role.EXPERT],
        region=county,
        department=DepartmentFactory(),
        email_preference=User.EmailPreference.DAILY_DIGEST,
    )
    membership = MembershipFactory(user=user, is_admin=False)
    client = _client(user)
    with django_assert_max_num_queries(4):
        body = client.get("/api/v1/me/").json()
    assert body["username"] == user.username
    assert body["roles"] == [
        {"code": "county_staff", "label": "县市区科技局"},
        {"code": "expert", "label": "评审专家"},
    ]
    assert body["region"]["code"] == "430281"
    assert body["department"]["name"] == "高新技术科"
    assert body["memberships"] == [
        {
            "organization": membership.organization_id,
            "organization_name": membership.organization.name,
            "is_admin": False,
        }
    ]
    assert body["email_preference"] == "daily"
    assert body["email_preference_label"] == "每天汇总发送一封邮件"
    assert "password" not in body


def test_me_needs_authentication():
    response = _client().get("/api/v1/me/")
    assert response.status_code in (401, 403)


def test_token_login_then_use_the_token():
    user = UserFactory(roles=[Role.APPLICANT])
    response = _client().post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=user).key == key
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/me/").json()["username"] == user.username
    # Asking again gives the same token.
    again = _client().post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json")
    assert again.json()["token"] == key


def test_token_login_refuses_a_wrong_password_with_the_error_format():
    user = UserFactory(roles=[Role.APPLICANT])
    response = _client().post("/api/v1/auth/token/", {"username": user.username, "password": "wrong"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_input"
    assert not Token.objects.filter(user=user).exists()


def test_token_login_refuses_an_inactive_user():
    user = UserFactory(roles=[Role.APPLICANT], is_active=False)
    response = _client().post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code == 400


@override_settings(AXES_FAILURE_LIMIT=3)
def test_token_login_is_locked_after_repeated_failures():
    user = UserFactory(roles=[Role.APPLICANT])
    for _ in range(3):
        _client().post("/api/v1/auth/token/", {"username": user.username, "password": "wrong"}, format="json")
    response = _client().post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}, format="json")
    assert response.status_code in (400, 403, 429)
    assert not Token.objects.filter(user=user).exists()


def test_revoke_token():
    user = UserFactory(roles=[Role.APPLICANT])
    key = _client().post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}).json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.post("/api/v1/auth/token/revoke/").status_code == 204
    assert client.get("/api/v1/me/").status_code in (401, 403)
    assert _client().post("/api/v1/auth/token/revoke/").status_code in (401, 403)


def test_departments_are_listed_in_order():
    DepartmentFactory(code="transfer", name="成果转化科", sort_order=2)
    DepartmentFactory(code="hightech", name="高新技术科", sort_order=1)
    body = _client(UserFactory(roles=[Role.APPLICANT])).get("/api/v1/departments/").json()
    assert [d["code"] for d in body["results"]] == ["hightech", "transfer"]


def test_schema_documents_token_login(client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/auth/token/" in schema
    assert "Authorization: Token" in schema
    assert "/api/v1/me/" in schema
