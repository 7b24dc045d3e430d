"""Indicators computed from certification (``enterprises.certification``): high-tech and SME.

Counted by the region the enterprise is registered in, like every registry figure:

- hightech.valid: high-tech enterprises in force at the period's end (a stock): a
  certificate counts from its date of issue to its last day (``expires_on``), or until
  the day its qualification was cancelled. An enterprise holding two overlapping
  certificates (re-certified before the old one ran out) counts once. Sliced by the
  enterprise's technical field.
- hightech.new: certificates issued in the period (a flow), by date of issue, re-
  certifications included, certificates since cancelled left out.
- sme.registered: SME registrations (入库登记编号 recorded) of the evaluation year, in
  the month of registration (a flow; a registration dated outside its evaluation year
  is put at that year's edge, so the year's total is the year's list). Revoked
  registrations are left out: the province strikes them from its list.
- sme.valid: SME registrations in force at the period's end (a stock): from the day of
  registration to the end of the evaluation year (``valid_until``), or to revocation.

A stock is written as changes (+1 the month a span starts, -1 the month of the first
day it no longer covers), so the rollup's running sum is the count at each month's end.

The figures change when certification transitions commit (a certificate recorded on an
application, a cancellation, an SME registration or its revocation) and when a record is
created already in force (a province list imported, a certificate entered on its own),
which sends no transition: ``creations`` catches those.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from bureau.core.formatting import iso_date

from . import Column, DrillDown, Family, IndicatorSpec, Scope, local_bounds

APP = "certification"
CERTIFICATE = (APP, "HighTechCertificate")
APPLICATION = (APP, "HighTechApplication")
EVALUATION = (APP, "SmeEvaluation")

FIELD_NONE = "none"


def _model(key):
    return apps.get_model(*key)


def _field_categories():
    from enterprises.models import HighTechField

    return tuple((value, str(label)) for value, label in HighTechField.choices)


# --- SQL ------------------------------------------------------------------------------

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


# --- Drill-down -------------------------------------------------------------------------


def _link(name: str, params: dict) -> str:
    """Link to a certification list with the same filters, when the app serves it."""
    try:
        return f"{reverse(name)}?{urlencode(params)}"
    except NoReverseMatch:
        return ""


def _url(name: str):
    """Return a function giving a record's page in the certification app ("" when not served)."""

    def href(obj) -> str:
        try:
            return reverse(name, args=[obj.pk])
        except NoReverseMatch:
            return ""

    return href


def _region_param(params: dict, regions) -> list:
    regions = list(regions)
    if len(regions) == 1:  # the list filters one county or park; a city is the whole list
        params["region"] = regions[0].pk
    return regions


def _field_filter(breakdown: str, path: str) -> tuple[Q, str]:
    dimension, _sep, key = breakdown.partition(":")
    if dimension != "field":
        return Q(), ""
    if key == FIELD_NONE:
        return Q(**{f"{path}__in": [FIELD_NONE, ""]}), ""
    return Q(**{path: key}), key


def _certificate_columns():
    return [
        Column(_("证书编号"), lambda c: c.number),
        Column(_("企业名称"), lambda c: c.organization.name, href=_url("certification:certificate-detail")),
        Column(_("所在区划"), lambda c: c.organization.region.label),
        Column(_("技术领域"), lambda c: c.organization.get_hightech_field_display()),
        Column(_("发证日期"), lambda c: iso_date(c.issued_on)),
        Column(_("有效期至"), lambda c: iso_date(c.expires_on)),
        Column(_("状态"), lambda c: c.get_status_display()),
    ]


def certificates_in_force(queryset, day, after_day):
    """Narrow certificates to those in force at the end of ``day`` (``after_day``: the instant after it)."""
    return queryset.filter(issued_on__lte=day, expires_on__gte=day).filter(
        Q(status="valid") | Q(status="cancelled", cancelled_at__gte=after_day)
    )


