"""Staff pages: the review queue (待审核), the cultivation pipeline (梯度培育), the reserve pool, imports."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core.errors import DomainError
from bureau.core.excel import xlsx_response
from bureau.core.jobs import start_job
from bureau.core.scoping import get_visible_or_404
from enterprises.models import Organization
from enterprises.rules.cultivation import CULTIVATION_DEFAULT, STAGES

from .. import permissions as perm
from ..exports import DIRECT_EXPORT_LIMIT, export_filename, pipeline_sheets
from ..forms import ImportForm, PipelineForm, ReasonForm, ReserveAddForm
from ..models import ReserveEntry
from ..selectors import candidates, hightech_awaiting, last_rollup, queue_counts, sme_awaiting, stage_counts
from ..services import pipeline as pipeline_services
from .common import add_errors, page_of, staff_required


@staff_required
def queue(request):
    """Everything waiting for the user's review: SME evaluations and high-tech applications."""
    return render(
        request,
        "certification/staff/queue.html",
        {
            "sme": list(sme_awaiting(request.user)[:200]),
            "hightech": list(hightech_awaiting(request.user)[:200]),
            "counts": queue_counts(request.user),
            "is_city": perm.is_city_officer(request.user),
            "is_county": request.user.has_role("county_staff"),
        },
    )


@staff_required
def pipeline(request):
    """Counts per stage by county for a year, and the candidates for each next stage with their gaps."""
    form = PipelineForm(request.GET or None, user=request.user)
    if not form.is_bound:
        form = PipelineForm({"year": timezone.localdate().year}, user=request.user)
    year = form.year_value()
    counts = stage_counts(request.user, year)
    rows = form.filter(candidates(request.user, year)).select_related("organization", "region")
    rows = rows.order_by("-candidate", "gap_count", "region__sort_order", "organization__name", "pk")
    page = page_of(request, rows, size=20)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "certification/pipeline/pipeline.html",
        {
            "form": form,
            "year": year,
            "counts": counts,
            "page_obj": page,
            "computed_at": last_rollup(year),
            "export_url": reverse("certification:pipeline-export") + ("?" + query.urlencode() if query else ""),
            "policy": CULTIVATION_DEFAULT,
            "stages": STAGES,
            "can_refresh": perm.is_reviewer(request.user),
        },
    )


@staff_required
def pipeline_export(request):
    form = PipelineForm(request.GET or None, user=request.user)
    if not form.is_bound:
        form = PipelineForm({"year": timezone.localdate().year}, user=request.user)
    year = form.year_value()
    rows = form.filter(candidates(request.user, year)).select_related("organization", "region")
    rows = rows.order_by("region__sort_order", "target_stage", "gap_count", "organization__name")
    if rows.count() <= DIRECT_EXPORT_LIMIT:
        content = pipeline_sheets(stage_counts(request.user, year), rows)
        from bureau.core.excel import build_xlsx

        return xlsx_response(build_xlsx(content), export_filename(_("梯度培育")))
    job = start_job(
        actor=request.user,
        kind="certification.export_pipeline",
        title=_("导出%(year)s年梯度培育名单") % {"year": year},
        params={"filters": {k: v for k, v in request.GET.items() if k != "page"}},
    )
    messages.info(request, _("数据较多，已转入后台导出，完成后会通知您。"))
    return redirect("jobs:detail", job.pk)


@staff_required
@require_POST
def pipeline_refresh(request):
    """Recompute the candidates and gaps now (it also runs every night)."""
    if not perm.is_reviewer(request.user):
        raise PermissionDenied
    year = int(request.POST.get("year") or timezone.localdate().year)
    job = start_job(
        actor=request.user,
        kind="certification.refresh_cultivation",
        title=_("重新计算%(year)s年梯度培育状态") % {"year": year},
        params={"year": year},
    )
    return redirect("jobs:detail", job.pk)


@staff_required
def reserve_list(request):
    """The high-tech reserve pool (高企后备库) in the user's scope."""
    entries = ReserveEntry.objects.visible_to(request.user).with_relations()
    status = request.GET.get("status", "active")
    if status in ReserveEntry.Status.values:
        entries = entries.filter(status=status)
    q = (request.GET.get("q") or "").strip()
    if q:
        entries = entries.filter(organization__name__contains=q)
    page = page_of(request, entries.order_by("-added_on", "-pk"))
    return render(
        request,
        "certification/pipeline/reserve.html",
        {
            "page_obj": page,
            "status": status,
            "statuses": ReserveEntry.Status.choices,
            "q": q,
            "add_form": ReserveAddForm(),
            "remove_form": ReasonForm(),
            "can_edit": perm.is_reviewer(request.user),
        },
    )


@staff_required
@require_POST
def reserve_add(request):
    form = ReserveAddForm(request.POST)
    if form.is_valid():
        org = (
            Organization.objects.visible_to(request.user).filter(uscc=form.cleaned_data["uscc"].strip().upper()).first()
        )
        if org is None:
            messages.error(request, _("在您的管辖范围内没有找到该统一社会信用代码的单位。"))
        else:
            try:
                pipeline_services.add_to_reserve(actor=request.user, organization=org, note=form.cleaned_data["note"])
            except DomainError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("已将 %(org)s 纳入高企后备库。") % {"org": org.name})
    else:
        messages.error(request, _("请填写企业的统一社会信用代码。"))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("certification:reserve-list")
    return redirect(back)


@staff_required
@require_POST
def reserve_remove(request, pk: int):
    entry = get_visible_or_404(ReserveEntry.objects.all(), request.user, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写移出原因。"))
    else:
        pipeline_services.remove_from_reserve(
            actor=request.user,
            entry=entry,
            reason=form.cleaned_data["reason"],
            expected_version=form.cleaned_data.get("version"),
        )
        messages.success(request, _("已将 %(org)s 移出高企后备库。") % {"org": entry.organization.name})
    return redirect("certification:reserve-list")


@staff_required
def import_lists(request):
    """Import previous years' lists (SME registrations, certificates): checked row by row, all or nothing."""
    if not perm.is_result_recorder(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            try:
                job = start_job(
                    actor=request.user,
                    kind="certification.import_list",
                    title=_("导入%(what)s") % {"what": dict(ImportForm.KIND_CHOICES)[kind]},
                    params={"kind": kind},
                    input_file=form.cleaned_data["file"],
                )
            except DomainError as exc:
                add_errors(form, exc)
            else:
                return redirect("jobs:detail", job.pk)
    else:
        form = ImportForm(initial={"kind": request.GET.get("kind", "sme")})
    return render(request, "certification/staff/import.html", {"form": form})


TEMPLATES = {
    "sme": (
        _("科技型中小企业入库名单模板.xlsx"),
        ["企业名称", "统一社会信用代码", "评价年度", "入库登记编号", "入库日期"],
    ),
    "certificates": (
        _("高新技术企业认定名单模板.xlsx"),
        ["企业名称", "统一社会信用代码", "证书编号", "发证日期", "认定批次"],
    ),
}


@staff_required
def import_template(request, kind: str):
    """Send an empty list with the header row the import expects."""
    from bureau.core.excel import Column, Sheet, build_xlsx

    if kind not in TEMPLATES:
        raise PermissionDenied
    filename, headers = TEMPLATES[kind]
    columns = [Column(header, header, width=22) for header in headers]
    return xlsx_response(build_xlsx([Sheet(title=_("名单"), columns=columns, rows=[])]), str(filename))
