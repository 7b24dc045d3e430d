"""The checks of a seller's filing (技术合同登记申请的形式审查).

Policy: 技术合同认定登记管理办法 (MIIT 2026); 工作指引 (国科火字〔2022〕159号). Before a
filing reaches the registrar it must be complete and consistent: the subtype belongs to
the type, the contract has been signed (a contract not yet in force cannot be
registered), its term ends after it starts, the amounts add up (``amounts``), the buyer
is named and is not the seller, and a domestic buyer's 统一社会信用代码 is well formed.
Messages are plain Chinese for the filer; each names the field it is about.

A likely duplicate (same seller, buyer, amount and signing date as a contract already
filed) is a database question: ``duplicate_key`` gives the key the service looks up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from stdnum.cn import uscc

from .amounts import AmountInput, check_amounts
from .catalog import SUBTYPE_LABELS, TYPES_BY_CODE, subtype_belongs_to


@dataclass(frozen=True)
class FilingInput:
    contract_type: str
    subtype: str
    signed_on: date | None
    starts_on: date | None
    ends_on: date | None
    total_amount: Decimal | None
    technical_amount: Decimal | None
    non_technical_items: Mapping[str, Decimal | None]
    buyer_name: str
    buyer_code: str
    buyer_location: str
    seller_code: str
    today: date


@dataclass
class FilingCheck:
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    @property
    def ok(self) -> bool:
        return not self.errors


def normalise_code(value: str) -> str:
    return "".join((value or "").split()).upper()


def check_filing(data: FilingInput) -> FilingCheck:
    """Return every problem of the filing by field (empty when it may be submitted)."""
    check = FilingCheck()
    kind = TYPES_BY_CODE.get(data.contract_type)
    if kind is None:
        check.add("contract_type", "请选择合同类别。")
    elif not data.subtype:
        check.add("subtype", "请选择合同子类。")
    elif not subtype_belongs_to(data.contract_type, data.subtype):
        sub = SUBTYPE_LABELS.get(data.subtype, data.subtype)
        check.add("subtype", f"“{sub}”不属于“{kind.label}”合同，请重新选择子类。")

    if data.signed_on is None:
        check.add("signed_on", "请填写合同签订日期。")
    elif data.signed_on > data.today:
        check.add("signed_on", "签订日期晚于今天：合同尚未签订生效，不能申请登记。")
    if data.starts_on is None:
        check.add("starts_on", "请填写合同履行期限的起始日期。")
    if data.ends_on is None:
        check.add("ends_on", "请填写合同履行期限的截止日期。")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        check.add("ends_on", "履行期限的截止日期早于起始日期，请核对。")
    elif data.signed_on and data.ends_on and data.ends_on < data.signed_on:
        check.add("ends_on", "履行期限的截止日期早于合同签订日期，请核对。")

    amounts = check_amounts(AmountInput(data.total_amount, data.technical_amount, data.non_technical_items))
    for name, message in amounts.errors.items():
        check.add(name, message)

    if not (data.buyer_name or "").strip():
        check.add("buyer_name", "请填写买方（委托方、受让方、被许可方）名称。")
    code = normalise_code(data.buyer_code)
    if data.buyer_location in ("city", "province", "domestic") and len(code) == 18 and not uscc.is_valid(code):
        check.add("buyer_code", "买方统一社会信用代码校验不通过，请核对 18 位代码。")
    if code and code == normalise_code(data.seller_code):
        check.add("buyer_code", "买方与卖方是同一单位，不能登记为技术合同。")
    return check


def duplicate_key(seller_id: int, buyer_code: str, buyer_name: str, total: Decimal, signed_on: date) -> tuple:
    """Return the key of a likely duplicate: same seller, buyer, amount and signing date."""
    buyer = normalise_code(buyer_code) or "".join((buyer_name or "").split())
    return (seller_id, buyer, total, signed_on)
