"""Reads of the reports app: dashboards (from rollups only), drill-downs and campaign figures.

The dashboard reads a fixed handful of queries whatever the data size: the regions,
the indicators, one query for every rollup value it shows, the targets and the
province ranks. Everything else is arranged in Python from those rows.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils.http import urlencode

from bureau.accounts.models import Role
from bureau.regions.models import Region

from . import providers
from .formatting import change, completion
from .models import Indicator, ProvinceRank, Rollup, Target
from .periods import Period, PeriodType

# --- Regions ------------------------------------------------------------------------


def city_region() -> Region:
    """Return the city this portal serves (``PORTAL["CITY_CODE"]``), or the first city."""
    code = settings.PORTAL.get("CITY_CODE")
    region = Region.objects.filter(code=code, kind=Region.Kind.CITY).first() if code else None
    region = region or Region.objects.filter(kind=Region.Kind.CITY).order_by("sort_order", "code").first()
    if region is None:
        raise Http404("no city region")
    return region


def region_for(user, code: str | None) -> Region:
    """Return the region whose dashboard ``user`` asked for; 404 when it is not theirs.

    City staff, leaders and administrators may open the city or any of its counties and
    parks; county staff only their own region (a county with its parks, or a park).
    """
    if user.sees_whole_city:
        if not code:
            return city_region()
        region = Region.objects.filter(code=code, kind__in=[Region.Kind.CITY, Region.Kind.COUNTY, Region.Kind.PARK])
        return _first_or_404(region)
    if user.has_role(Role.COUNTY_STAFF) and user.region_id:
        if not code:
            return user.region
        allowed = Region.objects.filter(Q(pk=user.region_id) | Q(parent_id=user.region_id), code=code)
        return _first_or_404(allowed)
    raise Http404


def _first_or_404(qs):
    region = qs.first()
    if region is None:
        raise Http404
    return region


def can_see_dashboards(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and (user.sees_whole_city or (user.has_role(Role.COUNTY_STAFF) and user.region_id))
    )


def dashboard_regions() -> list[Region]:
    """Return the city and its counties and parks, for the region picker."""
    regions = Region.objects.filter(kind__in=[Region.Kind.CITY, Region.Kind.COUNTY, Region.Kind.PARK])
    return sorted(regions, key=lambda r: (r.kind != Region.Kind.CITY, r.sort_order, r.code))


def regions_of(region: Region) -> list[Region]:
    """Return ``region`` first, then the counties and parks under it (for a city)."""
    qs = Region.objects.filter(
        Q(pk=region.pk) | Q(parent_id=region.pk, kind__in=[Region.Kind.COUNTY, Region.Kind.PARK])
    ).order_by("sort_order", "code")
    rows = list(qs)
    rows.sort(key=lambda r: r.pk != region.pk)
    return rows


# --- Drill-down links ---------------------------------------------------------------


def drill_url(indicator_code: str, region: Region, period: Period, breakdown: str = "") -> str:
    params = {"indicator": indicator_code, "region": region.code, "period": period.key}
    if breakdown:
        params["breakdown"] = breakdown
    return f"{reverse('reports:drill')}?{urlencode(params)}"


# --- The dashboard ------------------------------------------------------------------


@dataclass
class Card:
    """One key indicator for the region: value, target, completion, change and rank."""

    indicator: Indicator
    period: Period | None = None  # the period the value is for (may be earlier for entered data)
    value: Decimal | None = None
    last_year: Decimal | None = None
    target: Decimal | None = None
    rank: ProvinceRank | None = None
    drill: str = ""
    asked: Period | None = None  # the period the dashboard shows

    @property
    def completion(self):
        return completion(self.value, self.target)

    @property
    def change(self):
        return change(self.indicator, self.value, self.last_year)

    @property
    def is_earlier_period(self) -> bool:
        """Whether the value is an earlier published figure (entered data not yet out)."""
        return self.period is not None and self.asked is not None and self.period != self.asked


@dataclass
class RegionRow:
    indicator: Indicator
    region: Region
    value: Decimal | None
    last_year: Decimal | None
    target: Decimal | None
    drill: str

    @property
    def completion(self):
        return completion(self.value, self.target)

    @property
    def change(self):
        return change(self.indicator, self.value, self.last_year)


@dataclass
class Dashboard:
    region: Region
    period: Period
    indicators: list[Indicator]
    cards: list[Card]
    focus: Indicator | None
    trend: dict = field(default_factory=dict)  # {"this": [12 values], "last": [12 values]}
    by_region: list[RegionRow] = field(default_factory=list)
    total_row: RegionRow | None = None
    breakdowns: dict[str, list[tuple[str, str, Decimal, str]]] = field(default_factory=dict)
    refreshed_at: object = None

    @property
    def is_city(self) -> bool:
        return self.region.kind == Region.Kind.CITY


def default_period(today) -> Period:
    """Return this year to date: the leader's default view."""
    return Period(today.year, PeriodType.YTD, today.month)


