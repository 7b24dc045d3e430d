"""Excel exports of the registry, and the background jobs that run the large ones."""

from __future__ import annotations

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.accounts.models import User
from bureau.core.errors import DomainError
from bureau.core.excel import BadWorkbook, Column, Sheet, build_xlsx
from bureau.core.jobs import JobOutcome, job_handler

from .models import Organization

#: Up to this many rows an export is sent at once; above it, it runs in the background.
DIRECT_EXPORT_LIMIT = 2000


def organization_columns() -> list[Column]:
    return [
        Column(_("统一社会信用代码"), "uscc", width=22),
        Column(_("单位名称"), "name", width=36),
        Column(_("县市区"), "region__name", width=16),
        Column(_("单位类型"), lambda o: o.get_kind_display(), width=12),
        Column(_("行业代码"), lambda o: o.industry.full_code if o.industry_id else "", width=10),
        Column(_("所属行业"), "industry__name", width=24),
        Column(_("技术领域"), lambda o: o.get_hightech_field_display(), width=18),
        Column(_("成立日期"), "registered_on", width=12, number_format="yyyy-mm-dd"),
        Column(_("核验状态"), lambda o: o.get_status_display(), width=12),
        Column(_("注册时间"), lambda o: timezone.localtime(o.created_at), width=18, number_format="yyyy-mm-dd hh:mm"),
        Column(_("联系人"), "contact_name", width=12),
        Column(_("联系电话"), "contact_phone", width=16),
    ]


def organizations_xlsx(queryset, progress=None) -> bytes:
    rows = queryset.with_relations().order_by("region__sort_order", "name", "pk").iterator(chunk_size=2000)
    sheet = Sheet(title=_("创新主体名录"), columns=organization_columns(), rows=rows)
    return build_xlsx([sheet], progress=progress)


def export_filename() -> str:
    return _("创新主体名录_%(date)s.xlsx") % {"date": timezone.localdate().strftime("%Y%m%d")}


def filtered_organizations(user: User, params: dict):
    """Return the organizations ``user`` sees, filtered like the staff list with ``params``."""
    from .forms import OrganizationFilterForm

    query = QueryDict(mutable=True)
    for key, value in (params or {}).items():
        query[key] = value
    form = OrganizationFilterForm(query)
    return form.filter(Organization.objects.visible_to(user))


@job_handler("enterprises.export_organizations")
def export_organizations(job, progress) -> JobOutcome:
    """Export the staff list with the filters the user had chosen (``job.params``)."""
    queryset = filtered_organizations(job.owner, job.params.get("filters", {}))
    total = queryset.count()
    progress(done=0, total=total, message=_("正在导出…"), force=True)
    content = organizations_xlsx(
        queryset,
        progress=lambda n: progress(
            done=n, total=total, message=_("已导出 %(n)s / %(total)s 条") % {"n": n, "total": total}
        ),
    )
    progress(done=total, total=total, force=True)
    return JobOutcome(message=_("已导出 %(n)s 条") % {"n": total}, file=(export_filename(), content))


@job_handler("enterprises.import_organizations", origin="enterprises:org-import")
def import_organizations_job(job, progress) -> JobOutcome:
    from .services.imports import import_organizations

    return _run_import(import_organizations, job, progress)


@job_handler("enterprises.import_ip", origin="enterprises:org-import")
def import_ip_job(job, progress) -> JobOutcome:
    from .services.imports import import_ip

    return _run_import(import_ip, job, progress)


def _run_import(service, job, progress) -> JobOutcome:
    try:
        with job.input_file.open("rb") as file:
            report = service(actor=job.owner, file=file, progress=progress)
    except BadWorkbook as exc:
        raise DomainError(str(exc)) from None
    return _import_outcome(report)


def _import_outcome(report) -> JobOutcome:
    if not report.ok:
        return JobOutcome(
            message=_("共 %(rows)s 行，发现 %(n)s 处错误，未导入任何数据。")
            % {"rows": report.rows, "n": len(report.errors)},
            result=report.as_dict(),
            failed=True,
        )
    return JobOutcome(
        message=_("共 %(rows)s 行：新增 %(created)s 条，更新 %(updated)s 条。")
        % {"rows": report.rows, "created": report.created, "updated": report.updated},
        result=report.as_dict(),
    )
