"""Writes of the projects app: one function per business action (see each module).

- ``calls``         申报指南: create, update, publish (city staff and administrators)
- ``applications``  applicant: create a draft, update, submit, resubmit, withdraw
- ``review``        city staff: accept, send back for correction, approve (立项), reject
- ``numbering``     gap-free application and project numbers under a row lock
"""

from .applications import (
    create_application,
    resubmit_application,
    submission_problems,
    submit_application,
    update_application,
    withdraw_application,
)
from .calls import create_call, publish_call, update_call
from .numbering import next_number
from .review import accept, approve, reject, send_back

__all__ = [
    "accept",
    "approve",
    "create_application",
    "create_call",
    "next_number",
    "publish_call",
    "reject",
    "resubmit_application",
    "send_back",
    "submission_problems",
    "submit_application",
    "update_application",
    "update_call",
    "withdraw_application",
]