def _choose_focus(indicators, cards, code):
    by_code = {i.code: i for i in indicators}
    if code and code in by_code:
        return by_code[code]
    for preferred in ("contracts.turnover.output", "org.verified"):
        if preferred in by_code and by_code[preferred].is_key:
            return by_code[preferred]
    return cards[0].indicator if cards else None


def dashboard(*, region: Region, period: Period, focus_code: str | None = None) -> Dashboard:
    """Assemble a region's dashboard for ``period`` from rollups, in five queries."""
    regions = regions_of(region)  # 1
    region_ids = [r.pk for r in regions]
    indicators = list(Indicator.objects.active())  # 2
    keys = [i for i in indicators if i.is_key]
    focus = _choose_focus(indicators, [Card(i) for i in keys], focus_code)
    wanted = {i.pk for i in keys} | ({focus.pk} if focus else set())
    years = [period.year, period.year - 1]

    published = {i.pk for i in keys if i.source != Indicator.Source.COMPUTED}
    condition = Q(period=period.type, number=period.number, breakdown="")
    if published:  # entered figures come out late: fetch their other periods to show the latest
        condition |= Q(indicator_id__in=published, region_id=region.pk, breakdown="") & ~Q(period=PeriodType.MONTH)
    if focus is not None:
        condition |= Q(indicator_id=focus.pk, region_id=region.pk, period=PeriodType.MONTH, breakdown="")
        condition |= Q(indicator_id=focus.pk, region_id=region.pk, period=period.type, number=period.number)
    rows = list(
        Rollup.objects.filter(indicator_id__in=wanted, region_id__in=region_ids, year__in=years)
        .filter(condition)
        .values_list("indicator_id", "region_id", "period", "year", "number", "breakdown", "value", "end")
    )  # 3
    targets = {
        (t.indicator_id, t.region_id, t.year): t.value
        for t in Target.objects.filter(indicator_id__in=wanted, region_id__in=region_ids, year__in=years).only(
            "indicator_id", "region_id", "year", "value"
        )
    }  # 4
    ranks = {}
    if region.kind == Region.Kind.CITY:
        ranks = {
            (r.indicator_id, r.period, r.year, r.number): r
            for r in ProvinceRank.objects.filter(indicator_id__in=wanted, year__in=years)
        }  # 5

    exact = {}
    by_region_rows = defaultdict(list)
    for indicator_id, region_id, kind, year, number, breakdown, value, end in rows:
        exact[(indicator_id, region_id, kind, year, number, breakdown)] = value
        if region_id == region.pk and breakdown == "" and indicator_id in published:
            by_region_rows[indicator_id].append((end, kind, year, number, value))

    def value_at(indicator_id, region_id, p: Period, breakdown=""):
        return exact.get((indicator_id, region_id, p.type, p.year, p.number, breakdown))

    cards = []
    for indicator in keys:
        card = Card(indicator, asked=period)
        shown = period
        value = value_at(indicator.pk, region.pk, period)
        if value is None and indicator.source != Indicator.Source.COMPUTED:
            # Entered figures come out later and less often: show the latest published one.
            earlier = [r for r in by_region_rows[indicator.pk] if r[0] <= period.end]
            if earlier:
                # The latest period end; on a tie the longest period (the year before its Q4).
                end, kind, year, number, value = max(earlier, key=lambda r: (r[0], r[1] == PeriodType.YEAR))
                shown = Period(year, kind, number)
        card.period = shown
        card.value = value
        card.last_year = value_at(indicator.pk, region.pk, shown.same_period_last_year())
        card.target = targets.get((indicator.pk, region.pk, shown.year))
        card.rank = ranks.get((indicator.pk, shown.type, shown.year, shown.number))
        card.drill = drill_url(indicator.code, region, shown)
        cards.append(card)

    board = Dashboard(region=region, period=period, indicators=indicators, cards=cards, focus=focus)
    computed = [i.refreshed_at for i in keys if i.source == Indicator.Source.COMPUTED and i.refreshed_at]
    board.refreshed_at = min(computed) if computed else None
    if focus is None:
        return board

    board.trend = {
        "this": [value_at(focus.pk, region.pk, Period.month(period.year, m)) for m in range(1, 13)],
        "last": [value_at(focus.pk, region.pk, Period.month(period.year - 1, m)) for m in range(1, 13)],
    }
    if board.is_city:
        board.total_row = RegionRow(
            indicator=focus,
            region=region,
            value=value_at(focus.pk, region.pk, period),
            last_year=value_at(focus.pk, region.pk, period.same_period_last_year()),
            target=targets.get((focus.pk, region.pk, period.year)),
            drill=drill_url(focus.code, region, period),
        )
        for child in regions[1:]:
            board.by_region.append(
                RegionRow(
                    indicator=focus,
                    region=child,
                    value=value_at(focus.pk, child.pk, period),
                    last_year=value_at(focus.pk, child.pk, period.same_period_last_year()),
                    target=targets.get((focus.pk, child.pk, period.year)),
                    drill=drill_url(focus.code, child, period),
                )
            )
    family = providers.family_of(focus.code)
    if family is not None:
        spec = next(s for s in family.indicators if s.code == focus.code)
        for dimension in spec.breakdowns:
            slices = []
            for key, label in family.categories.get(dimension, ()):
                breakdown = f"{dimension}:{key}"
                value = value_at(focus.pk, region.pk, period, breakdown)
                slices.append((breakdown, label, value or Decimal(0), drill_url(focus.code, region, period, breakdown)))
            board.breakdowns[dimension] = slices
    return board


