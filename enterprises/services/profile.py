"""Writes of the profile: yearly data, IP items and their use, qualifications, integrity
records (staff only), and the snapshots that freeze what an application submitted."""

from __future__ import annotations

from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, DomainError, InvalidInput, StaleObject

from ..models import (
    IntegrityRecord,
    IntellectualProperty,
    IPUse,
    Organization,
    OrganizationYear,
    ProfileSnapshot,
    Qualification,
)
from .access import ensure_member, ensure_staff_over

YEAR_FIELDS = ("staff_total", "sci_tech_staff", *OrganizationYear.MONEY_FIELDS)
IP_FIELDS = ("kind", "number", "title", "applied_on", "granted_on", "status", "obtained_by", "note")
QUALIFICATION_FIELDS = ("kind", "level", "name", "year", "grade", "rank", "is_lead", "document_number")
INTEGRITY_FIELDS = ("kind", "starts_on", "ends_on", "source", "description")


def _check_version(obj, expected_version):
    if expected_version is not None and obj.pk and obj.version != int(expected_version):
        raise StaleObject()


# --- Yearly data ------------------------------------------------------------------------


@transaction.atomic
def save_year(
    *, actor, organization: Organization, year: int, values: dict, expected_version: int | None = None
) -> OrganizationYear:
    """Create or update ``organization``'s figures for ``year``; refuse a stale edit."""
    ensure_member(actor, organization)
    row = OrganizationYear.objects.select_for_update().filter(organization=organization, year=year).first()
    if row is None:
        if expected_version not in (None, "", 0, "0"):
            # The form was opened on a row that someone has since deleted.
            raise StaleObject()
        row = OrganizationYear(organization=organization, year=year)
    else:
        _check_version(row, expected_version)
    for name in YEAR_FIELDS:
        if name in values:
            setattr(row, name, values[name])
    row.updated_by = actor if getattr(actor, "pk", None) else None
    row.full_clean()
    if row.pk:
        row.save(update_fields=[*YEAR_FIELDS, "updated_by", "updated_at"])
    else:
        row.save()
    return row


@transaction.atomic
def delete_year(*, actor, row: OrganizationYear) -> None:
    ensure_member(actor, row.organization)
    row.delete()


# --- Intellectual property -------------------------------------------------------------


@transaction.atomic
def save_ip(
    *,
    actor,
    organization: Organization,
    values: dict,
    item: IntellectualProperty | None = None,
    expected_version: int | None = None,
) -> IntellectualProperty:
    """Add an IP item to ``organization`` or change ``item``; the class follows the kind."""
    ensure_member(actor, organization)
    if item is None:
        item = IntellectualProperty(organization=organization)
    else:
        if item.organization_id != organization.pk:
            raise ActionNotPermitted()
        _check_version(item, expected_version)
        if item.kind != values.get("kind", item.kind) and item.uses.active().exists():
            raise InvalidInput(_("该知识产权已被申请使用，不能再修改类型。"), fields={"kind": _("已被使用")})
    for name in IP_FIELDS:
        if name in values:
            setattr(item, name, values[name])
    item.number = (item.number or "").strip()
    duplicate = IntellectualProperty.objects.filter(organization=organization, kind=item.kind, number=item.number)
    if duplicate.exclude(pk=item.pk).exists():
        raise _duplicate_ip()
    item.full_clean()
    try:
        with transaction.atomic():
            if item.pk:
                item.save(update_fields=[*IP_FIELDS, "ip_class", "updated_at"])
            else:
                item.save()
    except IntegrityError as exc:
        if "ip_unique_org_kind_number" in str(exc):
            raise _duplicate_ip() from None
        raise
    return item


def _duplicate_ip() -> ValidationError:
    return ValidationError({"number": _("本单位已登记过该类型、该编号的知识产权。")})


@transaction.atomic
def delete_ip(*, actor, item: IntellectualProperty) -> None:
    """Delete an IP item no application has used; a used item stays for the record."""
    ensure_member(actor, item.organization)
    if item.uses.exists():
        raise DomainError(_("该知识产权已被申请使用，不能删除；如已失效，请把状态改为“已失效”。"))
    item.delete()


@transaction.atomic
def record_ip_use(*, actor, ip: IntellectualProperty, purpose: str, application, label: str) -> IPUse:
    """Record that ``application`` uses ``ip``; a class-II item supports one high-tech application only.

    The database refuses a second active high-tech use of a class-II item even when two
    submissions race; the refusal comes back as a ``DomainError`` naming the item.
    """
    content_type = ContentType.objects.get_for_model(application, for_concrete_model=True)
    existing = IPUse.objects.filter(ip=ip, purpose=purpose, content_type=content_type, object_id=application.pk).first()
    if existing is not None:
        if existing.released_at is not None:
            existing.released_at = None
            try:
                with transaction.atomic():
                    existing.save(update_fields=["released_at"])
            except IntegrityError:
                raise _already_used(ip) from None
        return existing
    use = IPUse(
        ip=ip,
        ip_class=ip.ip_class,
        purpose=purpose,
        content_type=content_type,
        object_id=application.pk,
        label=str(label)[:200],
        used_by=actor if getattr(actor, "pk", None) else None,
    )
    use.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            use.save()
    except IntegrityError as exc:
        if "ipuse_class2_one_hightech" in str(exc):
            raise _already_used(ip) from None
        raise
    return use


