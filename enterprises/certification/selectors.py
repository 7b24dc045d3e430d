"""Reads of certification that are more than a filter: facts for the rules, queues, the pipeline.

The profile is read only through ``enterprises.selectors`` (``profile_facts``,
``integrity_kinds``, ``ip_available_for_hightech``); the rules are ``enterprises.rules``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from bureau.accounts.models import Role
from enterprises.models import IntegrityRecord, IntellectualProperty, IPClass, Organization
from enterprises.rules import hightech as hightech_rules
from enterprises.rules import sme as sme_rules
from enterprises.rules.cultivation import STAGES, Stage
from enterprises.rules.innovation import (
    ExpertParts,
    InnovationEstimate,
    innovation_score_range,
    ip_obtained_score_range,
)
from enterprises.selectors import (
    ProfileFacts,
    integrity_kinds,
    ip_available_for_hightech,
    ip_count_aggregates,
    profile_facts,
)

from . import permissions as perm
from .models import (
    CultivationStatus,
    HighTechApplication,
    HighTechCertificate,
    ReserveEntry,
    SmeEvaluation,
)

ZERO = Decimal("0")

# --- SME evaluation -------------------------------------------------------------------------


@dataclass(frozen=True)
class SmeProfile:
    """What an SME evaluation for ``year`` reads from the profile (data of ``year - 1``).

    IP items are counted as held on ``today`` (valid and granted by then): the evaluation
    counts what the enterprise owns when it files. Integrity records are looked at over
    the reporting year and the year of filing (填报上一年及当年内).
    """

    profile: ProfileFacts
    class1_ip: int
    class2_ip: int
    valid_hightech_cert: bool
    integrity_kinds: tuple[str, ...]

    @property
    def violations(self) -> bool:
        kinds = set(self.integrity_kinds)
        return bool(kinds & {IntegrityRecord.Kind.MAJOR_VIOLATION, IntegrityRecord.Kind.RESEARCH_MISCONDUCT})

    @property
    def dishonest(self) -> bool:
        kinds = set(self.integrity_kinds)
        return bool(kinds & {IntegrityRecord.Kind.DISHONEST, IntegrityRecord.Kind.ABNORMAL_OPERATION})

    def initial_figures(self) -> dict:
        """Return the figures to prefill the form with (empty when the year is not filled)."""
        p = self.profile
        if not p.has_year_data:
            return {}
        return {
            "staff_total": p.staff_total,
            "sci_tech_staff": p.sci_tech_staff,
            "revenue": p.revenue,
            "total_cost": p.total_cost,
            "total_assets": p.total_assets,
            "rd_total": p.rd_total,
        }

    def facts_json(self) -> dict:
        """Return the eligibility and direct-qualification facts stored on the evaluation."""
        p = self.profile
        return {
            "industry_code": p.industry_code,
            "restricted_industry": p.restricted_industry,
            "violations": self.violations,
            "dishonest": self.dishonest,
            "integrity_kinds": list(self.integrity_kinds),
            "valid_hightech_cert": self.valid_hightech_cert,
            "national_award_top3": p.national_award_top3,
            "provincial_rd_institution": p.provincial_rd_institution,
            "led_standard": p.led_standard,
            "has_year_data": p.has_year_data,
        }


def sme_profile(organization: Organization, year: int, *, today: date | None = None) -> SmeProfile:
    """Return what an SME evaluation of ``organization`` for ``year`` reads, in a fixed number of queries."""
    today = today or timezone.localdate()
    profile = profile_facts(organization, year - 1)
    # IP held on the filing day, not at the end of the reporting year (see policy.py).
    counts = (
        IntellectualProperty.objects.filter(organization=organization)
        .valid()
        .granted_by(today)
        .aggregate(**ip_count_aggregates())
    )
    kinds = integrity_kinds(organization, date(year - 1, 1, 1), max(today, date(year - 1, 12, 31)))
    valid_cert = HighTechCertificate.objects.filter(organization=organization).valid_on(today).exists()
    return SmeProfile(
        profile=profile,
        class1_ip=counts["class1"],
        class2_ip=counts["class2"],
        valid_hightech_cert=valid_cert,
        integrity_kinds=tuple(sorted(set(kinds))),
    )


def sme_facts(values: dict, facts: dict, *, class1_ip: int, class2_ip: int, rd_measure: str = "") -> sme_rules.SmeFacts:
    """Build the rule's input from the form's figures and the stored profile facts."""

    def money(name):
        value = values.get(name)
        return Decimal(value) if value not in (None, "") else ZERO

    def count(name):
        value = values.get(name)
        return int(value) if value not in (None, "") else 0

    return sme_rules.SmeFacts(
        staff_total=count("staff_total"),
        sci_tech_staff=count("sci_tech_staff"),
        revenue=money("revenue"),
        total_cost=money("total_cost"),
        total_assets=money("total_assets"),
        rd_expense=money("rd_total"),
        class1_ip=class1_ip,
        class2_ip=class2_ip,
        restricted_industry=bool(facts.get("restricted_industry")),
        violations=bool(facts.get("violations")),
        dishonest=bool(facts.get("dishonest")),
        valid_hightech_cert=bool(facts.get("valid_hightech_cert")),
        national_award_top3=bool(facts.get("national_award_top3")),
        provincial_rd_institution=bool(facts.get("provincial_rd_institution")),
        led_standard=bool(facts.get("led_standard")),
        rd_measure=sme_rules.RdMeasure(rd_measure) if rd_measure else None,
    )


def evaluation_facts(evaluation: SmeEvaluation) -> sme_rules.SmeFacts:
    """Return the rule's input for a stored evaluation (no database read)."""
    values = {name: getattr(evaluation, name) for name in SmeEvaluation.FIGURE_FIELDS}
    return sme_facts(
        values,
        evaluation.facts or {},
        class1_ip=evaluation.class1_ip,
        class2_ip=evaluation.class2_ip,
        rd_measure=evaluation.rd_measure,
    )


