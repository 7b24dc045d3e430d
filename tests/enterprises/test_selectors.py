"""profile_facts and ip_available_for_hightech: what certification reads from the profile."""

from datetime import date
from decimal import Decimal

import pytest

from enterprises import services
from enterprises.models import IntellectualProperty, IPKind
from enterprises.selectors import ip_available_for_hightech, profile_facts
from tests.enterprises.factories import (
    IntegrityRecordFactory,
    IntellectualPropertyFactory,
    OrganizationYearFactory,
    QualificationFactory,
    VerifiedOrganizationFactory,
    industry,
)

pytestmark = pytest.mark.django_db


def test_facts_carry_the_years_figures_and_the_three_year_series(org):
    for year, revenue in ((2022, "10"), (2023, "20"), (2024, "30"), (2025, "40")):
        OrganizationYearFactory(organization=org, year=year, revenue=Decimal(revenue + "000000.00"))
    facts = profile_facts(org, 2025)
    assert facts.has_year_data
    assert facts.revenue == Decimal("40000000.00")
    assert facts.staff_total == 120 and facts.sci_tech_staff == 30
    assert [y.year for y in facts.years] == [2023, 2024, 2025]
    assert facts.years[0].revenue == Decimal("20000000.00")
    assert facts.verified and facts.supported_field
    assert facts.registered_on == date(2015, 6, 1)
    assert facts.industry_code == "C34" and not facts.restricted_industry


def test_facts_without_the_years_data_are_zero_and_say_so(org):
    facts = profile_facts(org, 2025)
    assert not facts.has_year_data
    assert facts.revenue == Decimal("0") and facts.years == ()


@pytest.mark.parametrize(
    ("code", "restricted"), [("51", True), ("52", True), ("16", True), ("90", True), ("34", False), ("65", False)]
)
def test_restricted_industries_come_from_the_dictionary(code, restricted):
    org = VerifiedOrganizationFactory(industry=industry(code))
    assert profile_facts(org, 2025).restricted_industry is restricted


def test_ip_counts_take_valid_items_granted_by_the_years_end(org):
    IntellectualPropertyFactory(organization=org, kind=IPKind.INVENTION_PATENT)
    IntellectualPropertyFactory.create_batch(3, organization=org, kind=IPKind.UTILITY_MODEL)
    IntellectualPropertyFactory(organization=org, kind=IPKind.SOFTWARE_COPYRIGHT, obtained_by="transfer")
    IntellectualPropertyFactory(organization=org, kind=IPKind.TRADEMARK)
    IntellectualPropertyFactory(organization=org, kind=IPKind.DESIGN_PATENT, status=IntellectualProperty.Status.EXPIRED)
    IntellectualPropertyFactory(
        organization=org, kind=IPKind.UTILITY_MODEL, applied_on=date(2025, 6, 1), granted_on=date(2026, 1, 2)
    )
    facts = profile_facts(org, 2025)
    assert (facts.class1_ip, facts.class2_ip) == (1, 4)
    assert facts.own_rd_ip == 5  # trademark included: how obtained is about every item
    assert profile_facts(org, 2026).class2_ip == 5


def test_qualification_flags_look_back_five_years(org):
    QualificationFactory(organization=org, kind="award", level="national", rank=3, year=2021)
    QualificationFactory(organization=org, kind="standard", level="industry", is_lead=True, year=2020)
    QualificationFactory(organization=org, kind="rd_institution", level="city", year=2024)
    facts = profile_facts(org, 2025)
    assert facts.national_award_top3  # 2021..2025 is the window
    assert not facts.led_standard  # 2020 is six years back
    assert not facts.provincial_rd_institution  # city level does not count
    assert not profile_facts(org, 2026).national_award_top3


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"kind": "award", "level": "national", "rank": 4, "year": 2024}, ("national_award_top3", False)),
        ({"kind": "award", "level": "provincial", "rank": 1, "year": 2024}, ("national_award_top3", False)),
        ({"kind": "award", "level": "national", "rank": 1, "year": 2024}, ("national_award_top3", True)),
        ({"kind": "rd_institution", "level": "provincial", "year": 2010}, ("provincial_rd_institution", True)),
        ({"kind": "rd_institution", "level": "national", "year": 2019}, ("provincial_rd_institution", True)),
        ({"kind": "standard", "level": "national", "is_lead": False, "year": 2024}, ("led_standard", False)),
        ({"kind": "standard", "level": "international", "is_lead": True, "year": 2024}, ("led_standard", True)),
    ],
)
def test_qualification_flags(org, kwargs, expected):
    QualificationFactory(organization=org, name="x", **kwargs)
    flag, value = expected
    assert getattr(profile_facts(org, 2025), flag) is value


def test_integrity_flags_cover_the_year_and_the_year_before(org):
    IntegrityRecordFactory(
        organization=org, kind="major_violation", starts_on=date(2024, 2, 1), ends_on=date(2024, 3, 1)
    )
    IntegrityRecordFactory(organization=org, kind="dishonest", starts_on=date(2020, 1, 1), ends_on=None)
    IntegrityRecordFactory(
        organization=org, kind="research_misconduct", starts_on=date(2021, 1, 1), ends_on=date(2022, 1, 1)
    )
    facts = profile_facts(org, 2025)
    assert facts.major_violation and facts.violations
    assert facts.dishonest and facts.listed
    assert not facts.research_misconduct
    assert not profile_facts(org, 2026).major_violation


def test_facts_take_a_bounded_number_of_queries(org, django_assert_max_num_queries):
    OrganizationYearFactory(organization=org, year=2025)
    IntellectualPropertyFactory.create_batch(5, organization=org)
    QualificationFactory.create_batch(3, organization=org)
    with django_assert_max_num_queries(5):
        profile_facts(org, 2025)


def test_class_two_items_used_by_a_high_tech_application_are_not_available(org, org_admin):
    used = IntellectualPropertyFactory(organization=org, kind=IPKind.UTILITY_MODEL)
    free = IntellectualPropertyFactory(organization=org, kind=IPKind.SOFTWARE_COPYRIGHT)
    sme_only = IntellectualPropertyFactory(organization=org, kind=IPKind.DESIGN_PATENT)
    IntellectualPropertyFactory(organization=org, kind=IPKind.INVENTION_PATENT)
    IntellectualPropertyFactory(organization=org, kind=IPKind.UTILITY_MODEL, status="expired")
    application = VerifiedOrganizationFactory()
    services.record_ip_use(actor=org_admin, ip=used, purpose="hightech", application=application, label="高企")
    services.record_ip_use(actor=org_admin, ip=sme_only, purpose="sme", application=application, label="科小")
    assert set(ip_available_for_hightech(org)) == {free, sme_only}
    assert set(ip_available_for_hightech(org, exclude_application=application)) == {used, free, sme_only}
    assert profile_facts(org, 2025).class2_ip_available_for_hightech == 2
