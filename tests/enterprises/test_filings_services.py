"""Yearly figures written by staff from a confirmed filing (enterprises/services/filings.py)."""

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput, StaleObject
from enterprises.models import OrganizationYear
from enterprises.services import record_year_from_filing
from tests.enterprises.factories import OrganizationYearFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SOURCE = {"campaign": 7, "answer": 42, "title": "2025年度企业研发投入数据填报", "filed_by": 3}
FULL_YEAR = {
    "staff_total": 80,
    "sci_tech_staff": 20,
    "revenue": Decimal("12000000.00"),
    "total_cost": Decimal("10000000.00"),
    "rd_total": Decimal("900000.00"),
    "rd_in_china": Decimal("900000.00"),
    "rd_outsourced": Decimal("0.00"),
    "total_assets": Decimal("20000000.00"),
    "net_assets": Decimal("8000000.00"),
    "hightech_income": Decimal("7000000.00"),
    "total_income": Decimal("12100000.00"),
}


@pytest.fixture
def city_staff(db):
    return UserFactory(roles=[Role.CITY_STAFF])


def last_event(row):
    Event = apps.get_model("enterprises", "OrganizationYearEvent")
    return Event.objects.filter(pgh_obj_id=row.pk).order_by("-pgh_id").first()


def test_staff_write_the_confirmed_figures_in_their_own_name(org, city_staff):
    OrganizationYearFactory(organization=org, year=2025)

    row = record_year_from_filing(
        actor=city_staff,
        organization=org,
        year=2025,
        figures={"rd_total": Decimal("3200000.00"), "rd_in_china": Decimal("3000000.00")},
        source=SOURCE,
    )

    row.refresh_from_db()
    assert (row.rd_total, row.rd_in_china, row.revenue) == (
        Decimal("3200000.00"),
        Decimal("3000000.00"),
        Decimal("30000000.00"),
    )
    assert row.updated_by == city_staff
    event = last_event(row)
    assert event.pgh_label == "update"
    assert event.pgh_context.metadata["confirmed_by"] == city_staff.pk
    assert event.pgh_context.metadata["filing"] == SOURCE


def test_county_staff_confirm_for_their_own_region_only(org, liling_staff, tianyuan_staff, org_admin):
    OrganizationYearFactory(organization=org, year=2025)
    figures = {"rd_total": Decimal("2000000.00")}

    record_year_from_filing(actor=liling_staff, organization=org, year=2025, figures=figures, source=SOURCE)

    for outsider in (tianyuan_staff, org_admin, UserFactory(roles=[Role.LEADER])):
        with pytest.raises(ActionNotPermitted):
            record_year_from_filing(actor=outsider, organization=org, year=2025, figures=figures, source=SOURCE)


def test_the_figures_are_checked_like_any_year(org, city_staff):
    OrganizationYearFactory(organization=org, year=2025)
    with pytest.raises(ValidationError) as refused:
        record_year_from_filing(
            actor=city_staff, organization=org, year=2025, figures={"rd_in_china": Decimal("9900000.00")}, source=SOURCE
        )
    assert "rd_in_china" in refused.value.message_dict
    assert OrganizationYear.objects.get(organization=org, year=2025).rd_in_china == Decimal("1500000.00")


def test_a_year_not_recorded_yet_needs_every_figure(org, city_staff):
    with pytest.raises(ValidationError):
        record_year_from_filing(
            actor=city_staff, organization=org, year=2024, figures={"rd_total": Decimal("1.00")}, source=SOURCE
        )
    row = record_year_from_filing(
        actor=city_staff, organization=org, year=2024, figures=FULL_YEAR, source=SOURCE, expected_version=0
    )
    assert row.pk and row.updated_by == city_staff
    assert last_event(row).pgh_label == "insert"


def test_a_year_changed_since_it_was_seen_is_not_overwritten(org, city_staff):
    row = OrganizationYearFactory(organization=org, year=2025)
    seen = row.version
    OrganizationYear.objects.filter(pk=row.pk).update(version=seen + 1, rd_total=Decimal("1600000.00"))

    with pytest.raises(StaleObject):
        record_year_from_filing(
            actor=city_staff,
            organization=org,
            year=2025,
            figures={"rd_total": Decimal("2000000.00")},
            source=SOURCE,
            expected_version=seen,
        )
    with pytest.raises(StaleObject):  # a year created since the confirmer saw none
        record_year_from_filing(
            actor=city_staff, organization=org, year=2025, figures=FULL_YEAR, source=SOURCE, expected_version=0
        )
    assert OrganizationYear.objects.get(pk=row.pk).rd_total == Decimal("1600000.00")


def test_only_yearly_figures_can_be_written(org, city_staff):
    with pytest.raises(InvalidInput, match="version"):
        record_year_from_filing(actor=city_staff, organization=org, year=2025, figures={"version": 9}, source=SOURCE)
    with pytest.raises(InvalidInput):
        record_year_from_filing(actor=city_staff, organization=org, year=2025, figures={}, source=SOURCE)
