"""The dashboards (reports/selectors.py, reports/views/dashboard.py): rollups only, fixed queries."""

import io
import time
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from bureau.accounts.models import Role
from reports import selectors
from reports.models import ProvinceRank, Target
from reports.periods import Period
from reports.rollup import refresh
from tests.factories import OrganizationFactory, UserFactory
from tests.reports.factories import VerifiedOrganizationFactory, indicator

pytestmark = pytest.mark.django_db

TODAY = date(2024, 12, 31)


def half_year_of_deals(deals, region, count, total):
    """Add ``count`` deals in the first half of 2020 summing exactly to ``total`` yuan."""
    each = (Decimal(total) / count).quantize(Decimal("0.01"))
    for n in range(count - 1):
        deals(region, date(2020, 1 + n % 6, 1 + n % 28), each)
    deals(region, date(2020, 6, 30), Decimal(total) - each * (count - 1))


def test_the_half_year_shows_its_share_of_the_annual_target(city, deals):
    """649 contracts worth 30.13 亿 in the first half against a 50 亿 target: 60.26%."""
    half_year_of_deals(deals, city["liling"], 649, "3013000000")
    deals(city["liling"], date(2020, 7, 1), "1")  # the second half does not count
    Target.objects.create(indicator=indicator("test.deals.amount"), region=city["city"], year=2020, value=5_000_000_000)
    refresh(today=TODAY)

    board = selectors.dashboard(region=city["city"], period=Period.parse("2020-H1"), focus_code="test.deals.count")
    card = next(c for c in board.cards if c.indicator.code == "test.deals.amount")
    assert card.value == Decimal("3013000000")
    assert f"{card.completion * 100:.2f}%" == "60.26%"
    count = selectors.region_table(
        region=city["city"], period=Period.parse("2020-H1"), indicators=[indicator("test.deals.count")]
    )
    assert count[0][1][0].value == 649


def test_the_leader_sees_figures_as_bureaus_write_them(client, city, deals):
    half_year_of_deals(deals, city["liling"], 649, "3013000000")
    Target.objects.create(indicator=indicator("test.deals.amount"), region=city["city"], year=2020, value=5_000_000_000)
    ProvinceRank.objects.create(
        indicator=indicator("test.deals.amount"),
        period="half",
        year=2020,
        number=1,
        start=date(2020, 1, 1),
        end=date(2020, 6, 30),
        rank=3,
        out_of=17,
    )
    refresh(today=TODAY)
    client.force_login(UserFactory(roles=[Role.LEADER]))

    response = client.get(reverse("reports:dashboard"), {"period": "2020-H1", "focus": "test.deals.amount"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "30.13" in html and "亿元" in html
    assert "60.26%" in html
    assert "全省第 3 位" in html
    assert "数据更新于" in html
    assert "醴陵市" in html  # the by-county table


def test_the_dashboard_runs_a_fixed_number_of_queries(client, city, deals, django_assert_max_num_queries):
    client.force_login(UserFactory(roles=[Role.LEADER]))
    url = reverse("reports:dashboard")
    half_year_of_deals(deals, city["liling"], 10, "1000")
    refresh(today=TODAY)
    with django_assert_max_num_queries(12) as small:
        client.get(url, {"period": "2020-H1"})
    half_year_of_deals(deals, city["youxian"], 500, "100000")
    for n in range(30):
        VerifiedOrganizationFactory(
            region=city["park"], verified_at=datetime(2020, 3, 1 + n % 28, tzinfo=ZoneInfo("UTC"))
        )
    refresh(today=TODAY)
    with django_assert_max_num_queries(len(small.captured_queries)):
        started = time.monotonic()
        response = client.get(url, {"period": "2020-H1"})
        elapsed = time.monotonic() - started
    assert response.status_code == 200
    assert elapsed < 1.0


def test_an_entered_figure_shows_its_latest_published_period(client, city):
    from reports.services.indicators import set_entered_value

    staff = UserFactory(roles=[Role.CITY_STAFF])
    for code, amount in (("gdp", "3000"), ("rd.spending", "98.1")):
        set_entered_value(
            actor=staff, indicator=indicator(code), region=city["city"], period=Period.parse("2023-Y"), value=amount
        )
    refresh(today=TODAY)
    board = selectors.dashboard(region=city["city"], period=Period.parse("2024-YTD06"))
    card = next(c for c in board.cards if c.indicator.code == "rd.intensity")
    assert card.value == Decimal("0.0327")
    assert card.period == Period.parse("2023-Y")
    assert card.is_earlier_period


def test_county_staff_see_their_own_region_only(client, city, deals):
    deals(city["liling"], date(2020, 3, 1), "100")
    deals(city["youxian"], date(2020, 3, 1), "900")
    refresh(today=TODAY)
    staff = UserFactory(roles=[Role.COUNTY_STAFF], region=city["liling"])
    client.force_login(staff)

    own = client.get(reverse("reports:dashboard"), {"period": "2020-Y", "focus": "test.deals.amount"})
    assert own.status_code == 200
    assert own.context["board"].region == city["liling"]
    assert own.context["board"].by_region == []
    other = client.get(reverse("reports:dashboard"), {"region": city["youxian"].code, "period": "2020-Y"})
    assert other.status_code == 404
    assert client.get(reverse("reports:dashboard"), {"region": city["city"].code}).status_code == 404


def test_applicants_have_no_dashboard(client, applicant):
    client.force_login(applicant)
    assert client.get(reverse("reports:dashboard")).status_code == 403


def test_a_figure_drills_down_to_the_organizations_behind_it(client, city):
    tz = ZoneInfo("Asia/Shanghai")
    when = datetime(2024, 2, 1, tzinfo=tz)
    shown = VerifiedOrganizationFactory(region=city["liling"], name="醴陵陶瓷研究院", verified_at=when)
    OrganizationFactory(region=city["liling"], name="未核验的单位")
    VerifiedOrganizationFactory(region=city["youxian"], name="攸县单位", verified_at=datetime(2024, 2, 1, tzinfo=tz))
    refresh(today=TODAY)
    client.force_login(UserFactory(roles=[Role.LEADER]))

    response = client.get(
        reverse("reports:drill"), {"indicator": "org.verified", "region": city["liling"].code, "period": "2024-H1"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert shown.name in html
    assert "未核验的单位" not in html and "攸县单位" not in html
    assert response.context["drill"].figure == 1


def test_the_dashboard_view_exports_to_excel(client, city, deals):
    deals(city["liling"], date(2020, 3, 1), "300000000")
    Target.objects.create(indicator=indicator("test.deals.amount"), region=city["city"], year=2020, value=600_000_000)
    refresh(today=TODAY)
    client.force_login(UserFactory(roles=[Role.LEADER]))

    response = client.get(reverse("reports:dashboard-export"), {"period": "2020-Y", "focus": "test.deals.amount"})

    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    main = book.worksheets[0]
    rows = {r[0]: r for r in main.iter_rows(min_row=3, values_only=True)}
    assert rows["测试成交额"][2] == 3  # 3.00 亿元
    assert rows["测试成交额"][4] == pytest.approx(0.5)
    regions = book.worksheets[1]
    assert [r[0] for r in regions.iter_rows(min_row=3, values_only=True)][:2] == ["株洲市", "攸县"]
