"""Background job handlers of the reports app: imports and the work-summary pack.

Each runs in the Celery worker with progress the owner sees at /jobs/<id>/, and the
job core sends the owner an inbox message with the link when it ends.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _

from bureau.core.errors import DomainError
from bureau.core.excel import build_xlsx
from bureau.core.jobs import JobOutcome, job_handler

from .periods import BadPeriod, Period


def _import_outcome(report) -> JobOutcome:
    if not report.ok:
        return JobOutcome(
            message=_("发现 %(n)s 处错误，未导入任何数据。") % {"n": len(report.errors)},
            result=report.as_dict(),
            failed=True,
        )
    return JobOutcome(
        message=_("已导入 %(rows)s 行：新增 %(created)s 条，更新 %(updated)s 条。")
        % {"rows": report.rows, "created": report.created, "updated": report.updated},
        result=report.as_dict(),
    )


@job_handler("reports.import_targets", origin="reports:import", origin_args=("targets",))
def import_targets_job(job, progress) -> JobOutcome:
    from .services.imports import import_targets

    progress(done=0, message=_("正在检查导入文件……"), force=True)
    with job.input_file.open("rb") as file:
        return _import_outcome(import_targets(actor=job.owner, file=file))


@job_handler("reports.import_entered", origin="reports:import", origin_args=("entered",))
def import_entered_job(job, progress) -> JobOutcome:
    from .services.imports import import_entered_values

    progress(done=0, message=_("正在检查导入文件……"), force=True)
    with job.input_file.open("rb") as file:
        return _import_outcome(import_entered_values(actor=job.owner, file=file))


@job_handler("reports.summary")
def summary_job(job, progress) -> JobOutcome:
    """Build the half-year or annual work-summary pack (工作总结数据) as Excel."""
    from . import exports, selectors

    try:
        period = Period.parse(job.params.get("period", ""))
    except BadPeriod:
        raise DomainError(_("统计期无效。")) from None
    try:
        region = selectors.region_for(job.owner, job.params.get("region") or None)
    except Http404:
        raise DomainError(_("无权生成该区域的报表。")) from None
    sheets = exports.summary_sheets(region=region, period=period, progress=progress)
    content = build_xlsx(sheets)
    name = f"{region.name}{period.label}科技工作主要指标.xlsx"
    return JobOutcome(message=_("已生成 %(name)s") % {"name": name}, file=(name, content))
