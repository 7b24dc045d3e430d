"""The Django admin: every registered table opens for an administrator, never for others."""

import itertools
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bureau.accounts.models import Role, RoleGroup
from bureau.core.models import CalendarOverride, Job, TransitionLog
from bureau.inbox.models import Digest, Message, Todo
from bureau.regions.models import Region
from tests.factories import CountyFactory, DepartmentFactory, MembershipFactory, UserFactory
from tests.inbox.factories import MessageFactory, TodoFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    user = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True)
    return user


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


_serial = itertools.count()


def _make(model, n: int):
    """Create ``n`` rows of ``model`` and return the last one."""
    obj = None
    for _ in range(n):
        i = next(_serial)
        if model is Region:
            obj = CountyFactory(code=f"43{i:04d}", name=f"测试县{i}")
        elif model is RoleGroup:
            obj = RoleGroup.objects.get_or_create(name=f"group-{i}")[0]
        elif model is CalendarOverride:
            day = date(2031, 1, 1) + timedelta(days=i)
            obj = CalendarOverride.objects.create(date=day, is_working_day=False, note="测试")
        elif model is TransitionLog:
            county = CountyFactory()
            obj = TransitionLog.objects.create(
                content_type_id=_ct(Region),
                object_id=county.pk,
                transition="t",
                label="提交",
                from_state="draft",
                to_state="submitted",
                actor=UserFactory(),
            )
        elif model is Job:
            obj = Job.objects.create(kind="export", title=f"导出{i}", owner=UserFactory())
        elif model is Message:
            obj = MessageFactory(actor=UserFactory())
        elif model is Todo:
            obj = TodoFactory(users=[UserFactory()], region=CountyFactory(), department=DepartmentFactory())
        elif model is Digest:
            obj = Digest.objects.create(user=UserFactory(), day=date(2026, 11, 1) + timedelta(days=i))
        elif model._meta.model_name == "user":
            obj = UserFactory(roles=[Role.COUNTY_STAFF], region=CountyFactory(), department=DepartmentFactory())
            MembershipFactory(user=obj)
        elif model._meta.model_name == "department":
            obj = DepartmentFactory(code=f"dept{i}", name=f"科室{i}")
    return obj


def _ct(model):
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(model).pk


def _our_models():
    from django.contrib import admin

    from bureau.accounts.models import Department, User

    models = [User, RoleGroup, Department, Region, CalendarOverride, TransitionLog, Job, Message, Todo, Digest]
    for model in models:
        assert model in admin.site._registry, model
    return models


MODEL_NAMES = ["User", "RoleGroup", "Department", "Region", "CalendarOverride"]
MODEL_NAMES += ["TransitionLog", "Job", "Message", "Todo", "Digest"]


@pytest.mark.parametrize("model_name", MODEL_NAMES)
def test_administrator_opens_changelist_and_change_form_with_bounded_queries(admin_client, model_name):
    model = {m.__name__: m for m in _our_models()}[model_name]
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    _make(model, 2)
    admin_client.get(changelist)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as few:
        assert admin_client.get(changelist).status_code == 200
    obj = _make(model, 12)
    with CaptureQueriesContext(connection) as many:
        response = admin_client.get(changelist)
    assert response.status_code == 200
    # The number of queries does not grow with the rows listed.
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
    assert len(many) <= 15

    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    with CaptureQueriesContext(connection) as form:
        response = admin_client.get(change)
    assert response.status_code == 200
    assert len(form) <= 20


@pytest.mark.parametrize("model", [TransitionLog, Job, Message, Todo, Digest])
def test_records_are_read_only(admin_client, model):
    opts = model._meta
    obj = _make(model, 1)
    assert admin_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 403
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    html = admin_client.get(change).content.decode()
    assert 'name="_save"' not in html
    delete = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[obj.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("role", [Role.CITY_STAFF, Role.LEADER, Role.APPLICANT])
def test_non_administrators_are_sent_to_the_admin_login(client, role):
    user = UserFactory(roles=[role])
    client.force_login(user)
    response = client.get(reverse("admin:accounts_user_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_staff_without_permissions_is_refused(client):
    user = UserFactory(roles=[Role.CITY_STAFF], is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert client.get(reverse("admin:regions_region_changelist")).status_code == 403


def test_roles_are_shown_in_chinese_once(admin_client):
    Group.objects.get_or_create(name=Role.COUNTY_STAFF.value)
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "角色" in html
    assert reverse("admin:accounts_rolegroup_changelist") in html
    assert "/admin/auth/group/" not in html
    html = admin_client.get(reverse("admin:accounts_rolegroup_changelist")).content.decode()
    assert "县市区科技局" in html


def test_saving_or_deleting_a_calendar_override_refreshes_working_days(admin_client):
    from bureau import calendar

    saturday = date(2026, 12, 5)
    assert not calendar.is_working_day(saturday)  # loads and caches the overrides
    response = admin_client.post(
        reverse("admin:core_calendaroverride_add"),
        {"date": "2026-12-05", "is_working_day": "on", "note": "调休上班"},
    )
    assert response.status_code == 302
    assert calendar.is_working_day(saturday)
    override = CalendarOverride.objects.get(date=saturday)
    response = admin_client.post(reverse("admin:core_calendaroverride_delete", args=[override.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not calendar.is_working_day(saturday)


def test_calendar_is_refreshed_after_commit_too(django_capture_on_commit_callbacks):
    from bureau import calendar

    with django_capture_on_commit_callbacks() as callbacks:
        CalendarOverride.objects.create(date=date(2026, 12, 6), is_working_day=True)
    assert calendar.invalidate_default_calendar in callbacks
