"""factory_boy factories shared by every app's tests."""

import itertools

import factory
from django.contrib.auth.models import Group
from stdnum.cn import uscc

from bureau.accounts.models import Department, Role, User
from bureau.regions.models import Region
from enterprises.models import Membership, Organization

_uscc_serial = itertools.count(1)


def make_uscc() -> str:
    """Return a fresh 统一社会信用代码 with a correct check digit."""
    body = f"91430200MA4{next(_uscc_serial):06d}"
    return body + uscc.calc_check_digit(body)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "430200"
    name = "株洲市"
    kind = Region.Kind.CITY
    parent = factory.LazyFunction(
        lambda: Region.objects.get_or_create(code="430000", defaults={"name": "湖南省", "kind": "province"})[0]
    )


class CountyFactory(RegionFactory):
    code = "430281"
    name = "醴陵市"
    kind = Region.Kind.COUNTY
    parent = factory.SubFactory(RegionFactory)


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = "hightech"
    name = "高新技术科"


class UserFactory(factory.django.DjangoModelFactory):
    """A user; pass ``roles=[Role.CITY_STAFF, ...]`` to put it in those groups."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"测试用户{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    # Hashed when built, so the saved row and the in-memory user agree (session hashes).
    password = factory.django.Password("Passw0rd!2026")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for role in extracted:
            group, _ = Group.objects.get_or_create(name=Role(role).value)
            self.groups.add(group)
        self.__dict__.pop("roles", None)  # drop any cached role set


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    uscc = factory.LazyFunction(make_uscc)
    name = factory.Sequence(lambda n: f"株洲测试科技有限公司{n}")
    region = factory.SubFactory(CountyFactory)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, roles=[Role.APPLICANT])
    organization = factory.SubFactory(OrganizationFactory)
    is_admin = True
