"""The workbench's left menu (bureau/core/workbench.py)."""

import pytest
from django.test import RequestFactory

from bureau.accounts.models import Role
from bureau.core import workbench
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def menu(monkeypatch):
    monkeypatch.setattr(workbench, "_menu", {})
    workbench.register_menu(
        key="a", label="待审核", url_name="jobs:list", roles=[Role.COUNTY_STAFF], section="审核", order=1
    )
    workbench.register_menu(
        key="b", label="我的任务", url_name="workbench", roles=[Role.EXPERT], section="评审", order=2
    )
    workbench.register_menu(
        key="c", label="已删除", url_name="no-such-url", roles=[Role.EXPERT], section="评审", order=3
    )
    return workbench


def _request(user, path):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_the_menu_offers_every_role_held_and_marks_the_current_page(menu):
    user = UserFactory(roles=[Role.COUNTY_STAFF, Role.EXPERT])
    sections = menu.menu_for(_request(user, "/jobs/12/"))
    assert [s["title"] for s in sections] == ["审核", "评审"]
    assert [i["label"] for i in sections[0]["items"]] == ["待审核"]
    assert sections[0]["items"][0]["active"] is True
    # A link whose URL no longer exists is left out rather than breaking every page.
    assert [i["label"] for i in sections[1]["items"]] == ["我的任务"]


def test_the_menu_hides_other_roles_work(menu):
    user = UserFactory(roles=[Role.EXPERT])
    assert [s["title"] for s in menu.menu_for(_request(user, "/"))] == ["评审"]
