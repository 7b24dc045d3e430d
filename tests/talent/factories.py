"""Factories of the talent tests: programs, selections, experts, commissioners."""

import itertools
from datetime import date, timedelta

import factory
from stdnum.cn import ric

from bureau.accounts.models import Role
from bureau.regions.models import Region
from talent.models import Commissioner, CommissionerServiceLog, Expert, TalentProgram, TalentSelection
from tests.factories import CountyFactory, DepartmentFactory, RegionFactory, UserFactory

_ric_serial = itertools.count(1)


def make_id_number() -> str:
    """Return a fresh, unique 居民身份证号 with a correct check digit."""
    n = next(_ric_serial)
    born = date(1960, 1, 1) + timedelta(days=n % 15000)
    body = f"430221{born:%Y%m%d}{(n // 15000) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


class TalentProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalentProgram
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"program-{n}")
    name = factory.Sequence(lambda n: f"测试人才计划{n}")
    level = TalentProgram.Level.PROVINCIAL


class TalentSelectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TalentSelection

    program = factory.SubFactory(TalentProgramFactory)
    year = 2026
    selected_on = factory.LazyAttribute(lambda s: date(s.year, 6, 30))
    full_name = factory.Sequence(lambda n: f"人才{n}")
    organization_name = "株洲测试科技有限公司"
    region = factory.SubFactory(CountyFactory)


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    full_name = factory.Sequence(lambda n: f"专家{n}")
    id_number = factory.LazyFunction(make_id_number)
    organization_name = "湖南工业大学"
    region = factory.SubFactory(CountyFactory)
    title = Expert.Title.SENIOR
    technical_fields = factory.LazyFunction(lambda: ["advanced_manufacturing"])
    joined_on = date(2025, 3, 1)


class CommissionerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commissioner

    kind = Commissioner.Kind.INDIVIDUAL
    name = factory.Sequence(lambda n: f"特派员{n}")
    id_number = factory.LazyFunction(make_id_number)
    organization_name = "湖南省农业科学院"
    region = factory.SubFactory(CountyFactory)
    service_target = "醴陵市王仙镇"
    year = 2026
    service_from = factory.LazyAttribute(lambda c: date(c.year, 3, 1))
    service_until = factory.LazyAttribute(lambda c: date(c.year + 1, 2, 28))


class CommissionerServiceLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommissionerServiceLog

    commissioner = factory.SubFactory(CommissionerFactory)
    served_on = date(2026, 5, 10)
    place = "王仙镇农业合作社"
    content = "指导烟花原料种植技术"
    people_served = 20


class TalentDepartmentFactory(DepartmentFactory):
    code = "talent"
    name = "人才科"


def talent_officer(**kwargs):
    """A city officer of the 人才科."""
    return UserFactory(roles=[Role.CITY_STAFF], department=TalentDepartmentFactory(), **kwargs)


def county(code: str, name: str, kind: str = "county", parent=None):
    """Return the region ``code`` under the city (or under ``parent``), created when missing."""
    parent = parent or RegionFactory()
    region, _ = Region.objects.get_or_create(code=code, defaults={"name": name, "kind": kind, "parent": parent})
    return region
