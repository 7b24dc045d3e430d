"""Models of certification: SME evaluation, high-tech application and certificate, cultivation.

sme.py and sme_submission.py (SME evaluation), hightech.py and hightech_certificate.py
(high-tech application, certificate), pipeline.py (cultivation), common.py (shared helpers).
"""

from .hightech import (
    REQUIRED_ATTACHMENTS,
    AnnualReport,
    AttachmentKind,
    HighTechApplication,
    HighTechAttachment,
    HighTechCertificate,
)
from .pipeline import CultivationStatus, ReserveEntry, SentReminder
from .sme import SmeEvaluation, SmeSubmission

__all__ = [
    "REQUIRED_ATTACHMENTS",
    "AnnualReport",
    "AttachmentKind",
    "CultivationStatus",
    "HighTechApplication",
    "HighTechAttachment",
    "HighTechCertificate",
    "ReserveEntry",
    "SentReminder",
    "SmeEvaluation",
    "SmeSubmission",
]
