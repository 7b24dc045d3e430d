"""``seed_demo``: the demo city, departments and one account per role, idempotent.

The command loads every app's demo data (tens of seconds), so it runs once per module
inside an outer transaction that is rolled back at the end: the first run with DEBUG off,
the second with DEBUG on. Each test then reads what the two runs left and printed.
"""

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from bureau.accounts.models import Department, Role, User
from bureau.core import demo
from bureau.inbox.models import Message
from bureau.notices.models import Notice
from bureau.regions.models import Region
from enterprises.models import Membership, Organization

pytestmark = pytest.mark.django_db

ZHUZHOU_DIVISIONS = {
    "430202": "荷塘区",
    "430203": "芦淞区",
    "430204": "石峰区",
    "430211": "天元区",
    "430212": "渌口区",
    "430223": "攸县",
    "430224": "茶陵县",
    "430225": "炎陵县",
    "430281": "醴陵市",
}


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "role assignments": User.groups.through.objects.count(),
        "regions": Region.objects.count(),
        "departments": Department.objects.count(),
        "organizations": Organization.objects.count(),
        "memberships": Membership.objects.count(),
        "notices": Notice.objects.count(),
        "messages": Message.objects.count(),
        "groups": Group.objects.count(),
    }


def _run_seed_demo() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Run ``seed_demo`` twice (DEBUG off, then on) and roll everything back afterwards."""
    with django_db_blocker.unblock(), transaction.atomic():
        before = _counts()
        with override_settings(DEBUG=False):
            quiet = _run_seed_demo()
        first = _counts()
        with override_settings(DEBUG=True):
            verbose = _run_seed_demo()
        second = _counts()
        yield {"before": before, "first": first, "second": second, "quiet": quiet, "verbose": verbose}
        transaction.set_rollback(True)


def test_creates_zhuzhou_with_its_nine_divisions_and_the_park(seeded):
    city = Region.objects.get(code="430200")
    assert city.name == "株洲市"
    assert city.kind == Region.Kind.CITY
    divisions = {r.code: r.name for r in city.children.filter(kind=Region.Kind.COUNTY)}
    assert divisions == ZHUZHOU_DIVISIONS
    park = city.children.get(kind=Region.Kind.PARK)
    assert park.short_name == "株洲高新区"
    # A park is not an administrative division: it is listed with the counties, not among them.
    assert park.code not in ZHUZHOU_DIVISIONS
    assert set(Region.objects.counties().filter(parent=city).values_list("code", flat=True)) == {
        *ZHUZHOU_DIVISIONS,
        park.code,
    }


def test_creates_the_bureau_departments(seeded):
    assert list(Department.objects.values_list("code", "name")) == [(code, name) for code, name, _ in demo.DEPARTMENTS]


@pytest.mark.parametrize("role", list(Role), ids=[r.value for r in Role])
def test_creates_an_account_for_every_role(seeded, role):
    holders = User.objects.filter(groups__name=role.value, username__in=[row[0] for row in demo.ACCOUNTS])
    assert holders.exists(), f"no demo account holds {role.value}"
    for user in holders:
        assert user.is_active
        assert user.check_password(demo.DEMO_PASSWORD)
        assert role.value in user.roles


def test_each_account_has_the_links_its_role_needs(seeded):
    county = User.objects.get(username="liling")
    assert county.region.code == "430281"
    city = User.objects.get(username="gaoxinke")
    assert city.department.code == "hightech"
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    applicant = User.objects.get(username="qiye")
    assert Membership.objects.filter(user=applicant, is_admin=True).exists()
    # One account may hold two roles and sees the work of both.
    assert User.objects.get(username="tianyuan").roles == {Role.COUNTY_STAFF, Role.EXPERT}
    # Only the administrator may enter /admin/.
    assert list(User.objects.filter(is_staff=True).values_list("username", flat=True)) == ["admin"]


def test_the_first_run_creates_data(seeded):
    before, first = seeded["before"], seeded["first"]
    for key in ("users", "regions", "departments", "organizations", "memberships", "notices", "messages"):
        assert first[key] > before[key], key


def test_a_second_run_duplicates_nothing(seeded):
    assert seeded["second"] == seeded["first"]


def test_passwords_are_hidden_when_debug_is_off(seeded):
    quiet = seeded["quiet"]
    assert demo.DEMO_PASSWORD not in quiet
    # The accounts are still listed, so an operator knows which exist.
    for username, *_ in demo.ACCOUNTS:
        assert username in quiet
    assert "DEBUG 关闭时不显示密码" in quiet


def test_passwords_are_printed_when_debug_is_on(seeded):
    lines = {line.split()[0]: line for line in seeded["verbose"].splitlines() if line.startswith("  ")}
    for username, *_ in demo.ACCOUNTS:
        assert demo.DEMO_PASSWORD in lines[username]
    assert "县市区科技局、评审专家" in lines["tianyuan"]