def evaluation_result(evaluation: SmeEvaluation) -> sme_rules.SmeResult:
    return sme_rules.evaluate(evaluation_facts(evaluation))


def evaluation_gaps(evaluation: SmeEvaluation):
    return sme_rules.score_gaps(evaluation_facts(evaluation))


# --- High-tech self-check ---------------------------------------------------------------------


@dataclass
class SelfCheck:
    """The high-tech self-check of an organization for an application year, ready to show."""

    year: int
    apply_on: date
    profile: ProfileFacts
    facts: hightech_rules.HighTechFacts
    result: hightech_rules.HighTechResult
    estimate: InnovationEstimate
    class1_ip: int
    class2_ip_available: int
    class2_ip_used: int
    fiscal_years: list[int]
    missing_years: list[int]
    notes: list[str] = field(default_factory=list)

    @property
    def objective_parts(self):
        return [part for part in self.estimate.parts if part.computed]

    @property
    def expert_parts(self):
        return [part for part in self.estimate.parts if not part.computed]


def hightech_self_check(
    organization: Organization,
    year: int,
    *,
    apply_on: date | None = None,
    ip_items: list[IntellectualProperty] | None = None,
    application: HighTechApplication | None = None,
) -> SelfCheck:
    """Check ``organization`` against every high-tech condition for an application in ``year``.

    The three fiscal years are ``year - 3 .. year - 1``. ``ip_items`` (an application's
    selection) decides the core-IP condition and the IP quantity score; without it every
    valid class-I item and every class-II item not yet used by another high-tech
    application counts. R&D in China is counted with outsourced R&D at 80%, assuming the
    outsourced work was done in China (the common case; the form says so).
    """
    apply_on = apply_on or timezone.localdate()
    last = year - 1
    profile = profile_facts(organization, last)
    fiscal_years = [last - 2, last - 1, last]
    filled = {y.year: y for y in profile.years}
    missing = [y for y in fiscal_years if y not in filled]
    rows = [filled[y] for y in fiscal_years if y in filled]
    notes = []

    if ip_items is None:
        class1 = profile.class1_ip
        class2_free = ip_available_for_hightech(organization, exclude_application=application).count()
        own_rd = profile.own_rd_ip > 0
        acquired = (profile.class1_ip + profile.class2_ip) > profile.own_rd_ip
    else:
        class1 = sum(1 for item in ip_items if item.ip_class == IPClass.CLASS_I)
        class2_free = sum(1 for item in ip_items if item.ip_class == IPClass.CLASS_II)
        own_rd = any(item.obtained_by == IntellectualProperty.Obtained.OWN_RD for item in ip_items)
        acquired = any(item.obtained_by != IntellectualProperty.Obtained.OWN_RD for item in ip_items)
    class2_used = max(profile.class2_ip - class2_free, 0) if ip_items is None else 0

    if organization.registered_on is None:
        notes.append("单位信息中未填写成立日期，无法判断是否注册满一年，请先在“单位信息”中补充。")
    facts = hightech_facts_from(
        registered_on=organization.registered_on,
        apply_on=apply_on,
        rows=rows,
        last_year=last,
        class1_ip=class1,
        class2_ip_free=class2_free,
        supported_field=profile.supported_field,
        violations=profile.major_violation,
    )
    result = hightech_rules.check(facts)
    expert = ExpertParts(ip_obtained=ip_obtained_score_range(own_rd=own_rd, acquired=acquired))
    estimate = innovation_score_range(
        class1_ip=class1,
        class2_ip=class2_free,
        net_assets=[r.net_assets for r in rows],
        revenues=[r.revenue for r in rows],
        expert=expert,
    )
    if missing:
        notes.append(
            "以下会计年度的年度数据尚未填写：" + "、".join(f"{y}年" for y in missing) + "。自测按已填写的年度计算。"
        )
    return SelfCheck(
        year=year,
        apply_on=apply_on,
        profile=profile,
        facts=facts,
        result=result,
        estimate=estimate,
        class1_ip=class1,
        class2_ip_available=class2_free,
        class2_ip_used=class2_used,
        fiscal_years=fiscal_years,
        missing_years=missing,
        notes=notes,
    )


