"""SQL of the certification indicators: certificate and registration spans, merged into monthly changes."""

from __future__ import annotations

# The first day a certificate no longer counts: the day after its last day, or the
# (local) day its qualification was cancelled, whichever comes first.
CERTIFICATE_SPANS = """
SELECT c.organization_id, c.issued_on AS s,
       CASE WHEN c.status = 'cancelled'
            THEN least(c.expires_on + 1, coalesce((c.cancelled_at AT TIME ZONE %(tz)s)::date, c.issued_on))
            ELSE c.expires_on + 1 END AS e
FROM {certificates} c
WHERE c.issued_on < %(end)s
"""

# A registration counts from its date to the end of its evaluation year, or to revocation.
REGISTRATION_SPANS = """
SELECT r.organization_id, r.registered_on AS s,
       CASE WHEN r.status = 'revoked'
            THEN least(coalesce(r.valid_until, make_date(r.year, 12, 31)) + 1,
                       coalesce((r.revoked_at AT TIME ZONE %(tz)s)::date, r.registered_on))
            ELSE coalesce(r.valid_until, make_date(r.year, 12, 31)) + 1 END AS e
FROM {evaluations} r
WHERE r.status IN ('registered', 'revoked') AND r.registration_number <> ''
  AND r.registered_on IS NOT NULL AND r.registered_on < %(end)s
"""


def stock_sql(code: str, spans: str, *, by_field: bool) -> str:
    """Return a stock family's SQL: one enterprise's overlapping spans merged, then +1/-1 per month.

    Merging (gaps and islands: a span starts a new island when it begins after every
    earlier span of the enterprise has ended) keeps an enterprise with two certificates
    in force from counting twice.
    """
    if by_field:
        field = "coalesce(nullif(o.hightech_field, ''), 'none')"
        breakdown = "CASE WHEN GROUPING(field) = 1 THEN '' ELSE 'field:' || field END"
        sets = "GROUPING SETS ((region_id, month), (region_id, month, field))"
    else:
        field, breakdown, sets = "''", "''", "region_id, month"
    return f"""
WITH spans AS ({spans}),
ordered AS (
    SELECT organization_id, s, e,
           max(e) OVER (PARTITION BY organization_id ORDER BY s, e
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM spans WHERE e > s
),
islands AS (
    SELECT organization_id, s, e,
           count(*) FILTER (WHERE reach IS NULL OR s > reach)
               OVER (PARTITION BY organization_id ORDER BY s, e ROWS UNBOUNDED PRECEDING) AS island
    FROM ordered
),
merged AS (
    SELECT organization_id, min(s) AS s, max(e) AS e FROM islands GROUP BY organization_id, island
),
changes AS (
    SELECT organization_id, date_trunc('month', s::timestamp)::date AS month, 1 AS n FROM merged
    UNION ALL
    SELECT organization_id, date_trunc('month', e::timestamp)::date, -1 FROM merged WHERE e < %(end)s
),
fine AS (
    SELECT o.region_id, ch.month, {field} AS field, sum(ch.n) AS n
    FROM changes ch JOIN enterprises_organization o ON o.id = ch.organization_id
    GROUP BY 1, 2, 3
)
SELECT '{code}' AS code, region_id, month, {breakdown} AS breakdown, sum(n)::numeric AS value
FROM fine
GROUP BY {sets}
"""


NEW_CERTIFICATES_SQL = """
WITH fine AS (
    SELECT o.region_id, date_trunc('month', c.issued_on::timestamp)::date AS month,
           coalesce(nullif(o.hightech_field, ''), 'none') AS field, count(*) AS n
    FROM {certificates} c JOIN enterprises_organization o ON o.id = c.organization_id
    WHERE c.status = 'valid' AND c.issued_on >= %(start)s AND c.issued_on < %(end)s
    GROUP BY 1, 2, 3
)
SELECT 'hightech.new' AS code, region_id, month,
       CASE WHEN GROUPING(field) = 1 THEN '' ELSE 'field:' || field END AS breakdown,
       sum(n)::numeric AS value
FROM fine
GROUP BY GROUPING SETS ((region_id, month), (region_id, month, field))
"""

# The registration's day, kept inside its evaluation year (an import without a date
# gets 31 December, the last day the province's list of that year can be dated).
REGISTERED_DAY = (
    "greatest(make_date(r.year, 1, 1), least(coalesce(r.registered_on, make_date(r.year, 12, 31)), "
    "make_date(r.year, 12, 31)))"
)

SME_REGISTERED_SQL = f"""
WITH regs AS (
    SELECT o.region_id, {REGISTERED_DAY} AS day
    FROM {{evaluations}} r JOIN enterprises_organization o ON o.id = r.organization_id
    WHERE r.status = 'registered' AND r.registration_number <> ''
      AND r.year >= extract(year FROM %(start)s::date) AND r.year <= extract(year FROM %(end)s::date)
)
SELECT 'sme.registered' AS code, region_id, date_trunc('month', day::timestamp)::date AS month,
       '' AS breakdown, count(*)::numeric AS value
FROM regs
WHERE day >= %(start)s AND day < %(end)s
GROUP BY 2, 3
"""
