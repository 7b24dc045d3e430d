"""Writes of contract registration: one function per business action (see each module).

- ``filing``        seller: save a draft, submit, supply papers, withdraw
- ``registration``  registrar: request papers, expert review, refuse, register (numbering)
- ``income``        technical-income verification: file, confirm, return, resubmit
- ``brokers``       the technology broker registry
- ``overdue``       report overdue filings to leaders
"""

from .brokers import save_broker
from .filing import save_draft, submit_contract, supply_papers, withdraw_contract
from .income import confirm_income, file_income, resubmit_income, return_income
from .overdue import report_overdue
from .registration import (
    mark_disputed,
    next_registration_number,
    refuse_contract,
    register_contract,
    request_papers,
)

__all__ = [
    "confirm_income",
    "file_income",
    "mark_disputed",
    "next_registration_number",
    "refuse_contract",
    "register_contract",
    "report_overdue",
    "request_papers",
    "resubmit_income",
    "return_income",
    "save_broker",
    "save_draft",
    "submit_contract",
    "supply_papers",
    "withdraw_contract",
]
