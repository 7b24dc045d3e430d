"""合同成交额 and 技术交易额 (contract amount and technology transaction amount).

Policy: 技术合同认定登记管理办法 (MIIT 2026); 工作指引 (国科火字〔2022〕159号). The
contract amount is the whole price agreed. The technology transaction amount is that
amount less the non-technical costs paid under the contract: equipment and instruments,
parts, raw materials and the like. A reasonable quantity of technology carriers
(drawings, samples, software media) is part of the technology and is not deducted. So
the transaction amount is never above the contract amount, and the difference is
exactly the sum of the listed non-technical items.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal("0.00")
CENT = Decimal("0.01")

# Non-technical items (非技术性费用) a filer lists; the keys are the model's field names.
NON_TECHNICAL_ITEMS: tuple[tuple[str, str], ...] = (
    ("equipment_amount", "设备、仪器费用"),
    ("materials_amount", "零部件、原材料费用"),
    ("other_non_technical_amount", "其他非技术性费用"),
)


@dataclass(frozen=True)
class AmountInput:
    total: Decimal | None  # 合同成交额
    technical: Decimal | None  # 技术交易额
    items: Mapping[str, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class AmountCheck:
    errors: dict[str, str]
    non_technical: Decimal  # what the filer listed

    @property
    def ok(self) -> bool:
        return not self.errors


def yuan_text(value: Decimal) -> str:
    return f"{value.quantize(CENT):,.2f}"


def check_amounts(data: AmountInput) -> AmountCheck:
    """Check both amounts and the non-technical items; return field -> message."""
    errors: dict[str, str] = {}
    items = {k: (v if v is not None else ZERO) for k, v in data.items.items()}
    listed = sum(items.values(), ZERO)
    for key, value in items.items():
        if value < 0:
            errors[key] = "费用不能为负数。"
    if data.total is None:
        errors["total_amount"] = "请填写合同成交额。"
    elif data.total <= 0:
        errors["total_amount"] = "合同成交额必须大于 0 元。"
    if data.technical is None:
        errors["technical_amount"] = "请填写技术交易额。"
    elif data.technical < 0:
        errors["technical_amount"] = "技术交易额不能为负数。"
    if errors:
        return AmountCheck(errors, listed)
    if data.technical > data.total:
        errors["technical_amount"] = (
            f"技术交易额（{yuan_text(data.technical)} 元）大于合同成交额（{yuan_text(data.total)} 元）。"
            "技术交易额是成交额扣除非技术性费用后的金额，不能大于成交额。"
        )
        return AmountCheck(errors, listed)
    difference = data.total - data.technical
    if listed != difference:
        errors["non_technical"] = (
            f"非技术性费用合计 {yuan_text(listed)} 元，应等于合同成交额减技术交易额的差额 "
            f"{yuan_text(difference)} 元。请逐项填写设备、原材料等非技术性费用。"
        )
    return AmountCheck(errors, listed)
