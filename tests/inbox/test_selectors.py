import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from bureau.accounts.models import Role, User
from bureau.core.context_processors import portal
from bureau.inbox.selectors import header_counts, messages_for, open_todos, workbench_summary
from tests.factories import CountyFactory, DepartmentFactory, RegionFactory, UserFactory

from .factories import MessageFactory, TodoFactory

pytestmark = pytest.mark.django_db


def test_counts_only_own_unread_messages(user, other_user):
    MessageFactory.create_batch(2, recipient=user)
    MessageFactory(recipient=user, read_at="2026-11-20T10:00:00+08:00")
    MessageFactory(recipient=other_user)
    assert header_counts(user) == {"unread": 2, "todo": 0}


def test_counts_named_open_todos_only(user, other_user):
    TodoFactory(users=[user])
    TodoFactory(users=[user, other_user])
    TodoFactory(users=[user], closed_at="2026-11-20T10:00:00+08:00")
    TodoFactory(users=[other_user])
    assert header_counts(user)["todo"] == 2


def test_role_todo_narrowed_to_region_reaches_that_county_and_the_city(county):
    other_county = CountyFactory(code="430223", name="攸县")
    park = RegionFactory(code="430271", name="株洲高新区", kind="park", parent=county)
    mine = UserFactory(roles=[Role.COUNTY_STAFF], region=county)
    theirs = UserFactory(roles=[Role.COUNTY_STAFF], region=other_county)
    city = UserFactory(roles=[Role.CITY_STAFF])
    applicant = UserFactory(roles=[Role.APPLICANT])
    TodoFactory(role=Role.COUNTY_STAFF, region=county)
    TodoFactory(role=Role.COUNTY_STAFF, region=park)  # a park below the county
    TodoFactory(role=Role.COUNTY_STAFF)  # every county
    assert header_counts(mine)["todo"] == 3
    assert header_counts(theirs)["todo"] == 1
    # City staff do not hold the county role: role-addressed work is for the role.
    assert header_counts(city)["todo"] == 0
    assert header_counts(applicant)["todo"] == 0


def test_role_todo_narrowed_to_department():
    hightech = DepartmentFactory()
    transfer = DepartmentFactory(code="transfer", name="成果转化科")
    a = UserFactory(roles=[Role.CITY_STAFF], department=hightech)
    b = UserFactory(roles=[Role.CITY_STAFF], department=transfer)
    TodoFactory(role=Role.CITY_STAFF, department=hightech)
    TodoFactory(role=Role.CITY_STAFF)
    assert header_counts(a)["todo"] == 2
    assert header_counts(b)["todo"] == 1


def test_header_counts_cost_one_query_whatever_the_data(django_assert_num_queries, user):
    user = User.objects.get(pk=user.pk)
    _ = user.roles  # the page loads the roles for the menu anyway
    with django_assert_num_queries(1):
        assert header_counts(user) == {"unread": 0, "todo": 0}
    MessageFactory.create_batch(30, recipient=user)
    TodoFactory.create_batch(30, users=[user])
    with django_assert_num_queries(1):
        assert header_counts(user) == {"unread": 30, "todo": 30}


def test_header_on_every_page_costs_at_most_two_queries(user):
    """The context processor (roles + counts) stays at two queries for a fresh request."""
    MessageFactory.create_batch(5, recipient=user)
    TodoFactory.create_batch(5, users=[user])
    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=user.pk)
    request.session = {}
    with CaptureQueriesContext(connection) as ctx:
        context = portal(request)
    assert context["inbox_counts"] == {"unread": 5, "todo": 5}
    assert len(ctx.captured_queries) <= 2


def test_anonymous_counts_are_zero_without_queries(django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    with django_assert_num_queries(0):
        assert header_counts(AnonymousUser()) == {"unread": 0, "todo": 0}


def test_open_todos_soonest_deadline_first_and_undated_last(user):
    later = TodoFactory(users=[user], due_on="2026-12-10")
    undated = TodoFactory(users=[user])
    sooner = TodoFactory(users=[user], due_on="2026-12-01")
    assert list(open_todos(user)) == [sooner, later, undated]


def test_messages_for_is_own_newest_first_and_can_filter_unread(user, other_user):
    first = MessageFactory(recipient=user, read_at="2026-11-20T10:00:00+08:00")
    second = MessageFactory(recipient=user)
    MessageFactory(recipient=other_user)
    assert list(messages_for(user)) == [second, first]
    assert list(messages_for(user, unread_only=True)) == [second]


def test_workbench_summary_lists_five_todos_and_counts(user):
    TodoFactory.create_batch(7, users=[user])
    MessageFactory(recipient=user)
    summary = workbench_summary(user)
    assert len(summary["todos"]) == 5
    assert summary["todo"] == 7
    assert summary["unread"] == 1
