"""Factories of the registry and profile (enterprises app).

VerifiedOrganizationFactory()                 # a verified enterprise in 醴陵市, industry C34
OrganizationYearFactory(organization=org, year=2025, revenue=Decimal("30000000"))
IntellectualPropertyFactory(organization=org, kind=IPKind.UTILITY_MODEL)
QualificationFactory(organization=org, kind="award", level="national", rank=2, year=2024)
IntegrityRecordFactory(organization=org, kind="major_violation", starts_on=date(2025, 3, 1))
"""

from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from bureau.accounts.models import Role
from enterprises.models import (
    HighTechField,
    Industry,
    IntegrityRecord,
    IntellectualProperty,
    Invitation,
    IPKind,
    Membership,
    Organization,
    OrganizationYear,
    Qualification,
)
from enterprises.services.registration import hash_token
from tests.factories import CountyFactory, UserFactory, make_uscc
from tests.factories import OrganizationFactory as BaseOrganizationFactory


def ensure_industries() -> None:
    """Reload the GB/T 4754 dictionary of migration 0003 if a transactional test flushed it."""
    if Industry.objects.exists():
        return
    from importlib import import_module

    from django.apps import apps

    import_module("enterprises.migrations.0003_industries_and_status").load_industries(apps, None)


def industry(code: str = "34") -> Industry:
    """Return the GB/T 4754 category ``code`` loaded by migration 0003 (e.g. "34", "51", "C")."""
    ensure_industries()
    return Industry.objects.get(code=code)


class OrganizationFactory(BaseOrganizationFactory):
    """A pending enterprise with its industry, field and founding date filled."""

    industry = factory.LazyFunction(industry)
    hightech_field = HighTechField.ADVANCED_MANUFACTURING
    registered_on = date(2015, 6, 1)
    legal_representative = "张三"
    address = "湖南省株洲市"
    contact_name = "李四"
    contact_phone = "13807330000"
    status = Organization.Status.PENDING


class VerifiedOrganizationFactory(OrganizationFactory):
    status = Organization.Status.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, roles=[Role.APPLICANT])
    organization = factory.SubFactory(VerifiedOrganizationFactory)
    is_admin = True


class OrganizationYearFactory(factory.django.DjangoModelFactory):
    """A plausible small manufacturer's year: 120 staff, 30 million yuan revenue, 5% R&D."""

    class Meta:
        model = OrganizationYear
        django_get_or_create = ("organization", "year")

    organization = factory.SubFactory(VerifiedOrganizationFactory)
    year = 2025
    staff_total = 120
    sci_tech_staff = 30
    revenue = Decimal("30000000.00")
    total_cost = Decimal("26000000.00")
    rd_total = Decimal("1500000.00")
    rd_in_china = Decimal("1500000.00")
    rd_outsourced = Decimal("100000.00")
    total_assets = Decimal("45000000.00")
    net_assets = Decimal("20000000.00")
    hightech_income = Decimal("21000000.00")
    total_income = Decimal("30500000.00")


class IntellectualPropertyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntellectualProperty

    organization = factory.SubFactory(VerifiedOrganizationFactory)
    kind = IPKind.UTILITY_MODEL
    number = factory.Sequence(lambda n: f"ZL2023{n:07d}.X")
    title = factory.Sequence(lambda n: f"一种硬质合金刀具的夹持装置{n}")
    applied_on = date(2023, 3, 1)
    granted_on = date(2023, 9, 1)
    status = IntellectualProperty.Status.VALID
    obtained_by = IntellectualProperty.Obtained.OWN_RD


class QualificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Qualification

    organization = factory.SubFactory(VerifiedOrganizationFactory)
    kind = Qualification.Kind.RD_INSTITUTION
    level = Qualification.Level.PROVINCIAL
    name = "湖南省先进陶瓷工程技术研究中心"
    year = 2022


class IntegrityRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntegrityRecord

    organization = factory.SubFactory(VerifiedOrganizationFactory)
    kind = IntegrityRecord.Kind.ABNORMAL_OPERATION
    starts_on = date(2025, 4, 1)
    source = "国家企业信用信息公示系统"
    entered_by = factory.SubFactory(UserFactory, roles=[Role.COUNTY_STAFF])


class InvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation; pass ``token="..."`` to know the link (only its hash is stored)."""

    class Meta:
        model = Invitation
        exclude = ("token",)

    token = factory.Sequence(lambda n: f"test-token-{n}")
    organization = factory.SubFactory(VerifiedOrganizationFactory)
    full_name = "王同事"
    email = "colleague@example.com"
    token_hash = factory.LazyAttribute(lambda o: hash_token(o.token))
    invited_by = factory.SubFactory(UserFactory, roles=[Role.APPLICANT])
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))


__all__ = [
    "CountyFactory",
    "IntegrityRecordFactory",
    "IntellectualPropertyFactory",
    "InvitationFactory",
    "MembershipFactory",
    "OrganizationFactory",
    "OrganizationYearFactory",
    "QualificationFactory",
    "UserFactory",
    "VerifiedOrganizationFactory",
    "ensure_industries",
    "industry",
    "make_uscc",
]