def valid_hightech_records(*, code, regions, period, breakdown="") -> DrillDown:
    """Return the enterprises counted in hightech.valid: one certificate each, the latest in force."""
    Certificate = _model(CERTIFICATE)
    _start, end = local_bounds(period)
    in_force = certificates_in_force(Certificate.objects.all(), period.end, end)
    later = in_force.filter(organization=OuterRef("organization")).filter(
        Q(issued_on__gt=OuterRef("issued_on")) | Q(issued_on=OuterRef("issued_on"), pk__gt=OuterRef("pk"))
    )
    condition, field = _field_filter(breakdown, "organization__hightech_field")
    qs = (
        in_force.filter(organization__region__in=regions)
        .filter(condition)
        .filter(~Exists(later))
        .select_related("organization", "organization__region")
        .order_by("organization__region__sort_order", "organization__name", "pk")
    )
    params = {"status": "valid"}
    _region_param(params, regions)
    if field:
        params["field"] = field
    return DrillDown(
        queryset=qs,
        columns=_certificate_columns(),
        app_url=_link("certification:certificate-list", params),
        app_label=_("在高新技术企业证书中查看（当前有效）"),
        note=_("统计期末证书在有效期内且未被取消资格的高新技术企业；同一企业有两张有效证书时列最新一张。"),
    )


def new_hightech_records(*, code, regions, period, breakdown="") -> DrillDown:
    """Return the certificates counted in hightech.new: issued in the period, not cancelled."""
    Certificate = _model(CERTIFICATE)
    condition, field = _field_filter(breakdown, "organization__hightech_field")
    qs = (
        Certificate.objects.filter(
            status="valid",
            issued_on__gte=period.start,
            issued_on__lte=period.end,
            organization__region__in=regions,
        )
        .filter(condition)
        .select_related("organization", "organization__region")
        .order_by("-issued_on", "pk")
    )
    params = {"year": period.year}
    _region_param(params, regions)
    if field:
        params["field"] = field
    return DrillDown(
        queryset=qs,
        columns=_certificate_columns(),
        app_url=_link("certification:certificate-list", params),
        app_label=_("在高新技术企业证书中查看（全年发证，含已取消资格）"),
        note=_("统计期内发证的高新技术企业证书（含重新认定），不含此后被取消资格的。"),
    )


def _registration_columns():
    return [
        Column(_("入库登记编号"), lambda e: e.registration_number),
        Column(_("企业名称"), lambda e: e.organization.name, href=_url("certification:sme-detail")),
        Column(_("所在区划"), lambda e: e.organization.region.label),
        Column(_("评价年度"), lambda e: e.year),
        Column(_("入库日期"), lambda e: iso_date(e.registered_on) if e.registered_on else "—"),
        Column(_("有效期至"), lambda e: iso_date(e.valid_until) if e.valid_until else "—"),
        Column(_("状态"), lambda e: e.get_status_display()),
    ]


def _sme_link(period, regions) -> str:
    params = {"year": period.year, "status": "registered"}
    _region_param(params, regions)
    return _link("certification:sme-staff-list", params)


def registered_sme_records(*, code, regions, period, breakdown="") -> DrillDown:
    """Return the registrations counted in sme.registered: of the period's year, dated in the period."""
    Evaluation = _model(EVALUATION)
    first, last = period.start, period.end
    # The same day the SQL uses: a registration dated outside its year sits at the year's edge.
    dated = Q(registered_on__gte=first, registered_on__lte=last)
    if period.months[0] == 1:
        dated |= Q(registered_on__lt=first)
    if period.months[1] == 12:
        dated |= Q(registered_on__gt=last) | Q(registered_on__isnull=True)
    qs = (
        Evaluation.objects.filter(status="registered", year=period.year, organization__region__in=regions)
        .exclude(registration_number="")
        .filter(dated)
        .select_related("organization", "organization__region")
        .order_by("-registered_on", "pk")
    )
    return DrillDown(
        queryset=qs,
        columns=_registration_columns(),
        app_url=_sme_link(period, regions),
        app_label=_("在科技型中小企业评价中查看（该评价年度已入库）"),
        note=_("评价年度为统计期所在年度、统计期内取得入库登记编号的科技型中小企业，不含已撤销的。"),
    )


