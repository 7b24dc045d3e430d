"""Factories of the projects tests: calls and applications."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from bureau.accounts.models import Role
from enterprises.models import Membership, Organization
from projects.models import ProjectApplication, ProjectCall, ProjectCategory
from tests.factories import DepartmentFactory, OrganizationFactory, UserFactory


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


class VerifiedOrganizationFactory(OrganizationFactory):
    status = Organization.Status.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)


class OpenCallFactory(ProjectCallFactory):
    """A published call whose window includes now (opened 10 days ago, closes in 20)."""

    year = factory.LazyFunction(lambda: timezone.localdate().year)
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    max_funding = Decimal("1000000.00")


def reviewer(**kwargs):
    """A city staff member of the 发展规划科."""
    return UserFactory(roles=[Role.CITY_STAFF], department=PlanningDepartmentFactory(), **kwargs)


def applicant_of(organization, **kwargs):
    """An applicant user who belongs to ``organization``."""
    user = UserFactory(roles=[Role.APPLICANT], **kwargs)
    Membership.objects.create(user=user, organization=organization, is_admin=True)
    return user


COMPLETE = {
    "title": "轨道交通牵引变流器碳化硅功率模块关键技术研发",
    "leader_name": "张工",
    "leader_phone": "13907330001",
    "summary": "研究内容、预期目标与考核指标。",
    "starts_on": date(2027, 1, 1),
    "ends_on": date(2028, 12, 31),
    "total_budget": Decimal("2000000.00"),
    "requested_amount": Decimal("500000.00"),
    "self_funding": Decimal("1500000.00"),
}
