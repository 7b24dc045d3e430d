"""Registration, verification by the county, basic info and invitations (services)."""

from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, DomainError, InvalidInput, StaleObject
from bureau.inbox.models import Message, Todo
from enterprises import services
from enterprises.models import Invitation, Membership, Organization
from tests.enterprises.factories import (
    InvitationFactory,
    MembershipFactory,
    OrganizationFactory,
    industry,
    make_uscc,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _values(region, **overrides):
    values = {
        "uscc": make_uscc(),
        "name": "醴陵新瓷科技有限公司",
        "kind": Organization.Kind.ENTERPRISE,
        "region": region,
        "industry": industry("30"),
        "hightech_field": "new_materials",
        "registered_on": date(2018, 5, 20),
        "legal_representative": "刘建国",
        "contact_name": "刘建国",
        "contact_phone": "13973300001",
    }
    values.update(overrides)
    return values


def _signup(**kw):
    defaults = {"username": "xinci", "password": "Xinci@2026pass", "full_name": "刘建国", "phone": "13973300001"}
    defaults.update(kw)
    return services.create_applicant_account(**defaults)


def test_registration_makes_the_registrant_its_administrator_and_asks_the_county(liling, liling_staff):
    user = _signup()
    licence = SimpleUploadedFile("执照.pdf", PDF, content_type="application/pdf")
    org = services.register_organization(actor=user, values=_values(liling), licence=licence)

    assert org.status == Organization.Status.PENDING
    assert Membership.objects.get(organization=org).user == user
    assert Membership.objects.get(organization=org).is_admin
    assert user.has_role(Role.APPLICANT)
    assert org.business_licence.name.endswith(".pdf")
    todo = Todo.objects.for_user(liling_staff).open().get()
    assert org.name in todo.title
    assert todo.url == f"/enterprises/orgs/{org.pk}/"


def test_a_wrong_check_digit_is_refused_with_a_message_not_a_crash(liling):
    user = _signup()
    code = make_uscc()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(InvalidInput) as exc:
        services.register_organization(actor=user, values=_values(liling, uscc=wrong))
    assert "无效" in str(exc.value.message)
    assert not Organization.objects.filter(uscc=wrong).exists()


def test_codes_are_normalised_before_checking(liling):
    user = _signup()
    code = make_uscc()
    spaced = f" {code[:6].lower()} {code[6:]} "
    org = services.register_organization(actor=user, values=_values(liling, uscc=spaced))
    assert org.uscc == code


def test_a_code_already_registered_points_to_its_administrator(liling):
    first = MembershipFactory(user__full_name="陈管理", user__phone="13800001234", organization__region=liling)
    user = _signup()
    with pytest.raises(services.AlreadyRegistered) as exc:
        services.register_organization(actor=user, values=_values(liling, uscc=first.organization.uscc))
    message = str(exc.value.message)
    assert "已由" in message and first.organization.name in message
    assert "陈**" in message and "138****1234" in message
    assert "13800001234" not in message
    assert Organization.objects.filter(uscc=first.organization.uscc).count() == 1


def test_a_licence_that_is_not_an_image_or_pdf_is_refused(liling):
    user = _signup()
    fake = SimpleUploadedFile("执照.pdf", b"MZ\x90\x00 this is an exe", content_type="application/pdf")
    with pytest.raises(Exception) as exc:
        services.register_organization(actor=user, values=_values(liling), licence=fake)
    assert "PDF、JPG 或 PNG" in str(exc.value)


def test_a_licence_over_five_megabytes_is_refused(liling):
    user = _signup()
    big = SimpleUploadedFile("执照.pdf", PDF + b"0" * (5 * 1024 * 1024), content_type="application/pdf")
    with pytest.raises(Exception) as exc:
        services.register_organization(actor=user, values=_values(liling), licence=big)
    assert "5 MB" in str(exc.value)


def test_only_the_county_staff_of_its_region_may_verify(liling, liling_staff, tianyuan_staff, city_staff):
    org = OrganizationFactory(region=liling)
    admin = MembershipFactory(organization=org).user
    for outsider in (tianyuan_staff, city_staff, admin):
        with pytest.raises(ActionNotPermitted):
            services.verify_organization(actor=outsider, organization=Organization.objects.get(pk=org.pk))
    org = Organization.objects.get(pk=org.pk)
    services.verify_organization(actor=liling_staff, organization=org, expected_version=org.version)
    org.refresh_from_db()
    assert org.status == Organization.Status.VERIFIED
    assert org.verified_by == liling_staff
    assert Message.objects.filter(recipient=admin, title__contains="通过核验").exists()


def test_verification_closes_the_todo(liling, liling_staff):
    user = _signup()
    org = services.register_organization(actor=user, values=_values(liling))
    services.verify_organization(actor=liling_staff, organization=Organization.objects.get(pk=org.pk))
    assert not Todo.objects.for_user(liling_staff).open().exists()


def test_county_staff_of_a_park_verify_its_organizations(db):
    from tests.factories import CountyFactory

    park = CountyFactory(code="430271", name="株洲高新技术产业开发区", kind="park")
    staff = UserFactory(roles=[Role.COUNTY_STAFF], region=park)
    org = OrganizationFactory(region=park)
    services.verify_organization(actor=staff, organization=org)
    assert org.status == Organization.Status.VERIFIED


def test_a_rejection_needs_a_reason_and_the_applicant_resubmits(liling, liling_staff):
    user = _signup()
    org = services.register_organization(actor=user, values=_values(liling))
    with pytest.raises(DomainError):
        services.reject_organization(actor=liling_staff, organization=org, reason=" ")
    services.reject_organization(actor=liling_staff, organization=org, reason="营业执照不清晰")
    assert org.status == Organization.Status.REJECTED
    with pytest.raises(services.NotYetVerified) as exc:
        services.ensure_can_submit(org)
    assert "营业执照不清晰" in str(exc.value.message)
    services.resubmit_registration(actor=user, organization=org)
    assert org.status == Organization.Status.PENDING
    assert Todo.objects.for_user(liling_staff).open().count() == 1


def test_a_stale_verification_is_refused(liling, liling_staff):
    org = OrganizationFactory(region=liling)
    with pytest.raises(StaleObject):
        services.verify_organization(actor=liling_staff, organization=org, expected_version=org.version - 1 or 99)


def test_an_unverified_organization_may_not_submit_but_may_keep_its_profile(liling):
    org = OrganizationFactory(region=liling)
    user = MembershipFactory(organization=org).user
    with pytest.raises(services.NotYetVerified) as exc:
        services.ensure_can_submit(org)
    assert "核验" in str(exc.value.message)
    services.save_year(
        actor=user,
        organization=org,
        year=2025,
        values={
            "staff_total": 10,
            "sci_tech_staff": 3,
            **dict.fromkeys(("revenue", "total_cost", "rd_total", "rd_in_china", "rd_outsourced"), 0),
            **dict.fromkeys(("total_assets", "net_assets", "hightech_income", "total_income"), 0),
        },
    )
    assert org.years.count() == 1


def test_basic_info_edits_refuse_stale_versions_and_lock_the_region_once_verified(org, org_admin, tianyuan):
    stale = org.version
    services.update_organization(
        actor=org_admin, organization=org, values={"address": "新地址"}, expected_version=stale
    )
    with pytest.raises(StaleObject):
        services.update_organization(
            actor=org_admin,
            organization=Organization.objects.get(pk=org.pk),
            values={"address": "x"},
            expected_version=stale,
        )
    services.update_organization(actor=org_admin, organization=org, values={"region": tianyuan})
    org.refresh_from_db()
    assert org.region.name == "醴陵市"


def test_outsiders_cannot_edit_an_organization(org):
    stranger = MembershipFactory().user
    with pytest.raises(ActionNotPermitted):
        services.update_organization(actor=stranger, organization=org, values={"address": "x"})


# --- Invitations ---------------------------------------------------------------------------


def test_the_administrator_invites_and_the_colleague_accepts_once(org, org_admin, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, token = services.invite_member(
            actor=org_admin, organization=org, full_name="王同事", email="wang@example.com"
        )
    assert invitation.token_hash != token  # only the hash is stored
    assert len(mail.outbox) == 1 and token in mail.outbox[0].body
    colleague = UserFactory()
    membership = services.accept_invitation(actor=colleague, token=token)
    assert membership.organization == org and not membership.is_admin
    colleague = type(colleague).objects.get(pk=colleague.pk)
    assert colleague.has_role(Role.APPLICANT)
    with pytest.raises(DomainError, match="已被使用"):
        services.accept_invitation(actor=UserFactory(), token=token)


def test_only_an_administrator_invites(org, org_member):
    with pytest.raises(ActionNotPermitted):
        services.invite_member(actor=org_member, organization=org, full_name="x", phone="13800000000")


def test_an_invitation_needs_an_email_or_a_phone(org, org_admin):
    with pytest.raises(InvalidInput):
        services.invite_member(actor=org_admin, organization=org, full_name="x")


def test_expired_and_revoked_invitations_are_refused(org, org_admin):
    from datetime import timedelta

    from django.utils import timezone

    InvitationFactory(organization=org, token="old", expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(DomainError, match="过期"):
        services.accept_invitation(actor=UserFactory(), token="old")
    invitation = InvitationFactory(organization=org, token="gone")
    services.revoke_invitation(actor=org_admin, invitation=invitation)
    with pytest.raises(DomainError, match="撤销"):
        services.accept_invitation(actor=UserFactory(), token="gone")
    with pytest.raises(DomainError, match="无效"):
        services.accept_invitation(actor=UserFactory(), token="never-issued")
    assert Invitation.objects.filter(organization=org).count() == 2


def test_an_organization_keeps_at_least_one_administrator(org, org_admin, org_member):
    admin_membership = Membership.objects.get(user=org_admin, organization=org)
    with pytest.raises(DomainError, match="至少"):
        services.set_member_admin(actor=org_admin, membership=admin_membership, is_admin=False)
    member_membership = Membership.objects.get(user=org_member, organization=org)
    services.set_member_admin(actor=org_admin, membership=member_membership, is_admin=True)
    services.set_member_admin(actor=org_admin, membership=admin_membership, is_admin=False)
    with pytest.raises(ActionNotPermitted):
        services.remove_member(actor=org_admin, membership=member_membership)


def test_signup_refuses_a_taken_username_and_a_weak_password(db):
    _signup(username="taken")
    with pytest.raises(InvalidInput, match="已被使用"):
        _signup(username="TAKEN")
    with pytest.raises(InvalidInput):
        _signup(username="weak", password="123")
