"""Pages about indicators: the catalogue, targets, entered values, ranks, imports, summary pack."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bureau.core.excel import Column, Sheet, build_xlsx, xlsx_response
from bureau.core.jobs import start_job
from reports import selectors
from reports.formatting import plain
from reports.forms import UploadForm, rank_form_class, summary_form_class, value_grid_form
from reports.models import EnteredValue, Indicator, ProvinceRank, Target
from reports.periods import BadPeriod, Period
from reports.services import imports
from reports.services import indicators as services

from .dashboard import PERIOD_SUFFIXES


def _require_staff(user):
    if not user.is_staff_member:
        raise PermissionDenied


def _require_manager(user):
    if not services.can_manage_indicators(user):
        raise PermissionDenied


@login_required
def catalogue(request):
    """List every indicator with its definition, unit, source and how it adds up (指标目录)."""
    _require_staff(request.user)
    indicators = Indicator.objects.select_related("numerator", "denominator").order_by("sort_order", "code")
    source = request.GET.get("source", "")
    if source in Indicator.Source.values:
        indicators = indicators.filter(source=source)
    return render(
        request,
        "reports/catalogue.html",
        {
            "indicators": indicators,
            "sources": Indicator.Source.choices,
            "source": source,
            "can_manage": services.can_manage_indicators(request.user),
        },
    )


def _picked_indicator(request, queryset):
    code = request.GET.get("indicator") or request.POST.get("indicator")
    indicator = queryset.filter(code=code).first() if code else queryset.first()
    if indicator is None:
        raise Http404
    return indicator


def _picked_year(request) -> int:
    try:
        return int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None


def _grid_page(request, *, template, indicator, rows_by_region, regions, save, context):
    """Render or save a grid of one value per region; keep what was typed on errors."""
    Form = value_grid_form(regions)
    if request.method == "POST":
        _require_manager(request.user)
        form = Form(request.POST)
        if form.is_valid():
            save(form.cleaned_rows())
            messages.success(request, _("已保存。汇总数据将在后台更新。"))
            return redirect(request.get_full_path())
    else:
        initial = {}
        for region in regions:
            row = rows_by_region.get(region.pk)
            if row is not None:
                initial[f"value_{region.pk}"] = plain(indicator.to_display(row.value))
                initial[f"note_{region.pk}"] = row.note
                initial[f"version_{region.pk}"] = row.version
        form = Form(initial=initial)
    return render(
        request,
        template,
        {**context, "form": form, "indicator": indicator, "can_edit": services.can_manage_indicators(request.user)},
    )


@login_required
def targets(request):
    """Enter one indicator's annual targets for the city and every county and park."""
    _require_staff(request.user)
    indicator = _picked_indicator(request, Indicator.objects.active())
    year = _picked_year(request)
    regions = selectors.dashboard_regions()
    existing = {t.region_id: t for t in Target.objects.filter(indicator=indicator, year=year)}
    return _grid_page(
        request,
        template="reports/targets.html",
        indicator=indicator,
        rows_by_region=existing,
        regions=regions,
        save=lambda rows: services.save_targets(actor=request.user, indicator=indicator, year=year, rows=rows),
        context={
            "year": year,
            "years": [y for y, _label in _years()],
            "indicators": Indicator.objects.active(),
        },
    )


@login_required
def entered(request):
    """Enter one entered indicator's values (GDP, R&D spending ...) for a period, per region."""
    _require_staff(request.user)
    indicator = _picked_indicator(request, Indicator.objects.active().filter(source=Indicator.Source.ENTERED))
    try:
        period = Period.parse(request.GET.get("period") or f"{timezone.localdate().year - 1}-Y")
    except BadPeriod:
        raise Http404 from None
    if request.GET.get("year") and request.GET.get("p"):
        try:
            period = Period.parse(f"{request.GET['year']}-{request.GET['p']}")
        except BadPeriod:
            raise Http404 from None
    regions = selectors.dashboard_regions()
    existing = {
        e.region_id: e
        for e in EnteredValue.objects.filter(
            indicator=indicator, period=period.type, year=period.year, number=period.number
        )
    }
    return _grid_page(
        request,
        template="reports/entered.html",
        indicator=indicator,
        rows_by_region=existing,
        regions=regions,
        save=lambda rows: services.save_entered_values(
            actor=request.user, indicator=indicator, period=period, rows=rows
        ),
        context={
            "period": period,
            "period_suffix": period.key.split("-", 1)[1],
            "years": [y for y, _label in _years()],
            "suffixes": PERIOD_SUFFIXES,
            "indicators": Indicator.objects.active().filter(source=Indicator.Source.ENTERED),
        },
    )


def _years():
    this_year = timezone.localdate().year
    return [(y, f"{y}年") for y in range(this_year + 1, this_year - 6, -1)]


