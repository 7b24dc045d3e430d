"""Factories of the projects tests: calls and applications."""

from datetime import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from projects.models import ProjectApplication, ProjectCall, ProjectCategory
from tests.factories import DepartmentFactory, OrganizationFactory


def _at(year, month, day):
    return datetime(year, month, day, 9, 0, tzinfo=timezone.get_default_timezone())


class PlanningDepartmentFactory(DepartmentFactory):
    code = "planning"
    name = "发展规划科"


class ProjectCallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectCall

    title = factory.Sequence(lambda n: f"2026年度株洲市重点研发计划项目申报指南（{n}）")
    year = 2026
    category = ProjectCategory.KEY_RD
    department = factory.SubFactory(PlanningDepartmentFactory)
    summary = "支持先进轨道交通装备、新材料等领域关键核心技术攻关。"
    opens_at = factory.LazyAttribute(lambda c: _at(c.year, 3, 1))
    closes_at = factory.LazyAttribute(lambda c: _at(c.year, 4, 30))
    is_published = True


class ProjectApplicationFactory(factory.django.DjangoModelFactory):
    """An application; a status other than draft is written directly (fixtures, not workflow)."""

    class Meta:
        model = ProjectApplication

    call = factory.SubFactory(ProjectCallFactory)
    category = factory.LazyAttribute(lambda a: a.call.category)
    organization = factory.SubFactory(OrganizationFactory)
    region = factory.LazyAttribute(lambda a: a.organization.region)
    title = factory.Sequence(lambda n: f"轨道交通装备关键部件研发项目{n}")
    leader_name = "张工"
    total_budget = Decimal("2000000.00")
    requested_amount = Decimal("500000.00")
