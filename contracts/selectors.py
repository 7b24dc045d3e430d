"""Reads of contract registration: lists, the registrar's queue, statistics, broker performance.

``statistics(...)`` is the one place the figures come from (pages, API, and the reports
app's KPI rollups): one SQL query with GROUPING SETS over the registered contracts of
the chosen year and the same period of the year before, so the database does the
grouping whatever the number of contracts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from bureau import calendar
from bureau.accounts.models import Role
from bureau.regions.models import Region

from .models import Broker, IncomeVerification, TechnologyContract
from .rules import catalog

ZERO = Decimal("0")


# --- Lists --------------------------------------------------------------------------


def contracts_for(user):
    """Return the contracts ``user`` may see, ready for a list."""
    return TechnologyContract.objects.visible_to(user).for_list()


@dataclass
class QueueRow:
    contract: TechnologyContract
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def overdue_days(self) -> int:
        return -self.days_left if self.overdue else 0


def with_clock(contracts, today: date | None = None) -> list[QueueRow]:
    """Pair each contract with its working days left (negative when overdue); None when no clock runs.

    Only submitted filings have a running clock. The working days are counted in one pass
    over the dates involved (not one pass per row), so a page of overdue items stays fast.
    """
    today = today or timezone.localdate()
    rows = list(contracts)
    dues = [c.due_on for c in rows if c.due_on and c.status == TechnologyContract.Status.SUBMITTED]
    if not dues:
        return [QueueRow(c, None) for c in rows]
    cal = calendar.default_calendar()
    # One day before the earliest date, so an overdue span [due, today) has a prefix too.
    low, high = min([*dues, today]) - timedelta(days=1), max([*dues, today])
    # prefix[i]: working days after ``low`` up to and including low + i days.
    prefix, count = [0], 0
    for offset in range(1, (high - low).days + 1):
        count += cal.is_working_day(low + timedelta(days=offset))
        prefix.append(count)

    def left(due):
        # The same counting as calendar.working_days_between(today, due): ahead, the
        # working days in (today, due]; overdue, minus those in [due, today).
        if due >= today:
            return prefix[(due - low).days] - prefix[(today - low).days]
        return -(prefix[(today - low).days - 1] - prefix[(due - low).days - 1])

    return [
        QueueRow(c, left(c.due_on) if c.due_on and c.status == TechnologyContract.Status.SUBMITTED else None)
        for c in rows
    ]


def registrar_queue(user):
    """Return the pending filings of the offices ``user`` registers for, soonest due first."""
    return TechnologyContract.objects.queue_for(user)


def overdue_contracts(user, today: date | None = None):
    """Return the submitted filings past their limit that ``user`` may see (the leaders' view)."""
    today = today or timezone.localdate()
    return (
        TechnologyContract.objects.visible_to(user)
        .filter(status=TechnologyContract.Status.SUBMITTED, due_on__lt=today)
        .select_related("seller_region", "office")
        .order_by("due_on", "pk")
    )


def income_queue(user):
    """Return the income verifications waiting for ``user``'s offices."""
    from .models import RegistrationOffice

    offices = RegistrationOffice.objects.handled_by(user).values("pk")
    return (
        IncomeVerification.objects.visible_to(user)
        .filter(status=IncomeVerification.Status.SUBMITTED, contract__office__in=offices)
        .for_list()
        .order_by("submitted_at", "pk")
    )


def find_for_progress_lookup(number: str, uscc: str):
    """Return the filing with this registration number (16 digits) or receipt number (HT…) of seller ``uscc``.

    Used by the public progress lookup (办理进度查询); drafts are never found.
    """
    number = (number or "").strip().upper()
    queryset = TechnologyContract.objects.exclude(status=TechnologyContract.Status.DRAFT).filter(seller_code=uscc)
    if number.startswith("HT") and number[2:].isdigit():
        return queryset.filter(pk=int(number[2:])).first()
    if number.isdigit():
        return queryset.filter(registration_number=number).first()
    return None


# --- Brokers ------------------------------------------------------------------------


def brokers_for(user, year: int | None = None):
    """Return the brokers ``user`` may see, each with ``year_count`` / ``year_total`` / ``year_technical``."""
    year = year or timezone.localdate().year
    registered = Q(
        contracts__status=TechnologyContract.Status.REGISTERED,
        contracts__registered_on__gte=date(year, 1, 1),
        contracts__registered_on__lt=date(year + 1, 1, 1),
    )
    return (
        Broker.objects.visible_to(user)
        .select_related("region")
        .annotate(
            year_count=Count("contracts", filter=registered),
            year_total=Sum("contracts__total_amount", filter=registered),
            year_technical=Sum("contracts__technical_amount", filter=registered),
        )
    )


def broker_performance(broker: Broker) -> list[dict]:
    """Return the broker's registered contracts and amounts per year, latest first."""
    rows = (
        TechnologyContract.objects.registered()
        .filter(brokers=broker)
        .annotate(year=ExtractYear("registered_on"))
        .values("year")
        .annotate(count=Count("pk"), total=Sum("total_amount"), technical=Sum("technical_amount"))
        .order_by("-year")
    )
    return list(rows)


# --- Statistics ---------------------------------------------------------------------

VIEWS = {
    "output": "技术输出（按卖方所在地）",
    "absorb": "技术吸纳（按买方所在地）",
}

# dimension key -> (SQL expression, label)
DIMENSIONS: dict[str, tuple[str, str]] = {
    "month": ("EXTRACT(MONTH FROM registered_on)::int", "按月份"),
    "contract_type": ("contract_type", "按合同类别"),
    "technical_field": ("technical_field", "按技术领域"),
    "seller_nature": ("seller_nature", "按卖方性质"),
    "buyer_nature": ("buyer_nature", "按买方性质"),
    "county": ("{region_column}", "按县市区"),
    "buyer_location": ("buyer_location", "按买方所在地"),
    "ip_type": ("ip_type", "按知识产权类型"),
    "plan_source": ("plan_source", "按计划来源"),
    "objective": ("objective", "按社会经济目标"),
}

_LABELS = {
    "contract_type": {t.code: t.label for t in catalog.CONTRACT_TYPES},
    "technical_field": dict(catalog.TECHNICAL_FIELDS),
    "seller_nature": dict(catalog.PARTY_NATURES),
    "buyer_nature": dict(catalog.PARTY_NATURES),
    "buyer_location": dict(catalog.BUYER_LOCATIONS),
    "ip_type": dict(catalog.IP_TYPES),
    "plan_source": dict(catalog.PLAN_SOURCES),
    "objective": dict(catalog.OBJECTIVES),
}


@dataclass
class Figures:
    count: int = 0
    total: Decimal = ZERO  # 合同成交额
    technical: Decimal = ZERO  # 技术交易额

    def add(self, count, total, technical):
        self.count += count
        self.total += total or ZERO
        self.technical += technical or ZERO


def growth(current: Decimal | int, previous: Decimal | int) -> Decimal | None:
    """Return year-on-year growth as a fraction, or None when there is no base."""
    if not previous:
        return None
    return (Decimal(current) - Decimal(previous)) / Decimal(previous)


@dataclass
class StatRow:
    key: object
    label: str
    current: Figures = field(default_factory=Figures)
    previous: Figures = field(default_factory=Figures)

    @property
    def growth_total(self):
        return growth(self.current.total, self.previous.total)

    @property
    def growth_count(self):
        return growth(self.current.count, self.previous.count)

    @property
    def growth_technical(self):
        return growth(self.current.technical, self.previous.technical)


@dataclass
class Statistics:
    year: int
    until: date
    view: str
    region: Region | None
    total: StatRow
    dimensions: dict[str, list[StatRow]]

    @property
    def previous_until(self) -> date:
        return _same_day_last_year(self.until)

    def dimension_label(self, key: str) -> str:
        return DIMENSIONS[key][1]


def _same_day_last_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def _region_scope(user) -> list[int] | None:
    """Return the region ids a county officer is limited to, or None for the whole city."""
    if user is None or user.sees_whole_city:
        return None
    if user.has_role(Role.COUNTY_STAFF) and user.region_id:
        return list(
            Region.objects.filter(Q(pk=user.region_id) | Q(parent_id=user.region_id)).values_list("pk", flat=True)
        )
    return []


def statistics(
    *,
    year: int,
    view: str = "output",
    until: date | None = None,
    region: Region | None = None,
    user=None,
    dimensions: tuple[str, ...] | None = None,
) -> Statistics:
    """Return counts, 成交额 and 技术交易额 of registered contracts, by each dimension, with year-on-year.

    ``view`` "output" counts contracts by the seller's location (技术输出), "absorb" those
    whose buyer is in the city, by the buyer's location (技术吸纳). The current period is
    1 January to ``until`` (default: the year's end, or today in the current year); the
    previous one is the same days a year earlier. ``region`` limits to one county (and
    its parks); ``user`` limits a county officer to their own jurisdiction.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    today = timezone.localdate()
    if until is None:
        until = min(date(year, 12, 31), today) if year >= today.year else date(year, 12, 31)
    until = until.replace(year=year) if until.year != year else until
    previous_until = _same_day_last_year(until)
    dims = tuple(dimensions or DIMENSIONS)
    region_column = "seller_region_id" if view == "output" else "buyer_region_id"

    where = [
        "status = 'registered'",
        "((registered_on >= %s AND registered_on <= %s) OR (registered_on >= %s AND registered_on <= %s))",
    ]
    params: list = [date(year - 1, 1, 1), previous_until, date(year, 1, 1), until]
    if view == "absorb":
        where.append("buyer_location = 'city'")
    region_ids = None
    if region is not None:
        region_ids = list(Region.objects.filter(Q(pk=region.pk) | Q(parent_id=region.pk)).values_list("pk", flat=True))
    scope = _region_scope(user)
    if scope is not None:
        region_ids = scope if region_ids is None else [r for r in region_ids if r in scope]
    if region_ids is not None:
        where.append(f"{region_column} = ANY(%s)")
        params.append(region_ids or [0])

    expressions = {key: DIMENSIONS[key][0].format(region_column=region_column) for key in dims}
    select_dims = ", ".join(f"{expr} AS d_{key}" for key, expr in expressions.items())
    grouping = ", ".join(f"GROUPING({expr}) AS g_{key}" for key, expr in expressions.items())
    sets = ", ".join(["()"] + [f"({expr})" for expr in expressions.values()])
    sql = (
        f"SELECT EXTRACT(YEAR FROM registered_on)::int AS y, {select_dims}, {grouping}, "
        "COUNT(*), SUM(total_amount), SUM(technical_amount) "
        f"FROM {TechnologyContract._meta.db_table} WHERE {' AND '.join(where)} "
        f"GROUP BY EXTRACT(YEAR FROM registered_on), GROUPING SETS ({sets})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()

    n = len(dims)
    total = StatRow("all", "合计")
    by_dim: dict[str, dict] = {key: {} for key in dims}
    for row in rows:
        row_year, values, groupings = row[0], row[1 : 1 + n], row[1 + n : 1 + 2 * n]
        count, amount, technical = row[1 + 2 * n :]
        side = "current" if row_year == year else "previous"
        grouped = [i for i, g in enumerate(groupings) if g == 0]
        if not grouped:
            getattr(total, side).add(count, amount, technical)
            continue
        key = dims[grouped[0]]
        value = values[grouped[0]]
        stat = by_dim[key].setdefault(value, StatRow(value, ""))
        getattr(stat, side).add(count, amount, technical)

    region_names = {}
    if "county" in dims:
        ids = [k for k in by_dim["county"] if k is not None]
        region_names = {r.pk: r.label for r in Region.objects.filter(pk__in=ids)}
    dimensions_out: dict[str, list[StatRow]] = {}
    for key in dims:
        stats = list(by_dim[key].values())
        for stat in stats:
            stat.label = _label(key, stat.key, region_names)
        stats.sort(key=_sort_key(key))
        dimensions_out[key] = stats
    return Statistics(year=year, until=until, view=view, region=region, total=total, dimensions=dimensions_out)


def _label(key, value, region_names) -> str:
    if key == "month":
        return f"{value}月"
    if key == "county":
        return region_names.get(value, "未填写（市外或未指明）") if value is not None else "未指明县市区"
    if value in (None, ""):
        return "未填写"
    return _LABELS[key].get(value, str(value))


def _sort_key(key):
    if key == "month":
        return lambda s: s.key or 0
    order = {code: i for i, code in enumerate(_LABELS.get(key, {}))}
    if order:
        return lambda s: (order.get(s.key, 99), str(s.key))
    return lambda s: (-s.current.total, str(s.label))


def statistics_totals(*, year: int, until: date | None = None, region: Region | None = None) -> Figures:
    """Return the count and both amounts registered in ``year`` (for KPI rollups)."""
    return statistics(year=year, until=until, region=region, dimensions=("month",)).total.current