DIMENSION_LABELS = {
    "type": "按合同类别",
    "field": "按技术领域",
    "kind": "按单位类型",
    "category": "按计划类别",
    "program": "按人才计划",
    "title": "按职称",
    "commissioner": "按特派员类型",
}


# --- Drill-down ---------------------------------------------------------------------


@dataclass
class Drill:
    indicator: Indicator
    region: Region
    period: Period
    breakdown: str
    breakdown_label: str
    figure: Decimal | None
    records: providers.DrillDown | None = None
    entered: list = field(default_factory=list)
    terms: list = field(default_factory=list)  # for a ratio: (indicator, value, drill url)


def drill(*, user, indicator: Indicator, region: Region, period: Period, breakdown: str = "") -> Drill:
    """Return the figure and the records behind it, scoped to what ``user`` may see."""
    figure = (
        Rollup.objects.filter(indicator=indicator, region=region, breakdown=breakdown)
        .for_period(period)
        .values_list("value", flat=True)
        .first()
    )
    result = Drill(indicator, region, period, breakdown, "", figure)
    if indicator.source == Indicator.Source.COMPUTED:
        family = providers.family_of(indicator.code)
        if family is None or family.records is None:
            return result
        result.breakdown_label = family.category_label(breakdown) if breakdown else ""
        regions = Region.objects.filter(Q(pk=region.pk) | Q(parent_id=region.pk))
        found = family.records(code=indicator.code, regions=regions, period=period, breakdown=breakdown)
        scoped = found.queryset.visible_to(user) if hasattr(found.queryset, "visible_to") else found.queryset.none()
        result.records = providers.DrillDown(scoped, found.columns, found.app_url, found.note, found.app_label)
    elif indicator.source == Indicator.Source.ENTERED:
        result.entered = list(
            indicator.entered_values.filter(region=region, year=period.year)
            .select_related("updated_by")
            .order_by("period", "number")
        )
    else:
        terms = Indicator.objects.filter(pk__in=[indicator.numerator_id, indicator.denominator_id])
        values = dict(
            Rollup.objects.filter(indicator__in=terms, region=region, breakdown="")
            .for_period(period)
            .values_list("indicator_id", "value")
        )
        result.terms = [
            (term, values.get(term.pk), drill_url(term.code, region, period))
            for term in sorted(terms, key=lambda t: t.pk != indicator.numerator_id)
        ]
    return result


# --- Campaign figures ---------------------------------------------------------------


def campaign_counts(campaign_ids) -> dict[int, tuple[int, int]]:
    """Return {campaign id: (targeted, answered)} in one query."""
    from .models import Answer

    rows = (
        Answer.objects.filter(campaign_id__in=list(campaign_ids))
        .values("campaign_id")
        .annotate(total=Count("pk"), answered=Count("pk", filter=Q(submitted_at__isnull=False)))
    )
    return {r["campaign_id"]: (r["total"], r["answered"]) for r in rows}