def valid_sme_records(*, code, regions, period, breakdown="") -> DrillDown:
    """Return the registrations counted in sme.valid: in force at the period's end."""
    Evaluation = _model(EVALUATION)
    _start, end = local_bounds(period)
    day = period.end
    in_force = (
        Evaluation.objects.exclude(registration_number="")
        .filter(registered_on__lte=day)
        .filter(Q(valid_until__gte=day) | Q(valid_until__isnull=True, year__gte=day.year))
        .filter(Q(status="registered") | Q(status="revoked", revoked_at__gte=end))
    )
    same_day_later = Q(registered_on=OuterRef("registered_on"), pk__gt=OuterRef("pk"))
    later = in_force.filter(organization=OuterRef("organization")).filter(
        Q(registered_on__gt=OuterRef("registered_on")) | same_day_later
    )
    qs = (
        in_force.filter(organization__region__in=regions)
        .filter(~Exists(later))
        .select_related("organization", "organization__region")
        .order_by("organization__region__sort_order", "organization__name", "pk")
    )
    return DrillDown(
        queryset=qs,
        columns=_registration_columns(),
        app_url=_sme_link(period, regions),
        app_label=_("在科技型中小企业评价中查看（该评价年度已入库）"),
        note=_("统计期末入库登记在有效期内（入库之日至评价年度末）且未被撤销的科技型中小企业。"),
    )


# --- What changes the figures -------------------------------------------------------------


def _local_year(moment) -> int:
    return timezone.localtime(moment).year if moment else timezone.localdate().year


def watch_certificate(instance, log) -> Scope | None:
    """A cancellation ends a certificate's count from its day on (and drops it from the year it was issued)."""
    if log.to_state != "cancelled":
        return None
    years = {instance.issued_on.year, _local_year(instance.cancelled_at)}
    return Scope(region_ids=frozenset({instance.organization.region_id}), years=frozenset(years))


def watch_application(instance, log) -> Scope | None:
    """Recording the province's certificate on an application adds that certificate."""
    if log.to_state != "certified":
        return None
    issued = list(_model(CERTIFICATE).objects.filter(application=instance).values_list("issued_on", flat=True))
    if not issued:
        return None
    return Scope(region_ids=frozenset({instance.organization.region_id}), years=frozenset(day.year for day in issued))


def watch_evaluation(instance, log) -> Scope | None:
    """An SME registration (入库) or its revocation changes both SME figures."""
    if "registered" not in (log.from_state, log.to_state):
        return None
    years = {instance.year}
    if instance.registered_on:
        years.add(instance.registered_on.year)
    if instance.revoked_at:
        years.add(_local_year(instance.revoked_at))
    return Scope(region_ids=frozenset({instance.organization.region_id}), years=frozenset(years))


def created_certificate(instance) -> Scope | None:
    """A certificate entered on its own or imported from the province's list (no transition tells)."""
    if instance.application_id is not None:  # its application's "certified" transition tells
        return None
    return Scope(region_ids=frozenset({instance.organization.region_id}), years=frozenset({instance.issued_on.year}))


def created_evaluation(instance) -> Scope | None:
    """A registration imported from a previous year's list is created already registered."""
    if instance.status != "registered":
        return None
    years = {instance.year} | ({instance.registered_on.year} if instance.registered_on else set())
    return Scope(region_ids=frozenset({instance.organization.region_id}), years=frozenset(years))


# --- The families ---------------------------------------------------------------------------


