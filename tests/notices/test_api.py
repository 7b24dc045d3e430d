"""REST API of notices: public reads, staff writes through the services."""

import pytest
from rest_framework.test import APIClient

from bureau.notices.models import Notice

from .factories import CallFactory, NoticeFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/notices/"


@pytest.fixture
def api():
    return APIClient()


def test_anyone_reads_published_notices_only(api, django_assert_max_num_queries):
    NoticeFactory.create_batch(12, published=True)
    CallFactory.create_batch(3, published=True)
    draft = NoticeFactory()
    withdrawn = NoticeFactory(withdrawn=True)
    with django_assert_max_num_queries(3):
        response = api.get(URL)
    assert response.status_code == 200
    assert response.data["count"] == 15
    ids = {row["id"] for row in response.data["results"]}
    assert draft.pk not in ids and withdrawn.pk not in ids
    assert api.get(f"{URL}{draft.pk}/").status_code == 404
    assert api.get(f"{URL}{withdrawn.pk}/").status_code == 404
    calls = api.get(URL, {"category": "call"}).data
    assert calls["count"] == 3 and calls["results"][0]["category_label"] == "申报指南"


def test_anonymous_cannot_write(api):
    notice = NoticeFactory()
    assert api.post(URL, {"title": "x", "body": "y"}).status_code in (401, 403)
    assert api.post(f"{URL}{notice.pk}/publish/").status_code in (401, 403)
    assert Notice.objects.get(pk=notice.pk).status == "draft"


def test_applicant_is_refused_by_the_service(api, applicant):
    api.force_authenticate(applicant)
    response = api.post(URL, {"title": "关于……的通知", "category": "notice", "body": "正文"}, format="json")
    assert response.status_code == 403
    assert response.data["error"]["code"] == "not_permitted"
    assert not Notice.objects.exists()


def test_staff_create_edit_publish_withdraw(api, city_staff):
    api.force_authenticate(city_staff)
    created = api.post(
        URL,
        {
            "title": "关于组织申报2027年度株洲市科技计划项目的通知",
            "category": "call",
            "body": "各有关单位：",
            "apply_from": "2026-11-16",
            "apply_until": "2026-12-18",
        },
        format="json",
    )
    assert created.status_code == 201, created.data
    pk, version = created.data["id"], created.data["version"]
    assert created.data["status"] == "draft"
    assert api.get(URL).data["count"] == 1  # staff see their drafts
    missing_version = api.patch(f"{URL}{pk}/", {"title": "新标题"}, format="json")
    assert missing_version.status_code == 400 and "version" in missing_version.data["error"]["fields"]
    edited = api.patch(f"{URL}{pk}/", {"title": "新标题", "version": version}, format="json")
    assert edited.status_code == 200 and edited.data["version"] == version + 1
    stale = api.patch(f"{URL}{pk}/", {"title": "旧页面上的标题", "version": version}, format="json")
    assert stale.status_code == 409 and stale.data["error"]["code"] == "stale_object"
    published = api.post(f"{URL}{pk}/publish/", {"version": version + 1}, format="json")
    assert published.status_code == 200 and published.data["status"] == "published"
    no_reason = api.post(f"{URL}{pk}/withdraw/", {}, format="json")
    assert no_reason.status_code == 400
    withdrawn = api.post(f"{URL}{pk}/withdraw/", {"reason": "误发"}, format="json")
    assert withdrawn.status_code == 200 and withdrawn.data["status"] == "withdrawn"


def test_invalid_call_window_answers_field_errors(api, city_staff):
    api.force_authenticate(city_staff)
    response = api.post(URL, {"title": "申报指南", "category": "call", "body": "正文"}, format="json")
    assert response.status_code == 400
    assert set(response.data["error"]["fields"]) >= {"apply_from", "apply_until"}


def test_leader_cannot_publish_through_the_api(api, leader):
    notice = NoticeFactory()
    api.force_authenticate(leader)
    response = api.post(f"{URL}{notice.pk}/publish/", {}, format="json")
    assert response.status_code == 403
    assert Notice.objects.get(pk=notice.pk).status == "draft"
