"""The rollup (reports/rollup.py): SQL grouping by region and period, idempotent, narrowable."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from reports.models import Indicator, Rollup
from reports.periods import Period
from reports.rollup import refresh
from reports.services.indicators import set_entered_value
from tests.factories import OrganizationFactory, UserFactory
from tests.reports.factories import VerifiedOrganizationFactory, indicator

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2024, 12, 31)


def value(code, region, key, breakdown=""):
    period = Period.parse(key)
    row = Rollup.objects.filter(
        indicator__code=code,
        region=region,
        period=period.type,
        year=period.year,
        number=period.number,
        breakdown=breakdown,
    ).first()
    return None if row is None else row.value


def snapshot():
    return sorted(
        Rollup.objects.values_list(
            "pk", "indicator_id", "region_id", "period", "year", "number", "breakdown", "value", "computed_at"
        )
    )


def verified(region, when, **kwargs):
    return VerifiedOrganizationFactory(region=region, verified_at=datetime(*when, tzinfo=TZ), **kwargs)


# --- Stocks: verified organizations at period end ------------------------------------


def test_a_stock_counts_what_exists_at_each_period_end(city):
    verified(city["liling"], (2024, 3, 10))
    verified(city["youxian"], (2024, 5, 2))
    verified(city["park"], (2024, 5, 31, 23, 30))  # late on 31 May, Beijing time
    verified(city["liling"], (2023, 11, 1))
    OrganizationFactory(region=city["liling"])  # not verified: never counted

    refresh(codes=["org.verified"], today=TODAY)

    assert value("org.verified", city["liling"], "2024-M02") == 1
    assert value("org.verified", city["liling"], "2024-M03") == 2
    assert value("org.verified", city["liling"], "2024-M12") == 2
    assert value("org.verified", city["park"], "2024-M05") == 1
    # The city row is all of its counties and parks.
    assert value("org.verified", city["city"], "2024-M04") == 2
    assert value("org.verified", city["city"], "2024-M05") == 4
    # Quarters, halves, years and year-to-date take the value at their last month.
    assert value("org.verified", city["city"], "2024-Q1") == 2
    assert value("org.verified", city["city"], "2024-Q2") == 4
    assert value("org.verified", city["city"], "2024-H1") == 4
    assert value("org.verified", city["city"], "2024-Y") == 4
    assert value("org.verified", city["city"], "2023-Y") == 1
    assert value("org.verified", city["city"], "2024-YTD03") == 2
    assert value("org.verified", city["city"], "2024-M05", "kind:enterprise") == 4


def test_a_stock_never_extends_past_the_current_month(city):
    verified(city["liling"], (2024, 3, 10))
    refresh(codes=["org.verified"], today=date(2024, 7, 15))
    assert value("org.verified", city["city"], "2024-M07") == 1
    assert value("org.verified", city["city"], "2024-M08") is None
    assert value("org.verified", city["city"], "2024-Q3") == 1  # the quarter so far


# --- Flows ---------------------------------------------------------------------------


def test_a_flow_sums_months_into_quarters_halves_years_and_year_to_date(city, deals):
    deals(city["liling"], date(2020, 1, 15), "100")
    deals(city["liling"], date(2020, 6, 30), "200", kind="b")
    deals(city["youxian"], date(2020, 7, 1), "400")
    deals(city["park"], date(2020, 2, 1), "50")

    refresh(codes=["test.deals.count", "test.deals.amount"], today=TODAY)

    assert value("test.deals.amount", city["liling"], "2020-M01") == 100
    assert value("test.deals.amount", city["liling"], "2020-M03") == 0  # an empty month is 0
    assert value("test.deals.amount", city["liling"], "2020-Q2") == 200
    assert value("test.deals.amount", city["city"], "2020-H1") == 350
    assert value("test.deals.amount", city["city"], "2020-H2") == 400
    assert value("test.deals.amount", city["city"], "2020-Y") == 750
    assert value("test.deals.amount", city["city"], "2020-YTD06") == 350
    assert value("test.deals.amount", city["city"], "2020-YTD07") == 750
    assert value("test.deals.count", city["city"], "2020-Y") == 4
    assert value("test.deals.count", city["city"], "2020-Y", "kind:b") == 1
    assert value("test.deals.count", city["youxian"], "2020-Y", "kind:b") == 0


def test_running_the_rollup_twice_gives_identical_rows(city, deals):
    deals(city["liling"], date(2020, 1, 15), "100")
    verified(city["park"], (2020, 5, 2))
    first = refresh(today=TODAY)
    rows = snapshot()
    assert first.total_written > 0
    second = refresh(today=TODAY)
    assert second.total_written == 0
    assert snapshot() == rows


def test_a_narrowed_refresh_touches_only_its_regions_and_year(city, deals):
    deals(city["liling"], date(2020, 1, 15), "100")
    deals(city["youxian"], date(2020, 1, 15), "10")
    deals(city["youxian"], date(2021, 1, 15), "5")
    refresh(today=TODAY)
    before = {r[0]: r for r in snapshot()}

    deals(city["liling"], date(2020, 3, 1), "1")
    deals(city["youxian"], date(2020, 3, 1), "1000")  # not announced: must stay unseen
    result = refresh(codes=["test.deals.amount"], region_ids=[city["liling"].pk], years=[2020], today=TODAY)

    assert value("test.deals.amount", city["liling"], "2020-Y") == 101
    assert value("test.deals.amount", city["city"], "2020-Y") == 1111  # the city row reads every county
    assert value("test.deals.amount", city["youxian"], "2020-Y") == 10
    changed = {r[0] for r in snapshot() if before.get(r[0]) != r}
    regions = set(Rollup.objects.filter(pk__in=changed).values_list("region_id", flat=True))
    assert regions == {city["liling"].pk, city["city"].pk}
    assert set(Rollup.objects.filter(pk__in=changed).values_list("year", flat=True)) == {2020}
    assert result.codes == ["test.deals.amount"]


def test_a_removed_record_brings_its_month_back_to_zero(city, deals):
    deals(city["liling"], date(2020, 1, 15), "100")
    refresh(today=TODAY)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM test_deals")
    refresh(today=TODAY, years=[2020])
    assert value("test.deals.amount", city["city"], "2020-Y") == 0


# --- Entered and derived indicators --------------------------------------------------


def test_entered_values_feed_the_ratio_of_two_indicators(city, django_capture_on_commit_callbacks):
    staff = UserFactory(roles=["city_staff"])
    year = Period.parse("2023-Y")
    with django_capture_on_commit_callbacks(execute=True):
        set_entered_value(
            actor=staff, indicator=indicator("gdp"), region=city["city"], period=year, value=Decimal("3000")
        )
        set_entered_value(
            actor=staff, indicator=indicator("rd.spending"), region=city["city"], period=year, value=Decimal("98.1")
        )
    # Stored in 元; the ratio is a fraction, shown as 3.27%.
    assert value("gdp", city["city"], "2023-Y") == Decimal("300000000000")
    assert value("rd.intensity", city["city"], "2023-Y") == Decimal("0.0327")

    with django_capture_on_commit_callbacks(execute=True):
        set_entered_value(actor=staff, indicator=indicator("gdp"), region=city["city"], period=year, value=None)
    assert value("gdp", city["city"], "2023-Y") is None
    assert value("rd.intensity", city["city"], "2023-Y") is None


def test_refresh_stamps_when_each_indicator_was_computed(city):
    refresh(codes=["org.verified"], today=TODAY)
    stamped = Indicator.objects.get(code="org.verified").refreshed_at
    assert stamped is not None
    assert Indicator.objects.get(code="org.registered").refreshed_at is None


def test_a_verification_refreshes_its_regions_figures_after_commit(city, django_capture_on_commit_callbacks):
    from django.utils import timezone

    from bureau.accounts.models import Role
    from enterprises.services.registration import verify_organization
    from tests.factories import OrganizationFactory

    organization = OrganizationFactory(region=city["liling"])
    refresh()
    year = timezone.localdate().year
    assert value("org.verified", city["city"], f"{year}-Y") == 0
    county = UserFactory(roles=[Role.COUNTY_STAFF], region=city["liling"])

    with django_capture_on_commit_callbacks(execute=True):
        verify_organization(actor=county, organization=organization)

    assert value("org.verified", city["liling"], f"{year}-Y") == 1
    assert value("org.verified", city["city"], f"{year}-Y") == 1
