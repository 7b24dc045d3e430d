"""Background job of the projects app: the export of a long application list."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.jobs import JobOutcome, job_handler

EXPORT_KIND = "projects.export"


@job_handler(EXPORT_KIND)
def run_export(job, progress) -> JobOutcome:
    """Export the owner's filtered application list to Excel."""
    from .exports import applications_xlsx
    from .filters import ApplicationFilter
    from .selectors import applications_for

    params = QueryDict(mutable=True)
    for key, value in (job.params.get("filters") or {}).items():
        params[key] = value
    queryset = ApplicationFilter(params, queryset=applications_for(job.owner)).qs.order_by("-submitted_at", "-pk")
    total = queryset.count()
    progress(done=0, total=total, message=_("正在导出"), force=True)
    content = applications_xlsx(
        queryset,
        progress=lambda n: progress(
            done=n, total=total, message=_("已导出 %(n)s / %(total)s 条") % {"n": n, "total": total}
        ),
    )
    return JobOutcome(
        file=(f"项目申报_{timezone.localdate():%Y%m%d}.xlsx", content),
        message=_("已导出 %(n)s 条项目申报。") % {"n": total},
    )
