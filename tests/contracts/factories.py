"""Factories of the contracts tests."""

import itertools
from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from stdnum.cn import ric

from bureau.accounts.models import Role
from contracts.models import Broker, RegistrationOffice, TechnologyContract
from enterprises.models import Organization
from tests.factories import DepartmentFactory, OrganizationFactory, RegionFactory, UserFactory

_ric_serial = itertools.count(1)


def make_id_number() -> str:
    """Return a fresh 居民身份证号 with a correct check digit."""
    body = f"430202198{next(_ric_serial) % 10}0101{next(_ric_serial) % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


class TransferDepartmentFactory(DepartmentFactory):
    code = "transfer"
    name = "成果转化科"


class OfficeFactory(factory.django.DjangoModelFactory):
    """The city's registration office, run by the 成果转化科."""

    class Meta:
        model = RegistrationOffice
        django_get_or_create = ("region",)

    region = factory.SubFactory(RegionFactory)
    name = "株洲市技术合同登记处"
    code = factory.LazyAttribute(lambda o: o.region.code)
    department = factory.SubFactory(TransferDepartmentFactory)


class VerifiedOrganizationFactory(OrganizationFactory):
    status = Organization.Status.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)


def registrar(**kwargs):
    """A city registrar of the 成果转化科."""
    return UserFactory(roles=[Role.CITY_STAFF], department=TransferDepartmentFactory(), **kwargs)


class ContractFactory(factory.django.DjangoModelFactory):
    """A complete draft of a seller in a county, ready to submit (add a scan first)."""

    class Meta:
        model = TechnologyContract

    seller = factory.SubFactory(VerifiedOrganizationFactory)
    seller_name = factory.LazyAttribute(lambda c: c.seller.name)
    seller_code = factory.LazyAttribute(lambda c: c.seller.uscc)
    seller_region = factory.LazyAttribute(lambda c: c.seller.region)
    office = factory.LazyFunction(lambda: OfficeFactory())
    name = factory.Sequence(lambda n: f"数控机床远程运维系统委托开发合同{n}")
    contract_type = "development"
    subtype = "commissioned"
    buyer_name = factory.Sequence(lambda n: f"湖南买方机械有限公司{n}")
    buyer_location = "province"
    buyer_region_name = "湖南省长沙市"
    signed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    starts_on = factory.LazyAttribute(lambda c: c.signed_on)
    ends_on = factory.LazyAttribute(lambda c: c.signed_on + timedelta(days=365))
    total_amount = Decimal("1200000.00")
    technical_amount = Decimal("1000000.00")
    equipment_amount = Decimal("200000.00")
    technical_field = "advanced_manufacturing"


class BrokerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Broker

    full_name = factory.Sequence(lambda n: f"经纪人{n}")
    id_number = factory.LazyFunction(make_id_number)
    organization_name = "株洲技术转移中心"
    level = Broker.Level.INTERMEDIATE
    certificate_number = factory.Sequence(lambda n: f"JJR2025{n:05d}")
    valid_from = date(2024, 1, 1)
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))
