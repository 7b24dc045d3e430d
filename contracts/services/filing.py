"""The seller's side of registration: draft, submit, supply papers, withdraw.

A filing is kept as a draft until submitted, so nothing typed is lost; only the submit
step applies the full rule checks (``contracts.rules.filing``) and refuses with the
reason next to each field.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau import calendar
from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput
from bureau.core.workflow import run_transition
from contracts.conf import time_limit_policy
from contracts.models import ContractAttachment, RegistrationOffice, TechnologyContract
from contracts.rules.amounts import NON_TECHNICAL_ITEMS, AmountInput, check_amounts
from contracts.rules.filing import FilingInput, check_filing, duplicate_key, normalise_code
from contracts.rules.time_limit import TimeLimitInput, due_date, time_limit
from enterprises.models import Organization

from ._common import close_contract_todos, contract_title, open_registrar_todo
from .uploads import check_scan

# The fields a seller fills in; everything else is set by the services.
SELLER_FIELDS = (
    "name",
    "contract_type",
    "subtype",
    "summary",
    "buyer_name",
    "buyer_code",
    "buyer_location",
    "buyer_region",
    "buyer_region_name",
    "buyer_nature",
    "signed_on",
    "starts_on",
    "ends_on",
    "payment_method",
    "total_amount",
    "technical_amount",
    "equipment_amount",
    "materials_amount",
    "other_non_technical_amount",
    "non_technical_note",
    "technical_field",
    "ip_type",
    "plan_source",
    "objective",
    "is_related_party",
)

NATURE_OF_KIND = {
    Organization.Kind.ENTERPRISE: "enterprise",
    Organization.Kind.UNIVERSITY: "university",
    Organization.Kind.INSTITUTE: "institute",
    Organization.Kind.HOSPITAL: "medical",
    Organization.Kind.OTHER: "social",
}


class DuplicateSuspected(InvalidInput):
    """A contract with the same seller, buyer, amount and signing date is already filed."""

    code = "duplicate_suspected"

    def __init__(self, other: TechnologyContract):
        self.other = other
        message = _(
            "疑似重复登记：本单位已于 %(date)s 提交过买方、成交额和签订日期都相同的合同“%(name)s”（%(status)s）。"
            "如确属不同合同，请勾选“确认不是重复登记”后再提交。"
        ) % {
            "date": timezone.localtime(other.submitted_at).strftime("%Y-%m-%d") if other.submitted_at else "—",
            "name": other.name,
            "status": other.get_status_display(),
        }
        super().__init__(message, fields={"confirm_duplicate": _("请确认")})


def _check_member(actor, organization) -> None:
    if not actor.has_role(Role.APPLICANT) or not actor.memberships.filter(organization=organization).exists():
        raise ActionNotPermitted(_("您不是该单位的用户，不能以该单位名义登记技术合同。"))


@transaction.atomic
def save_draft(
    *,
    actor,
    data: dict,
    organization: Organization | None = None,
    contract: TechnologyContract | None = None,
    brokers=None,
    scans=(),
    expected_version: int | None = None,
) -> TechnologyContract:
    """Create or update the seller's draft (also while papers are requested); keep partial input."""
    if contract is None:
        if organization is None:
            raise InvalidInput(_("请选择以哪个单位的名义登记。"))
        _check_member(actor, organization)
        if not organization.is_verified:
            raise ActionNotPermitted(_("单位信息尚未通过核验，暂不能登记技术合同。请先完善单位信息并等待核验。"))
        office = RegistrationOffice.objects.for_region(organization.region)
        if office is None:
            raise InvalidInput(_("本单位所在区划尚未设立技术合同登记机构，请联系市科技局。"))
        contract = TechnologyContract(
            seller=organization,
            seller_name=organization.name,
            seller_code=organization.uscc,
            seller_nature=NATURE_OF_KIND.get(organization.kind, "enterprise"),
            seller_region=organization.region,
            office=office,
            created_by=actor,
        )
    else:
        if contract.seller_id is None:
            raise ActionNotPermitted()
        _check_member(actor, contract.seller)
        if contract.status not in (TechnologyContract.Status.DRAFT, TechnologyContract.Status.PAPERS_REQUESTED):
            raise InvalidInput(_("该合同已提交，不能再修改。"))
        if expected_version is not None and contract.version != expected_version:
            from bureau.core.errors import StaleObject

            raise StaleObject()
    for name in SELLER_FIELDS:
        if name in data:
            setattr(contract, name, data[name])
    for name, _label in NON_TECHNICAL_ITEMS:
        if getattr(contract, name) is None:
            setattr(contract, name, 0)
    contract.buyer_code = normalise_code(contract.buyer_code)
    _link_buyer(contract)
    _refuse_impossible(contract)
    try:
        contract.full_clean(exclude=["seller", "office"])
    except ValidationError as exc:
        raise InvalidInput(fields={k: " ".join(v) for k, v in exc.message_dict.items()}) from None
    contract.save()
    if brokers is not None:
        contract.brokers.set(brokers)
    for upload in scans:
        kind = check_scan(upload)
        ContractAttachment.objects.create(
            contract=contract,
            file=upload,
            original_name=upload.name[:200],
            kind=kind,
            size=upload.size,
            uploaded_by=actor,
        )
    return contract


