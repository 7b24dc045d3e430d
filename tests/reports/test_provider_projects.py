"""Project indicators (reports/providers/projects.py) over project applications."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from bureau.accounts.models import Role
from bureau.core.workflow import run_transition
from projects.models import ProjectApplication, ProjectCategory
from reports import selectors
from reports.models import Indicator, Rollup
from reports.periods import Period
from reports.rollup import refresh
from tests.factories import MembershipFactory, UserFactory
from tests.projects.factories import ProjectApplicationFactory, ProjectCallFactory
from tests.reports.factories import VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db

TODAY = date(2025, 12, 31)
TZ = ZoneInfo("Asia/Shanghai")
Status = ProjectApplication.Status


def value(code, region, key, breakdown=""):
    row = (
        Rollup.objects.for_period(Period.parse(key))
        .filter(indicator__code=code, region=region, breakdown=breakdown)
        .first()
    )
    return None if row is None else row.value


def application(region, submitted_at, *, category=ProjectCategory.KEY_RD, requested="500000", **kwargs):
    call = ProjectCallFactory(year=submitted_at.year if submitted_at else 2024, category=category)
    return ProjectApplicationFactory(
        call=call,
        organization=VerifiedOrganizationFactory(region=region),
        submitted_at=submitted_at,
        requested_amount=Decimal(requested),
        **kwargs,
    )


@pytest.fixture
def applications(city):
    """Applications of 2024 in every state, with a month edge in local time and an approval next year."""
    return {
        "funded": application(
            city["liling"],
            datetime(2024, 3, 10, 9, tzinfo=TZ),
            status=Status.APPROVED,
            approved_on=date(2024, 6, 20),
            approved_amount=Decimal("300000"),
            project_number="ZZKJ2024-001",
        ),
        # 23:30 on 31 March in Zhuzhou is still March, though UTC says 15:30 the same day.
        "late_march": application(
            city["liling"],
            datetime(2024, 3, 31, 23, 30, tzinfo=TZ),
            category=ProjectCategory.PLATFORM,
            requested="200000",
            status=Status.REJECTED,
        ),
        # 00:10 on 1 April in Zhuzhou is 31 March in UTC: it must count in April.
        "early_april": application(city["youxian"], datetime(2024, 4, 1, 0, 10, tzinfo=TZ), status=Status.ACCEPTED),
        "withdrawn": application(city["youxian"], datetime(2024, 4, 2, 9, tzinfo=TZ), status=Status.WITHDRAWN),
        "draft": application(city["park"], None),
        "returned": application(city["liling"], datetime(2024, 5, 5, 9, tzinfo=TZ), status=Status.RETURNED),
        "next_year": application(
            city["park"],
            datetime(2024, 12, 31, 16, tzinfo=TZ),
            category=ProjectCategory.TRANSFER,
            requested="150000",
            status=Status.APPROVED,
            approved_on=date(2025, 1, 10),
            approved_amount=Decimal("100000"),
            project_number="ZZKJ2025-001",
        ),
    }


def test_applications_count_in_the_local_month_of_first_submission(city, applications):
    refresh(today=TODAY)

    assert value("projects.applications", city["liling"], "2024-M03") == 2
    assert value("projects.applications", city["youxian"], "2024-M03") == 0
    assert value("projects.applications", city["youxian"], "2024-M04") == 1  # withdrawn one left out
    assert value("projects.applications", city["liling"], "2024-Y") == 3  # a returned one still applied
    assert value("projects.applications", city["park"], "2024-Y") == 1  # the draft is not an application
    assert value("projects.applications", city["city"], "2024-Q1") == 2
    assert value("projects.applications", city["city"], "2024-Y") == 5
    assert value("projects.applications", city["city"], "2025-Y") == 0
    assert value("projects.applications", city["city"], "2024-Y", "category:key_rd") == 3
    assert value("projects.applications", city["city"], "2024-Y", "category:platform") == 1
    assert value("projects.requested", city["liling"], "2024-M03") == Decimal("700000")
    assert value("projects.requested", city["city"], "2024-Y") == Decimal("1850000")


def test_funded_projects_count_in_the_month_of_approval_with_the_approved_amount(city, applications):
    refresh(today=TODAY)

    assert value("projects.funded", city["liling"], "2024-M06") == 1
    assert value("projects.funded", city["city"], "2024-Y") == 1
    assert value("projects.funded", city["city"], "2025-Y") == 1  # applied in 2024, approved in 2025
    assert value("projects.funding", city["liling"], "2024-H1") == Decimal("300000")  # not the 500,000 asked
    assert value("projects.funding", city["city"], "2025-M01") == Decimal("100000")
    assert value("projects.funding", city["city"], "2025-Y", "category:transfer") == Decimal("100000")
    assert value("projects.funded", city["park"], "2024-Y") == 0


def test_running_the_rollup_twice_changes_nothing(city, applications):
    refresh(today=TODAY)
    codes = ["projects.applications", "projects.requested", "projects.funded", "projects.funding"]
    first = sorted(
        Rollup.objects.filter(indicator__code__in=codes).values_list(
            "indicator__code", "region_id", "period", "year", "number", "breakdown", "value", "computed_at"
        )
    )
    refresh(today=TODAY)
    again = sorted(
        Rollup.objects.filter(indicator__code__in=codes).values_list(
            "indicator__code", "region_id", "period", "year", "number", "breakdown", "value", "computed_at"
        )
    )
    assert first == again and len(first) > 0


def test_the_catalogue_lists_the_project_indicators_as_computed():
    indicators = {i.code: i for i in Indicator.objects.filter(code__startswith="projects.")}
    assert set(indicators) == {"projects.applications", "projects.requested", "projects.funded", "projects.funding"}
    assert indicators["projects.funding"].unit == "万元"
    assert all(i.source == Indicator.Source.COMPUTED for i in indicators.values())


def test_funded_projects_drill_down_to_the_approved_applications(client, city, applications):
    refresh(today=TODAY)
    client.force_login(UserFactory(roles=[Role.LEADER]))

    response = client.get(
        reverse("reports:drill"), {"indicator": "projects.funding", "region": city["liling"].code, "period": "2024-Y"}
    )

    assert response.status_code == 200
    assert response.context["drill"].figure == Decimal("300000")
    shown = list(response.context["page_obj"].object_list)
    assert [a.pk for a in shown] == [applications["funded"].pk]
    assert "ZZKJ2024-001" in response.content.decode()


def test_a_category_slice_drills_down_to_that_category(client, city, applications):
    refresh(today=TODAY)
    client.force_login(UserFactory(roles=[Role.LEADER]))

    response = client.get(
        reverse("reports:drill"),
        {
            "indicator": "projects.applications",
            "region": city["city"].code,
            "period": "2024-Y",
            "breakdown": "category:key_rd",
        },
    )

    assert response.context["drill"].figure == 3
    assert {a.pk for a in response.context["page_obj"].object_list} == {
        applications[k].pk for k in ("funded", "early_april", "returned")
    }
    try:
        list_url = reverse("projects:application-list")
    except NoReverseMatch:
        list_url = None
    app_url = response.context["drill"].records.app_url
    if list_url is not None:
        assert app_url.startswith(list_url) and "category=key_rd" in app_url


def test_the_funding_card_is_on_the_leaders_dashboard(city, applications):
    refresh(today=TODAY)
    board = selectors.dashboard(region=city["city"], period=Period.parse("2024-Y"))
    cards = {card.indicator.code: card for card in board.cards}
    assert cards["projects.funded"].value == 1
    assert cards["projects.funding"].value == Decimal("300000")


def test_submitting_withdrawing_and_approving_refresh_after_commit(city, django_capture_on_commit_callbacks):
    year = timezone.localdate().year
    key = f"{year}-Y"
    membership = MembershipFactory(organization=VerifiedOrganizationFactory(region=city["liling"]))
    staff = UserFactory(roles=[Role.CITY_STAFF])
    call = ProjectCallFactory(year=year)
    draft = ProjectApplicationFactory(call=call, organization=membership.organization)
    other = ProjectApplicationFactory(call=call, organization=membership.organization)
    refresh()
    assert value("projects.applications", city["liling"], key) == 0

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(obj=draft, name="submit", actor=membership.user, number=f"XM{year}-9001")
        run_transition(obj=other, name="submit", actor=membership.user, number=f"XM{year}-9002")
    assert value("projects.applications", city["liling"], key) == 2

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(obj=other, name="withdraw", actor=membership.user)
    assert value("projects.applications", city["liling"], key) == 1

    with django_capture_on_commit_callbacks(execute=True):
        run_transition(obj=draft, name="accept", actor=staff)
        run_transition(
            obj=draft,
            name="approve",
            actor=staff,
            approved_on=timezone.localdate(),
            amount=Decimal("250000"),
            project_number=f"ZZKJ{year}-901",
        )
    assert value("projects.funded", city["city"], key) == 1
    assert value("projects.funding", city["liling"], key) == Decimal("250000")
