"""Writes of SME evaluation (科技型中小企业评价): one function per business action.

Every status change goes through ``run_transition`` (permission, state, stale version,
log); the functions check what the rules need first, keep the history of each
submission, and hand the to-do to whoever acts next.

- ``evaluation``    enterprise: open, fill in and score, submit, withdraw
- ``review``        county formal review and city review: pass, return, refuse
- ``publicity``     public notice batches and each line's outcome
- ``registration``  registration number from the province, revocation
"""

from ..common import allowed_years
from .evaluation import (
    DERIVED_FIELDS,
    EDITABLE_FIELDS,
    ensure_not_barred,
    figures_json,
    result_json,
    save_evaluation,
    start_evaluation,
    submit_evaluation,
    withdraw_evaluation,
)
from .publicity import next_batch_title, open_batch, publicity_cleared, publicity_rejected
from .registration import record_number, revoke_registration
from .review import CORRECTION_LABELS, REVIEW_TRANSITIONS, review_evaluation

__all__ = [
    "CORRECTION_LABELS",
    "DERIVED_FIELDS",
    "EDITABLE_FIELDS",
    "REVIEW_TRANSITIONS",
    "allowed_years",
    "ensure_not_barred",
    "figures_json",
    "next_batch_title",
    "open_batch",
    "publicity_cleared",
    "publicity_rejected",
    "record_number",
    "result_json",
    "review_evaluation",
    "revoke_registration",
    "save_evaluation",
    "start_evaluation",
    "submit_evaluation",
    "withdraw_evaluation",
]