def _refuse_impossible(contract: TechnologyContract) -> None:
    """Refuse, even in a draft, what the table's constraints forbid, in the rules' words."""
    problems = {}
    total, technical = contract.total_amount, contract.technical_amount
    if total is not None and technical is not None and technical > total:
        amounts = check_amounts(AmountInput(total, technical, {}))
        problems["technical_amount"] = amounts.errors["technical_amount"]
    for name in ("total_amount", "technical_amount", *(n for n, _label in NON_TECHNICAL_ITEMS)):
        value = getattr(contract, name)
        if value is not None and value < 0:
            problems[name] = _("金额不能为负数。")
    if contract.starts_on and contract.ends_on and contract.ends_on < contract.starts_on:
        problems["ends_on"] = _("履行期限的截止日期早于起始日期，请核对。")
    if problems:
        raise InvalidInput(_("有 %(n)s 处需要修改，草稿未保存。") % {"n": len(problems)}, fields=problems)


def _link_buyer(contract: TechnologyContract) -> None:
    """Link a buyer in the registry by its credit code and take its region when it is in the city."""
    if not contract.buyer_code:
        contract.buyer_organization = None
        return
    buyer = Organization.objects.filter(uscc=contract.buyer_code).select_related("region").first()
    contract.buyer_organization = buyer
    if buyer is not None and contract.buyer_location == "city" and contract.buyer_region_id is None:
        contract.buyer_region = buyer.region


def _filing_input(contract: TechnologyContract) -> FilingInput:
    return FilingInput(
        contract_type=contract.contract_type,
        subtype=contract.subtype,
        signed_on=contract.signed_on,
        starts_on=contract.starts_on,
        ends_on=contract.ends_on,
        total_amount=contract.total_amount,
        technical_amount=contract.technical_amount,
        non_technical_items={name: getattr(contract, name) for name, _label in NON_TECHNICAL_ITEMS},
        buyer_name=contract.buyer_name,
        buyer_code=contract.buyer_code,
        buyer_location=contract.buyer_location,
        seller_code=contract.seller_code,
        today=timezone.localdate(),
    )


def filing_problems(contract: TechnologyContract) -> dict[str, str]:
    """Return every reason the contract cannot be submitted yet, by field."""
    check = check_filing(_filing_input(contract))
    problems = {name: " ".join(messages) for name, messages in check.errors.items()}
    if not contract.technical_field:
        problems["technical_field"] = _("请选择技术领域。")
    if contract.buyer_location == "city" and contract.buyer_region_id is None:
        problems["buyer_region"] = _("买方在本市时，请选择其所在县市区。")
    if contract.buyer_location != "city" and not contract.buyer_region_name.strip():
        problems["buyer_region_name"] = _("请填写买方所在地区，如“广东省深圳市”。")
    if not contract.attachments.exists():
        problems["scans"] = _("请上传双方签字盖章的合同文本扫描件（PDF 或图片）。")
    today = timezone.localdate()
    expired = [b.full_name for b in contract.brokers.all() if not b.is_valid_on(today)]
    if expired:
        problems["brokers"] = _("技术经纪人证书已过期或已注销：%(names)s") % {"names": "、".join(expired)}
    return problems


