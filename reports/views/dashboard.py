"""The leader's and the county's dashboards (驾驶舱), drill-downs and dashboard exports."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from bureau.core.excel import build_xlsx, xlsx_response
from reports import exports, selectors
from reports.formatting import display_decimal
from reports.models import Indicator
from reports.periods import BadPeriod, Period

# The period picker: lazy, so the words follow the language of each request.
PERIOD_SUFFIXES = (
    [("Y", gettext_lazy("全年")), ("H1", gettext_lazy("上半年")), ("H2", gettext_lazy("下半年"))]
    + [(f"Q{n}", format_lazy(gettext_lazy("第{q}季度"), q=q)) for n, q in zip(range(1, 5), "一二三四", strict=True)]
    + [
        (f"YTD{m:02d}", format_lazy(gettext_lazy("1-{m}月累计"), m=m) if m > 1 else gettext_lazy("1月"))
        for m in range(1, 13)
    ]
    + [(f"M{m:02d}", format_lazy(gettext_lazy("{m}月当月"), m=m)) for m in range(1, 13)]
)


def _require_dashboards(user):
    if not selectors.can_see_dashboards(user):
        raise PermissionDenied


def chosen_period(request) -> Period:
    """Read ``?period=2020-H1`` or ``?year=2020&p=H1``; default to this year to date."""
    today = timezone.localdate()
    text = request.GET.get("period") or ""
    if not text and request.GET.get("year") and request.GET.get("p"):
        text = f"{request.GET['year']}-{request.GET['p']}"
    if text:
        try:
            return Period.parse(text)
        except BadPeriod:
            raise Http404 from None
    return selectors.default_period(today)


def _chart_number(indicator, value):
    shown = display_decimal(indicator, value)
    return None if shown is None else float(shown)


def _chart_data(board: selectors.Dashboard) -> dict:
    focus = board.focus
    if focus is None:
        return {}
    return {
        "indicator": focus.name,
        "unit": focus.unit,
        "thisYear": f"{board.period.year}年",
        "lastYear": f"{board.period.year - 1}年",
        "months": [f"{m}月" for m in range(1, 13)],
        "trendThis": [_chart_number(focus, v) for v in board.trend.get("this", [])],
        "trendLast": [_chart_number(focus, v) for v in board.trend.get("last", [])],
        "regions": [row.region.label for row in board.by_region],
        "regionValues": [_chart_number(focus, row.value) for row in board.by_region],
        "regionTargets": [_chart_number(focus, row.target) for row in board.by_region],
        "breakdowns": {
            dimension: {
                "title": selectors.DIMENSION_LABELS.get(dimension, dimension),
                "labels": [label for _b, label, _v, _u in slices],
                "values": [_chart_number(focus, value) for _b, _l, value, _u in slices],
            }
            for dimension, slices in board.breakdowns.items()
        },
    }


@login_required
def dashboard(request):
    """Show the city's (or a county's) key figures for a period, read from rollups only."""
    _require_dashboards(request.user)
    region = selectors.region_for(request.user, request.GET.get("region"))
    period = chosen_period(request)
    board = selectors.dashboard(region=region, period=period, focus_code=request.GET.get("focus"))
    this_year = timezone.localdate().year
    context = {
        "board": board,
        "chart": _chart_data(board),
        "years": list(range(this_year, this_year - 6, -1)),
        "suffixes": PERIOD_SUFFIXES,
        "period_suffix": period.key.split("-", 1)[1],
        "dimension_labels": selectors.DIMENSION_LABELS,
        "is_whole_city_user": request.user.sees_whole_city,
        "scope_regions": selectors.dashboard_regions() if request.user.sees_whole_city else [],
    }
    return render(request, "reports/dashboard.html", context)


@login_required
def dashboard_export(request):
    """Download the dashboard view as it is on screen, as Excel."""
    _require_dashboards(request.user)
    region = selectors.region_for(request.user, request.GET.get("region"))
    period = chosen_period(request)
    board = selectors.dashboard(region=region, period=period, focus_code=request.GET.get("focus"))
    content = build_xlsx(exports.dashboard_sheets(board))
    return xlsx_response(content, f"{region.name}{period.label}科技指标.xlsx")


@login_required
def drill(request):
    """Show the records behind one figure (e.g. 醴陵市's contract turnover in 2020 H1)."""
    _require_dashboards(request.user)
    indicator = Indicator.objects.active().filter(code=request.GET.get("indicator", "")).first()
    if indicator is None:
        raise Http404
    region = selectors.region_for(request.user, request.GET.get("region") or None)
    period = chosen_period(request)
    result = selectors.drill(
        user=request.user, indicator=indicator, region=region, period=period, breakdown=request.GET.get("breakdown", "")
    )
    page = None
    if result.records is not None:
        page = Paginator(result.records.queryset, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/drill.html",
        {"drill": result, "page_obj": page, "rows": _rows(result, page)},
    )


def _rows(result, page):
    if page is None:
        return []
    columns = result.records.columns
    return [
        {"object": obj, "cells": [(column.value(obj), column.css, column.url_of(obj)) for column in columns]}
        for obj in page.object_list
    ]
