"""Models of certification: SME evaluation (sme.py), high-tech (hightech.py), cultivation (pipeline.py)."""

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