def find_duplicate(contract: TechnologyContract) -> TechnologyContract | None:
    """Return a filed contract with the same seller, buyer, amount and signing date, if any."""
    key = duplicate_key(
        contract.seller_id, contract.buyer_code, contract.buyer_name, contract.total_amount, contract.signed_on
    )
    candidates = (
        TechnologyContract.objects.filter(
            seller_id=contract.seller_id, signed_on=contract.signed_on, total_amount=contract.total_amount
        )
        .exclude(pk=contract.pk)
        .exclude(status__in=[TechnologyContract.Status.DRAFT, TechnologyContract.Status.WITHDRAWN])
        .order_by("pk")
    )
    for other in candidates:
        if (
            duplicate_key(other.seller_id, other.buyer_code, other.buyer_name, other.total_amount, other.signed_on)
            == key
        ):
            return other
    return None


def _clock(contract: TechnologyContract, today):
    limit = time_limit(
        TimeLimitInput(contract.total_amount, contract.technical_amount, contract.is_disputed), time_limit_policy()
    )
    return limit, due_date(today, limit.working_days, calendar.default_calendar())


@transaction.atomic
def submit_contract(
    *, actor, contract: TechnologyContract, confirm_duplicate: bool = False, expected_version: int | None = None
):
    """Submit the draft to the registration office; start the working-day clock."""
    problems = filing_problems(contract)
    if problems:
        raise InvalidInput(
            _("登记申请还有 %(n)s 处需要修改，请按提示修改后再提交。") % {"n": len(problems)}, fields=problems
        )
    duplicate = find_duplicate(contract)
    if duplicate is not None and not confirm_duplicate:
        raise DuplicateSuspected(duplicate)
    today = timezone.localdate()
    limit, due = _clock(contract, today)
    comment = limit.reason
    if duplicate is not None:
        comment += _("；申请人确认与合同“%(name)s”不是重复登记") % {"name": duplicate.name}
    run_transition(
        obj=contract,
        name="submit",
        actor=actor,
        comment=comment,
        expected_version=expected_version,
        started_on=today,
        due_on=due,
        days=limit.working_days,
        expert_review=limit.expert_review,
        duplicate_of=duplicate,
    )
    open_registrar_todo(contract, actor=actor, title=_("技术合同登记审查：%(name)s") % {"name": contract.name})
    return contract


@transaction.atomic
def supply_papers(*, actor, contract: TechnologyContract, comment: str = "", expected_version: int | None = None):
    """Send the requested papers back; the clock starts again from zero today."""
    problems = filing_problems(contract)
    if problems:
        raise InvalidInput(_("补正后的申请还有 %(n)s 处需要修改。") % {"n": len(problems)}, fields=problems)
    today = timezone.localdate()
    due = due_date(today, contract.time_limit_days or time_limit_policy().standard_days, calendar.default_calendar())
    run_transition(
        obj=contract,
        name="supply_papers",
        actor=actor,
        comment=comment or _("已按要求补正材料，办理时限重新计算"),
        expected_version=expected_version,
        started_on=today,
        due_on=due,
    )
    close_contract_todos(contract, actor=actor)
    open_registrar_todo(contract, actor=actor, title=_("补正材料已提交：%(name)s") % {"name": contract.name})
    return contract


@transaction.atomic
def withdraw_contract(*, actor, contract: TechnologyContract, comment: str = "", expected_version: int | None = None):
    """Withdraw the filing (the seller's own choice)."""
    run_transition(obj=contract, name="withdraw", actor=actor, comment=comment, expected_version=expected_version)
    close_contract_todos(contract, actor=actor)
    return contract


__all__ = [
    "DuplicateSuspected",
    "contract_title",
    "save_draft",
    "submit_contract",
    "supply_papers",
    "withdraw_contract",
]
