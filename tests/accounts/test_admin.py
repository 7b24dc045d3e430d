"""The user admin: roles, region, department and memberships edited; every change audited."""

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, update_last_login
from django.urls import reverse

from bureau.accounts.models import Department, Role, User, UserEvent, UserRoleEvent
from tests.factories import DepartmentFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    user = UserFactory(roles=[Role.ADMINISTRATOR], is_staff=True, is_superuser=True, full_name="系统管理员")
    return user


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def _change_data(user, **overrides):
    data = {
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "phone": user.phone,
        "email_preference": user.email_preference,
        "groups": [g.pk for g in user.groups.all()],
        "region": user.region_id or "",
        "department": user.department_id or "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_change_form_never_shows_the_password_hash(admin_client):
    user = UserFactory(roles=[Role.APPLICANT])
    html = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert user.password not in html
    for part in [p for p in user.password.split("$")[1:] if len(p) > 4]:
        assert part not in html
    assert "已设置" in html
    assert reverse("admin:auth_user_password_change", args=[user.pk]) in html
    assert "sha256" not in html and "哈希" not in html


def test_changelist_shows_roles_in_words_and_filters_by_role_region_department(admin_client, county):
    UserFactory(roles=[Role.COUNTY_STAFF, Role.EXPERT], region=county, full_name="王芳")
    city = UserFactory(roles=[Role.CITY_STAFF], department=DepartmentFactory(), full_name="张伟")
    url = reverse("admin:accounts_user_changelist")
    html = admin_client.get(url).content.decode()
    assert "县市区科技局、评审专家" in html
    assert "王芳" in admin_client.get(url, {"role": "county_staff"}).content.decode()
    assert "张伟" not in admin_client.get(url, {"role": "county_staff"}).content.decode()
    assert "张伟" not in admin_client.get(url, {"region__id__exact": county.pk}).content.decode()
    by_dept = admin_client.get(url, {"department__id__exact": city.department_id}).content.decode()
    assert "张伟" in by_dept and "王芳" not in by_dept


def test_administrator_changes_roles_region_and_department_and_it_is_audited(admin_client, admin_user, county):
    user = UserFactory(roles=[Role.APPLICANT], full_name="李明")
    department = DepartmentFactory()
    county_group = Group.objects.get(name=Role.COUNTY_STAFF)
    expert_group, _ = Group.objects.get_or_create(name=Role.EXPERT)
    response = admin_client.post(
        reverse("admin:accounts_user_change", args=[user.pk]),
        _change_data(
            user,
            groups=[county_group.pk, expert_group.pk],
            region=county.pk,
            department=department.pk,
            email_preference=User.EmailPreference.DAILY_DIGEST,
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(pk=user.pk)
    assert user.roles == {Role.COUNTY_STAFF, Role.EXPERT}
    assert user.region == county
    assert user.department == department
    assert user.email_preference == "daily"

    # Django's admin log ...
    assert LogEntry.objects.filter(object_id=str(user.pk), user=admin_user).exists()
    # ... and the database-trigger history, with who did it.
    event = user.events.order_by("-pgh_id").first()
    assert event.pgh_label == "update"
    assert event.region_id == county.pk
    assert event.pgh_context.metadata["user"] == admin_user.pk
    added = set(UserRoleEvent.objects.filter(user=user, pgh_label="role.add").values_list("group__name", flat=True))
    assert {Role.COUNTY_STAFF, Role.EXPERT} <= added
    removed = UserRoleEvent.objects.filter(user=user, pgh_label="role.remove").values_list("group__name", flat=True)
    assert list(removed) == [Role.APPLICANT]


def test_audit_leaves_out_password_and_last_login():
    field_names = {f.name for f in UserEvent._meta.get_fields()}
    assert "password" not in field_names
    assert "last_login" not in field_names
    user = UserFactory()
    before = UserEvent.objects.filter(pgh_obj=user).count()
    user.set_password("Another!2027")
    user.save(update_fields=["password"])
    update_last_login(None, user=user)
    assert UserEvent.objects.filter(pgh_obj=user).count() == before


def test_memberships_inline_lists_organizations(admin_client):
    membership = MembershipFactory()
    html = admin_client.get(reverse("admin:accounts_user_change", args=[membership.user_id])).content.decode()
    assert "所属单位" in html
    assert membership.organization.name in html


def test_add_user_with_name_and_email(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "zhangsan",
            "full_name": "张三",
            "email": "zhangsan@example.com",
            "usable_password": "true",
            "password1": "Zhuzhou!2026kj",
            "password2": "Zhuzhou!2026kj",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="zhangsan")
    assert user.full_name == "张三"
    assert user.check_password("Zhuzhou!2026kj")
    assert user.events.filter(pgh_label="insert").exists()


def test_department_change_is_audited(admin_client, admin_user):
    department = DepartmentFactory()
    response = admin_client.post(
        reverse("admin:accounts_department_change", args=[department.pk]),
        {"code": department.code, "name": "高新技术与产业化科", "duties": "", "sort_order": "1"},
    )
    assert response.status_code == 302
    assert Department.objects.get(pk=department.pk).name == "高新技术与产业化科"
    event = department.events.order_by("-pgh_id").first()
    assert event.name == "高新技术与产业化科"
    assert event.pgh_context.metadata["user"] == admin_user.pk


def test_change_form_links_to_the_audit_events(admin_client, admin_user):
    user = UserFactory(roles=[Role.APPLICANT])
    html = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    link = f"{reverse('admin:pghistory_events_changelist')}?method=tracks&amp;obj=accounts.User%3A{user.pk}"
    assert link in html
    events = admin_client.get(link.replace("&amp;", "&"))
    assert events.status_code == 200
    assert "insert" in events.content.decode()
