"""Technical-income verification: the seller files for a registered contract, staff confirm."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bureau.core.errors import ActionNotPermitted, InvalidInput, InvalidTransition
from bureau.core.workflow import progress_log
from bureau.inbox.models import Todo
from contracts import services
from contracts.models import IncomeVerification

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(draft, seller, city_registrar):
    services.submit_contract(actor=seller, contract=draft)
    services.register_contract(actor=city_registrar, contract=draft)
    draft.refresh_from_db()
    return draft


def data(received="600000", technical="500000"):
    today = timezone.localdate()
    return {
        "period_start": today - timedelta(days=5),
        "period_end": today,
        "received_amount": Decimal(received),
        "technical_income": Decimal(technical),
        "invoice_numbers": "No.0001",
        "note": "",
    }


def test_seller_files_and_registrar_confirms(registered, seller, city_registrar):
    v = services.file_income(actor=seller, contract=registered, data=data())
    assert v.status == IncomeVerification.Status.SUBMITTED
    assert Todo.objects.open().for_user(city_registrar).filter(object_id=v.pk).exists()
    services.confirm_income(actor=city_registrar, verification=v, amount=Decimal("450000"))
    v.refresh_from_db()
    assert v.status == IncomeVerification.Status.CONFIRMED
    assert v.confirmed_technical_income == Decimal("450000")
    assert [e.label for e in progress_log(v)] == ["提交核定申请", "确认核定"]


def test_only_registered_contracts_and_only_the_seller(draft, seller, other_seller, registered):
    with pytest.raises(ActionNotPermitted):
        services.file_income(actor=other_seller, contract=registered, data=data())


def test_unregistered_contract_cannot_be_verified(seller, seller_org, office):
    from .factories import ContractFactory

    contract = ContractFactory(seller=seller_org, office=office)
    with pytest.raises(InvalidInput):
        services.file_income(actor=seller, contract=contract, data=data())


def test_cumulative_received_cannot_exceed_the_contract(registered, seller):
    services.file_income(actor=seller, contract=registered, data=data("1000000", "800000"))
    with pytest.raises(InvalidInput) as err:
        services.file_income(actor=seller, contract=registered, data=data("200000.01", "0"))
    assert "received_amount" in err.value.fields


def test_technical_income_above_received_is_refused(registered, seller):
    with pytest.raises(InvalidInput) as err:
        services.file_income(actor=seller, contract=registered, data=data("100", "100.01"))
    assert "technical_income" in err.value.fields


def test_return_and_resubmit(registered, seller, city_registrar):
    v = services.file_income(actor=seller, contract=registered, data=data())
    with pytest.raises(ActionNotPermitted):
        services.confirm_income(actor=seller, verification=v)
    services.return_income(actor=city_registrar, verification=v, comment="请附发票。")
    v.refresh_from_db()
    assert v.status == IncomeVerification.Status.RETURNED
    with pytest.raises(InvalidTransition):
        services.confirm_income(actor=city_registrar, verification=v)
    services.resubmit_income(actor=seller, verification=v, data=data("600000", "480000"))
    v.refresh_from_db()
    assert v.status == IncomeVerification.Status.SUBMITTED
    assert v.technical_income == Decimal("480000")