def hightech_facts_from(
    *,
    registered_on: date | None,
    apply_on: date,
    rows,
    last_year: int,
    class1_ip: int,
    class2_ip_free: int,
    supported_field: bool,
    violations: bool,
) -> hightech_rules.HighTechFacts:
    """Build the self-check's input from yearly figures (oldest first) and IP counts.

    R&D in China is counted with outsourced R&D at 80%, assuming the outsourced work was
    done in China (the common case). A missing founding date counts as founded today.
    """
    rows = list(rows)
    rd_in_china = sum((r.rd_in_china for r in rows), ZERO)
    rd_outsourced = sum((r.rd_outsourced for r in rows), ZERO)
    not_counted = Decimal(1) - hightech_rules.CURRENT.outsourced_rd_counted
    counted_in_china = max(rd_in_china - not_counted * min(rd_outsourced, rd_in_china), ZERO)
    latest = rows[-1] if rows and rows[-1].year == last_year else None
    return hightech_rules.HighTechFacts(
        registered_on=registered_on or apply_on,
        apply_on=apply_on,
        has_core_ip=(class1_ip + class2_ip_free) > 0,
        supported_field=supported_field,
        staff_total=latest.staff_total if latest else 0,
        sci_tech_staff=latest.sci_tech_staff if latest else 0,
        revenues=[r.revenue for r in rows],
        rd_expenses=[r.rd_total for r in rows],
        rd_in_china=counted_in_china,
        rd_outsourced=rd_outsourced,
        hightech_income=latest.hightech_income if latest else ZERO,
        total_income=latest.total_income if latest else ZERO,
        innovation_score=None,
        violations=violations,
    )


def conditions_json(result: hightech_rules.HighTechResult) -> list[dict]:
    """Return the self-check's conditions as plain data to store on an application."""
    return [
        {
            "code": str(c.code),
            "title": c.title,
            "passed": c.passed,
            "actual": c.actual,
            "required": c.required,
            "gap": c.gap,
        }
        for c in result.conditions
    ]


# --- Queues (待审核) ----------------------------------------------------------------------------


def sme_awaiting(user):
    """Return the SME evaluations waiting for ``user``'s review (county or city step)."""
    qs = SmeEvaluation.objects.visible_to(user)
    states = []
    if user.has_role(Role.COUNTY_STAFF):
        states.append(SmeEvaluation.Status.SUBMITTED)
    if perm.is_city_officer(user):
        states += [
            SmeEvaluation.Status.COUNTY_PASSED,
            SmeEvaluation.Status.CITY_PASSED,
            SmeEvaluation.Status.PUBLICIZED,
        ]
    return qs.filter(status__in=states).with_relations().order_by("submitted_at", "pk")


