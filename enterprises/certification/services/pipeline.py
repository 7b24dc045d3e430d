"""Writes of gradient cultivation (梯度培育): the reserve pool and the nightly stage rollup."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput
from bureau.core.workflow import run_transition
from enterprises.models import IntegrityRecord, Organization
from enterprises.rules import cultivation
from enterprises.rules import sme as sme_rules
from enterprises.rules.cultivation import CultivationFacts, Stage

from ..models import CultivationStatus, HighTechCertificate, ReserveEntry, SmeEvaluation
from ..selectors import hightech_facts_from, pipeline_as_of, pipeline_profiles
from .common import ensure_reviewer_over, tell_members

CHUNK = 1000
ZERO = Decimal("0")


@transaction.atomic
def add_to_reserve(*, actor, organization, year: int | None = None, note: str = "", today: date | None = None):
    """Put an enterprise in the high-tech reserve pool (高企后备库); county or city staff."""
    today = today or timezone.localdate()
    ensure_reviewer_over(actor, organization)
    if organization.kind != Organization.Kind.ENTERPRISE:
        raise InvalidInput(_("只有企业可以纳入高企后备库。"))
    if ReserveEntry.objects.active().filter(organization=organization).exists():
        raise InvalidInput(_("%(org)s 已在高企后备库中。") % {"org": organization.name})
    if HighTechCertificate.objects.filter(organization=organization).valid_on(today).exists():
        raise InvalidInput(_("%(org)s 持有有效的高新技术企业证书，无需纳入后备库。") % {"org": organization.name})
    entry = ReserveEntry(
        organization=organization, year=year or today.year, note=(note or "").strip(), added_by=actor, added_on=today
    )
    entry.full_clean()
    entry.save()
    tell_members(
        organization=organization,
        title=_("已纳入%(year)s年高新技术企业后备库") % {"year": entry.year},
        body=entry.note,
        actor=actor,
    )
    return entry


@transaction.atomic
def remove_from_reserve(*, actor, entry: ReserveEntry, reason: str, expected_version: int | None = None):
    """Take an enterprise out of the reserve pool, with the reason."""
    run_transition(
        obj=entry,
        name="remove",
        actor=actor,
        comment=(reason or "").strip(),
        expected_version=int(expected_version) if expected_version not in (None, "") else None,
    )
    return entry


def current_stage(org: Organization, year: int, *, sme: set, reserve: set, certified: set) -> Stage:
    """Return the highest stage ``org`` has reached in ``year`` (the tiers are set by staff)."""
    if org.tier == Organization.Tier.LEADING and (org.tier_year or 0) <= year:
        return Stage.LEADING
    if org.tier == Organization.Tier.LITTLE_GIANT and (org.tier_year or 0) <= year:
        return Stage.LITTLE_GIANT
    if org.pk in certified:
        return Stage.HIGHTECH_CERTIFIED
    if org.pk in reserve:
        return Stage.HIGHTECH_RESERVE
    if org.pk in sme:
        return Stage.SME_REGISTERED
    return Stage.REGISTERED


def _facts(org, profile, *, stage: Stage, last_year: int, as_of: date, certified: bool) -> CultivationFacts:
    latest = profile.years[-1] if profile.years and profile.years[-1].year == last_year else None
    kinds = profile.integrity_kinds
    sme = None
    if latest is not None:
        sme = sme_rules.SmeFacts(
            staff_total=latest.staff_total,
            sci_tech_staff=latest.sci_tech_staff,
            revenue=latest.revenue,
            total_cost=latest.total_cost,
            total_assets=latest.total_assets,
            rd_expense=latest.rd_total,
            class1_ip=profile.class1_ip,
            class2_ip=profile.class2_ip,
            restricted_industry=bool(org.industry_id and org.industry.restricted),
            violations=bool(kinds & {IntegrityRecord.Kind.MAJOR_VIOLATION, IntegrityRecord.Kind.RESEARCH_MISCONDUCT}),
            dishonest=bool(kinds & {IntegrityRecord.Kind.DISHONEST, IntegrityRecord.Kind.ABNORMAL_OPERATION}),
            valid_hightech_cert=certified,
            national_award_top3=profile.national_award_top3,
            provincial_rd_institution=profile.provincial_rd_institution,
            led_standard=profile.led_standard,
        )
    hightech = None
    if profile.years:
        hightech = hightech_facts_from(
            registered_on=org.registered_on,
            apply_on=as_of,
            rows=profile.years,
            last_year=last_year,
            class1_ip=profile.class1_ip,
            class2_ip_free=profile.class2_ip_free,
            supported_field=org.in_supported_field,
            violations=IntegrityRecord.Kind.MAJOR_VIOLATION in kinds,
        )
    return CultivationFacts(stage=stage, sme=sme, hightech=hightech)


def refresh_cultivation(*, year: int, progress=None, today: date | None = None) -> int:
    """Rebuild the pipeline rollup of ``year`` for every verified enterprise; return how many.

    Safe to run twice: rows are upserted per (organization, year) and rows of
    organizations no longer counted are deleted. Each chunk commits on its own.
    """
    as_of = pipeline_as_of(year, today)
    last_year = year - 1
    started = timezone.now()
    sme = set(SmeEvaluation.objects.registered_for(year).values_list("organization_id", flat=True))
    reserve = set(
        ReserveEntry.objects.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=as_of), added_on__lte=as_of).values_list(
            "organization_id", flat=True
        )
    )
    certified = set(
        HighTechCertificate.objects.filter(
            Q(status=HighTechCertificate.Status.VALID) | Q(cancelled_at__date__gt=as_of),
            issued_on__lte=as_of,
            expires_on__gte=as_of,
        ).values_list("organization_id", flat=True)
    )
    ids = list(
        Organization.objects.filter(kind=Organization.Kind.ENTERPRISE, status=Organization.Status.VERIFIED)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    total = len(ids)
    if progress:
        progress(done=0, total=total, message=_("正在计算梯度培育状态…"), force=True)
    for start in range(0, total, CHUNK):
        chunk = ids[start : start + CHUNK]
        orgs = Organization.objects.filter(pk__in=chunk).select_related("industry", "industry__parent")
        profiles = pipeline_profiles(chunk, last_year, as_of)
        rows = []
        for org in orgs:
            stage = current_stage(org, year, sme=sme, reserve=reserve, certified=certified)
            facts = _facts(
                org, profiles[org.pk], stage=stage, last_year=last_year, as_of=as_of, certified=org.pk in certified
            )
            target = cultivation.target_stage(facts)
            gaps = cultivation.next_stage_gaps(facts) if target else []
            rows.append(
                CultivationStatus(
                    organization_id=org.pk,
                    year=year,
                    region_id=org.region_id,
                    stage=stage.value,
                    target_stage=target.value if target else "",
                    candidate=bool(target) and all(g.pending for g in gaps),
                    gaps=[{"code": g.code, "text": g.text, "pending": g.pending} for g in gaps],
                    gap_count=sum(1 for g in gaps if not g.pending),
                    computed_at=started,
                )
            )
        with transaction.atomic():
            CultivationStatus.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["organization", "year"],
                update_fields=["region", "stage", "target_stage", "candidate", "gaps", "gap_count", "computed_at"],
            )
        if progress:
            done = min(start + CHUNK, total)
            progress(done=done, total=total, message=_("已计算 %(n)s / %(total)s 家") % {"n": done, "total": total})
    CultivationStatus.objects.filter(year=year, computed_at__lt=started).delete()
    return total
