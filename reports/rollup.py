"""The rollup: every indicator for every region and period, computed in SQL.

One ``INSERT ... SELECT ... ON CONFLICT DO UPDATE`` per indicator family does all the
work in the database: the provider's query groups its source table by region and month
(one scan for several indicators), the statement maps counties and parks onto the city
(the city row is all of its counties and parks plus what sits at city level), fills a
dense grid of months so an empty month is 0 rather than missing, derives quarters,
halves, years and year-to-date from the months, and upserts. A row is rewritten only
when its value changed, so running the rollup twice leaves every row (value and
``computed_at``) exactly as it was.

Entered indicators are copied from ``EnteredValue`` the same way, and ratio indicators
(R&D intensity = R&D / GDP) are computed from the rows of their two terms.

``refresh(codes=..., region_ids=..., years=...)`` narrows the work to what changed: a
registered contract refreshes only its family, its regions (and the city) and its year.
"""

from __future__ import annotations

import logging
import time as _time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from bureau.regions.models import Region

from . import providers
from .models import Indicator

logger = logging.getLogger(__name__)

EARLIEST_YEAR = 2000  # rows dated before this are data-entry errors, not history
WORK_MEM = getattr(settings, "REPORTS_ROLLUP_WORK_MEM", "64MB")

_REGION_CTES = """
target_regions AS (
    SELECT r.id FROM regions_region r
    WHERE r.kind IN ('city', 'county', 'park')
      AND (%(region_ids)s::bigint[] IS NULL OR r.id = ANY(%(region_ids)s::bigint[]))
),
region_map AS (
    SELECT r.id AS source_id, r.id AS target_id FROM regions_region r
    WHERE r.kind IN ('city', 'county', 'park')
    UNION ALL
    SELECT r.id, p.id FROM regions_region r JOIN regions_region p ON p.id = r.parent_id
    WHERE r.kind IN ('county', 'park') AND p.kind = 'city'
)"""

_PERIOD_BOUNDS = """
CROSS JOIN LATERAL (
    SELECT CASE p.period WHEN 'month' THEN p.number WHEN 'quarter' THEN 3 * p.number - 2
                         WHEN 'half' THEN 6 * p.number - 5 ELSE 1 END AS first_month,
           CASE p.period WHEN 'month' THEN p.number WHEN 'quarter' THEN 3 * p.number
                         WHEN 'half' THEN 6 * p.number WHEN 'year' THEN 12 ELSE p.number END AS last_month
) b"""

_UPSERT = """
ON CONFLICT (indicator_id, region_id, period, year, number, breakdown) DO UPDATE
SET value = EXCLUDED.value, start = EXCLUDED.start, "end" = EXCLUDED."end", computed_at = EXCLUDED.computed_at
WHERE reports_rollup.value IS DISTINCT FROM EXCLUDED.value"""

_COLUMNS = (
    "INSERT INTO reports_rollup "
    '(indicator_id, region_id, breakdown, period, year, number, start, "end", value, computed_at)'
)


# The provider's grouping runs first on its own, into a temporary table: a plain
# CREATE TABLE AS may use parallel workers, which PostgreSQL never does inside an INSERT.
BASE_TABLE = "pg_temp.reports_rollup_base"


def base_statement(family: providers.Family) -> str:
    """Return the statement that groups the family's source into ``BASE_TABLE``."""
    return (
        f"CREATE TEMP TABLE reports_rollup_base AS "
        f"SELECT b.code::text AS code, b.region_id::bigint AS region_id, b.month::date AS month, "
        f"b.breakdown::text AS breakdown, b.value::numeric AS value "
        f"FROM (\n{family.sql}\n) AS b(code, region_id, month, breakdown, value)"
    )


