"""Technical-income verification (技术性收入核定): the seller files, the office confirms."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from bureau.core.errors import ActionNotPermitted, InvalidInput
from bureau.core.models import TransitionLog
from bureau.core.workflow import run_transition
from bureau.inbox.services import close_todos, notify, open_todo
from contracts.models import IncomeVerification, TechnologyContract
from contracts.models.contract import _is_seller
from contracts.rules.amounts import ZERO
from contracts.rules.income import IncomeInput, check_income

from ._common import seller_users

INCOME_FIELDS = ("period_start", "period_end", "received_amount", "technical_income", "invoice_numbers", "note")


def _totals_before(contract, exclude_pk=None) -> tuple[Decimal, Decimal]:
    qs = contract.income_verifications.exclude(status=IncomeVerification.Status.RETURNED)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    sums = qs.aggregate(r=Sum("received_amount"), t=Sum("technical_income"))
    return sums["r"] or ZERO, sums["t"] or ZERO


def _check(contract, data: dict, exclude_pk=None) -> None:
    received_before, technical_before = _totals_before(contract, exclude_pk)
    result = check_income(
        IncomeInput(
            total_amount=contract.total_amount,
            technical_amount=contract.technical_amount,
            received_before=received_before,
            technical_before=technical_before,
            received=data.get("received_amount"),
            technical_income=data.get("technical_income"),
        )
    )
    errors = dict(result.errors)
    start, end = data.get("period_start"), data.get("period_end")
    if start and end and end < start:
        errors["period_end"] = _("收入期间的截止日期早于起始日期。")
    if start and contract.signed_on and start < contract.signed_on:
        errors["period_start"] = _("收入期间不能早于合同签订日期。")
    if errors:
        raise InvalidInput(_("核定申请有误，请按提示修改。"), fields=errors)


def _todo_for_registrars(verification, actor):

    office = verification.contract.office
    url = reverse("contracts:income-detail", args=[verification.pk])
    title = _("技术性收入核定：%(name)s") % {"name": verification.contract.name}
    if office.is_county_office:
        open_todo(title=title, url=url, subject=verification, role="county_staff", region=office.region, actor=actor)
    else:
        open_todo(
            title=title, url=url, subject=verification, role="city_staff", department=office.department, actor=actor
        )


@transaction.atomic
def file_income(*, actor, contract: TechnologyContract, data: dict) -> IncomeVerification:
    """File a technical-income verification for a registered contract."""
    if not _is_seller(contract, actor):
        raise ActionNotPermitted(_("只有合同卖方单位的用户可以申报技术性收入核定。"))
    if contract.status != TechnologyContract.Status.REGISTERED:
        raise InvalidInput(_("只有已登记的技术合同才能申报技术性收入核定。"))
    _check(contract, data)
    verification = IncomeVerification(contract=contract, submitted_by=actor, **{k: data.get(k) for k in INCOME_FIELDS})
    verification.invoice_numbers = verification.invoice_numbers or ""
    verification.note = verification.note or ""
    verification.full_clean()
    verification.save()
    # Filing is the first step of the progress the seller sees, though no status changed.
    TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(IncomeVerification),
        object_id=verification.pk,
        transition="file",
        label=_("提交核定申请"),
        from_state="",
        to_state=verification.status,
        actor=actor,
    )
    _todo_for_registrars(verification, actor)
    return verification


@transaction.atomic
def confirm_income(
    *, actor, verification: IncomeVerification, amount: Decimal | None = None, comment: str = "", expected_version=None
):
    """Confirm the technical income (the declared amount unless the officer sets a lower one)."""
    amount = verification.technical_income if amount is None else amount
    if amount < 0 or amount > verification.technical_income:
        raise InvalidInput(_("核定金额应在 0 至申报的技术性收入之间。"), fields={"amount": _("超出申报金额")})
    run_transition(
        obj=verification, name="confirm", actor=actor, comment=comment, expected_version=expected_version, amount=amount
    )
    close_todos(subject=verification, actor=actor)
    notify(
        recipients=seller_users(verification.contract),
        title=_("技术性收入已核定：%(name)s") % {"name": verification.contract.name},
        url=reverse("contracts:income-detail", args=[verification.pk]),
        actor=actor,
    )
    return verification


@transaction.atomic
def return_income(*, actor, verification: IncomeVerification, comment: str, expected_version=None):
    """Return the declaration to the seller for correction."""
    run_transition(
        obj=verification, name="return_for_correction", actor=actor, comment=comment, expected_version=expected_version
    )
    close_todos(subject=verification, actor=actor)
    url = reverse("contracts:income-detail", args=[verification.pk])
    users = seller_users(verification.contract)
    title = _("技术性收入核定被退回：%(name)s") % {"name": verification.contract.name}
    notify(recipients=users, title=title, body=comment, url=url, actor=actor)
    if users:
        open_todo(title=title, url=url, subject=verification, users=users, actor=actor)
    return verification


@transaction.atomic
def resubmit_income(*, actor, verification: IncomeVerification, data: dict, comment: str = "", expected_version=None):
    """Correct a returned declaration and submit it again."""
    if not _is_seller(verification.contract, actor):
        raise ActionNotPermitted()
    _check(verification.contract, data, exclude_pk=verification.pk)
    for name in INCOME_FIELDS:
        if name in data:
            setattr(verification, name, data[name] if data[name] is not None else "")
    run_transition(obj=verification, name="resubmit", actor=actor, comment=comment, expected_version=expected_version)
    close_todos(subject=verification, actor=actor)
    _todo_for_registrars(verification, actor)
    return verification
