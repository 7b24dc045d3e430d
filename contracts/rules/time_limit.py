"""The time limit of a registration decision (认定登记办理时限), in working days.

Policy: 技术合同认定登记管理办法 (MIIT 2026). The registration office decides within 15
working days of accepting a complete filing; within 30 when the contract needs expert
review, which it does when its technology transaction amount (技术交易额) is 5,000,000
yuan or more, or when the parties' claims are disputed. A request for missing papers
(补正材料) stops the clock; when the papers arrive it starts again from zero.

Which amount triggers expert review is data (``TimeLimitPolicy.amount_basis``): the
measures speak of the "transaction amount", read here as 技术交易额 (unconfirmed).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Protocol


class Calendar(Protocol):
    def add_working_days(self, start: date, n: int) -> date: ...

    def working_days_between(self, start: date, end: date) -> int: ...


@dataclass(frozen=True)
class TimeLimitPolicy:
    standard_days: int = 15
    expert_review_days: int = 30
    expert_review_threshold: Decimal = Decimal("5000000")
    amount_basis: str = "technical"  # "technical" (技术交易额) or "total" (合同成交额)
    document: str = "技术合同认定登记管理办法（2026）"


POLICY_2026 = TimeLimitPolicy()


@dataclass(frozen=True)
class TimeLimitInput:
    total_amount: Decimal
    technical_amount: Decimal
    disputed: bool = False


@dataclass(frozen=True)
class TimeLimit:
    working_days: int
    expert_review: bool
    reason: str


def time_limit(data: TimeLimitInput, policy: TimeLimitPolicy = POLICY_2026) -> TimeLimit:
    """Return the working days allowed and whether expert review is needed, with the reason."""
    amount = data.technical_amount if policy.amount_basis == "technical" else data.total_amount
    basis = "技术交易额" if policy.amount_basis == "technical" else "合同成交额"
    threshold_wan = policy.expert_review_threshold / Decimal(10000)
    if amount >= policy.expert_review_threshold:
        return TimeLimit(
            policy.expert_review_days,
            True,
            f"{basis}达到 {threshold_wan:.0f} 万元，需专家评审，办理时限为 {policy.expert_review_days} 个工作日",
        )
    if data.disputed:
        return TimeLimit(
            policy.expert_review_days,
            True,
            f"当事人存在争议，需专家评审，办理时限为 {policy.expert_review_days} 个工作日",
        )
    return TimeLimit(policy.standard_days, False, f"办理时限为 {policy.standard_days} 个工作日")


def due_date(clock_started_on: date, working_days: int, calendar: Calendar) -> date:
    """Return the last day to decide: the ``working_days``-th working day after the clock started."""
    return calendar.add_working_days(clock_started_on, working_days)


def working_days_left(due: date, today: date, calendar: Calendar) -> int:
    """Return the working days left until ``due`` (0 on the day, negative once overdue)."""
    return calendar.working_days_between(today, due)
