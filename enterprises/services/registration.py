"""Writes of registration (单位注册): sign-up, verification by the county, basic info,
members and invitations."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.accounts.models import Role, User
from bureau.core.errors import ActionNotPermitted, DomainError, InvalidInput, StaleObject
from bureau.core.workflow import run_transition
from bureau.inbox.services import close_todos, notify, open_todo

from ..models import Invitation, Membership, Organization
from ..validators import validate_uscc
from .access import ensure_admin, ensure_member

#: Days an invitation link stays valid.
INVITATION_DAYS = 7

#: Fields the organization keeps itself; region only while not yet verified.
BASIC_FIELDS = (
    "name",
    "kind",
    "industry",
    "hightech_field",
    "registered_on",
    "legal_representative",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
)


class AlreadyRegistered(DomainError):
    """The 统一社会信用代码 belongs to an organization already registered."""

    status_code = 409
    code = "already_registered"

    def __init__(self, organization: Organization):
        self.organization = organization
        self.admin_contact = admin_contact(organization)
        message = _(
            "统一社会信用代码 %(uscc)s 已由“%(name)s”注册，不能重复注册。"
            "请联系该单位的管理员（%(contact)s）在“成员管理”中邀请您加入。"
        ) % {"uscc": organization.uscc, "name": organization.name, "contact": self.admin_contact}
        super().__init__(message, fields={"uscc": _("已注册")})


def mask_phone(phone: str) -> str:
    digits = (phone or "").strip()
    if len(digits) >= 7:
        return f"{digits[:3]}****{digits[-4:]}"
    return "****" if digits else ""


def mask_email(email: str) -> str:
    email = (email or "").strip()
    if "@" not in email:
        return ""
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def admin_contact(organization: Organization) -> str:
    """Return the first administrator's name and masked phone or e-mail, for a would-be member."""
    membership = (
        Membership.objects.filter(organization=organization, is_admin=True)
        .select_related("user")
        .order_by("joined_at", "pk")
        .first()
    )
    if membership is None:
        return _("暂无管理员，请联系所在县市区科技局")
    user = membership.user
    surname = (user.full_name or user.username)[:1]
    reach = mask_phone(user.phone) or mask_email(user.email) or _("未留联系方式")
    return f"{surname}**，{reach}"


def normalise_uscc(value: str) -> str:
    return "".join((value or "").split()).upper()


def check_uscc(value: str) -> str:
    """Return the normalised code, or raise ``InvalidInput`` saying it is invalid."""
    code = normalise_uscc(value)
    try:
        validate_uscc(code)
    except ValidationError as exc:
        raise InvalidInput(exc.messages[0], fields={"uscc": exc.messages[0]}) from None
    existing = Organization.objects.filter(uscc=code).first()
    if existing is not None:
        raise AlreadyRegistered(existing)
    return code


def _add_role(user: User, role: str) -> None:
    group, _created = Group.objects.get_or_create(name=role)
    user.groups.add(group)
    user.__dict__.pop("roles", None)


@transaction.atomic
def create_applicant_account(*, username: str, password: str, full_name: str, phone: str = "", email: str = "") -> User:
    """Create an account holding the applicant role (申报单位用户) for a person signing up.

    It lives here until the accounts app offers a sign-up service; the password is
    checked by the configured validators.
    """
    username = (username or "").strip()
    if User.objects.filter(username__iexact=username).exists():
        raise InvalidInput(
            _("用户名“%(name)s”已被使用，请换一个。") % {"name": username}, fields={"username": _("已被使用")}
        )
    user = User(username=username, full_name=full_name.strip(), phone=phone.strip(), email=email.strip())
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), fields={"password1": " ".join(exc.messages)}) from None
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    _add_role(user, Role.APPLICANT)
    return user


@transaction.atomic
def register_organization(*, actor: User, values: dict, licence=None) -> Organization:
    """Register an organization for ``actor``, who becomes its administrator.

    The code is checked with its check digit; a code already registered is refused with
    the name and masked contact of that organization's administrator. The county staff
    of the region get a to-do to verify the registration.
    """
    if not getattr(actor, "is_authenticated", False):
        raise ActionNotPermitted(_("请先注册账号或登录。"))
    code = check_uscc(values.get("uscc", ""))
    org = Organization(uscc=code, status=Organization.Status.PENDING, region=values["region"])
    for name in BASIC_FIELDS:
        if name in values:
            setattr(org, name, values[name])
    if licence is not None:
        org.business_licence = licence
    org.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError:
        # Two people registered the same code at the same moment: the other one won.
        existing = Organization.objects.filter(uscc=code).first()
        if existing is not None:
            raise AlreadyRegistered(existing) from None
        raise
    Membership.objects.create(user=actor, organization=org, is_admin=True)
    if not actor.has_role(Role.APPLICANT):
        _add_role(actor, Role.APPLICANT)
    _open_verification_todo(org, actor)
    return org


