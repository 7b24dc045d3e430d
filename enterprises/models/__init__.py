"""Models of the registry: identity and members (organization.py), the profile (profile.py).

``validate_uscc`` stays importable here: migration 0001 references it at this path.
"""

from ..validators import validate_licence_file, validate_uscc
from .organization import HighTechField, Industry, Invitation, Membership, Organization
from .profile import (
    IntegrityRecord,
    IntellectualProperty,
    IPClass,
    IPKind,
    IPUse,
    OrganizationYear,
    ProfileSnapshot,
    Qualification,
    ip_class_of,
)

__all__ = [
    "HighTechField",
    "IPClass",
    "IPKind",
    "IPUse",
    "Industry",
    "IntegrityRecord",
    "IntellectualProperty",
    "Invitation",
    "Membership",
    "Organization",
    "OrganizationYear",
    "ProfileSnapshot",
    "Qualification",
    "ip_class_of",
    "validate_licence_file",
    "validate_uscc",
]
