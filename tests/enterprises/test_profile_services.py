"""Yearly data, IP items and their use, qualifications, integrity records, snapshots."""

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, DomainError, InvalidInput, StaleObject
from enterprises import services
from enterprises.models import IntellectualProperty, IPClass, IPKind, IPUse, OrganizationYear, ProfileSnapshot
from tests.enterprises.factories import (
    IntellectualPropertyFactory,
    MembershipFactory,
    OrganizationYearFactory,
    QualificationFactory,
    VerifiedOrganizationFactory,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

YEAR = {
    "staff_total": 100,
    "sci_tech_staff": 25,
    "revenue": Decimal("40000000"),
    "total_cost": Decimal("35000000"),
    "rd_total": Decimal("2000000"),
    "rd_in_china": Decimal("1900000"),
    "rd_outsourced": Decimal("300000"),
    "total_assets": Decimal("50000000"),
    "net_assets": Decimal("-1000000"),
    "hightech_income": Decimal("30000000"),
    "total_income": Decimal("41000000"),
}


def test_yearly_data_is_saved_once_per_year_and_refuses_stale_edits(org, org_admin):
    row = services.save_year(actor=org_admin, organization=org, year=2025, values=YEAR)
    assert row.net_assets == Decimal("-1000000")  # a loss-making firm may have negative net assets
    loaded = row.version
    services.save_year(
        actor=org_admin, organization=org, year=2025, values={**YEAR, "staff_total": 101}, expected_version=loaded
    )
    with pytest.raises(StaleObject):
        services.save_year(
            actor=org_admin, organization=org, year=2025, values={**YEAR, "staff_total": 102}, expected_version=loaded
        )
    assert OrganizationYear.objects.get(organization=org, year=2025).staff_total == 101


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("sci_tech_staff", 101, "科技人员数不能超过职工总数"),
        ("rd_in_china", Decimal("2000000.01"), "境内研发费用不能超过研发费用总额"),
        ("rd_outsourced", Decimal("2000001"), "委托外部研发费用不能超过研发费用总额"),
        ("hightech_income", Decimal("41000001"), "高新技术产品（服务）收入不能超过总收入"),
        ("revenue", Decimal("-1"), "不能为负数"),
    ],
)
def test_yearly_data_is_checked_field_by_field(org, org_admin, field, value, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.save_year(actor=org_admin, organization=org, year=2025, values={**YEAR, field: value})
    assert message in " ".join(exc.value.message_dict[field])


@pytest.mark.parametrize(
    "bad",
    [
        {"sci_tech_staff": 200},
        {"rd_in_china": Decimal("3000000")},
        {"rd_outsourced": Decimal("3000000")},
        {"total_assets": Decimal("-5")},
        {"hightech_income": Decimal("99999999")},
    ],
)
def test_the_database_enforces_the_same_invariants(org, bad):
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganizationYear.objects.create(organization=org, year=2024, **{**YEAR, **bad})


def test_only_members_keep_the_profile(org):
    outsider = MembershipFactory().user
    staff = UserFactory(roles=[Role.CITY_STAFF])
    for user in (outsider, staff):
        with pytest.raises(ActionNotPermitted):
            services.save_year(actor=user, organization=org, year=2025, values=YEAR)


# --- IP -------------------------------------------------------------------------------------


def _ip(org, user, **kw):
    values = {
        "kind": IPKind.INVENTION_PATENT,
        "number": "ZL202110000001.1",
        "title": "一种氮化硅陶瓷轴承球的烧结方法",
        "applied_on": date(2021, 1, 5),
        "granted_on": date(2023, 2, 1),
        "status": IntellectualProperty.Status.VALID,
        "obtained_by": IntellectualProperty.Obtained.OWN_RD,
    }
    values.update(kw)
    return services.save_ip(actor=user, organization=org, values=values)


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        (IPKind.INVENTION_PATENT, IPClass.CLASS_I),
        (IPKind.DEFENCE_PATENT, IPClass.CLASS_I),
        (IPKind.PLANT_VARIETY, IPClass.CLASS_I),
        (IPKind.CROP_VARIETY, IPClass.CLASS_I),
        (IPKind.NEW_DRUG, IPClass.CLASS_I),
        (IPKind.TCM_VARIETY, IPClass.CLASS_I),
        (IPKind.IC_LAYOUT, IPClass.CLASS_I),
        (IPKind.UTILITY_MODEL, IPClass.CLASS_II),
        (IPKind.DESIGN_PATENT, IPClass.CLASS_II),
        (IPKind.SOFTWARE_COPYRIGHT, IPClass.CLASS_II),
        (IPKind.TRADEMARK, IPClass.NONE),
        (IPKind.OTHER, IPClass.NONE),
    ],
)
def test_the_class_is_derived_from_the_kind(org, org_admin, kind, expected):
    item = _ip(org, org_admin, kind=kind)
    assert item.ip_class == expected
    assert IntellectualProperty.objects.get(pk=item.pk).ip_class == expected