@transaction.atomic
def sign_up_and_register(*, account: dict, values: dict, licence=None) -> tuple[User, Organization]:
    """Create the person's account and register the organization, both or neither.

    The code is checked first, so a duplicate or invalid code creates no account.
    """
    check_uscc(values.get("uscc", ""))
    user = create_applicant_account(**account)
    org = register_organization(actor=user, values=values, licence=licence)
    return user, org


def _open_verification_todo(org: Organization, actor) -> None:
    open_todo(
        title=_("核验单位注册：%(name)s") % {"name": org.name},
        url=reverse("enterprises:org-detail", args=[org.pk]),
        subject=org,
        role=Role.COUNTY_STAFF,
        region=org.region,
        actor=actor,
    )


def _admins(org: Organization) -> list[User]:
    return [m.user for m in org.memberships.filter(is_admin=True).select_related("user")]


@transaction.atomic
def verify_organization(*, actor, organization: Organization, comment: str = "", expected_version=None) -> Organization:
    """Verify a registration (核验通过): only the county staff of its region may."""
    run_transition(
        obj=organization, name="verify", actor=actor, comment=comment, expected_version=_int(expected_version)
    )
    close_todos(subject=organization, actor=actor)
    notify(
        recipients=_admins(organization),
        title=_("单位注册已通过核验：%(name)s") % {"name": organization.name},
        body=_("贵单位的注册信息已由%(region)s科技部门核验通过，现在可以提交各类申报。")
        % {"region": organization.region.name},
        url=reverse("enterprises:profile"),
        actor=actor,
    )
    return organization


@transaction.atomic
def reject_organization(*, actor, organization: Organization, reason: str, expected_version=None) -> Organization:
    """Refuse a registration with a reason the applicant reads and can act on."""
    run_transition(
        obj=organization, name="reject", actor=actor, comment=reason, expected_version=_int(expected_version)
    )
    close_todos(subject=organization, actor=actor)
    notify(
        recipients=_admins(organization),
        title=_("单位注册核验未通过：%(name)s") % {"name": organization.name},
        body=_("原因：%(reason)s。请修改单位信息后重新提交核验。") % {"reason": reason},
        url=reverse("enterprises:profile"),
        actor=actor,
    )
    return organization


@transaction.atomic
def resubmit_registration(*, actor, organization: Organization, expected_version=None) -> Organization:
    """Send a corrected registration back to the county for verification."""
    run_transition(obj=organization, name="resubmit", actor=actor, expected_version=_int(expected_version))
    _open_verification_todo(organization, actor)
    return organization


def _int(value):
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise StaleObject() from None


@transaction.atomic
def update_organization(
    *, actor, organization: Organization, values: dict, licence=None, expected_version=None
) -> Organization:
    """Save the basic information an organization keeps itself; refuse a stale edit.

    The code never changes; the region changes only before verification, since it
    decides which county verifies.
    """
    ensure_member(actor, organization)
    if _int(expected_version) is not None and organization.version != _int(expected_version):
        raise StaleObject()
    fields = list(BASIC_FIELDS)
    if "region" in values and organization.status != Organization.Status.VERIFIED:
        fields.append("region")
    for name in fields:
        if name in values:
            setattr(organization, name, values[name])
    if licence is not None:
        organization.business_licence = licence
        fields.append("business_licence")
    organization.full_clean()
    organization.save(update_fields=[*fields, "updated_at"])
    return organization


@transaction.atomic
def set_tier(*, actor, organization: Organization, tier: str, year: int | None) -> Organization:
    """Record a bureau-defined cultivation tier (科技小巨人, 领军企业); city staff only."""
    if not (actor.has_role(Role.CITY_STAFF) or actor.has_role(Role.ADMINISTRATOR)):
        raise ActionNotPermitted()
    organization.tier = tier
    organization.tier_year = year if tier != Organization.Tier.NONE else None
    organization.full_clean()
    organization.save(update_fields=["tier", "tier_year", "updated_at"])
    return organization


# --- Members and invitations -------------------------------------------------------------


def hash_token(token: str) -> str:
    return hashlib.sha256((token or "").encode()).hexdigest()


def invitation_url(token: str) -> str:
    base = settings.PORTAL.get("BASE_URL", "").rstrip("/")
    return f"{base}{reverse('enterprises:invitation-accept', args=[token])}"


