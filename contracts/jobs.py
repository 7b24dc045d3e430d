"""Background jobs of contract registration: import of historical contracts, list exports."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone

from bureau.core.excel import BadWorkbook
from bureau.core.jobs import JobOutcome, job_handler

IMPORT_KIND = "contracts.import"
EXPORT_KIND = "contracts.export"


@job_handler(IMPORT_KIND, origin="contracts:import")
def run_import(job, progress) -> JobOutcome:
    """Import the uploaded workbook all-or-nothing and report every bad row."""
    from .imports import import_contracts

    try:
        with job.input_file.open("rb") as handle:
            report = import_contracts(handle, progress=progress)
    except BadWorkbook as exc:
        return JobOutcome(message=str(exc), failed=True)
    result = report.as_dict()
    result["error_count"] = getattr(report, "error_count", len(report.errors))
    if report.errors:
        return JobOutcome(
            message=f"文件共 {report.rows} 行，发现 {result['error_count']} 处错误，未导入任何合同。请修改后重新上传。",
            result=result,
            failed=True,
        )
    return JobOutcome(message=f"已导入 {report.created} 份历史技术合同。", result=result)


@job_handler(EXPORT_KIND)
def run_export(job, progress) -> JobOutcome:
    """Export the owner's filtered contract list to Excel."""
    from .exports import contracts_xlsx
    from .filters import ContractFilter
    from .selectors import contracts_for

    params = QueryDict(mutable=True)
    for key, value in (job.params.get("filters") or {}).items():
        params[key] = value
    queryset = ContractFilter(params, queryset=contracts_for(job.owner)).qs.order_by("-registered_on", "-pk")
    total = queryset.count()
    progress(done=0, total=total, message="正在导出", force=True)
    content = contracts_xlsx(
        queryset, progress=lambda n: progress(done=n, total=total, message=f"已导出 {n} / {total} 条")
    )
    name = f"技术合同_{timezone.localdate():%Y%m%d}.xlsx"
    return JobOutcome(file=(name, content), message=f"已导出 {total} 条技术合同。")