@login_required
def ranks(request):
    """Record the city's published rank in the province for an indicator and period."""
    _require_staff(request.user)
    indicators = Indicator.objects.active().filter(is_key=True)
    form = rank_form_class(indicators, PERIOD_SUFFIXES)(request.POST or None)
    if request.method == "POST":
        _require_manager(request.user)
        if form.is_valid():
            data = form.cleaned_data
            services.set_province_rank(
                actor=request.user,
                indicator=indicators.get(code=data["indicator"]),
                period=Period.parse(f"{data['year']}-{data['part']}"),
                rank=data["rank"],
                out_of=data["out_of"],
                note=data["note"],
            )
            messages.success(request, _("已保存全省排名。"))
            return redirect("reports:ranks")
    rows = ProvinceRank.objects.select_related("indicator").order_by("-year", "indicator__sort_order", "period")[:100]
    return render(
        request,
        "reports/ranks.html",
        {"form": form, "rows": rows, "can_edit": services.can_manage_indicators(request.user)},
    )


# --- Imports ------------------------------------------------------------------------

IMPORTS = {
    "targets": {
        "title": _("导入年度目标"),
        "job": "reports.import_targets",
        "headers": list(imports.TARGET_HEADERS),
        "back": "reports:targets",
    },
    "entered": {
        "title": _("导入指标数据"),
        "job": "reports.import_entered",
        "headers": list(imports.ENTERED_HEADERS),
        "back": "reports:entered",
    },
}


@login_required
def import_page(request, kind: str):
    """Upload an Excel file; the import runs as a background job with per-row errors."""
    spec = IMPORTS.get(kind)
    if spec is None:
        raise Http404
    _require_manager(request.user)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = start_job(
            actor=request.user, kind=spec["job"], title=str(spec["title"]), input_file=form.cleaned_data["file"]
        )
        return redirect("jobs:detail", job.pk)
    return render(request, "reports/import.html", {"form": form, "spec": spec, "kind": kind})


@login_required
def import_template(request, kind: str):
    """Download the import template: the headers, example rows, indicators and regions."""
    spec = IMPORTS.get(kind)
    if spec is None:
        raise Http404
    _require_staff(request.user)
    year = timezone.localdate().year
    city = selectors.city_region()
    if kind == "targets":
        examples = [
            {
                "indicator": "contracts.turnover.output",
                "region": city.code,
                "year": year,
                "value": 50,
                "unit": "亿元",
                "note": "",
            }
        ]
        keys = ["indicator", "region", "year", "value", "unit", "note"]
        indicators = Indicator.objects.active()
    else:
        examples = [
            {
                "indicator": "gdp",
                "region": city.code,
                "period": f"{year - 1}-Y",
                "value": 4200.5,
                "unit": "亿元",
                "note": "市统计局",
            }
        ]
        keys = ["indicator", "region", "period", "value", "unit", "note"]
        indicators = Indicator.objects.active().filter(source=Indicator.Source.ENTERED)
    data_sheet = Sheet(
        title=str(spec["title"]),
        columns=[Column(header, key, width=18) for header, key in zip(spec["headers"], keys, strict=True)],
        rows=examples,
        note=_(
            "按“指标代码”表填写代码和单位；统计期写作 2023-Y（全年）、2023-H1（上半年）、"
            "2023-Q2、2023-M06。第 3 行为示例，请替换。"
        ),
    )
    indicator_sheet = Sheet(
        title=_("指标代码"),
        columns=[
            Column(_("指标代码"), "code", width=28),
            Column(_("指标名称"), "name", width=30),
            Column(_("单位"), "unit", width=10),
        ],
        rows=indicators,
    )
    region_sheet = Sheet(
        title=_("区划代码"),
        columns=[Column(_("区划代码"), "code", width=14), Column(_("名称"), "name", width=28)],
        rows=selectors.dashboard_regions(),
    )
    content = build_xlsx([data_sheet, indicator_sheet, region_sheet])
    return xlsx_response(content, f"{spec['title']}模板.xlsx")


# --- The work-summary pack ----------------------------------------------------------


@login_required
def summary(request):
    """Generate the half-year or annual work-summary pack (Excel) as a background job."""
    if not selectors.can_see_dashboards(request.user):
        raise PermissionDenied
    regions = selectors.dashboard_regions() if request.user.sees_whole_city else [request.user.region]
    form = summary_form_class(regions)(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        period = Period.parse(f"{data['year']}-{data['part']}")
        region = next(r for r in regions if r.code == data["region"])
        job = start_job(
            actor=request.user,
            kind="reports.summary",
            title=_("%(region)s%(period)s工作总结数据") % {"region": region.name, "period": period.label},
            params={"region": region.code, "period": period.key},
        )
        return redirect("jobs:detail", job.pk)
    return render(request, "reports/summary.html", {"form": form})


@require_POST
@login_required
def refresh_now(request):
    """Queue a full recomputation of the rollups (city staff, after fixing data)."""
    _require_manager(request.user)
    from reports.tasks import refresh_rollups

    refresh_rollups.delay()
    messages.success(request, _("已提交重新汇总，完成后驾驶舱数据自动更新。"))
    return redirect("reports:catalogue")
