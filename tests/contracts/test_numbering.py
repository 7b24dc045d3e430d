"""Registration numbers stay unique and gap-free when registrars register at the same moment.

Real concurrent transactions: each thread has its own database connection and registers
a different contract of the same office at the same instant (a barrier releases them
together). The counter row locked FOR UPDATE makes them queue; a registration that fails
after taking a number rolls the number back with it.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections
from django.utils import timezone

from contracts import services
from contracts.models import ContractAttachment, NumberCounter, TechnologyContract
from contracts.rules.numbering import parse_number

from .conftest import scan_file
from .factories import ContractFactory, registrar

THREADS = 8


def _submitted_contracts(seller, seller_org, office, n):
    contracts = []
    for i in range(n):
        contract = ContractFactory(
            seller=seller_org,
            office=office,
            total_amount=Decimal(10_000 + i),
            technical_amount=Decimal(10_000 + i),
            equipment_amount=0,
        )
        ContractAttachment.objects.create(
            contract=contract, file=scan_file(), original_name="a.pdf", kind="pdf", size=10
        )
        services.submit_contract(actor=seller, contract=contract)
        contracts.append(contract.pk)
    return contracts


def _race(worker, args_list):
    barrier = threading.Barrier(len(args_list))
    errors = []

    def run(args):
        try:
            barrier.wait(timeout=30)
            worker(*args)
        except Exception as exc:  # collected and asserted by the test
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in args_list]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_unique_gap_free_numbers(seller, seller_org, office):
    ids = _submitted_contracts(seller, seller_org, office, THREADS)
    registrars = [registrar() for _ in range(THREADS)]

    def register(pk, user):
        contract = TechnologyContract.objects.select_related("office").get(pk=pk)
        services.register_contract(actor=user, contract=contract)

    errors = _race(register, list(zip(ids, registrars, strict=True)))
    assert errors == []
    numbers = list(TechnologyContract.objects.filter(pk__in=ids).values_list("registration_number", flat=True))
    serials = sorted(parse_number(n).serial for n in numbers)
    assert serials == list(range(1, THREADS + 1))
    year = timezone.localdate().year
    assert NumberCounter.objects.get(office=office, year=year).last_serial == THREADS
    assert connection.vendor == "postgresql"


@pytest.mark.django_db(transaction=True)
def test_losing_a_race_on_the_same_contract_leaves_no_gap(seller, seller_org, office):
    (pk,) = _submitted_contracts(seller, seller_org, office, 1)
    users = [registrar() for _ in range(4)]

    def register(user):
        contract = TechnologyContract.objects.select_related("office").get(pk=pk)
        services.register_contract(actor=user, contract=contract, expected_version=contract.version)

    errors = _race(register, [(u,) for u in users])
    # One registration wins; the others are refused as stale and give their serial back.
    assert len(errors) == 3
    contract = TechnologyContract.objects.get(pk=pk)
    assert parse_number(contract.registration_number).serial == 1
    assert NumberCounter.objects.get(office=office, year=timezone.localdate().year).last_serial == 1
