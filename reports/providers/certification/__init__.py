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

The SQL is in ``sql``, the drill-down lists in ``records``, what changes the figures in
``watches``; this module defines the families.
"""

from __future__ import annotations

from .. import Family, IndicatorSpec
from ._common import APP, APPLICATION, CERTIFICATE, EVALUATION, _model
from .records import (
    FIELD_NONE,
    certificates_in_force,
    new_hightech_records,
    registered_sme_records,
    valid_hightech_records,
    valid_sme_records,
)
from .sql import (
    CERTIFICATE_SPANS,
    NEW_CERTIFICATES_SQL,
    REGISTERED_DAY,
    REGISTRATION_SPANS,
    SME_REGISTERED_SQL,
    stock_sql,
)
from .watches import created_certificate, created_evaluation, watch_application, watch_certificate, watch_evaluation

__all__ = [
    "APP",
    "APPLICATION",
    "CERTIFICATE",
    "CERTIFICATE_SPANS",
    "EVALUATION",
    "FIELD_NONE",
    "NEW_CERTIFICATES_SQL",
    "REGISTERED_DAY",
    "REGISTRATION_SPANS",
    "SME_REGISTERED_SQL",
    "certificates_in_force",
    "created_certificate",
    "created_evaluation",
    "families",
    "new_hightech_records",
    "registered_sme_records",
    "stock_sql",
    "valid_hightech_records",
    "valid_sme_records",
    "watch_application",
    "watch_certificate",
    "watch_evaluation",
]


def _field_categories():
    from enterprises.models import HighTechField

    return tuple((value, str(label)) for value, label in HighTechField.choices)


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
