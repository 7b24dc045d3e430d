"""Reads of the high-tech self-check: every condition checked against the profile, with the score estimate."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import timezone

from enterprises.models import IntellectualProperty, IPClass, Organization
from enterprises.rules import hightech as hightech_rules
from enterprises.rules.innovation import (
    ExpertParts,
    InnovationEstimate,
    innovation_score_range,
    ip_obtained_score_range,
)
from enterprises.selectors import ProfileFacts, ip_available_for_hightech, profile_facts

from ..models import HighTechApplication

ZERO = Decimal("0")


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
