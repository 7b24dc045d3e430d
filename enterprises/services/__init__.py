"""Writes of the registry, one function per business action (see each module).

The certification app calls ``ensure_can_submit``, ``take_snapshot``, ``record_ip_use``
and ``release_ip_uses`` from here; the reports app calls ``record_year_from_filing`` when
staff confirm an R&D filing.
"""

from .access import NotYetVerified, ensure_can_submit, ensure_member, ensure_staff_over, is_admin, is_member
from .filings import record_year_from_filing
from .profile import (
    add_integrity_record,
    delete_integrity_record,
    delete_ip,
    delete_qualification,
    delete_year,
    end_integrity_record,
    record_ip_use,
    release_ip_uses,
    save_ip,
    save_qualification,
    save_year,
    take_snapshot,
)
from .registration import (
    AlreadyRegistered,
    accept_invitation,
    admin_contact,
    check_uscc,
    create_applicant_account,
    find_invitation,
    invite_member,
    register_organization,
    reject_organization,
    remove_member,
    resubmit_registration,
    revoke_invitation,
    set_member_admin,
    set_tier,
    sign_up_and_accept,
    sign_up_and_register,
    update_organization,
    verify_organization,
)

__all__ = [
    "AlreadyRegistered",
    "NotYetVerified",
    "accept_invitation",
    "add_integrity_record",
    "admin_contact",
    "check_uscc",
    "create_applicant_account",
    "delete_integrity_record",
    "delete_ip",
    "delete_qualification",
    "delete_year",
    "end_integrity_record",
    "ensure_can_submit",
    "ensure_member",
    "ensure_staff_over",
    "find_invitation",
    "invite_member",
    "is_admin",
    "is_member",
    "record_ip_use",
    "record_year_from_filing",
    "register_organization",
    "reject_organization",
    "release_ip_uses",
    "remove_member",
    "resubmit_registration",
    "revoke_invitation",
    "save_ip",
    "save_qualification",
    "save_year",
    "set_member_admin",
    "set_tier",
    "sign_up_and_accept",
    "sign_up_and_register",
    "take_snapshot",
    "update_organization",
    "verify_organization",
]
