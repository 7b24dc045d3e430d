"""Talent indicators (reports/providers/talent.py): selections, experts, commissioners."""

from datetime import date

import pytest
from django.db import transaction
from django.urls import reverse

from bureau.accounts.models import Role
from reports import selectors
from reports.models import Indicator, Rollup
from reports.periods import Period
from reports.rollup import refresh
from talent.models import Commissioner, Expert
from tests.factories import UserFactory
from tests.talent.factories import (
    CommissionerFactory,
    ExpertFactory,
    TalentProgramFactory,
    TalentSelectionFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2025, 12, 31)


def value(code, region, key, breakdown=""):
    row = (
        Rollup.objects.for_period(Period.parse(key))
        .filter(indicator__code=code, region=region, breakdown=breakdown)
        .first()
    )
    return None if row is None else row.value


@pytest.fixture
def selections(city):
    top = TalentProgramFactory(code="hx-leader", name="湖湘高层次人才聚集工程—创新人才", short_name="湖湘创新人才")
    young = TalentProgramFactory(code="hx-young", name="湖湘青年英才支持计划", short_name="湖湘青年英才")
    return [
        TalentSelectionFactory(program=top, region=city["liling"], year=2024, selected_on=date(2024, 6, 30)),
        TalentSelectionFactory(program=young, region=city["liling"], year=2024, selected_on=date(2024, 12, 31)),
        TalentSelectionFactory(program=top, region=city["park"], year=2025, selected_on=date(2025, 1, 1)),
    ]


def test_selections_count_in_the_month_the_list_was_published_by_program(city, selections):
    refresh(today=TODAY)

    assert value("talent.selected", city["liling"], "2024-Y") == 2
    assert value("talent.selected", city["liling"], "2024-Y", "program:hx-leader") == 1
    assert value("talent.selected", city["liling"], "2024-Y", "program:hx-young") == 1
    assert value("talent.selected", city["city"], "2024-H1") == 1
    assert value("talent.selected", city["city"], "2024-M12") == 1
    assert value("talent.selected", city["city"], "2025-M01") == 1
    assert value("talent.selected", city["park"], "2024-Y") == 0


def test_a_program_added_later_gets_its_own_slice_at_the_next_rollup(city, selections):
    refresh(today=TODAY)
    city_program = TalentProgramFactory(code="zz-talent", name="株洲市“人才新政”支持计划", level="city")
    TalentSelectionFactory(program=city_program, region=city["youxian"], year=2025, selected_on=date(2025, 9, 1))

    refresh(today=TODAY)

    assert value("talent.selected", city["youxian"], "2025-Y", "program:zz-talent") == 1
    board = selectors.dashboard(region=city["city"], period=Period.parse("2025-Y"), focus_code="talent.selected")
    slices = [(breakdown, label) for breakdown, label, *_ in board.breakdowns["program"]]
    assert ("program:zz-talent", "株洲市“人才新政”支持计划") in slices


@pytest.fixture
def experts(city):
    return {
        "long": ExpertFactory(region=city["liling"], joined_on=date(2023, 5, 10)),
        "left": ExpertFactory(
            region=city["liling"],
            joined_on=date(2024, 2, 1),
            left_on=date(2024, 7, 1),
            status=Expert.Status.LEFT,
            title=Expert.Title.ASSOCIATE,
        ),
        # Suspended from draws, still in the database: counted.
        "suspended": ExpertFactory(region=city["park"], joined_on=date(2024, 3, 31), status=Expert.Status.SUSPENDED),
        # Joined and left the same day: never in the pool at a month's end.
        "same_day": ExpertFactory(
            region=city["youxian"], joined_on=date(2024, 9, 1), left_on=date(2024, 9, 1), status=Expert.Status.LEFT
        ),
    }


def test_experts_in_the_pool_at_period_end(city, experts):
    refresh(today=TODAY)

    assert value("talent.experts", city["liling"], "2023-Y") == 1
    assert value("talent.experts", city["liling"], "2024-M06") == 2
    assert value("talent.experts", city["liling"], "2024-M07") == 1  # left on 1 July
    assert value("talent.experts", city["city"], "2024-Q1") == 3  # joined on 31 March counts in March
    assert value("talent.experts", city["city"], "2024-Y") == 2
    assert value("talent.experts", city["youxian"], "2024-M09") == 0
    assert value("talent.experts", city["liling"], "2024-M06", "title:associate") == 1
    assert value("talent.experts", city["city"], "2025-Y", "title:senior") == 2


