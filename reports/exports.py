"""Excel sheets of the reports app: dashboard views and the work-summary pack.

Figures are written in each indicator's unit with two decimals (亿元, %), the unit in
its own column, as the bureau's standard tables do; completion and change are percent.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.excel import PERCENT, Column, Sheet

from . import selectors
from .formatting import change, completion, display_decimal
from .models import Indicator
from .periods import Period


def _pct_or_points(indicator, value, last):
    delta = change(indicator, value, last)
    return None if delta is None else float(delta)


def indicator_sheet(*, region, period: Period, indicators, title: str) -> Sheet:
    """One row per indicator for ``region``: value, target, completion, last year, change."""
    table = selectors.region_table(region=region, period=period, indicators=indicators)
    rows = []
    for indicator, region_rows in table:
        own = region_rows[0]
        rows.append(
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "value": display_decimal(indicator, own.value),
                "target": display_decimal(indicator, own.target),
                "completion": completion(own.value, own.target),
                "last": display_decimal(indicator, own.last_year),
                "change": _pct_or_points(indicator, own.value, own.last_year),
                "change_unit": _("个百分点") if indicator.value_type == Indicator.ValueType.PERCENT else "%",
                "source": indicator.get_source_display(),
            }
        )
    columns = [
        Column(_("指标"), "name", width=30),
        Column(_("单位"), "unit", width=8),
        Column(period.label, "value", width=14, number_format="#,##0.00"),
        Column(_("年度目标"), "target", width=14, number_format="#,##0.00"),
        Column(_("完成率"), lambda r: _as_float(r["completion"]), width=10, number_format=PERCENT),
        Column(_("上年同期"), "last", width=14, number_format="#,##0.00"),
        Column(_("同比增减"), lambda r: _change_cell(r), width=12, number_format="0.00"),
        Column(_("增减单位"), "change_unit", width=10),
        Column(_("数据来源"), "source", width=16),
    ]
    note = _("%(region)s %(period)s 主要科技指标（导出于 %(now)s）") % {
        "region": region.name,
        "period": period.label,
        "now": timezone.localtime().strftime("%Y-%m-%d %H:%M"),
    }
    return Sheet(title=title, columns=columns, rows=rows, note=note)


def _as_float(value):
    return None if value is None else float(value)


def _change_cell(row):
    if row["change"] is None:
        return None
    # Percent changes are written as numbers of percent (12.34), points as points (0.12).
    return round(row["change"] * (100 if row["change_unit"] == "%" else 1), 2)


def by_region_sheet(*, region, period: Period, indicator: Indicator, title: str | None = None) -> Sheet:
    """One row per county and park for one indicator (the standard 分县市区 table)."""
    (_indicator, region_rows), *_rest = selectors.region_table(region=region, period=period, indicators=[indicator])
    rows = [
        {
            "region": r.region.name,
            "value": display_decimal(indicator, r.value),
            "target": display_decimal(indicator, r.target),
            "completion": _as_float(r.completion),
            "last": display_decimal(indicator, r.last_year),
            "change": _as_float(change(indicator, r.value, r.last_year)),
        }
        for r in region_rows
    ]
    columns = [
        Column(_("区划"), "region", width=22),
        Column(f"{period.label}（{indicator.unit}）", "value", width=16, number_format="#,##0.00"),
        Column(_("年度目标（%(unit)s）") % {"unit": indicator.unit}, "target", width=16, number_format="#,##0.00"),
        Column(_("完成率"), "completion", width=10, number_format=PERCENT),
        Column(_("上年同期（%(unit)s）") % {"unit": indicator.unit}, "last", width=16, number_format="#,##0.00"),
        Column(
            _("同比增减（个百分点）") if indicator.value_type == Indicator.ValueType.PERCENT else _("同比增长"),
            lambda r: (
                r["change"] * 100
                if r["change"] is not None and indicator.value_type == Indicator.ValueType.PERCENT
                else r["change"]
            ),
            width=14,
            number_format="0.00" if indicator.value_type == Indicator.ValueType.PERCENT else PERCENT,
        ),
    ]
    note = _("%(name)s · %(period)s · 分县市区（园区单列）") % {"name": indicator.name, "period": period.label}
    return Sheet(title=title or indicator.name[:31], columns=columns, rows=rows, note=note)


def breakdown_sheet(*, board: selectors.Dashboard, dimension: str, title: str) -> Sheet:
    indicator = board.focus
    rows = [
        {"label": label, "value": display_decimal(indicator, value)}
        for _breakdown, label, value, _url in board.breakdowns.get(dimension, [])
    ]
    columns = [
        Column(_("分类"), "label", width=28),
        Column(f"{indicator.name}（{indicator.unit}）", "value", width=18, number_format="#,##0.00"),
    ]
    return Sheet(title=title, columns=columns, rows=rows, note=f"{board.region.name} · {board.period.label}")


def dashboard_sheets(board: selectors.Dashboard) -> list[Sheet]:
    """Return the sheets of one dashboard view, as the leader sees it."""
    keys = [card.indicator for card in board.cards]
    sheets = [indicator_sheet(region=board.region, period=board.period, indicators=keys, title=_("主要指标"))]
    if board.focus is not None and board.is_city:
        sheets.append(by_region_sheet(region=board.region, period=board.period, indicator=board.focus))
    for dimension in board.breakdowns:
        label = selectors.DIMENSION_LABELS.get(dimension, dimension)
        sheets.append(breakdown_sheet(board=board, dimension=dimension, title=label))
    return sheets


def summary_sheets(*, region, period: Period, progress=None) -> list[Sheet]:
    """Return the work-summary pack: every active indicator, then each one by county."""
    indicators = list(Indicator.objects.active())
    sheets = [indicator_sheet(region=region, period=period, indicators=indicators, title=_("主要指标完成情况"))]
    for done, indicator in enumerate(indicators, start=1):
        sheets.append(by_region_sheet(region=region, period=period, indicator=indicator, title=_short(indicator)))
        if progress is not None:
            progress(done=done, total=len(indicators), message=_("正在汇总：%(name)s") % {"name": indicator.name})
    return sheets


def _short(indicator) -> str:
    # Sheet titles are limited to 31 characters and may not contain []:*?/\
    title = indicator.name
    for ch in "[]:*?/\\":
        title = title.replace(ch, "")
    return title[:31]
