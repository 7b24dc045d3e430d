"""Reads of an SME evaluation: the profile facts it stores and the rule's input and result."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from enterprises.models import IntegrityRecord, IntellectualProperty, Organization
from enterprises.rules import sme as sme_rules
from enterprises.selectors import ProfileFacts, integrity_kinds, ip_count_aggregates, profile_facts

from ..models import HighTechCertificate, SmeEvaluation

ZERO = Decimal("0")


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
