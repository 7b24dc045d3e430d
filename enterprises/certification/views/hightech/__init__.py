"""Pages of high-tech certification (高新技术企业): self-check, application, review, certificates.

The enterprise's side is in applications.py, the detail, review and result in review.py,
certificates in certificates.py; every page is re-exported here.
"""

from .applications import (
    attachment_delete,
    attachment_download,
    attachment_upload,
    hightech_edit,
    hightech_home,
    hightech_start,
)
from .certificates import (
    CERTIFICATE_SORTS,
    annual_report,
    certificate_cancel,
    certificate_detail,
    certificate_export,
    certificate_list,
    certificate_new,
)
from .review import (
    APPLICATION_SORTS,
    REVIEW_LEVEL,
    hightech_detail,
    hightech_export,
    hightech_result,
    hightech_review,
    hightech_staff_list,
    hightech_withdraw,
)

__all__ = [
    "APPLICATION_SORTS",
    "CERTIFICATE_SORTS",
    "REVIEW_LEVEL",
    "annual_report",
    "attachment_delete",
    "attachment_download",
    "attachment_upload",
    "certificate_cancel",
    "certificate_detail",
    "certificate_export",
    "certificate_list",
    "certificate_new",
    "hightech_detail",
    "hightech_edit",
    "hightech_export",
    "hightech_home",
    "hightech_result",
    "hightech_review",
    "hightech_staff_list",
    "hightech_start",
    "hightech_withdraw",
]