def families() -> list[Family]:
    try:
        certificates = _model(CERTIFICATE)
        evaluations = _model(EVALUATION)
        application_label = _model(APPLICATION)._meta.label
    except LookupError:
        return []
    tables = {"certificates": certificates._meta.db_table, "evaluations": evaluations._meta.db_table}
    certificate_label = certificates._meta.label
    evaluation_label = evaluations._meta.label
    hightech_watches = {certificate_label: watch_certificate, application_label: watch_application}
    hightech_creations = {certificate_label: created_certificate}
    sme_watches = {evaluation_label: watch_evaluation}
    sme_creations = {evaluation_label: created_evaluation}
    fields = {"field": _field_categories()}
    first_certificate = f"SELECT min(issued_on) FROM {tables['certificates']}"
    return [
        Family(
            key="certification.hightech_valid",
            kind="stock",
            indicators=(
                IndicatorSpec(
                    code="hightech.valid",
                    name="有效高新技术企业数",
                    unit="家",
                    value_type="count",
                    definition=(
                        "统计期末证书在有效期内（发证之日起三年）且未被取消资格的高新技术企业数量，"
                        "按企业注册所在区划统计；同一企业持有两张有效证书的计一家。"
                    ),
                    source_note="高新技术企业认定",
                    is_key=True,
                    sort_order=50,
                    breakdowns=("field",),
                ),
            ),
            sql=stock_sql("hightech.valid", CERTIFICATE_SPANS.format(**tables), by_field=True),
            first_date_sql=first_certificate,
            categories=fields,
            records=valid_hightech_records,
            watches=hightech_watches,
            creations=hightech_creations,
        ),
        Family(
            key="certification.hightech_new",
            kind="flow",
            indicators=(
                IndicatorSpec(
                    code="hightech.new",
                    name="新认定高新技术企业数",
                    unit="家",
                    value_type="count",
                    definition=(
                        "统计期内发证的高新技术企业证书数量（含到期重新认定），以发证日期归属统计期，"
                        "按企业注册所在区划统计；不含此后被取消资格的。"
                    ),
                    source_note="高新技术企业认定",
                    is_key=True,
                    sort_order=51,
                    breakdowns=("field",),
                ),
            ),
            sql=NEW_CERTIFICATES_SQL.format(**tables),
            first_date_sql=first_certificate,
            categories=fields,
            records=new_hightech_records,
            watches=hightech_watches,
            creations=hightech_creations,
        ),
        Family(
            key="certification.sme_registered",
            kind="flow",
            indicators=(
                IndicatorSpec(
                    code="sme.registered",
                    name="科技型中小企业入库数",
                    unit="家",
                    value_type="count",
                    definition=(
                        "评价年度内取得入库登记编号的科技型中小企业数量，以入库日期归属统计期（全年数即该年度入库名单），"
                        "按企业注册所在区划统计；不含已撤销入库登记的。"
                    ),
                    source_note="科技型中小企业评价",
                    is_key=True,
                    sort_order=52,
                ),
            ),
            sql=SME_REGISTERED_SQL.format(**tables),
            first_date_sql=(
                f"SELECT make_date(min(year), 1, 1) FROM {tables['evaluations']} WHERE status = 'registered'"
            ),
            records=registered_sme_records,
            watches=sme_watches,
            creations=sme_creations,
        ),
        Family(
            key="certification.sme_valid",
            kind="stock",
            indicators=(
                IndicatorSpec(
                    code="sme.valid",
                    name="有效科技型中小企业数",
                    unit="家",
                    value_type="count",
                    definition=(
                        "统计期末入库登记在有效期内（入库之日至评价年度 12 月 31 日）且未被撤销的科技型中小企业数量，"
                        "按企业注册所在区划统计。"
                    ),
                    source_note="科技型中小企业评价",
                    sort_order=53,
                ),
            ),
            sql=stock_sql("sme.valid", REGISTRATION_SPANS.format(**tables), by_field=False),
            first_date_sql=(
                f"SELECT min(registered_on) FROM {tables['evaluations']} WHERE status IN ('registered', 'revoked')"
            ),
            records=valid_sme_records,
            watches=sme_watches,
            creations=sme_creations,
        ),
    ]
