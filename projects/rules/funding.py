"""The checks of an approval (立项): how much the bureau may grant, and when.

The approved amount is what the bureau grants, not what was asked: it must be above
zero, no more than the requested city funding, and no more than the call's ceiling
(单项资助上限) when the call sets one. The approval date may not lie in the future nor
before the application was submitted. ``check_approval`` returns one problem code per
field; the service words them for the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# Problem codes, by field.
AMOUNT_MISSING = "amount_missing"
AMOUNT_NOT_POSITIVE = "amount_not_positive"
AMOUNT_ABOVE_REQUEST = "amount_above_request"
AMOUNT_ABOVE_CEILING = "amount_above_ceiling"
DATE_MISSING = "date_missing"
DATE_IN_FUTURE = "date_in_future"
DATE_BEFORE_SUBMISSION = "date_before_submission"


@dataclass(frozen=True)
class ApprovalInput:
    amount: Decimal | None
    requested: Decimal
    ceiling: Decimal | None
    approved_on: date | None
    today: date
    submitted_on: date | None = None


def check_approval(data: ApprovalInput) -> dict[str, str]:
    """Return ``{field: problem code}`` for an approval; empty when it may go ahead."""
    problems: dict[str, str] = {}
    amount = data.amount
    if amount is None:
        problems["amount"] = AMOUNT_MISSING
    elif amount <= 0:
        problems["amount"] = AMOUNT_NOT_POSITIVE
    elif amount > data.requested:
        problems["amount"] = AMOUNT_ABOVE_REQUEST
    elif data.ceiling is not None and amount > data.ceiling:
        problems["amount"] = AMOUNT_ABOVE_CEILING
    if data.approved_on is None:
        problems["approved_on"] = DATE_MISSING
    elif data.approved_on > data.today:
        problems["approved_on"] = DATE_IN_FUTURE
    elif data.submitted_on is not None and data.approved_on < data.submitted_on:
        problems["approved_on"] = DATE_BEFORE_SUBMISSION
    return problems