def _already_used(ip) -> DomainError:
    return DomainError(
        _("知识产权“%(number)s %(title)s”是Ⅱ类知识产权，已用于其他高新技术企业认定申请，不能再次使用。")
        % {"number": ip.number, "title": ip.title}
    )


@transaction.atomic
def release_ip_uses(*, actor, application, purpose: str | None = None) -> int:
    """Release the IP uses of ``application`` (withdrawn or refused); return how many."""
    content_type = ContentType.objects.get_for_model(application, for_concrete_model=True)
    qs = IPUse.objects.active().filter(content_type=content_type, object_id=application.pk)
    if purpose:
        qs = qs.filter(purpose=purpose)
    return qs.update(released_at=timezone.now())


# --- Qualifications ----------------------------------------------------------------------


@transaction.atomic
def save_qualification(
    *,
    actor,
    organization: Organization,
    values: dict,
    item: Qualification | None = None,
    expected_version: int | None = None,
) -> Qualification:
    ensure_member(actor, organization)
    if item is None:
        item = Qualification(organization=organization)
    else:
        if item.organization_id != organization.pk:
            raise ActionNotPermitted()
        _check_version(item, expected_version)
    for name in QUALIFICATION_FIELDS:
        if name in values:
            setattr(item, name, values[name])
    item.full_clean()
    if item.pk:
        item.save(update_fields=list(QUALIFICATION_FIELDS))
    else:
        item.save()
    return item


@transaction.atomic
def delete_qualification(*, actor, item: Qualification) -> None:
    ensure_member(actor, item.organization)
    item.delete()


# --- Integrity records (staff only) -----------------------------------------------------


@transaction.atomic
def add_integrity_record(*, actor, organization: Organization, values: dict) -> IntegrityRecord:
    """Record a listing or violation; only bureau staff over the organization may."""
    ensure_staff_over(actor, organization)
    record = IntegrityRecord(organization=organization, entered_by=actor)
    for name in INTEGRITY_FIELDS:
        if name in values:
            setattr(record, name, values[name])
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def end_integrity_record(*, actor, record: IntegrityRecord, ends_on: date) -> IntegrityRecord:
    """Set the day a listing ended (移出名单); staff only."""
    ensure_staff_over(actor, record.organization)
    record.ends_on = ends_on
    record.full_clean()
    record.save(update_fields=["ends_on"])
    return record


@transaction.atomic
def delete_integrity_record(*, actor, record: IntegrityRecord) -> None:
    """Delete a record entered by mistake; city staff and administrators only (history keeps it)."""
    if not (actor.has_role(Role.CITY_STAFF) or actor.has_role(Role.ADMINISTRATOR)):
        raise ActionNotPermitted(_("只有市局工作人员可以删除诚信记录。"))
    record.delete()


# --- Snapshots -----------------------------------------------------------------------------


@transaction.atomic
def take_snapshot(*, actor, organization: Organization, year: int, purpose: str) -> ProfileSnapshot:
    """Freeze what an application submitted now reads from the profile, and return it.

    The snapshot holds the organization's identity, the figures of ``year`` and the two
    years before, every IP item with its class and status, the qualifications, and the
    derived facts (``profile_facts``); later edits of the profile leave it unchanged.
    """
    from ..selectors import plain, profile_facts

    org = Organization.objects.with_relations().get(pk=organization.pk)
    facts = profile_facts(org, year)
    years = list(
        OrganizationYear.objects.filter(organization=org, year__gte=year - 2, year__lte=year)
        .order_by("year")
        .values("year", "version", *YEAR_FIELDS)
    )
    ip_items = list(
        IntellectualProperty.objects.filter(organization=org)
        .order_by("pk")
        .values("id", "version", "ip_class", *IP_FIELDS)
    )
    qualifications = list(
        Qualification.objects.filter(organization=org).order_by("pk").values("id", "version", *QUALIFICATION_FIELDS)
    )
    data = {
        "organization": {
            "id": org.pk,
            "uscc": org.uscc,
            "name": org.name,
            "kind": org.kind,
            "region": org.region.code,
            "region_name": org.region.name,
            "industry": org.industry.full_code if org.industry_id else "",
            "industry_name": org.industry.name if org.industry_id else "",
            "hightech_field": org.hightech_field,
            "registered_on": org.registered_on,
            "legal_representative": org.legal_representative,
            "address": org.address,
            "version": org.version,
        },
        "years": years,
        "ip": ip_items,
        "ip_counts": {"class1": facts.class1_ip, "class2": facts.class2_ip},
        "qualifications": qualifications,
        "facts": facts.as_dict(),
    }
    snapshot = ProfileSnapshot(
        organization=org,
        year=year,
        purpose=purpose,
        data=plain(data),
        taken_by=actor if getattr(actor, "pk", None) else None,
    )
    snapshot.full_clean()
    snapshot.save()
    return snapshot