def family_statement(family: providers.Family) -> str:
    """Return the one statement that refreshes ``family`` for the window in its parameters."""
    stock = family.kind == "stock"
    month = "greatest(b.month, %(start)s::date)" if stock else "b.month"
    since = "" if stock else "AND b.month >= %(start)s::date"
    # A stock's month is the sum of every change up to it; a flow's is the month's own sum.
    monthly_value = (
        "sum(sum(v.value)) OVER (PARTITION BY ms.indicator_id, v.region_id, v.breakdown ORDER BY v.month)"
        if stock
        else "sum(v.value)"
    )
    agg = "(array_agg(value ORDER BY m DESC))[1]" if stock else "sum(value)"
    ytd = "value" if stock else "sum(value) OVER (PARTITION BY indicator_id, region_id, breakdown, year ORDER BY m)"
    keys = "indicator_id, region_id, breakdown"
    # Empty months come from a zero row per (measure, region, month) added to the grouped
    # values and summed with them: a hash aggregate, where a join of the grid against the
    # values let the planner misjudge sizes and compare every pair.
    return f"""
WITH {_REGION_CTES},
base AS (SELECT code, region_id, month, breakdown, value FROM {BASE_TABLE}),
measures AS (
    SELECT i.id AS indicator_id, x.code, x.breakdown
    FROM unnest(%(codes)s::text[], %(breakdowns)s::text[]) AS x(code, breakdown)
    JOIN reports_indicator i ON i.code = x.code
),
v AS (
    SELECT b.code, m.target_id AS region_id, {month} AS month, b.breakdown, b.value
    FROM base b JOIN region_map m ON m.source_id = b.region_id
    WHERE m.target_id IN (SELECT id FROM target_regions) AND b.month < %(end)s::date {since}
    UNION ALL
    SELECT ms.code, tr.id, g.month::date, ms.breakdown, 0
    FROM measures ms CROSS JOIN target_regions tr
    CROSS JOIN generate_series(%(start)s::date, %(last)s::date, interval '1 month') AS g(month)
),
monthly AS (
    SELECT ms.indicator_id, v.region_id, v.breakdown,
           extract(year FROM v.month)::int AS year, extract(month FROM v.month)::int AS m,
           {monthly_value} AS value
    FROM v JOIN measures ms ON ms.code = v.code AND ms.breakdown = v.breakdown
    GROUP BY ms.indicator_id, v.region_id, v.breakdown, v.month
),
periods AS (
    SELECT {keys}, 'month' AS period, year, m AS number, value FROM monthly
    UNION ALL
    SELECT {keys}, 'quarter', year, (m + 2) / 3, {agg} FROM monthly GROUP BY {keys}, year, (m + 2) / 3
    UNION ALL
    SELECT {keys}, 'half', year, (m + 5) / 6, {agg} FROM monthly GROUP BY {keys}, year, (m + 5) / 6
    UNION ALL
    SELECT {keys}, 'year', year, 1, {agg} FROM monthly GROUP BY {keys}, year
    UNION ALL
    SELECT {keys}, 'ytd', year, m, {ytd} FROM monthly
)
{_COLUMNS}
SELECT p.indicator_id, p.region_id, p.breakdown, p.period, p.year, p.number,
       make_date(p.year, b.first_month, 1),
       (make_date(p.year, b.last_month, 1) + interval '1 month' - interval '1 day')::date,
       p.value, %(now)s
FROM periods p {_PERIOD_BOUNDS}
{_UPSERT}"""


ENTERED_STATEMENT = f"""
{_COLUMNS}
SELECT e.indicator_id, e.region_id, '', e.period, e.year, e.number, e.start, e."end", e.value, %(now)s
FROM reports_enteredvalue e
WHERE e.indicator_id = ANY(%(ids)s::bigint[]) AND e.year BETWEEN %(first_year)s AND %(last_year)s
  AND (%(region_ids)s::bigint[] IS NULL OR e.region_id = ANY(%(region_ids)s::bigint[]))
{_UPSERT}"""

ENTERED_PRUNE = """
DELETE FROM reports_rollup r
WHERE r.indicator_id = ANY(%(ids)s::bigint[]) AND r.year BETWEEN %(first_year)s AND %(last_year)s
  AND (%(region_ids)s::bigint[] IS NULL OR r.region_id = ANY(%(region_ids)s::bigint[]))
  AND NOT EXISTS (
    SELECT 1 FROM reports_enteredvalue e
    WHERE e.indicator_id = r.indicator_id AND e.region_id = r.region_id AND e.period = r.period
      AND e.year = r.year AND e.number = r.number AND r.breakdown = '')"""

RATIO_STATEMENT = f"""
{_COLUMNS}
SELECT i.id, n.region_id, '', n.period, n.year, n.number, n.start, n."end",
       round(n.value / d.value * i.scale, 6), %(now)s
FROM reports_indicator i
JOIN reports_rollup n ON n.indicator_id = i.numerator_id AND n.breakdown = ''
JOIN reports_rollup d ON d.indicator_id = i.denominator_id AND d.breakdown = '' AND d.region_id = n.region_id
     AND d.period = n.period AND d.year = n.year AND d.number = n.number
WHERE i.id = ANY(%(ids)s::bigint[]) AND d.value <> 0 AND n.year BETWEEN %(first_year)s AND %(last_year)s
  AND (%(region_ids)s::bigint[] IS NULL OR n.region_id = ANY(%(region_ids)s::bigint[]))
{_UPSERT}"""

