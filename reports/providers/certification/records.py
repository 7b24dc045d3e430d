"""Drill-down of the certification indicators: the certificates and registrations behind a figure."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from bureau.core.formatting import iso_date

from .. import Column, DrillDown, local_bounds
from ._common import CERTIFICATE, EVALUATION, _model

FIELD_NONE = "none"


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
