"""Excel exports of certification lists, and the background jobs for large exports, imports and the rollup."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.errors import DomainError
from bureau.core.excel import PERCENT, BadWorkbook, Column, Sheet, build_xlsx
from bureau.core.jobs import JobOutcome, job_handler

from .models import HighTechApplication, HighTechCertificate, SmeEvaluation
from .policy import CURRENT


def _org_columns() -> list[Column]:
    return [
        Column(_("企业名称"), "organization__name", width=36),
        Column(_("统一社会信用代码"), "organization__uscc", width=22),
        Column(_("所在县市区"), "organization__region__name", width=14),
        Column(
            _("所属行业"),
            lambda o: (
                f"{o.organization.industry.full_code} {o.organization.industry.name}"
                if o.organization.industry_id
                else ""
            ),
            width=24,
        ),
        Column(_("技术领域"), lambda o: o.organization.get_hightech_field_display(), width=16),
    ]


def sme_sheet(queryset) -> Sheet:
    rows = queryset.with_relations().order_by("-year", "organization__region__sort_order", "organization__name", "pk")
    columns = [
        Column(_("评价年度"), "year", width=9),
        *_org_columns(),
        Column(_("科技人员得分"), "staff_score", width=10),
        Column(_("研发投入得分"), "rd_score", width=10),
        Column(_("科技成果得分"), "ip_score", width=10),
        Column(_("综合得分"), "total_score", width=9),
        Column(_("直接认定"), lambda e: _("是") if e.direct else "", width=8),
        Column(_("状态"), lambda e: e.get_status_display(), width=12),
        Column(_("入库登记编号"), "registration_number", width=22),
        Column(_("入库日期"), "registered_on", width=12, number_format="yyyy-mm-dd"),
        Column(
            _("提交时间"),
            lambda e: timezone.localtime(e.submitted_at) if e.submitted_at else None,
            width=17,
            number_format="yyyy-mm-dd hh:mm",
        ),
    ]
    return Sheet(title=_("科技型中小企业评价"), columns=columns, rows=rows.iterator(chunk_size=2000))


def application_sheet(queryset, title=None) -> Sheet:
    rows = queryset.with_relations().order_by("-year", "organization__region__sort_order", "organization__name", "pk")
    columns = [
        Column(_("申报年度"), "year", width=9),
        *_org_columns(),
        Column(_("研发费用占比"), "rd_ratio", width=11, number_format=PERCENT),
        Column(_("占比要求"), "rd_required", width=9, number_format=PERCENT),
        Column(_("预计创新能力得分"), lambda a: f"{a.innovation_low}-{a.innovation_high}", width=14),
        Column(
            _("自测结论"), lambda a: _("符合（创新能力待专家评价）") if a.check_passed else _("有不符合项"), width=20
        ),
        Column(_("状态"), lambda a: a.get_status_display(), width=12),
        Column(
            _("县级推荐时间"),
            lambda a: timezone.localtime(a.county_reviewed_at) if a.county_reviewed_at else None,
            width=17,
            number_format="yyyy-mm-dd hh:mm",
        ),
        Column(
            _("市级推荐时间"),
            lambda a: timezone.localtime(a.city_reviewed_at) if a.city_reviewed_at else None,
            width=17,
            number_format="yyyy-mm-dd hh:mm",
        ),
        Column(_("联系人"), "contact_name", width=10),
        Column(_("联系电话"), "contact_phone", width=14),
    ]
    return Sheet(title=title or _("高新技术企业认定申请"), columns=columns, rows=rows.iterator(chunk_size=2000))


VALIDITY_LABELS = {
    "valid": _("有效"),
    "expiring": _("半年内到期"),
    "expired": _("已过期"),
    "cancelled": _("已取消资格"),
    "future": _("未生效"),
}


def certificate_sheet(queryset) -> Sheet:
    today = timezone.localdate()
    rows = queryset.with_relations().order_by("-issued_on", "organization__name", "pk")
    columns = [
        Column(_("证书编号"), "number", width=17),
        *_org_columns(),
        Column(_("发证日期"), "issued_on", width=12, number_format="yyyy-mm-dd"),
        Column(_("有效期至"), "expires_on", width=12, number_format="yyyy-mm-dd"),
        Column(_("证书状态"), lambda c: str(VALIDITY_LABELS[c.validity(today)]), width=12),
        Column(_("认定批次"), "batch", width=20),
        Column(_("来源"), lambda c: c.get_source_display(), width=10),
    ]
    return Sheet(title=_("高新技术企业证书"), columns=columns, rows=rows.iterator(chunk_size=2000))


def pipeline_sheets(counts: dict, rows) -> list[Sheet]:
    stages = counts["stages"]
    count_columns = [Column(_("县市区"), lambda r: r["region"].name, width=18)] + [
        Column(str(info.label), (lambda r, key=info.stage.value: r["counts"][key]), width=14) for info in stages
    ]
    total_row = {"region": type("T", (), {"name": _("合计")})(), "counts": counts["totals"]}
    count_sheet = Sheet(
        title=_("各阶段企业数"),
        columns=count_columns,
        rows=[*counts["rows"], total_row],
        note=_("%(year)s年梯度培育各阶段企业数（截至 %(day)s）") % {"year": counts["year"], "day": counts["as_of"]},
    )
    candidate_columns = [
        Column(_("企业名称"), "organization__name", width=36),
        Column(_("统一社会信用代码"), "organization__uscc", width=22),
        Column(_("所在县市区"), "region__name", width=14),
        Column(_("当前阶段"), lambda s: s.get_stage_display(), width=14),
        Column(_("培育目标"), lambda s: s.get_target_stage_display(), width=14),
        Column(_("已达条件"), lambda s: _("是") if s.candidate else _("否"), width=9),
        Column(_("差距"), lambda s: "\n".join(g["text"] for g in s.gaps), width=80),
    ]
    candidate_sheet = Sheet(title=_("培育对象及差距"), columns=candidate_columns, rows=rows)
    return [count_sheet, candidate_sheet]


def export_filename(what: str) -> str:
    return f"{what}_{timezone.localdate():%Y%m%d}.xlsx"


# --- Background jobs ----------------------------------------------------------------------------


def _query(params: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, value in (params or {}).items():
        query[key] = value
    return query


def filtered(kind: str, user, params: dict):
    """Return the list ``kind`` as ``user`` sees it, filtered like the page with ``params``."""
    from . import forms

    form_class, model = {
        "sme": (forms.SmeFilterForm, SmeEvaluation),
        "applications": (forms.ApplicationFilterForm, HighTechApplication),
        "certificates": (forms.CertificateFilterForm, HighTechCertificate),
    }[kind]
    form = form_class(_query(params), user=user)
    return form.filter(model.objects.visible_to(user))


SHEETS = {"sme": sme_sheet, "applications": application_sheet, "certificates": certificate_sheet}
TITLES = {
    "sme": _("科技型中小企业评价名单"),
    "applications": _("高新技术企业推荐名单"),
    "certificates": _("高新技术企业证书名单"),
}


def list_xlsx(kind: str, queryset, progress=None) -> bytes:
    return build_xlsx([SHEETS[kind](queryset)], progress=progress)


@job_handler("certification.export_list")
def export_list_job(job, progress) -> JobOutcome:
    kind = job.params["kind"]
    queryset = filtered(kind, job.owner, job.params.get("filters", {}))
    total = queryset.count()
    progress(done=0, total=total, message=_("正在导出…"), force=True)
    content = list_xlsx(
        kind,
        queryset,
        progress=lambda n: progress(
            done=n, total=total, message=_("已导出 %(n)s / %(total)s 条") % {"n": n, "total": total}
        ),
    )
    progress(done=total, total=total, force=True)
    return JobOutcome(message=_("已导出 %(n)s 条") % {"n": total}, file=(export_filename(str(TITLES[kind])), content))


@job_handler("certification.export_pipeline")
def export_pipeline_job(job, progress) -> JobOutcome:
    from .forms import PipelineForm
    from .selectors import candidates, stage_counts

    form = PipelineForm(_query(job.params.get("filters", {})), user=job.owner)
    year = form.year_value()
    counts = stage_counts(job.owner, year)
    rows = (
        form.filter(candidates(job.owner, year))
        .select_related("organization", "region")
        .order_by("region__sort_order", "target_stage", "gap_count", "organization__name")
    )
    total = rows.count()
    content = build_xlsx(
        pipeline_sheets(counts, rows.iterator(chunk_size=2000)),
        progress=lambda n: progress(
            done=n, total=total, message=_("已导出 %(n)s / %(total)s 家") % {"n": n, "total": total}
        ),
    )
    return JobOutcome(message=_("已导出 %(n)s 家企业") % {"n": total}, file=(export_filename(_("梯度培育")), content))


@job_handler("certification.refresh_cultivation")
def refresh_cultivation_job(job, progress) -> JobOutcome:
    from .services.pipeline import refresh_cultivation

    year = int(job.params.get("year") or timezone.localdate().year)
    n = refresh_cultivation(year=year, progress=progress)
    return JobOutcome(message=_("已重新计算 %(year)s 年 %(n)s 家企业的梯度培育状态") % {"year": year, "n": n})


@job_handler("certification.import_list", origin="certification:import")
def import_list_job(job, progress) -> JobOutcome:
    from .resources import CertificateResource, SmeRegistrationResource
    from .services.imports import run_import

    resource_class = {"sme": SmeRegistrationResource, "certificates": CertificateResource}[job.params["kind"]]
    try:
        with job.input_file.open("rb") as file:
            report = run_import(resource_class=resource_class, actor=job.owner, file=file, progress=progress)
    except BadWorkbook as exc:
        raise DomainError(str(exc)) from None
    if not report.ok:
        return JobOutcome(
            message=_("共 %(rows)s 行，发现 %(n)s 处错误，未导入任何数据。")
            % {"rows": report.rows, "n": len(report.errors)},
            result=report.as_dict(),
            failed=True,
        )
    skipped = report.rows - report.created - report.updated
    return JobOutcome(
        message=_("共 %(rows)s 行：新增 %(created)s 条，更新 %(updated)s 条，已存在跳过 %(skipped)s 条。")
        % {"rows": report.rows, "created": report.created, "updated": report.updated, "skipped": skipped},
        result=report.as_dict(),
    )


DIRECT_EXPORT_LIMIT = CURRENT.direct_export_limit