# --- Tables by region (exports and the work-summary pack) ---------------------------


def region_table(*, region: Region, period: Period, indicators) -> list[tuple[Indicator, list[RegionRow]]]:
    """Return, per indicator, the row of ``region`` and of each county and park under it."""
    regions = regions_of(region)
    indicators = list(indicators)
    ids = [i.pk for i in indicators]
    values = {
        (r.indicator_id, r.region_id, r.year): r.value
        for r in Rollup.objects.filter(
            indicator_id__in=ids,
            region__in=regions,
            breakdown="",
            period=period.type,
            number=period.number,
            year__in=[period.year, period.year - 1],
        ).only("indicator_id", "region_id", "year", "value")
    }
    targets = {
        (t.indicator_id, t.region_id): t.value
        for t in Target.objects.filter(indicator_id__in=ids, region__in=regions, year=period.year)
    }
    table = []
    for indicator in indicators:
        rows = [
            RegionRow(
                indicator=indicator,
                region=r,
                value=values.get((indicator.pk, r.pk, period.year)),
                last_year=values.get((indicator.pk, r.pk, period.year - 1)),
                target=targets.get((indicator.pk, r.pk)),
                drill=drill_url(indicator.code, r, period),
            )
            for r in regions
        ]
        table.append((indicator, rows))
    return table


@dataclass
class FieldStat:
    """The figures of one question: yes answers, choice counts, or totals of numbers."""

    field: object
    yes: int = 0
    no: int = 0
    counts: list[tuple[str, int]] = field(default_factory=list)
    total: Decimal | None = None
    filled: int = 0


@dataclass
class CampaignStats:
    targeted: int
    answered: int
    fields: list[FieldStat]

    @property
    def completion(self):
        return completion(self.answered, self.targeted)


def campaign_stats(campaign, answers) -> CampaignStats:
    """Return completion and per-question figures over ``answers`` (already scoped), in one query.

    "470 of 550 answered that they resumed work" is the yes count of a yes/no question
    over the organizations targeted.
    """
    from django.db.models import DecimalField, Sum
    from django.db.models.fields.json import KT
    from django.db.models.functions import Cast

    from .models import CampaignField

    fields = list(campaign.fields.all())
    aggregates = {
        "targeted": Count("pk"),
        "answered": Count("pk", filter=Q(submitted_at__isnull=False)),
    }
    for spec in fields:
        key = spec.key
        if spec.field_type == CampaignField.Type.YES_NO:
            aggregates[f"{key}__yes"] = Count("pk", filter=Q(**{f"data__{key}": True}))
            aggregates[f"{key}__no"] = Count("pk", filter=Q(**{f"data__{key}": False}))
        elif spec.field_type == CampaignField.Type.CHOICE:
            for n, choice in enumerate(spec.choice_list):
                aggregates[f"{key}__c{n}"] = Count("pk", filter=Q(**{f"data__{key}": choice}))
        elif spec.field_type in (CampaignField.Type.NUMBER, CampaignField.Type.MONEY):
            aggregates[f"{key}__sum"] = Sum(Cast(KT(f"data__{key}"), DecimalField(max_digits=24, decimal_places=4)))
            aggregates[f"{key}__n"] = Count("pk", filter=Q(**{"data__has_key": key}))
        else:
            aggregates[f"{key}__n"] = Count("pk", filter=Q(**{"data__has_key": key}))
    row = answers.aggregate(**aggregates)
    stats = []
    for spec in fields:
        key = spec.key
        stat = FieldStat(field=spec)
        if spec.field_type == CampaignField.Type.YES_NO:
            stat.yes, stat.no = row[f"{key}__yes"], row[f"{key}__no"]
            stat.filled = stat.yes + stat.no
        elif spec.field_type == CampaignField.Type.CHOICE:
            stat.counts = [(choice, row[f"{key}__c{n}"]) for n, choice in enumerate(spec.choice_list)]
            stat.filled = sum(c for _choice, c in stat.counts)
        else:
            stat.filled = row[f"{key}__n"]
            stat.total = row.get(f"{key}__sum")
        stats.append(stat)
    return CampaignStats(targeted=row["targeted"], answered=row["answered"], fields=stats)
