"""REST API of public notices: public reads, objections (throttled), staff handling."""

import pytest
from rest_framework.test import APIClient

from bureau.publicity import services
from bureau.publicity.models import Objection

from .conftest import publish_list

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def objection_body(**overrides):
    body = {"name": "王某", "phone": "13800000000", "content": "该企业研发费用归集不实，请核查。"}
    body.update(overrides)
    return body


def test_anyone_reads_public_notices_with_their_lists(api, city_staff, django_assert_max_num_queries):
    shown = publish_list(city_staff)
    for i in range(5):
        publish_list(city_staff, lines=1, title=f"公示{i}")
    gone = publish_list(city_staff, title="撤回的公示")
    services.withdraw_publicity(actor=city_staff, publicity=gone, reason="误发")
    api.get("/api/v1/publicities/")
    with django_assert_max_num_queries(3):
        listing = api.get("/api/v1/publicities/")
    assert listing.status_code == 200 and listing.data["count"] == 6
    detail = api.get(f"/api/v1/publicities/{shown.pk}/").data
    assert detail["columns"] == ["企业名称", "所在县市区", "统一社会信用代码"]
    assert len(detail["items"]) == 3 and "outcome" not in detail["items"][0]
    assert detail["accepts_objections"] is True and detail["working_days_left"] == 10
    assert api.get(f"/api/v1/publicities/{gone.pk}/").status_code == 404


def test_anonymous_objection_is_accepted_and_throttled(api, publicity):
    item = publicity.items.first()
    first = api.post(f"/api/v1/publicities/{publicity.pk}/objections/", objection_body(item=item.pk), format="json")
    assert first.status_code == 201, first.data
    assert first.data["receipt_no"].startswith("YY")
    assert Objection.objects.get().item == item
    for _ in range(4):
        assert (
            api.post(f"/api/v1/publicities/{publicity.pk}/objections/", objection_body(), format="json").status_code
            == 201
        )
    sixth = api.post(f"/api/v1/publicities/{publicity.pk}/objections/", objection_body(), format="json")
    assert sixth.status_code == 429
    assert Objection.objects.count() == 5


def test_objection_validation_in_the_api(api, publicity, city_staff):
    other = publish_list(city_staff, title="另一个公示")
    bad = api.post(
        f"/api/v1/publicities/{publicity.pk}/objections/",
        objection_body(phone="abc", content="短", item=other.items.first().pk),
        format="json",
    )
    assert bad.status_code == 400
    assert {"phone", "content"} <= set(bad.data["error"]["fields"])
    wrong_item = api.post(
        f"/api/v1/publicities/{publicity.pk}/objections/", objection_body(item=other.items.first().pk), format="json"
    )
    assert wrong_item.status_code == 400 and "item" in wrong_item.data["error"]["fields"]
    services.close_publicity(publicity=publicity)
    late = api.post(f"/api/v1/publicities/{publicity.pk}/objections/", objection_body(), format="json")
    assert late.status_code == 400 and "不在公示期内" in late.data["error"]["message"]


def test_staff_list_and_handle_objections(api, publicity, city_staff, leader, applicant):
    filed = services.file_objection(publicity=publicity, name="王某", phone="13800000000", content="请核查该企业。")
    assert api.get("/api/v1/publicity-objections/").status_code in (401, 403)
    api.force_authenticate(applicant)
    assert api.get("/api/v1/publicity-objections/").status_code == 403
    api.force_authenticate(leader)
    assert api.get("/api/v1/publicity-objections/").data["count"] == 1
    refused = api.post(f"/api/v1/publicity-objections/{filed.pk}/handle/", {"upheld": True, "reply": "成立"})
    assert refused.status_code == 403
    api.force_authenticate(city_staff)
    done = api.post(
        f"/api/v1/publicity-objections/{filed.pk}/handle/", {"upheld": False, "reply": "经核查不成立"}, format="json"
    )
    assert done.status_code == 200 and done.data["status"] == "dismissed"
    again = api.post(f"/api/v1/publicity-objections/{filed.pk}/handle/", {"upheld": True, "reply": "x"}, format="json")
    assert again.status_code == 400
    staff_detail = api.get(f"/api/v1/publicities/{publicity.pk}/").data
    assert "outcome" in staff_detail["items"][0]