@pytest.fixture
def commissioners(city):
    return {
        "individual": CommissionerFactory(
            region=city["liling"], year=2024, service_from=date(2024, 3, 1), service_until=date(2025, 2, 28)
        ),
        "legal_person": CommissionerFactory(
            kind=Commissioner.Kind.LEGAL_PERSON,
            name="湖南省农业科学院",
            id_number="",
            member_count=5,
            region=city["park"],
            year=2024,
            service_from=date(2024, 1, 1),
            service_until=date(2024, 6, 30),
        ),
        "team": CommissionerFactory(
            kind=Commissioner.Kind.TEAM,
            name="茶油产业科技特派员服务团",
            id_number="",
            member_count=4,
            region=city["youxian"],
            year=2024,
            service_from=date(2024, 1, 1),
            service_until=date(2025, 12, 31),
            ended_on=date(2024, 10, 15),
        ),
    }


def test_commissioners_in_service_at_period_end(city, commissioners):
    refresh(today=TODAY)

    assert value("talent.commissioners", city["city"], "2024-M02") == 2  # the individual starts in March
    assert value("talent.commissioners", city["city"], "2024-M06") == 3  # 30 June is the last day
    assert value("talent.commissioners", city["city"], "2024-M07") == 2
    assert value("talent.commissioners", city["youxian"], "2024-M09") == 1
    assert value("talent.commissioners", city["youxian"], "2024-M10") == 0  # ended early on 15 October
    assert value("talent.commissioners", city["city"], "2024-Y") == 1
    assert value("talent.commissioners", city["city"], "2025-Y") == 0
    assert value("talent.commissioners", city["youxian"], "2024-M09", "commissioner:team") == 1
    assert value("talent.commissioners", city["city"], "2024-M06", "commissioner:legal_person") == 1


def test_running_the_rollup_twice_changes_nothing(city, selections, experts, commissioners):
    fields = ("indicator__code", "region_id", "period", "year", "number", "breakdown", "value", "computed_at")
    talent = Rollup.objects.filter(indicator__code__startswith="talent.")
    refresh(today=TODAY)
    first = sorted(talent.values_list(*fields))
    refresh(today=TODAY)
    assert sorted(talent.values_list(*fields)) == first and len(first) > 0


def test_the_catalogue_lists_the_talent_indicators_as_computed():
    codes = set(Indicator.objects.filter(code__startswith="talent.", source="computed").values_list("code", flat=True))
    assert codes == {"talent.selected", "talent.experts", "talent.commissioners"}


def test_commissioners_drill_down_to_those_in_service(client, city, commissioners):
    refresh(today=TODAY)
    client.force_login(UserFactory(roles=[Role.LEADER]))

    response = client.get(
        reverse("reports:drill"),
        {"indicator": "talent.commissioners", "region": city["city"].code, "period": "2024-M07"},
    )

    assert response.status_code == 200
    assert response.context["drill"].figure == 2
    assert {c.pk for c in response.context["page_obj"].object_list} == {
        commissioners["individual"].pk,
        commissioners["team"].pk,
    }


def test_a_program_slice_drills_down_to_that_programs_selections(client, city, selections):
    refresh(today=TODAY)
    client.force_login(UserFactory(roles=[Role.LEADER]))

    response = client.get(
        reverse("reports:drill"),
        {
            "indicator": "talent.selected",
            "region": city["liling"].code,
            "period": "2024-Y",
            "breakdown": "program:hx-young",
        },
    )

    assert response.context["drill"].figure == 1
    assert [s.pk for s in response.context["page_obj"].object_list] == [selections[1].pk]


def test_saving_and_deleting_a_record_refresh_its_figures_after_commit(city, django_capture_on_commit_callbacks):
    year = date.today().year
    refresh()
    key = f"{year}-Y"

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        expert = ExpertFactory(region=city["liling"], joined_on=date(year, 1, 2))
        ExpertFactory(region=city["park"], joined_on=date(year, 1, 3))
    assert value("talent.experts", city["city"], key) == 2

    with django_capture_on_commit_callbacks(execute=True):
        expert.left_on = date(year, 1, 2)
        expert.status = Expert.Status.LEFT
        expert.save()
    assert value("talent.experts", city["liling"], key) == 0
    assert value("talent.experts", city["city"], key) == 1

    with django_capture_on_commit_callbacks(execute=True):
        commissioner = CommissionerFactory(region=city["youxian"], year=year, service_from=date(year, 1, 1))
    assert value("talent.commissioners", city["youxian"], key) == 1
    with django_capture_on_commit_callbacks(execute=True):
        commissioner.delete()
    assert value("talent.commissioners", city["youxian"], key) == 0
