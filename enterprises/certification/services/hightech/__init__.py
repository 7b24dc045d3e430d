"""Writes of high-tech certification (高新技术企业认定): the application, the certificate, annual reports.

The city prepares, reviews and recommends; the province certifies.

- ``application``   enterprise: open, choose IP, self-check, submit, withdraw
- ``attachments``   the checklist of files (申报材料)
- ``review``        county preliminary review and city review: recommend, return, refuse
- ``certificates``  the province's result, cancellation, annual reports
"""

from ..common import allowed_years
from .application import (
    CHECK_FIELDS,
    IP_PURPOSE,
    save_application,
    selectable_ip,
    start_application,
    submit_application,
    used_class2_items,
    withdraw_application,
)
from .attachments import add_attachment, check_upload, delete_attachment, missing_attachments
from .certificates import (
    cancel_certificate,
    certificate_problem,
    normalize_certificate_number,
    record_annual_report,
    record_certificate,
    record_not_certified,
)
from .review import CORRECTION_LABELS, REVIEW_TRANSITIONS, review_application

__all__ = [
    "CHECK_FIELDS",
    "CORRECTION_LABELS",
    "IP_PURPOSE",
    "REVIEW_TRANSITIONS",
    "add_attachment",
    "allowed_years",
    "cancel_certificate",
    "certificate_problem",
    "check_upload",
    "delete_attachment",
    "missing_attachments",
    "normalize_certificate_number",
    "record_annual_report",
    "record_certificate",
    "record_not_certified",
    "review_application",
    "save_application",
    "selectable_ip",
    "start_application",
    "submit_application",
    "used_class2_items",
    "withdraw_application",
]
