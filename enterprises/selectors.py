"""Reads of the registry that are more than a filter.

The certification app (SME evaluation, high-tech certification, cultivation) reads the
profile only through ``profile_facts`` and ``ip_available_for_hightech``; keep their names.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q

from .models import (
    IntegrityRecord,
    IntellectualProperty,
    IPClass,
    IPUse,
    Organization,
    OrganizationYear,
    Qualification,
)

ZERO = Decimal("0")

#: Years back (the year itself included) in which an award or a standard still counts (DESIGN 4.1).
QUALIFICATION_WINDOW_YEARS = 5


@dataclass(frozen=True)
class YearFigures:
    """One year's figures from ``OrganizationYear``, in yuan and persons."""

    year: int
    staff_total: int
    sci_tech_staff: int
    revenue: Decimal
    total_cost: Decimal
    rd_total: Decimal
    rd_in_china: Decimal
    rd_outsourced: Decimal
    total_assets: Decimal
    net_assets: Decimal
    hightech_income: Decimal
    total_income: Decimal

    @classmethod
    def from_row(cls, row: OrganizationYear) -> YearFigures:
        return cls(
            year=row.year,
            staff_total=row.staff_total,
            sci_tech_staff=row.sci_tech_staff,
            revenue=row.revenue,
            total_cost=row.total_cost,
            rd_total=row.rd_total,
            rd_in_china=row.rd_in_china,
            rd_outsourced=row.rd_outsourced,
            total_assets=row.total_assets,
            net_assets=row.net_assets,
            hightech_income=row.hightech_income,
            total_income=row.total_income,
        )


@dataclass(frozen=True)
class ProfileFacts:
    """Everything the policy rules need about one organization for one year.

    ``has_year_data`` is False when the year's figures are not filled; the figures are
    then zero. ``years`` holds the filled years among ``year - 2 .. year``, oldest first
    (the high-tech rule reads three fiscal years). IP counts are valid items granted by
    the end of ``year``. Qualification flags look at the last five years; integrity flags
    at ``year`` and the year before.
    """

    organization_id: int
    year: int
    verified: bool
    kind: str
    registered_on: date | None
    hightech_field: str
    supported_field: bool
    industry_code: str
    restricted_industry: bool
    has_year_data: bool
    staff_total: int = 0
    sci_tech_staff: int = 0
    revenue: Decimal = ZERO
    total_cost: Decimal = ZERO
    rd_total: Decimal = ZERO
    rd_in_china: Decimal = ZERO
    rd_outsourced: Decimal = ZERO
    total_assets: Decimal = ZERO
    net_assets: Decimal = ZERO
    hightech_income: Decimal = ZERO
    total_income: Decimal = ZERO
    years: tuple[YearFigures, ...] = ()
    class1_ip: int = 0
    class2_ip: int = 0
    class2_ip_available_for_hightech: int = 0
    own_rd_ip: int = 0
    national_award_top3: bool = False
    provincial_rd_institution: bool = False
    led_standard: bool = False
    dishonest: bool = False
    abnormal_operation: bool = False
    major_violation: bool = False
    research_misconduct: bool = False
    integrity_kinds: tuple[str, ...] = field(default_factory=tuple)

    @property
    def violations(self) -> bool:
        """A major safety/quality/environment violation or serious research misconduct."""
        return self.major_violation or self.research_misconduct

    @property
    def listed(self) -> bool:
        """On the serious-dishonesty list or the abnormal-operation list."""
        return self.dishonest or self.abnormal_operation

    def as_dict(self) -> dict:
        data = asdict(self)
        data["violations"] = self.violations
        data["listed"] = self.listed
        return data

    def as_json(self) -> dict:
        """Return ``as_dict()`` with Decimals as strings and dates as ISO text, for JSON."""
        return plain(self.as_dict())


