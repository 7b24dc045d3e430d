"""Reads of the cultivation pipeline (梯度培育): stage counts, candidates and the rollup's bulk profiles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, F, Q
from django.utils import timezone

from enterprises.models import IntegrityRecord, IntellectualProperty, Organization
from enterprises.rules.cultivation import STAGES, Stage
from enterprises.selectors import ip_count_aggregates

from ..models import CultivationStatus, HighTechCertificate, ReserveEntry, SmeEvaluation


def pipeline_as_of(year: int, today: date | None = None) -> date:
    """Return the day the pipeline of ``year`` is measured on: today for this year, else 31 December."""
    today = today or timezone.localdate()
    end = date(year, 12, 31)
    return min(today, end) if year >= today.year else end


def stage_counts(user, year: int, *, today: date | None = None) -> dict:
    """Count organizations per stage and county for ``year``, one GROUP BY query per stage.

    Returns ``{"regions": [...], "stages": [...], "rows": [{region, counts: {stage: n}}], "totals": {...}}``.
    Stages are those a firm has reached by the day measured (``pipeline_as_of``): verified
    enterprises registered by then; SME registrations of the year; the reserve pool and
    certificates in force that day; the bureau's tiers selected in or before the year.
    """
    as_of = pipeline_as_of(year, today)
    orgs = Organization.objects.visible_to(user).filter(kind=Organization.Kind.ENTERPRISE)

    def per_region(queryset) -> dict[int, int]:
        return {row["region_id"]: row["n"] for row in queryset.values("region_id").annotate(n=Count("pk"))}

    def grouped(queryset, region_field: str) -> dict[int, int]:
        return {
            row["region_id"]: row["n"]
            for row in queryset.values(region_id=F(region_field)).annotate(n=Count("organization_id", distinct=True))
        }

    per_stage = {
        Stage.REGISTERED: per_region(orgs.filter(status=Organization.Status.VERIFIED, created_at__date__lte=as_of)),
        Stage.SME_REGISTERED: grouped(
            SmeEvaluation.objects.visible_to(user).registered_for(year), "organization__region_id"
        ),
        Stage.HIGHTECH_RESERVE: grouped(
            ReserveEntry.objects.visible_to(user).filter(
                Q(ended_on__isnull=True) | Q(ended_on__gt=as_of), added_on__lte=as_of
            ),
            "organization__region_id",
        ),
        Stage.HIGHTECH_CERTIFIED: grouped(
            HighTechCertificate.objects.visible_to(user).filter(
                Q(status=HighTechCertificate.Status.VALID) | Q(cancelled_at__date__gt=as_of),
                issued_on__lte=as_of,
                expires_on__gte=as_of,
            ),
            "organization__region_id",
        ),
        Stage.LITTLE_GIANT: per_region(orgs.filter(tier=Organization.Tier.LITTLE_GIANT, tier_year__lte=year)),
        Stage.LEADING: per_region(orgs.filter(tier=Organization.Tier.LEADING, tier_year__lte=year)),
    }
    from bureau.regions.models import Region

    region_ids = set()
    for counts in per_stage.values():
        region_ids |= set(counts)
    regions = list(
        Region.objects.counties().filter(Q(pk__in=region_ids) | Q(is_active=True)).order_by("sort_order", "code")
    )
    if not user.sees_whole_city:
        regions = [r for r in regions if user.region_id in (r.pk, r.parent_id)]
    stages = list(STAGES)
    rows = []
    totals = {info.stage.value: 0 for info in stages}
    for region in regions:
        counts = {info.stage.value: per_stage[info.stage].get(region.pk, 0) for info in stages}
        for key, value in counts.items():
            totals[key] += value
        rows.append({"region": region, "counts": counts, "cells": [counts[i.stage.value] for i in stages]})
    return {
        "year": year,
        "as_of": as_of,
        "stages": stages,
        "rows": rows,
        "totals": totals,
        "total_cells": [totals[i.stage.value] for i in stages],
    }


def candidates(user, year: int):
    """Return the rollup rows of ``year`` in ``user``'s scope, for the candidate list."""
    return CultivationStatus.objects.visible_to(user).filter(year=year).exclude(target_stage="")


def last_rollup(year: int):
    """Return when the rollup of ``year`` was last computed, or None."""
    row = CultivationStatus.objects.filter(year=year).order_by("-computed_at").values("computed_at").first()
    return row["computed_at"] if row else None


# --- Bulk profile reads for the nightly pipeline rollup ------------------------------------------


@dataclass
class PipelineProfile:
    """What the pipeline rollup needs about one organization, read in bulk (see ``pipeline_profiles``)."""

    years: list = field(default_factory=list)  # YearFigures of last_year - 2 .. last_year, oldest first
    class1_ip: int = 0
    class2_ip: int = 0
    class2_ip_free: int = 0
    national_award_top3: bool = False
    provincial_rd_institution: bool = False
    led_standard: bool = False
    integrity_kinds: set = field(default_factory=set)


def pipeline_profiles(org_ids: list[int], last_year: int, as_of: date) -> dict[int, PipelineProfile]:
    """Read the profiles of many organizations in five queries (the rollup's bulk ``profile_facts``).

    Same readings as ``enterprises.selectors.profile_facts`` for ``last_year``: valid IP
    granted by ``as_of``; awards and standards of the last five years; integrity records
    in force in ``last_year`` or after it up to ``as_of``.
    """
    from enterprises.models import OrganizationYear, Qualification
    from enterprises.selectors import YearFigures, qualification_aggregates

    found = {pk: PipelineProfile() for pk in org_ids}
    for row in OrganizationYear.objects.filter(
        organization_id__in=org_ids, year__gte=last_year - 2, year__lte=last_year
    ).order_by("organization_id", "year"):
        found[row.organization_id].years.append(YearFigures.from_row(row))
    for row in (
        IntellectualProperty.objects.filter(organization_id__in=org_ids)
        .valid()
        .granted_by(as_of)
        .values("organization_id")
        .annotate(**ip_count_aggregates())
    ):
        p = found[row["organization_id"]]
        p.class1_ip, p.class2_ip, p.class2_ip_free = row["class1"], row["class2"], row["class2_free"]
    for row in (
        Qualification.objects.filter(organization_id__in=org_ids)
        .values("organization_id")
        .annotate(**qualification_aggregates(last_year))
    ):
        p = found[row["organization_id"]]
        p.national_award_top3 = row["award"] > 0
        p.provincial_rd_institution = row["institution"] > 0
        p.led_standard = row["standard"] > 0
    for org_id, kind in (
        IntegrityRecord.objects.filter(organization_id__in=org_ids)
        .overlapping(date(last_year - 1, 1, 1), max(as_of, date(last_year, 12, 31)))
        .values_list("organization_id", "kind")
        .distinct()
    ):
        found[org_id].integrity_kinds.add(kind)
    return found