def test_changing_the_kind_changes_the_stored_class(org, org_admin):
    item = _ip(org, org_admin, kind=IPKind.UTILITY_MODEL)
    item = services.save_ip(actor=org_admin, organization=org, item=item, values={"kind": IPKind.INVENTION_PATENT})
    assert IntellectualProperty.objects.get(pk=item.pk).ip_class == IPClass.CLASS_I


def test_a_number_is_unique_per_organization_and_kind(org, org_admin):
    from django.core.exceptions import ValidationError

    _ip(org, org_admin)
    with pytest.raises(ValidationError, match="已登记过"):
        _ip(org, org_admin, number=" ZL202110000001.1 ")
    _ip(org, org_admin, kind=IPKind.UTILITY_MODEL)  # another kind may share the number
    other = VerifiedOrganizationFactory()
    _ip(other, MembershipFactory(organization=other).user)  # e.g. the buyer of a transferred patent


def test_a_valid_item_needs_its_grant_date_after_the_application(org, org_admin):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _ip(org, org_admin, granted_on=None)
    with pytest.raises(ValidationError):
        _ip(org, org_admin, granted_on=date(2020, 1, 1))


class Application:
    """Stands for an application of the certification app: any saved model works."""


def _application():
    # Any concrete saved model serves as the "application" a use points at.
    return VerifiedOrganizationFactory()


def test_a_class_two_item_supports_one_high_tech_application_only(org, org_admin):
    item = IntellectualPropertyFactory(organization=org, kind=IPKind.UTILITY_MODEL)
    first, second = _application(), _application()
    services.record_ip_use(actor=org_admin, ip=item, purpose="hightech", application=first, label="2025年高企申请")
    # Recording the same use again is harmless (idempotent).
    services.record_ip_use(actor=org_admin, ip=item, purpose="hightech", application=first, label="2025年高企申请")
    with pytest.raises(DomainError, match="不能再次使用"):
        services.record_ip_use(actor=org_admin, ip=item, purpose="hightech", application=second, label="2026年高企申请")
    # SME evaluations and class-I items are not limited.
    services.record_ip_use(actor=org_admin, ip=item, purpose="sme", application=second, label="2026年科小评价")
    patent = IntellectualPropertyFactory(organization=org, kind=IPKind.INVENTION_PATENT)
    services.record_ip_use(actor=org_admin, ip=patent, purpose="hightech", application=first, label="a")
    services.record_ip_use(actor=org_admin, ip=patent, purpose="hightech", application=second, label="b")
    # A released use (application withdrawn) frees the item.
    assert services.release_ip_uses(actor=org_admin, application=first, purpose="hightech") == 2
    services.record_ip_use(actor=org_admin, ip=item, purpose="hightech", application=second, label="2026年高企申请")
    assert IPUse.objects.active().filter(ip=item, purpose="hightech").count() == 1


def test_a_used_item_cannot_be_deleted_nor_change_kind(org, org_admin):
    item = IntellectualPropertyFactory(organization=org, kind=IPKind.UTILITY_MODEL)
    services.record_ip_use(actor=org_admin, ip=item, purpose="sme", application=_application(), label="x")
    with pytest.raises(DomainError):
        services.delete_ip(actor=org_admin, item=item)
    with pytest.raises(InvalidInput):
        services.save_ip(actor=org_admin, organization=org, item=item, values={"kind": IPKind.INVENTION_PATENT})