def plain(value):
    """Return ``value`` with Decimals as strings and dates as ISO text, recursively."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def profile_facts(organization: Organization, year: int) -> ProfileFacts:
    """Return the facts of ``organization`` for ``year`` in a fixed number of queries (5)."""
    org = organization
    if org.industry_id and not _industry_loaded(org):
        org = Organization.objects.with_relations().get(pk=org.pk)
    industry = org.industry
    rows = list(OrganizationYear.objects.filter(organization=org, year__gte=year - 2, year__lte=year).order_by("year"))
    years = tuple(YearFigures.from_row(r) for r in rows)
    current = next((y for y in years if y.year == year), None)

    year_end = date(year, 12, 31)
    ip_counts = (
        IntellectualProperty.objects.filter(organization=org)
        .valid()
        .granted_by(year_end)
        .aggregate(
            class1=Count("pk", filter=Q(ip_class=IPClass.CLASS_I)),
            class2=Count("pk", filter=Q(ip_class=IPClass.CLASS_II)),
            class2_free=Count(
                "pk",
                filter=Q(ip_class=IPClass.CLASS_II) & ~Q(pk__in=_active_hightech_uses().values("ip_id")),
            ),
            own_rd=Count("pk", filter=Q(obtained_by=IntellectualProperty.Obtained.OWN_RD)),
        )
    )

    since = year - QUALIFICATION_WINDOW_YEARS + 1
    quals = Qualification.objects.filter(organization=org).aggregate(
        award=Count(
            "pk",
            filter=Q(
                kind=Qualification.Kind.AWARD,
                level=Qualification.Level.NATIONAL,
                rank__lte=3,
                year__gte=since,
                year__lte=year,
            ),
        ),
        institution=Count(
            "pk",
            filter=Q(
                kind=Qualification.Kind.RD_INSTITUTION,
                level__in=[Qualification.Level.NATIONAL, Qualification.Level.PROVINCIAL],
                year__lte=year,
            ),
        ),
        standard=Count(
            "pk",
            filter=Q(
                kind=Qualification.Kind.STANDARD,
                is_lead=True,
                level__in=[
                    Qualification.Level.INTERNATIONAL,
                    Qualification.Level.NATIONAL,
                    Qualification.Level.INDUSTRY,
                ],
                year__gte=since,
                year__lte=year,
            ),
        ),
    )

    kinds = set(integrity_kinds(org, date(year - 1, 1, 1), year_end))
    figures = {}
    if current is not None:
        figures = {k: v for k, v in asdict(current).items() if k != "year"}
    return ProfileFacts(
        organization_id=org.pk,
        year=year,
        verified=org.is_verified,
        kind=org.kind,
        registered_on=org.registered_on,
        hightech_field=org.hightech_field,
        supported_field=org.in_supported_field,
        industry_code=industry.full_code if industry else "",
        restricted_industry=bool(industry and industry.restricted),
        has_year_data=current is not None,
        years=years,
        class1_ip=ip_counts["class1"],
        class2_ip=ip_counts["class2"],
        class2_ip_available_for_hightech=ip_counts["class2_free"],
        own_rd_ip=ip_counts["own_rd"],
        national_award_top3=quals["award"] > 0,
        provincial_rd_institution=quals["institution"] > 0,
        led_standard=quals["standard"] > 0,
        dishonest=IntegrityRecord.Kind.DISHONEST in kinds,
        abnormal_operation=IntegrityRecord.Kind.ABNORMAL_OPERATION in kinds,
        major_violation=IntegrityRecord.Kind.MAJOR_VIOLATION in kinds,
        research_misconduct=IntegrityRecord.Kind.RESEARCH_MISCONDUCT in kinds,
        integrity_kinds=tuple(sorted(kinds)),
        **figures,
    )


def _industry_loaded(org: Organization) -> bool:
    cache = org._state.fields_cache
    return "industry" in cache and (cache["industry"] is None or "parent" in cache["industry"]._state.fields_cache)


def integrity_kinds(organization: Organization, start: date, end: date) -> list[str]:
    """Return the kinds of integrity records in force at any day from ``start`` to ``end``."""
    return list(
        IntegrityRecord.objects.filter(organization=organization)
        .overlapping(start, end)
        .values_list("kind", flat=True)
        .distinct()
    )


def _active_hightech_uses():
    return IPUse.objects.active().filter(purpose=IPUse.Purpose.HIGHTECH, ip_class=IPClass.CLASS_II)


def ip_available_for_hightech(organization: Organization, *, exclude_application=None):
    """Return the valid class-II items not yet used by another high-tech application.

    A class-II item may support only one high-tech application. Pass the application
    being prepared as ``exclude_application`` so the items it already uses stay listed.
    """
    used = _active_hightech_uses()
    if exclude_application is not None:
        from django.contrib.contenttypes.models import ContentType

        used = used.exclude(
            content_type=ContentType.objects.get_for_model(exclude_application, for_concrete_model=True),
            object_id=exclude_application.pk,
        )
    return (
        IntellectualProperty.objects.filter(organization=organization, ip_class=IPClass.CLASS_II)
        .valid()
        .exclude(pk__in=used.values("ip_id"))
        .order_by("-granted_on", "pk")
    )


def ip_items_for_application(organization: Organization):
    """Return the organization's valid IP items of class I or II, newest grant first."""
    return (
        IntellectualProperty.objects.filter(organization=organization, ip_class__in=[IPClass.CLASS_I, IPClass.CLASS_II])
        .valid()
        .order_by("ip_class", "-granted_on", "pk")
    )
