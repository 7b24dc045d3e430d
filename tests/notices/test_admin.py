"""Admin pages of notices and public notices open for an administrator; the admin action publishes."""

import pytest
from django.urls import reverse

from bureau.accounts.models import Role
from bureau.notices.models import Notice
from tests.factories import UserFactory
from tests.publicity.conftest import publish_list

from .factories import NoticeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return UserFactory(is_staff=True, is_superuser=True, roles=[Role.ADMINISTRATOR])


def test_admin_pages_open(client, superuser, city_staff):
    notice = NoticeFactory(published=True)
    publicity = publish_list(city_staff, lines=2)
    client.force_login(superuser)
    for url in (
        reverse("admin:notices_notice_changelist"),
        reverse("admin:notices_notice_change", args=[notice.pk]),
        reverse("admin:publicity_publicity_changelist"),
        reverse("admin:publicity_publicity_change", args=[publicity.pk]),
        reverse("admin:publicity_objection_changelist"),
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(reverse("admin:publicity_publicity_add")).status_code == 403


def test_admin_action_publishes_through_the_service(client, superuser):
    draft = NoticeFactory()
    client.force_login(superuser)
    client.post(
        reverse("admin:notices_notice_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Notice.Status.PUBLISHED and draft.published_at is not None