RATIO_PRUNE = """
DELETE FROM reports_rollup r USING reports_indicator i
WHERE i.id = r.indicator_id AND r.indicator_id = ANY(%(ids)s::bigint[])
  AND r.year BETWEEN %(first_year)s AND %(last_year)s
  AND (%(region_ids)s::bigint[] IS NULL OR r.region_id = ANY(%(region_ids)s::bigint[]))
  AND NOT EXISTS (
    SELECT 1 FROM reports_rollup n JOIN reports_rollup d
      ON d.indicator_id = i.denominator_id AND d.breakdown = '' AND d.region_id = n.region_id
     AND d.period = n.period AND d.year = n.year AND d.number = n.number AND d.value <> 0
    WHERE n.indicator_id = i.numerator_id AND n.breakdown = '' AND n.region_id = r.region_id
      AND n.period = r.period AND n.year = r.year AND n.number = r.number)"""


@dataclass
class RefreshResult:
    """What a refresh did: rows written per family (0 when nothing changed) and seconds."""

    written: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    codes: list[str] = field(default_factory=list)

    @property
    def total_written(self) -> int:
        return sum(self.written.values())


def _month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def _first_year(family: providers.Family, tz: str) -> int | None:
    if not family.first_date_sql:
        return None
    with connection.cursor() as cursor:
        cursor.execute(family.first_date_sql, {"tz": tz})
        row = cursor.fetchone()
    first = row[0] if row else None
    return max(first.year, EARLIEST_YEAR) if first else None


def _expand_regions(region_ids: Iterable[int] | None) -> list[int] | None:
    """Add each region's city to ``region_ids``: a county's change also changes the city row."""
    if region_ids is None:
        return None
    ids = {int(i) for i in region_ids}
    parents = Region.objects.filter(pk__in=ids, parent__kind=Region.Kind.CITY).values_list("parent_id", flat=True)
    return sorted(ids | set(parents))


def _default_setting(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reset_val FROM pg_settings WHERE name = %s", [name])
        return cursor.fetchone()[0]


def _lock(key: str) -> None:
    # Two refreshes of one family (beat and a transition) take turns instead of racing.
    # The grouping runs in memory: a rollup is a batch job, it may use more than one query's share.
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"reports.rollup.{key}"])
        cursor.execute("SELECT set_config('work_mem', %s, true)", [WORK_MEM])


def refresh_family(
    family: providers.Family,
    *,
    codes: Iterable[str] | None = None,
    region_ids: list[int] | None = None,
    years: Iterable[int] | None = None,
    today: date | None = None,
    now=None,
) -> tuple[int, tuple[int, int] | None]:
    """Refresh one family; return (rows written, (first year, last year) refreshed or None)."""
    today = today or timezone.localdate()
    now = now or timezone.now()
    tz = settings.TIME_ZONE
    measures = family.measures(set(codes) if codes is not None else None)
    if not measures:
        return 0, None
    years = sorted(set(years)) if years else None
    first_year = years[0] if years else (_first_year(family, tz) or today.year)
    last_year = today.year if (years is None or family.kind == "stock") else min(years[-1], today.year)
    if first_year > last_year:
        return 0, None
    start = date(first_year, 1, 1)
    last = min(date(last_year, 12, 1), _month_start(today))
    end = date(last.year + (last.month == 12), last.month % 12 + 1, 1)
    params = {
        "codes": [code for code, _b in measures],
        "breakdowns": [breakdown for _c, breakdown in measures],
        "start": start,
        "last": last,
        "end": end,
        "tz": tz,
        "now": now,
        "region_ids": region_ids,
    }
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(family.key)
        cursor.execute(f"DROP TABLE IF EXISTS {BASE_TABLE}")
        # The planner overestimates the groups of a five-column GROUP BY (it multiplies the
        # columns' distinct counts) and so judges workers not worth their hand-over cost;
        # a batch job over a whole table is worth them: make the hand-over cheap here only.
        cursor.execute("SELECT set_config('parallel_tuple_cost', '0.001', true)")
        cursor.execute("SELECT set_config('parallel_setup_cost', '100', true)")
        cursor.execute(base_statement(family), {k: params[k] for k in ("start", "end", "tz")})
        cursor.execute("SELECT set_config('parallel_tuple_cost', %s, true)", [_default_setting("parallel_tuple_cost")])
        cursor.execute("SELECT set_config('parallel_setup_cost', %s, true)", [_default_setting("parallel_setup_cost")])
        cursor.execute(family_statement(family), params)
        written = cursor.rowcount
        cursor.execute(f"DROP TABLE {BASE_TABLE}")
    return written, (first_year, last_year)