def hightech_awaiting(user):
    """Return the high-tech applications waiting for ``user``'s review."""
    qs = HighTechApplication.objects.visible_to(user)
    states = []
    if user.has_role(Role.COUNTY_STAFF):
        states.append(HighTechApplication.Status.SUBMITTED)
    if perm.is_city_officer(user):
        states += [HighTechApplication.Status.COUNTY_RECOMMENDED]
    return qs.filter(status__in=states).with_relations().order_by("submitted_at", "pk")


def queue_counts(user) -> dict:
    """Return how many SME evaluations and applications wait for ``user``, by step."""
    sme = SmeEvaluation.objects.visible_to(user).aggregate(
        submitted=Count("pk", filter=Q(status=SmeEvaluation.Status.SUBMITTED)),
        county_passed=Count("pk", filter=Q(status=SmeEvaluation.Status.COUNTY_PASSED)),
        city_passed=Count("pk", filter=Q(status=SmeEvaluation.Status.CITY_PASSED)),
        publicizing=Count("pk", filter=Q(status=SmeEvaluation.Status.PUBLICIZING)),
        publicized=Count("pk", filter=Q(status=SmeEvaluation.Status.PUBLICIZED)),
    )
    hightech = HighTechApplication.objects.visible_to(user).aggregate(
        submitted=Count("pk", filter=Q(status=HighTechApplication.Status.SUBMITTED)),
        county_recommended=Count("pk", filter=Q(status=HighTechApplication.Status.COUNTY_RECOMMENDED)),
        city_recommended=Count("pk", filter=Q(status=HighTechApplication.Status.CITY_RECOMMENDED)),
    )
    return {"sme": sme, "hightech": hightech}


# --- The cultivation pipeline (梯度培育) ---------------------------------------------------------


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

    def grouped(queryset, region_field: str) -> dict[int, int]:
        return {
            row["region_id"]: row["n"]
            for row in queryset.values(region_id=_f(region_field)).annotate(n=Count("organization_id", distinct=True))
        }

    per_stage = {
        Stage.REGISTERED: {
            row["region_id"]: row["n"]
            for row in orgs.filter(status=Organization.Status.VERIFIED, created_at__date__lte=as_of)
            .values("region_id")
            .annotate(n=Count("pk"))
        },
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
        Stage.LITTLE_GIANT: {
            row["region_id"]: row["n"]
            for row in orgs.filter(tier=Organization.Tier.LITTLE_GIANT, tier_year__lte=year)
            .values("region_id")
            .annotate(n=Count("pk"))
        },
        Stage.LEADING: {
            row["region_id"]: row["n"]
            for row in orgs.filter(tier=Organization.Tier.LEADING, tier_year__lte=year)
            .values("region_id")
            .annotate(n=Count("pk"))
        },
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


def _f(name: str):
    from django.db.models import F

    return F(name)


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


# --- Public progress lookup (办理进度查询) ------------------------------------------------------


def _acceptance(number: str, prefix: str) -> tuple[int, int] | None:
    match = re.fullmatch(rf"{prefix}(\d{{4}})(\d{{6,}})", number.strip().upper())
    return (int(match.group(1)), int(match.group(2))) if match else None


def find_sme_progress(number: str, uscc: str):
    """Return the submitted SME evaluation with this 受理编号 (or registration number) of ``uscc``."""
    evaluations = SmeEvaluation.objects.filter(organization__uscc=uscc).exclude(status=SmeEvaluation.Status.DRAFT)
    found = _acceptance(number, "KX")
    if found:
        return evaluations.filter(year=found[0], pk=found[1]).first()
    return evaluations.filter(registration_number__iexact=number.strip()).first() if number.strip() else None


def find_hightech_progress(number: str, uscc: str):
    """Return the submitted application with this 受理编号 (or its certificate number) of ``uscc``."""
    applications = HighTechApplication.objects.filter(organization__uscc=uscc).exclude(
        status=HighTechApplication.Status.DRAFT
    )
    found = _acceptance(number, "GQ")
    if found:
        return applications.filter(year=found[0], pk=found[1]).first()
    text = "".join(number.split()).upper()
    return applications.filter(certificate__number=text).first() if text.startswith("GR") else None


def step_bar(obj) -> list[dict]:
    """Return ``progress_steps(obj)`` with each step named as a step (县级审核), not as a status (待县级审核)."""
    from bureau.core.workflow import progress_steps

    labels = getattr(obj, "step_labels", {})
    steps = progress_steps(obj)
    for step in steps:
        if step["state"] in labels:
            step["label"] = str(labels[step["state"]])
    return steps