@transaction.atomic
def invite_member(
    *, actor, organization: Organization, full_name: str, email: str = "", phone: str = ""
) -> tuple[Invitation, str]:
    """Invite a colleague; return the invitation and its one-time token (for the link).

    The link is e-mailed when an address is given; for a phone number the administrator
    passes the link on. Only a hash of the token is stored.
    """
    ensure_admin(actor, organization)
    if not (email or "").strip() and not (phone or "").strip():
        raise InvalidInput(_("请至少填写电子邮箱或手机号码中的一项。"), fields={"email": _("必填其一")})
    token = secrets.token_urlsafe(24)
    invitation = Invitation(
        organization=organization,
        full_name=full_name.strip(),
        email=(email or "").strip(),
        phone=(phone or "").strip(),
        token_hash=hash_token(token),
        invited_by=actor,
        expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    if invitation.email:
        url = invitation_url(token)
        subject = _("%(name)s 邀请您加入科技政务服务平台") % {"name": organization.name}
        body = _(
            "%(person)s：\n\n%(inviter)s 邀请您作为“%(org)s”的成员使用科技政务服务平台。"
            "请在 %(days)s 天内打开下面的链接，登录或注册账号后接受邀请：\n\n%(url)s\n"
        ) % {
            "person": invitation.full_name,
            "inviter": actor.display_name,
            "org": organization.name,
            "days": INVITATION_DAYS,
            "url": url,
        }
        recipient = invitation.email
        transaction.on_commit(lambda: send_mail(subject, body, None, [recipient], fail_silently=True))
    return invitation, token


def find_invitation(token: str) -> Invitation | None:
    return Invitation.objects.select_related("organization", "invited_by").filter(token_hash=hash_token(token)).first()


@transaction.atomic
def accept_invitation(*, actor, token: str) -> Membership:
    """Join the inviting organization as ``actor`` (signed in); the link works once."""
    if not getattr(actor, "is_authenticated", False):
        raise ActionNotPermitted(_("请先登录或注册账号，再接受邀请。"))
    invitation = Invitation.objects.select_for_update().filter(token_hash=hash_token(token)).first()
    if invitation is None:
        raise DomainError(_("邀请链接无效，请向单位管理员索取新的链接。"))
    state = invitation.state
    if state == "accepted":
        raise DomainError(_("该邀请已被使用。如需加入，请向单位管理员索取新的邀请。"))
    if state == "revoked":
        raise DomainError(_("该邀请已被单位管理员撤销。"))
    if state == "expired":
        raise DomainError(_("该邀请已过期，请向单位管理员索取新的邀请。"))
    membership, created = Membership.objects.get_or_create(
        user=actor, organization=invitation.organization, defaults={"is_admin": False}
    )
    if not created:
        raise DomainError(_("您已经是“%(name)s”的成员。") % {"name": invitation.organization.name})
    if not actor.has_role(Role.APPLICANT):
        _add_role(actor, Role.APPLICANT)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    notify(
        recipients=[invitation.invited_by],
        title=_("%(person)s 已加入%(org)s") % {"person": actor.display_name, "org": invitation.organization.name},
        url=reverse("enterprises:members"),
        actor=actor,
    )
    return membership


@transaction.atomic
def sign_up_and_accept(*, account: dict, token: str) -> tuple[User, Membership]:
    """Create the invited person's account and join the organization, both or neither."""
    invitation = find_invitation(token)
    if invitation is None or invitation.state != "open":
        raise DomainError(_("邀请链接无效或已失效，请向单位管理员索取新的邀请。"))
    user = create_applicant_account(**account)
    return user, accept_invitation(actor=user, token=token)


@transaction.atomic
def revoke_invitation(*, actor, invitation: Invitation) -> Invitation:
    ensure_admin(actor, invitation.organization)
    if invitation.state != "open":
        raise DomainError(_("该邀请已不能撤销（%(state)s）。") % {"state": invitation.state_label})
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def set_member_admin(*, actor, membership: Membership, is_admin: bool) -> Membership:
    """Make a member an administrator or not; an organization always keeps one."""
    ensure_admin(actor, membership.organization)
    if not is_admin and membership.is_admin:
        _ensure_other_admin(membership)
    membership.is_admin = is_admin
    membership.save(update_fields=["is_admin"])
    return membership


@transaction.atomic
def remove_member(*, actor, membership: Membership) -> None:
    ensure_admin(actor, membership.organization)
    if membership.is_admin:
        _ensure_other_admin(membership)
    membership.delete()


def _ensure_other_admin(membership: Membership) -> None:
    others = (
        Membership.objects.select_for_update()
        .filter(organization=membership.organization, is_admin=True)
        .exclude(pk=membership.pk)
    )
    if not others.exists():
        raise DomainError(_("单位至少要保留一名管理员，请先指定其他管理员。"))
