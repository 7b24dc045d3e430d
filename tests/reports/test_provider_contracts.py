"""Technology-contract indicators (reports/providers/contracts.py) over the contracts app's table."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.accounts.models import Role
from contracts.models import TechnologyContract
from contracts.services.registration import register_contract
from reports import selectors
from reports.models import Rollup, Target
from reports.periods import Period
from reports.rollup import refresh
from tests.contracts.factories import ContractFactory, OfficeFactory, registrar
from tests.factories import UserFactory
from tests.reports.factories import indicator

pytestmark = pytest.mark.django_db

TODAY = date(2024, 12, 31)
_numbers = itertools.count(1)


def contract(
    seller_region, day, amount, *, technical=None, buyer_region=None, kind="development", field="new_materials"
):
    """An unsaved contract registered on ``day`` (the shape the contracts app stores)."""
    amount = Decimal(amount)
    return TechnologyContract(
        seller_name="株洲测试卖方",
        seller_region=seller_region,
        name="技术合同",
        contract_type=kind,
        subtype={"development": "commissioned", "transfer": "patent_right"}.get(kind, "commissioned"),
        buyer_name="买方",
        buyer_region=buyer_region,
        buyer_location="city" if buyer_region else "province",
        total_amount=amount,
        technical_amount=amount if technical is None else Decimal(technical),
        technical_field=field,
        status=TechnologyContract.Status.REGISTERED,
        registration_number=f"4302002020{next(_numbers):06d}",
        registered_on=day,
    )


def value(code, region, key, breakdown=""):
    row = (
        Rollup.objects.for_period(Period.parse(key))
        .filter(indicator__code=code, region=region, breakdown=breakdown)
        .first()
    )
    return None if row is None else row.value


def test_649_contracts_worth_3013_million_are_60_26_percent_of_a_5_billion_target(city, client):
    """The Xianning half-year summary: 649 contracts, 30.13 亿, 60.26% of the annual target."""
    each = Decimal("4640000.00")
    rows = [contract(city["liling"], date(2020, 1 + n % 6, 1 + n % 28), each) for n in range(648)]
    rows.append(contract(city["park"], date(2020, 6, 30), Decimal("3013000000") - each * 648))
    rows.append(contract(city["liling"], date(2020, 7, 1), "99999999"))  # second half: not counted
    TechnologyContract.objects.bulk_create(rows)
    TechnologyContract.objects.filter(pk=rows[0].pk).update(status="submitted")  # a pending one...
    TechnologyContract.objects.bulk_create([contract(city["liling"], date(2020, 2, 2), each)])  # ...replaced
    Target.objects.create(
        indicator=indicator("contracts.turnover.output"), region=city["city"], year=2020, value=5_000_000_000
    )
    refresh(today=TODAY)

    board = selectors.dashboard(region=city["city"], period=Period.parse("2020-H1"))
    cards = {card.indicator.code: card for card in board.cards}
    turnover = cards["contracts.turnover.output"]
    assert turnover.value == Decimal("3013000000")
    assert cards["contracts.count.output"].value == 649
    assert f"{turnover.completion * 100:.2f}%" == "60.26%"

    client.force_login(UserFactory(roles=[Role.LEADER]))
    html = client.get(reverse("reports:dashboard"), {"period": "2020-H1"}).content.decode()
    assert "30.13" in html and "60.26%" in html and "649" in html


def test_output_is_by_seller_and_absorbed_by_buyer_with_type_and_field_slices(city):
    TechnologyContract.objects.bulk_create(
        [
            contract(city["liling"], date(2024, 3, 5), "1000", technical="800", buyer_region=city["youxian"]),
            contract(city["liling"], date(2024, 4, 5), "500", kind="transfer", field="agriculture"),
            contract(city["park"], date(2024, 5, 5), "300", buyer_region=city["liling"]),
        ]
    )
    refresh(today=TODAY)

    assert value("contracts.turnover.output", city["liling"], "2024-Y") == 1500
    assert value("contracts.tech_amount.output", city["liling"], "2024-Y") == 1300
    assert value("contracts.turnover.output", city["city"], "2024-Y") == 1800
    assert value("contracts.turnover.absorbed", city["youxian"], "2024-Y") == 1000
    assert value("contracts.turnover.absorbed", city["liling"], "2024-Y") == 300
    assert value("contracts.count.absorbed", city["city"], "2024-Y") == 2  # buyers outside the city are not
    assert value("contracts.turnover.output", city["city"], "2024-Y", "type:transfer") == 500
    assert value("contracts.count.output", city["city"], "2024-Y", "field:agriculture") == 1
    assert value("contracts.turnover.output", city["city"], "2024-Q2") == 800


def test_liling_turnover_drills_down_to_its_contracts(city, client):
    TechnologyContract.objects.bulk_create(
        [
            contract(city["liling"], date(2024, 3, 5), "1000"),
            contract(city["youxian"], date(2024, 3, 5), "2000"),
            contract(city["liling"], date(2024, 9, 5), "4000"),
        ]
    )
    refresh(today=TODAY)
    client.force_login(UserFactory(roles=[Role.LEADER]))

    response = client.get(
        reverse("reports:drill"),
        {"indicator": "contracts.turnover.output", "region": city["liling"].code, "period": "2024-H1"},
    )

    drill = response.context["drill"]
    assert drill.figure == 1000
    assert [c.total_amount for c in response.context["page_obj"].object_list] == [Decimal("1000.00")]
    assert drill.records.app_url.startswith(reverse("contracts:list"))
    assert f"seller_region={city['liling'].pk}" in drill.records.app_url


def test_registering_a_contract_refreshes_its_figures_after_commit(city, django_capture_on_commit_callbacks):
    office = OfficeFactory(region=city["city"])
    clerk = registrar()
    draft = ContractFactory(
        office=office,
        seller__region=city["liling"],
        total_amount=Decimal("880000.00"),
        technical_amount=Decimal("800000.00"),
    )
    TechnologyContract.objects.filter(pk=draft.pk).update(status=TechnologyContract.Status.SUBMITTED)
    draft.refresh_from_db()
    year = timezone.localdate().year
    refresh()
    assert value("contracts.turnover.output", city["liling"], f"{year}-Y") == 0

    with django_capture_on_commit_callbacks(execute=True):
        register_contract(actor=clerk, contract=draft)

    assert value("contracts.turnover.output", city["liling"], f"{year}-Y") == Decimal("880000")
    assert value("contracts.count.output", city["city"], f"{year}-Y") == 1
