"""Services: filing checks, transitions and permissions, papers restarting the clock, overdue."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bureau import calendar
from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput, InvalidTransition, StaleObject
from bureau.core.models import TransitionLog
from bureau.core.workflow import progress_log
from bureau.inbox.models import Message, Todo
from contracts import services
from contracts.models import ContractAttachment, TechnologyContract
from contracts.services.filing import DuplicateSuspected
from enterprises.models import Organization
from tests.factories import CountyFactory, UserFactory

from .conftest import PDF_BYTES, scan_file
from .factories import BrokerFactory, ContractFactory, OfficeFactory, VerifiedOrganizationFactory, registrar

pytestmark = pytest.mark.django_db

S = TechnologyContract.Status


def submit(contract, user, **kwargs):
    return services.submit_contract(actor=user, contract=contract, **kwargs)


# --- Filing -------------------------------------------------------------------------


def test_save_draft_keeps_partial_input_and_snapshots_the_seller(seller, seller_org, office):
    contract = services.save_draft(actor=seller, organization=seller_org, data={"name": "半成品草稿"})
    assert contract.status == S.DRAFT
    assert contract.seller_name == seller_org.name
    assert contract.seller_code == seller_org.uscc
    assert contract.seller_region == seller_org.region
    assert contract.office == office
    assert contract.total_amount is None


def test_unverified_organization_cannot_file(office):
    org = VerifiedOrganizationFactory(verified_at=None, status=Organization.Status.PENDING)
    user = UserFactory(roles=[Role.APPLICANT])
    org.memberships.create(user=user)
    with pytest.raises(ActionNotPermitted):
        services.save_draft(actor=user, organization=org, data={"name": "x"})


def test_non_member_cannot_file_for_an_organization(other_seller, seller_org):
    with pytest.raises(ActionNotPermitted):
        services.save_draft(actor=other_seller, organization=seller_org, data={"name": "x"})


def test_scans_are_checked_by_content_not_name(seller, seller_org, office):
    fake = scan_file("contract.pdf", b"MZ\x90\x00 this is an executable")
    with pytest.raises(InvalidInput) as err:
        services.save_draft(actor=seller, organization=seller_org, data={"name": "x"}, scans=[fake])
    assert "不是 PDF、JPG 或 PNG" in str(err.value.message)
    png = scan_file("page1.PNG", b"\x89PNG\r\n\x1a\n" + b"0" * 20)
    contract = services.save_draft(actor=seller, organization=seller_org, data={"name": "x"}, scans=[png])
    assert contract.attachments.get().kind == "png"


def test_scan_size_limit(seller, seller_org, office, settings):
    settings.CONTRACTS_SCAN_MAX_BYTES = 100
    big = scan_file("big.pdf", PDF_BYTES + b"0" * 200)
    with pytest.raises(InvalidInput) as err:
        services.save_draft(actor=seller, organization=seller_org, data={"name": "x"}, scans=[big])
    assert "超过" in str(err.value.message)


def test_buyer_in_registry_is_linked_by_credit_code(seller, seller_org, office):
    buyer = VerifiedOrganizationFactory()
    contract = services.save_draft(
        actor=seller,
        organization=seller_org,
        data={"name": "x", "buyer_code": buyer.uscc.lower(), "buyer_location": "city"},
    )
    assert contract.buyer_organization == buyer
    assert contract.buyer_region == buyer.region


def test_draft_refuses_what_can_never_be_stored(seller, seller_org, office):
    data = {
        "name": "x",
        "total_amount": Decimal("100"),
        "technical_amount": Decimal("150"),
        "starts_on": date(2026, 5, 1),
        "ends_on": date(2026, 4, 1),
    }
    with pytest.raises(InvalidInput) as err:
        services.save_draft(actor=seller, organization=seller_org, data=data)
    assert "大于合同成交额" in err.value.fields["technical_amount"]
    assert "早于起始日期" in err.value.fields["ends_on"]
    assert not TechnologyContract.objects.exists()


def test_submit_refuses_with_every_reason_by_field(seller, seller_org, office):
    contract = services.save_draft(
        actor=seller,
        organization=seller_org,
        data={
            "name": "有错的合同",
            "contract_type": "development",
            "subtype": "patent_right",
            "signed_on": timezone.localdate() + timedelta(days=2),
            "starts_on": timezone.localdate() + timedelta(days=2),
            "ends_on": timezone.localdate() + timedelta(days=3),
            "total_amount": Decimal("100"),
            "technical_amount": Decimal("50"),
            "buyer_name": "买方",
        },
    )
    with pytest.raises(InvalidInput) as err:
        submit(contract, seller)
    fields = err.value.fields
    assert "不属于" in fields["subtype"]
    assert "尚未签订生效" in fields["signed_on"]
    assert "非技术性费用合计" in fields["non_technical"]
    assert "扫描件" in fields["scans"]
    assert "技术领域" in fields["technical_field"]
    contract.refresh_from_db()
    assert contract.status == S.DRAFT


def test_submit_starts_the_clock_and_opens_the_registrar_todo(draft, seller, city_registrar):
    submit(draft, seller)
    draft.refresh_from_db()
    today = timezone.localdate()
    assert draft.status == S.SUBMITTED
    assert draft.clock_started_on == today
    assert draft.time_limit_days == 15
    assert draft.due_on == calendar.add_working_days(today, 15)
    assert Todo.objects.open().for_user(city_registrar).filter(object_id=draft.pk).exists()
    log = list(progress_log(draft))
    assert [entry.transition for entry in log] == ["submit"]


def test_expert_review_limit_from_exactly_five_million(draft, seller):
    draft.total_amount = draft.technical_amount = Decimal("5000000.00")
    draft.equipment_amount = Decimal("0")
    draft.save()
    submit(draft, seller)
    draft.refresh_from_db()
    assert (draft.time_limit_days, draft.expert_review) == (30, True)


def test_one_cent_below_five_million_keeps_fifteen_days(draft, seller):
    draft.total_amount = draft.technical_amount = Decimal("4999999.99")
    draft.equipment_amount = Decimal("0")
    draft.save()
    submit(draft, seller)
    draft.refresh_from_db()
    assert (draft.time_limit_days, draft.expert_review) == (15, False)


def test_likely_duplicate_is_flagged_until_confirmed(draft, seller, seller_org, office):
    submit(draft, seller)
    twin = ContractFactory(
        seller=seller_org,
        office=office,
        buyer_name=draft.buyer_name,
        signed_on=draft.signed_on,
        total_amount=draft.total_amount,
        name="另一份合同",
    )
    ContractAttachment.objects.create(contract=twin, file=scan_file(), original_name="a.pdf", kind="pdf", size=10)
    with pytest.raises(DuplicateSuspected) as err:
        submit(twin, seller)
    assert "疑似重复登记" in str(err.value.message)
    submit(twin, seller, confirm_duplicate=True)
    twin.refresh_from_db()
    assert twin.possible_duplicate_of == draft
    assert "不是重复登记" in TransitionLog.objects.for_object(twin).last().comment


def test_expired_broker_blocks_submission(draft, seller):
    broker = BrokerFactory(valid_until=timezone.localdate() - timedelta(days=1))
    draft.brokers.add(broker)
    with pytest.raises(InvalidInput) as err:
        submit(draft, seller)
    assert broker.full_name in err.value.fields["brokers"]


# --- Registrar ----------------------------------------------------------------------


def test_only_the_office_registrar_may_decide(draft, seller, other_seller, city_staff):
    submit(draft, seller)
    for user in (seller, other_seller, city_staff):  # city_staff is of another department
        with pytest.raises(ActionNotPermitted):
            services.register_contract(actor=user, contract=draft)
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_county_office_is_run_by_that_county(seller, office):
    liling = CountyFactory()
    county_office = OfficeFactory(region=liling, name="醴陵市技术合同登记站", code="430281", department=None)
    org = VerifiedOrganizationFactory(region=liling)
    org.memberships.create(user=seller)
    contract = services.save_draft(actor=seller, organization=org, data={"name": "x"})
    assert contract.office == county_office
    county_user = UserFactory(roles=[Role.COUNTY_STAFF], region=liling)
    assert county_office.is_registrar(county_user)
    assert not office.is_registrar(county_user)
    assert not county_office.is_registrar(registrar())


def test_register_assigns_the_number_and_tells_the_seller(draft, seller, city_registrar):
    submit(draft, seller)
    services.register_contract(actor=city_registrar, contract=draft)
    draft.refresh_from_db()
    year = timezone.localdate().year
    assert draft.status == S.REGISTERED
    assert draft.registration_number == f"{year}430200000001"
    assert draft.registered_by == city_registrar
    assert Message.objects.filter(recipient=seller, title__contains="已登记").exists()
    assert not Todo.objects.open().filter(object_id=draft.pk).exists()


def test_numbers_are_sequential_per_office_and_year(seller, seller_org, office, city_registrar):
    numbers = []
    for i in range(3):
        contract = ContractFactory(
            seller=seller_org,
            office=office,
            total_amount=Decimal(1000 + i),
            technical_amount=Decimal(1000 + i),
            equipment_amount=0,
        )
        ContractAttachment.objects.create(
            contract=contract, file=scan_file(), original_name="a.pdf", kind="pdf", size=10
        )
        submit(contract, seller)
        services.register_contract(actor=city_registrar, contract=contract)
        numbers.append(contract.registration_number)
    assert [int(n[-6:]) for n in numbers] == [1, 2, 3]


def test_stale_registration_is_refused_and_consumes_no_number(draft, seller, city_registrar):
    submit(draft, seller)
    draft.refresh_from_db()
    with pytest.raises(StaleObject):
        services.register_contract(actor=city_registrar, contract=draft, expected_version=draft.version - 1)
    draft.refresh_from_db()
    services.register_contract(actor=city_registrar, contract=draft, expected_version=draft.version)
    assert draft.registration_number.endswith("000001")


def test_refuse_needs_a_rule_reason_and_an_explanation(draft, seller, city_registrar):
    submit(draft, seller)
    with pytest.raises(InvalidInput):
        services.refuse_contract(actor=city_registrar, contract=draft, reason="because", comment="x")
    with pytest.raises(InvalidTransition):
        services.refuse_contract(actor=city_registrar, contract=draft, reason="not_technical", comment="")
    services.refuse_contract(
        actor=city_registrar, contract=draft, reason="not_technical", comment="合同标的为设备买卖。"
    )
    draft.refresh_from_db()
    assert draft.status == S.REFUSED
    assert draft.refusal_reason == "not_technical"
    assert TransitionLog.objects.for_object(draft).last().comment.startswith("不属于技术合同")
    with pytest.raises(InvalidTransition):
        services.register_contract(actor=city_registrar, contract=draft)


def test_request_for_papers_stops_and_restarts_the_clock(draft, seller, city_registrar, monkeypatch):
    submit(draft, seller)
    draft.refresh_from_db()
    first_due = draft.due_on
    services.request_papers(actor=city_registrar, contract=draft, comment="请补充双方盖章页。")
    draft.refresh_from_db()
    assert draft.status == S.PAPERS_REQUESTED
    assert draft.due_on is None
    assert Todo.objects.open().filter(object_id=draft.pk, users=seller).exists()
    # The papers come back a week later: the clock starts again from zero that day.
    later = timezone.localdate() + timedelta(days=7)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: later)
    services.supply_papers(actor=seller, contract=draft, comment="已补充")
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert draft.clock_started_on == later
    assert draft.due_on == calendar.add_working_days(later, 15)
    assert draft.due_on > first_due
    assert [e.transition for e in progress_log(draft)] == ["submit", "request_papers", "supply_papers"]


def test_request_for_papers_needs_a_comment(draft, seller, city_registrar):
    submit(draft, seller)
    with pytest.raises(InvalidTransition):
        services.request_papers(actor=city_registrar, contract=draft, comment=" ")


def test_mark_disputed_extends_the_limit_without_restarting(draft, seller, city_registrar):
    submit(draft, seller)
    draft.refresh_from_db()
    services.mark_disputed(actor=city_registrar, contract=draft, comment="双方对技术成果归属有争议")
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert draft.expert_review and draft.is_disputed
    assert draft.due_on == calendar.add_working_days(draft.clock_started_on, 30)


def test_seller_may_withdraw_but_not_after_registration(draft, seller, city_registrar):
    submit(draft, seller)
    services.withdraw_contract(actor=seller, contract=draft)
    draft.refresh_from_db()
    assert draft.status == S.WITHDRAWN
    with pytest.raises(InvalidTransition):
        services.withdraw_contract(actor=seller, contract=draft)


# --- Overdue ------------------------------------------------------------------------


def test_overdue_filings_are_reported_to_leaders_once(draft, seller, leader):
    submit(draft, seller)
    draft.refresh_from_db()
    after_due = calendar.add_working_days(draft.due_on, 1)
    assert services.report_overdue(today=draft.due_on) == 0
    assert services.report_overdue(today=after_due) == 1
    assert services.report_overdue(today=after_due) == 0
    assert Todo.objects.open().for_user(leader).filter(object_id=draft.pk).exists()
    assert Message.objects.filter(recipient=leader, title__contains="逾期").count() == 1
