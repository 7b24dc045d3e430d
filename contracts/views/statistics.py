"""The statistics page of technology contracts (技术合同统计) and its Excel export."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from bureau.accounts.models import Role
from bureau.core.excel import xlsx_response

from .. import selectors
from ._common import _is_staff, _year_param

# --- Statistics ---------------------------------------------------------------------


@login_required
def statistics(request):
    """Counts, 成交额 and 技术交易额 by dimension, 输出 / 吸纳, with year-on-year."""
    user = request.user
    if not (_is_staff(user) or user.has_role(Role.LEADER)):
        raise PermissionDenied
    year = _year_param(request)
    view = request.GET.get("view", "output")
    if view not in selectors.VIEWS:
        view = "output"
    until = None
    if request.GET.get("until"):
        try:
            until = date.fromisoformat(request.GET["until"])
        except ValueError:
            until = None
    from bureau.regions.models import Region

    region = None
    if request.GET.get("region"):
        region = Region.objects.filter(pk=request.GET["region"]).first()
    stats = selectors.statistics(year=year, view=view, until=until, region=region, user=user)
    if request.GET.get("export"):
        return xlsx_response(_statistics_xlsx(stats), f"技术合同统计_{year}_{view}.xlsx")
    query = request.GET.copy()
    query["export"] = "1"
    chart = {
        "months": [r.label for r in stats.dimensions["month"]],
        "current": [float(r.current.total / 10000) for r in stats.dimensions["month"]],
        "previous": [float(r.previous.total / 10000) for r in stats.dimensions["month"]],
    }
    return render(
        request,
        "contracts/statistics.html",
        {
            "stats": stats,
            "views": selectors.VIEWS,
            "view_label": selectors.VIEWS[stats.view],
            "years": range(timezone.localdate().year, timezone.localdate().year - 8, -1),
            "regions": Region.objects.filter(kind__in=[Region.Kind.COUNTY, Region.Kind.PARK]),
            "export_url": "?" + query.urlencode(),
            "chart": chart,
            "tables": [(key, stats.dimension_label(key), rows) for key, rows in stats.dimensions.items()],
        },
    )


def _statistics_xlsx(stats) -> bytes:
    from bureau.core.excel import MONEY, PERCENT, Column, Sheet, build_xlsx

    columns = [
        Column("分组", "label", width=28),
        Column(f"{stats.year}年合同数（份）", lambda r: r.current.count, width=14),
        Column("合同成交额（元）", lambda r: r.current.total, width=20, number_format=MONEY),
        Column("技术交易额（元）", lambda r: r.current.technical, width=20, number_format=MONEY),
        Column(f"{stats.year - 1}年同期合同数（份）", lambda r: r.previous.count, width=16),
        Column("上年同期成交额（元）", lambda r: r.previous.total, width=20, number_format=MONEY),
        Column("上年同期技术交易额（元）", lambda r: r.previous.technical, width=20, number_format=MONEY),
        Column("成交额同比", lambda r: r.growth_total, width=12, number_format=PERCENT),
    ]
    sheets = [Sheet("合计", columns, [stats.total], note=f"{selectors.VIEWS[stats.view]}，截至 {stats.until:%Y-%m-%d}")]
    for key, rows in stats.dimensions.items():
        sheets.append(Sheet(stats.dimension_label(key), columns, rows))
    return build_xlsx(sheets)