def _refresh_entered(indicators, region_ids, first_year, last_year, now) -> int:
    ids = [i.pk for i in indicators]
    if not ids:
        return 0
    params = {"ids": ids, "first_year": first_year, "last_year": last_year, "region_ids": region_ids, "now": now}
    with transaction.atomic(), connection.cursor() as cursor:
        _lock("entered")
        cursor.execute(ENTERED_STATEMENT, params)
        written = cursor.rowcount
        cursor.execute(ENTERED_PRUNE, params)
        written += cursor.rowcount
    return written


def _refresh_ratios(indicators, region_ids, first_year, last_year, now) -> int:
    ids = [i.pk for i in indicators]
    if not ids:
        return 0
    params = {"ids": ids, "first_year": first_year, "last_year": last_year, "region_ids": region_ids, "now": now}
    with transaction.atomic(), connection.cursor() as cursor:
        _lock("ratios")
        cursor.execute(RATIO_STATEMENT, params)
        written = cursor.rowcount
        cursor.execute(RATIO_PRUNE, params)
        written += cursor.rowcount
    return written


def refresh(
    *,
    codes: Iterable[str] | None = None,
    region_ids: Iterable[int] | None = None,
    years: Iterable[int] | None = None,
    today: date | None = None,
) -> RefreshResult:
    """Recompute the rollup rows of ``codes`` (all active indicators when None).

    ``region_ids`` narrows to those regions (their city is added); ``years`` narrows to
    those years (a stock also refreshes the later months it carries into). Ratio
    indicators depending on a refreshed indicator are refreshed too.
    """
    started = _time.monotonic()
    today = today or timezone.localdate()
    now = timezone.now()
    regions = _expand_regions(region_ids)
    years = sorted({int(y) for y in years}) if years else None
    catalogue = {i.code: i for i in Indicator.objects.active()}
    wanted = set(catalogue) if codes is None else {c for c in codes if c in catalogue}
    result = RefreshResult()
    spans: list[tuple[int, int]] = []

    for family in providers.families():
        family_codes = [c for c in family.codes if c in wanted]
        if not family_codes:
            continue
        step = _time.monotonic()
        written, span = refresh_family(
            family, codes=family_codes, region_ids=regions, years=years, today=today, now=now
        )
        result.written[family.key] = written
        result.timings[family.key] = _time.monotonic() - step
        if span:
            spans.append(span)

    entered = [i for c, i in catalogue.items() if c in wanted and i.source == Indicator.Source.ENTERED]
    if entered:
        first, last = (years[0], years[-1]) if years else (EARLIEST_YEAR, today.year + 1)
        step = _time.monotonic()
        result.written["entered"] = _refresh_entered(entered, regions, first, last, now)
        result.timings["entered"] = _time.monotonic() - step
        spans.append((first, last))

    # A ratio follows its terms: refresh it when it or either of its terms was asked for.
    by_id = {i.pk: i.code for i in catalogue.values()}
    ratios = [
        i
        for i in catalogue.values()
        if i.is_ratio
        and (i.code in wanted or by_id.get(i.numerator_id) in wanted or by_id.get(i.denominator_id) in wanted)
    ]
    if ratios:
        first = min((s[0] for s in spans), default=years[0] if years else EARLIEST_YEAR)
        last = max((s[1] for s in spans), default=years[-1] if years else today.year + 1)
        step = _time.monotonic()
        result.written["ratios"] = _refresh_ratios(ratios, regions, first, last, now)
        result.timings["ratios"] = _time.monotonic() - step
        wanted |= {i.code for i in ratios}

    Indicator.objects.filter(code__in=wanted).update(refreshed_at=now)
    result.codes = sorted(wanted)
    result.seconds = _time.monotonic() - started
    logger.info("Rollup refreshed %s in %.2fs: %s", result.codes, result.seconds, result.written)
    return result
