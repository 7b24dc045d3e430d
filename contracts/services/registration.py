"""The registrar's side: request papers, send to expert review, refuse, register.

Numbering: ``next_registration_number`` locks the office's counter row for the year
with SELECT ... FOR UPDATE in the registering transaction, so numbers are unique and
gap-free per office and year even when registrars register in the same second: a
second registration waits for the first to commit, and a registration that fails
rolls its serial back with it.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import calendar
from bureau.core.errors import ActionNotPermitted, InvalidInput
from bureau.core.workflow import run_transition
from contracts.conf import number_format, time_limit_policy
from contracts.models import NumberCounter, RegistrationOffice, TechnologyContract
from contracts.rules.catalog import REFUSAL_REASON_LABELS
from contracts.rules.numbering import NumberOverflow, format_number
from contracts.rules.time_limit import due_date

from ._common import close_contract_todos, tell_seller


def _check_registrar(actor, contract: TechnologyContract) -> None:
    if contract.office is None or not contract.office.is_registrar(actor):
        raise ActionNotPermitted(_("只有该合同所属登记机构的登记人员可以办理。"))


def next_registration_number(*, office: RegistrationOffice, year: int) -> str:
    """Take the next serial of ``office`` in ``year`` and return the formatted number.

    Must run inside the transaction that stores the number (it locks the counter row
    until that transaction ends).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_registration_number must run inside transaction.atomic")
    # Insert the year's counter if missing; a concurrent insert makes this a no-op.
    NumberCounter.objects.bulk_create([NumberCounter(office=office, year=year, last_serial=0)], ignore_conflicts=True)
    counter = NumberCounter.objects.select_for_update().get(office=office, year=year)
    counter.last_serial += 1
    try:
        number = format_number(office.code, year, counter.last_serial, number_format())
    except NumberOverflow:
        raise InvalidInput(_("本年度登记编号已用完，请联系系统管理员调整编号规则。")) from None
    counter.save(update_fields=["last_serial"])
    return number


@transaction.atomic
def register_contract(*, actor, contract: TechnologyContract, comment: str = "", expected_version: int | None = None):
    """Register the contract: give it the office's next number for the year and tell the seller."""
    _check_registrar(actor, contract)
    if contract.status != TechnologyContract.Status.SUBMITTED:
        from bureau.core.errors import InvalidTransition

        raise InvalidTransition()
    today = timezone.localdate()
    number = next_registration_number(office=contract.office, year=today.year)
    run_transition(
        obj=contract,
        name="register",
        actor=actor,
        comment=comment or _("准予登记，登记编号 %(number)s") % {"number": number},
        expected_version=expected_version,
        number=number,
        registered_on=today,
    )
    close_contract_todos(contract, actor=actor)
    tell_seller(
        contract,
        actor=actor,
        title=_("技术合同已登记：%(name)s") % {"name": contract.name},
        body=_("登记编号 %(number)s，可在合同详情页下载技术合同登记证明。") % {"number": number},
    )
    return contract


@transaction.atomic
def request_papers(*, actor, contract: TechnologyContract, comment: str, expected_version: int | None = None):
    """Ask the seller for missing papers; the clock stops until they arrive."""
    _check_registrar(actor, contract)
    run_transition(obj=contract, name="request_papers", actor=actor, comment=comment, expected_version=expected_version)
    close_contract_todos(contract, actor=actor)
    tell_seller(
        contract,
        actor=actor,
        title=_("请补正技术合同登记材料：%(name)s") % {"name": contract.name},
        body=comment,
        todo=True,
    )
    return contract


@transaction.atomic
def mark_disputed(*, actor, contract: TechnologyContract, comment: str, expected_version: int | None = None):
    """Send a disputed contract to expert review: its limit becomes the expert-review limit."""
    _check_registrar(actor, contract)
    days = time_limit_policy().expert_review_days
    started = contract.clock_started_on or timezone.localdate()
    due = due_date(started, days, calendar.default_calendar())
    run_transition(
        obj=contract,
        name="mark_disputed",
        actor=actor,
        comment=comment,
        expected_version=expected_version,
        days=days,
        due_on=due,
    )
    return contract


@transaction.atomic
def refuse_contract(
    *, actor, contract: TechnologyContract, reason: str, comment: str, expected_version: int | None = None
):
    """Refuse registration with one of the rule's reasons and an explanation for the seller."""
    _check_registrar(actor, contract)
    if reason not in REFUSAL_REASON_LABELS:
        raise InvalidInput(_("请选择不予登记的理由。"), fields={"reason": _("必选")})
    text = f"{REFUSAL_REASON_LABELS[reason]}。{comment}".strip()
    run_transition(
        obj=contract,
        name="refuse",
        actor=actor,
        comment=text if comment.strip() else "",
        expected_version=expected_version,
        reason=reason,
    )
    close_contract_todos(contract, actor=actor)
    tell_seller(contract, actor=actor, title=_("技术合同不予登记：%(name)s") % {"name": contract.name}, body=text)
    return contract
