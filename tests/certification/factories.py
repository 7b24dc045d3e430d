"""Factories of certification: evaluations, applications, certificates, reserve entries.

profile_for(org, year=2025)           # three years of good figures and IP (1 invention, 3 utility models)
SmeEvaluationFactory(organization=org, year=2026)     # a draft (use the services to move it on)
CertificateFactory(organization=org, issued_on=date(2024, 12, 1))
"""

from datetime import date
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from enterprises.certification.models import HighTechApplication, HighTechCertificate, ReserveEntry, SmeEvaluation
from enterprises.certification.policy import certificate_expiry
from enterprises.models import IPKind
from tests.enterprises.factories import (
    IntellectualPropertyFactory,
    OrganizationYearFactory,
    VerifiedOrganizationFactory,
)

THIS_YEAR = timezone.localdate().year
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="审计报告.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def profile_for(org, year: int = THIS_YEAR - 1, *, years: int = 3, class1: int = 1, class2: int = 3, **figures):
    """Fill ``org``'s profile: ``years`` years ending ``year`` (growing revenue) and IP items granted before."""
    rows = []
    for offset in range(years - 1, -1, -1):
        y = year - offset
        scale = Decimal(1) + Decimal(years - 1 - offset) * Decimal("0.2")
        values = {
            "staff_total": 120,
            "sci_tech_staff": 40,
            "revenue": (Decimal("30000000") * scale).quantize(Decimal("0.01")),
            "total_cost": (Decimal("26000000") * scale).quantize(Decimal("0.01")),
            "rd_total": (Decimal("2000000") * scale).quantize(Decimal("0.01")),
            "rd_in_china": (Decimal("2000000") * scale).quantize(Decimal("0.01")),
            "rd_outsourced": Decimal("0.00"),
            "total_assets": Decimal("45000000.00"),
            "net_assets": (Decimal("20000000") * scale).quantize(Decimal("0.01")),
            "hightech_income": (Decimal("24000000") * scale).quantize(Decimal("0.01")),
            "total_income": (Decimal("30500000") * scale).quantize(Decimal("0.01")),
        }
        if y == year:
            values.update(figures)
        rows.append(OrganizationYearFactory(organization=org, year=y, **values))
    items = [
        IntellectualPropertyFactory(organization=org, kind=IPKind.INVENTION_PATENT, granted_on=date(year - 1, 5, 1))
        for _ in range(class1)
    ]
    items += [
        IntellectualPropertyFactory(organization=org, kind=IPKind.UTILITY_MODEL, granted_on=date(year - 1, 6, 1))
        for _ in range(class2)
    ]
    return rows, items


class SmeEvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SmeEvaluation

    organization = factory.SubFactory(VerifiedOrganizationFactory)
    year = THIS_YEAR
    staff_total = 120
    sci_tech_staff = 40
    revenue = Decimal("30000000.00")
    total_cost = Decimal("26000000.00")
    total_assets = Decimal("45000000.00")
    rd_total = Decimal("2000000.00")
    class1_ip = 1
    class2_ip = 3
    contact_name = "李四"
    contact_phone = "13807330000"


class RegisteredSmeFactory(SmeEvaluationFactory):
    status = SmeEvaluation.Status.REGISTERED
    source = SmeEvaluation.Source.IMPORTED
    registration_number = factory.Sequence(lambda n: f"{THIS_YEAR}4302810{n:05d}")
    registered_on = factory.LazyAttribute(lambda e: date(e.year, 5, 1))
    valid_until = factory.LazyAttribute(lambda e: date(e.year, 12, 31))


class HighTechApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HighTechApplication

    organization = factory.SubFactory(VerifiedOrganizationFactory)
    year = THIS_YEAR
    contact_name = "李四"
    contact_phone = "13807330000"


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HighTechCertificate

    organization = factory.SubFactory(VerifiedOrganizationFactory)
    number = factory.Sequence(lambda n: f"GR{THIS_YEAR - 1}43{n:06d}")
    issued_on = factory.LazyFunction(lambda: date(THIS_YEAR - 1, 12, 1))
    expires_on = factory.LazyAttribute(lambda c: certificate_expiry(c.issued_on))


class ReserveEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReserveEntry

    organization = factory.SubFactory(VerifiedOrganizationFactory)
    year = THIS_YEAR
    added_on = factory.LazyFunction(lambda: date(THIS_YEAR, 3, 1))
