"""REST endpoints: published calls for anyone, applications by scope, the list's filters."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bureau.accounts.models import Role
from projects import services
from projects.models import ProjectApplication
from tests.factories import UserFactory

from .factories import COMPLETE, OpenCallFactory, ProjectCallFactory

pytestmark = pytest.mark.django_db


def test_calls_are_public_and_list_open_ones_first(client, staff):
    now = timezone.now()
    closed = ProjectCallFactory(opens_at=now - timedelta(days=60), closes_at=now - timedelta(days=30))
    current = OpenCallFactory()
    hidden = OpenCallFactory(is_published=False)
    body = client.get("/api/v1/project-calls/").json()
    assert [row["id"] for row in body["results"]] == [current.pk, closed.pk]
    assert body["results"][0]["window_state"] == "open"
    assert body["results"][0]["category_label"] == "重点研发计划"
    assert client.get(f"/api/v1/project-calls/{hidden.pk}/").status_code == 404
    # Staff who manage calls also see the unpublished ones.
    client.force_login(staff)
    assert client.get(f"/api/v1/project-calls/{hidden.pk}/").json()["is_published"] is False


def test_applications_need_a_login_and_are_scoped(
    client, draft, applicant, other_applicant, other_org, open_call, staff, django_assert_max_num_queries
):
    assert client.get("/api/v1/project-applications/").status_code in (401, 403)
    theirs = services.create_application(
        actor=other_applicant, call=open_call, organization=other_org, data={**COMPLETE, "title": "别人的申报"}
    )
    services.submit_application(actor=other_applicant, application=theirs)
    client.force_login(applicant)
    body = client.get("/api/v1/project-applications/").json()
    assert [row["id"] for row in body["results"]] == [draft.pk]
    assert client.get(f"/api/v1/project-applications/{theirs.pk}/").status_code == 404
    # City staff see the submitted one, never the other organization's draft.
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/project-applications/").json()
    assert [row["id"] for row in body["results"]] == [theirs.pk]
    row = body["results"][0]
    assert row["number"] == theirs.number and row["status_label"] == "待受理" and row["region_name"] == "攸县"
    assert client.get(f"/api/v1/project-applications/{draft.pk}/").status_code == 404


def test_application_filters_match_the_staff_list(client, draft, applicant, staff):
    services.submit_application(actor=applicant, application=draft)
    client.force_login(staff)
    api = "/api/v1/project-applications/"
    assert client.get(api, {"status": "submitted", "year": draft.call.year}).json()["count"] == 1
    assert client.get(api, {"status": "approved"}).json()["count"] == 0
    assert client.get(api, {"region": draft.region_id}).json()["count"] == 1
    assert client.get(api, {"q": draft.number}).json()["count"] == 1
    assert client.get(api, {"category": "social"}).json()["count"] == 0


def test_the_api_is_read_only(client, draft, applicant):
    client.force_login(applicant)
    response = client.patch(
        f"/api/v1/project-applications/{draft.pk}/", {"status": "approved"}, content_type="application/json"
    )
    assert response.status_code == 405
    assert ProjectApplication.objects.get(pk=draft.pk).status == "draft"


def test_leaders_read_everything_submitted(client, draft, applicant):
    services.submit_application(actor=applicant, application=draft)
    client.force_login(UserFactory(roles=[Role.LEADER]))
    assert client.get("/api/v1/project-applications/").json()["count"] == 1