@pytest.mark.django_db(transaction=True)
def test_two_racing_high_tech_applications_cannot_both_use_a_class_two_item():
    org = VerifiedOrganizationFactory()
    user = MembershipFactory(organization=org).user
    item = IntellectualPropertyFactory(organization=org, kind=IPKind.SOFTWARE_COPYRIGHT)
    apps = [_application(), _application()]
    barrier = threading.Barrier(2)
    outcomes = []

    def submit(application):
        try:
            with transaction.atomic():
                barrier.wait(timeout=5)
                services.record_ip_use(actor=user, ip=item, purpose="hightech", application=application, label="高企")
            outcomes.append("ok")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(a,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    assert sorted(outcomes) == ["ok", "refused"]
    assert IPUse.objects.filter(ip=item, purpose="hightech").count() == 1


# --- Qualifications and integrity -----------------------------------------------------------


def test_qualification_levels_follow_their_kind(org, org_admin):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.save_qualification(
            actor=org_admin,
            organization=org,
            values={"kind": "standard", "level": "provincial", "name": "x", "year": 2024, "is_lead": True},
        )
    assert "level" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.save_qualification(
            actor=org_admin,
            organization=org,
            values={"kind": "award", "level": "national", "name": "国家科学技术进步奖", "year": 2024},
        )
    assert "rank" in exc.value.message_dict
    item = services.save_qualification(
        actor=org_admin,
        organization=org,
        values={
            "kind": "rd_institution",
            "level": "provincial",
            "name": "湖南省工程技术研究中心",
            "year": 2020,
            "rank": 3,
        },
    )
    assert item.rank is None  # only awards keep a rank


def test_integrity_records_are_entered_by_staff_over_the_organization_only(
    org, org_admin, liling_staff, tianyuan_staff
):
    values = {"kind": "abnormal_operation", "starts_on": date(2025, 3, 1), "source": "市场监管局"}
    for user in (org_admin, tianyuan_staff):
        with pytest.raises(ActionNotPermitted):
            services.add_integrity_record(actor=user, organization=org, values=values)
    record = services.add_integrity_record(actor=liling_staff, organization=org, values=values)
    assert record.entered_by == liling_staff
    with pytest.raises(ActionNotPermitted):
        services.delete_integrity_record(actor=liling_staff, record=record)


# --- Snapshots -----------------------------------------------------------------------------


def test_a_snapshot_keeps_what_was_submitted_after_later_edits(org, org_admin):
    OrganizationYearFactory(organization=org, year=2024)
    row = OrganizationYearFactory(organization=org, year=2025, revenue=Decimal("30000000.00"))
    item = IntellectualPropertyFactory(organization=org, kind=IPKind.INVENTION_PATENT)
    QualificationFactory(organization=org)
    snapshot = services.take_snapshot(actor=org_admin, organization=org, year=2025, purpose="sme")

    services.save_year(
        actor=org_admin,
        organization=org,
        year=2025,
        values={"revenue": Decimal("99000000")},
        expected_version=row.version,
    )
    services.save_ip(actor=org_admin, organization=org, item=item, values={"title": "改过的名称"})

    snapshot = ProfileSnapshot.objects.get(pk=snapshot.pk)
    assert [y["year"] for y in snapshot.data["years"]] == [2024, 2025]
    assert snapshot.data["years"][-1]["revenue"] == "30000000.00"
    assert snapshot.data["ip"][0]["title"] != "改过的名称"
    assert snapshot.data["facts"]["class1_ip"] == 1
    assert snapshot.data["organization"]["uscc"] == org.uscc
    assert snapshot.taken_by == org_admin


def test_history_is_kept_for_every_change(org, org_admin):
    row = services.save_year(actor=org_admin, organization=org, year=2025, values=YEAR)
    services.save_year(
        actor=org_admin, organization=org, year=2025, values={"staff_total": 150}, expected_version=row.version
    )
    events = OrganizationYear.pgh_event_model.objects.filter(pgh_obj_id=row.pk).order_by("pgh_id")
    assert [e.pgh_label for e in events] == ["insert", "update"]
    assert [e.staff_total for e in events] == [100, 150]
