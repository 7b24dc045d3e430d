"""Technical-income verification (技术性收入核定) after a registered contract is performed.

Policy: 技术合同认定登记管理办法 (MIIT 2026); the tax benefits on technology transfer,
development, consulting and service income (财税〔2016〕36号 annex 3, 企业所得税法实施条例
第九十条) rest on income actually received under a registered contract. The seller
declares what it received in a period and the technical income within it; the office
confirms. Received money can never exceed the contract amount over all verifications,
and technical income never exceeds what was received nor the contract's remaining
technology transaction amount. The proposed technical income is the received amount
in the contract's own proportion of 技术交易额 to 合同成交额.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from .amounts import CENT, ZERO, yuan_text


@dataclass(frozen=True)
class IncomeInput:
    total_amount: Decimal  # 合同成交额
    technical_amount: Decimal  # 技术交易额
    received_before: Decimal  # confirmed in earlier verifications
    technical_before: Decimal
    received: Decimal | None  # 本次到账金额
    technical_income: Decimal | None  # 本次申报技术性收入


@dataclass
class IncomeCheck:
    proposed_technical_income: Decimal
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def proposed_technical_income(received: Decimal, total: Decimal, technical: Decimal) -> Decimal:
    """Return ``received`` in the proportion technical / total, rounded to the cent."""
    if total <= 0:
        return ZERO
    return (received * technical / total).quantize(CENT, rounding=ROUND_HALF_UP)


def check_income(data: IncomeInput) -> IncomeCheck:
    """Check a declaration of received money and technical income against the contract."""
    received = data.received if data.received is not None else ZERO
    check = IncomeCheck(proposed_technical_income(received, data.total_amount, data.technical_amount))
    if data.received is None or data.received <= 0:
        check.errors["received_amount"] = "请填写本次实际到账金额（大于 0 元）。"
        return check
    remaining = data.total_amount - data.received_before
    if data.received > remaining:
        check.errors["received_amount"] = (
            f"累计到账金额将超过合同成交额：此前已核定到账 {yuan_text(data.received_before)} 元，"
            f"本次最多还可申报 {yuan_text(max(remaining, ZERO))} 元。"
        )
    if data.technical_income is None or data.technical_income < 0:
        check.errors["technical_income"] = "请填写本次技术性收入（不能为负数）。"
        return check
    if data.technical_income > data.received:
        check.errors["technical_income"] = "技术性收入不能大于本次实际到账金额。"
    elif data.technical_income > data.technical_amount - data.technical_before:
        check.errors["technical_income"] = (
            f"累计技术性收入将超过合同的技术交易额：本次最多还可申报 "
            f"{yuan_text(max(data.technical_amount - data.technical_before, ZERO))} 元。"
        )
    return check
