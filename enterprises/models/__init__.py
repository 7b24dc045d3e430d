"""Models of the registry: identity and members, the profile, intellectual property and its use.

``validate_uscc`` stays importable here: migration 0001 references it at this path.
"""

from ..validators import validate_licence_file, validate_uscc
from .intellectual_property import IntellectualProperty, IPClass, IPKind, IPUse, ip_class_of
from .organization import HighTechField, Industry, Invitation, Membership, Organization
from .profile import IntegrityRecord, OrganizationYear, ProfileSnapshot, Qualification

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
