"""Excel imports of targets and entered values: every row saved, or none.

The columns are the staff pages' (indicator code, region code or name, year or period,
value in the indicator's unit); one bad row and nothing is saved, and every bad row is
reported with its line and reason.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput
from bureau.core.excel import BadWorkbook, ImportReport, RowError, read_rows
from bureau.regions.models import Region
from reports.models import EnteredValue, Indicator, Target
from reports.periods import BadPeriod, Period, periods_of_year

from .indicators import _queue_refresh, _require_manager, parse_amount, set_entered_value, set_target

TARGET_HEADERS = {
    "指标代码": "indicator",
    "区划代码": "region",
    "年度": "year",
    "目标值": "value",
    "单位": "unit",
    "备注": "note",
}
ENTERED_HEADERS = {
    "指标代码": "indicator",
    "区划代码": "region",
    "统计期": "period",
    "数值": "value",
    "单位": "unit",
    "备注": "note",
}


class _Lookups:
    """Indicators and regions read once per import, so a 1,000-row file costs two queries."""

    def __init__(self):
        self.indicators = {i.code: i for i in Indicator.objects.active()}
        self.regions = {}
        for region in Region.objects.filter(kind__in=[Region.Kind.CITY, Region.Kind.COUNTY, Region.Kind.PARK]):
            self.regions[region.code] = region
            self.regions.setdefault(region.name, region)
            if region.short_name:
                self.regions.setdefault(region.short_name, region)

    def indicator(self, text, errors, line, entered_only=False):
        code = str(text or "").strip()
        indicator = self.indicators.get(code)
        if indicator is None:
            errors.append(RowError(line, "指标代码", _("没有代码为“%(code)s”的指标。") % {"code": code}))
        elif entered_only and indicator.source != Indicator.Source.ENTERED:
            errors.append(
                RowError(line, "指标代码", _("“%(name)s”由平台自动计算，不能导入。") % {"name": indicator.name})
            )
            return None
        return indicator

    def region(self, text, errors, line):
        key = str(text or "").strip()
        if key.endswith(".0"):  # a code typed as a number in Excel
            key = key[:-2]
        region = self.regions.get(key)
        if region is None:
            errors.append(RowError(line, "区划代码", _("没有代码或名称为“%(code)s”的区划。") % {"code": key}))
        return region


def _value(row, indicator, errors, line, column):
    try:
        value = parse_amount(row.get("value"))
    except InvalidInput as exc:
        errors.append(RowError(line, column, str(exc.message)))
        return None
    if value is None:
        errors.append(RowError(line, column, _("必填。")))
        return None
    if value < 0:
        errors.append(RowError(line, column, _("不能为负数。")))
        return None
    unit = str(row.get("unit") or "").strip()
    if indicator is not None and unit and unit != indicator.unit:
        errors.append(
            RowError(
                line,
                "单位",
                _("单位“%(unit)s”与指标单位“%(expected)s”不一致，请按指标单位填写。")
                % {"unit": unit, "expected": indicator.unit},
            )
        )
        return None
    return value


def _year(text, errors, line):
    try:
        year = int(str(text).strip().removesuffix("年").removesuffix(".0"))
    except (TypeError, ValueError):
        errors.append(RowError(line, "年度", _("“%(text)s”不是年份。") % {"text": text}))
        return None
    if not 2000 <= year <= 2100:
        errors.append(RowError(line, "年度", _("年份应在 2000 至 2100 之间。")))
        return None
    return year


def parse_period(text) -> Period:
    """Read a period written as a key (2023-H1) or as bureaus write it (2023年上半年)."""
    text = str(text or "").strip()
    try:
        return Period.parse(text)
    except BadPeriod:
        pass
    match = re.match(r"^(\d{4})", text)
    if match:
        for period in periods_of_year(int(match.group(1))):
            if period.label == text:
                return period
    raise BadPeriod(text)


def _read(file, headers, required, handle) -> ImportReport:
    report = ImportReport()
    try:
        rows = list(read_rows(file, headers, required=required))
    except BadWorkbook as exc:
        report.errors.append(RowError(1, "", str(exc)))
        return report
    seen = {}
    for line, row in rows:
        report.rows += 1
        key = handle(line, row, report.errors)
        if key is None:
            continue
        if key[0] in seen:
            report.errors.append(
                RowError(line, "", _("与第 %(line)s 行重复（同一指标、区划和统计期）。") % {"line": seen[key[0]]})
            )
            continue
        seen[key[0]] = line
    if not rows:
        report.errors.append(RowError(2, "", _("文件中没有数据行。")))
    return report


@transaction.atomic
def import_targets(*, actor, file) -> ImportReport:
    """Import annual targets from Excel: every row saved, or none when any row is bad."""
    _require_manager(actor)
    lookups = _Lookups()
    parsed = []

    def handle(line, row, errors):
        before = len(errors)
        indicator = lookups.indicator(row.get("indicator"), errors, line)
        region = lookups.region(row.get("region"), errors, line)
        year = _year(row.get("year"), errors, line)
        value = _value(row, indicator, errors, line, "目标值")
        if len(errors) > before:
            return None
        parsed.append((line, indicator, region, year, value, str(row.get("note") or "").strip()))
        return ((indicator.pk, region.pk, year),)

    report = _read(file, TARGET_HEADERS, ["indicator", "region", "year", "value"], handle)
    if not report.ok:
        return report
    existing = {
        (t.indicator_id, t.region_id, t.year)
        for t in Target.objects.filter(year__in={p[3] for p in parsed}, indicator__in={p[1] for p in parsed})
    }
    for _line, indicator, region, year, value, note in parsed:
        set_target(actor=actor, indicator=indicator, region=region, year=year, value=value, note=note)
        if (indicator.pk, region.pk, year) in existing:
            report.updated += 1
        else:
            report.created += 1
    return report


@transaction.atomic
def import_entered_values(*, actor, file) -> ImportReport:
    """Import entered indicator values from Excel: all rows or none; rollups refresh after."""
    _require_manager(actor)
    lookups = _Lookups()
    parsed = []

    def handle(line, row, errors):
        before = len(errors)
        indicator = lookups.indicator(row.get("indicator"), errors, line, entered_only=True)
        region = lookups.region(row.get("region"), errors, line)
        try:
            period = parse_period(row.get("period"))
        except BadPeriod:
            errors.append(
                RowError(
                    line,
                    "统计期",
                    _("“%(text)s”不是有效的统计期，应写作 2023-Y、2023-H1、2023-Q2、2023-M06 或 2023年上半年。")
                    % {"text": row.get("period")},
                )
            )
            period = None
        value = _value(row, indicator, errors, line, "数值")
        if len(errors) > before:
            return None
        parsed.append((indicator, region, period, value, str(row.get("note") or "").strip()))
        return ((indicator.pk, region.pk, period.key),)

    report = _read(file, ENTERED_HEADERS, ["indicator", "region", "period", "value"], handle)
    if not report.ok:
        return report
    existing = set(
        EnteredValue.objects.filter(indicator__in={p[0] for p in parsed}).values_list(
            "indicator_id", "region_id", "period", "year", "number"
        )
    )
    for indicator, region, period, value, note in parsed:
        key = (indicator.pk, region.pk, period.type, period.year, period.number)
        set_entered_value(
            actor=actor, indicator=indicator, region=region, period=period, value=value, note=note, refresh=False
        )
        report.updated += key in existing
        report.created += key not in existing
    _queue_refresh({p[0].code for p in parsed}, {p[1].pk for p in parsed}, {p[2].year for p in parsed})
    return report
