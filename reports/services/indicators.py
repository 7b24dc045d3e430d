"""Writes about indicators: the catalogue, targets (目标), entered values and province ranks.

Staff type values in the indicator's display unit (50 for 50 亿元); they are stored in
base units (元, fractions). Imports read the same columns as the staff pages and save
everything or nothing: one bad row and no row is saved, every bad row is reported.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput, StaleObject
from bureau.core.excel import BadWorkbook, ImportReport, RowError, read_rows
from bureau.regions.models import Region
from reports import catalogue, providers
from reports.models import EnteredValue, Indicator, ProvinceRank, Target
from reports.periods import BadPeriod, Period, periods_of_year

MANAGERS = {Role.CITY_STAFF, Role.ADMINISTRATOR}


def can_manage_indicators(user) -> bool:
    """City staff (发展规划科 and others) and administrators set targets and enter values."""
    return bool(getattr(user, "is_authenticated", False) and user.roles & MANAGERS)


def _require_manager(actor) -> None:
    if not can_manage_indicators(actor):
        raise ActionNotPermitted()


# --- The catalogue ------------------------------------------------------------------


@transaction.atomic
def sync_indicators() -> list[str]:
    """Create the missing indicators of the providers and the catalogue; return their codes.

    An existing indicator keeps what an administrator may have edited (name, unit,
    definition, key flag, order, active); only what the code depends on (source, how it
    aggregates, value type, the terms of a ratio) is corrected. Safe to run any time.
    """
    created = []

    def upsert(code, structural, editable):
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            indicator = Indicator(code=code, **structural, **editable)
            indicator.full_clean()
            indicator.save()
            created.append(code)
            return indicator
        changed = [f for f, v in structural.items() if getattr(indicator, f) != v]
        if changed:
            for f in changed:
                setattr(indicator, f, structural[f])
            indicator.save(update_fields=changed)
        return indicator

    for family in providers.families():
        for spec in family.indicators:
            upsert(
                spec.code,
                {"source": Indicator.Source.COMPUTED, "aggregation": family.kind, "value_type": spec.value_type},
                {
                    "name": spec.name,
                    "unit": spec.unit,
                    "definition": spec.definition,
                    "source_note": spec.source_note,
                    "is_key": spec.is_key,
                    "sort_order": spec.sort_order,
                },
            )
    for spec in catalogue.ENTERED:
        upsert(
            spec.code,
            {"source": Indicator.Source.ENTERED, "aggregation": spec.aggregation, "value_type": spec.value_type},
            {
                "name": spec.name,
                "unit": spec.unit,
                "definition": spec.definition,
                "source_note": spec.source_note,
                "is_key": spec.is_key,
                "sort_order": spec.sort_order,
            },
        )
    for spec in catalogue.DERIVED:
        numerator = Indicator.objects.get(code=spec.numerator)
        denominator = Indicator.objects.get(code=spec.denominator)
        upsert(
            spec.code,
            {
                "source": Indicator.Source.DERIVED,
                "aggregation": Indicator.Aggregation.RATIO,
                "value_type": spec.value_type,
                "numerator": numerator,
                "denominator": denominator,
                "scale": spec.scale,
            },
            {
                "name": spec.name,
                "unit": spec.unit,
                "definition": spec.definition,
                "source_note": _("由“%(a)s”除以“%(b)s”计算") % {"a": numerator.name, "b": denominator.name},
                "is_key": spec.is_key,
                "sort_order": spec.sort_order,
            },
        )
    return created


# --- Refresh after a change ---------------------------------------------------------


def _queue_refresh(codes, region_ids, years) -> None:
    from reports.tasks import refresh_rollups

    codes, region_ids, years = sorted(set(codes)), sorted(set(region_ids)), sorted(set(years))
    transaction.on_commit(lambda: refresh_rollups.delay(codes=codes, region_ids=region_ids, years=years))


# --- Targets ------------------------------------------------------------------------


def parse_amount(text) -> Decimal | None:
    """Read a number typed by a person: "50", "1,234.5", " 3.27 " -> Decimal; "" -> None."""
    if text is None:
        return None
    if isinstance(text, (int, float, Decimal)):
        return Decimal(str(text))
    cleaned = str(text).strip().replace(",", "").replace("，", "").replace(" ", "")
    if cleaned == "":
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InvalidInput(_("“%(text)s”不是有效的数字。") % {"text": text}) from None
    if not value.is_finite():
        raise InvalidInput(_("“%(text)s”不是有效的数字。") % {"text": text})
    return value


@transaction.atomic
def set_target(
    *,
    actor,
    indicator: Indicator,
    region: Region,
    year: int,
    value: Decimal | None,
    note: str = "",
    expected_version=None,
) -> Target | None:
    """Set (or with ``value`` None, remove) the annual target; ``value`` is in the display unit."""
    _require_manager(actor)
    target = Target.objects.select_for_update().filter(indicator=indicator, region=region, year=year).first()
    if target is not None and expected_version is not None and target.version != int(expected_version):
        raise StaleObject(
            _("%(region)s的“%(name)s”目标已被他人修改，请刷新后重试。") % {"region": region, "name": indicator.name}
        )
    if value is None:
        if target is not None:
            target.delete()
        return None
    if value < 0:
        raise InvalidInput(_("目标值不能为负数。"))
    base = indicator.from_display(value)
    if target is None:
        target = Target(indicator=indicator, region=region, year=year)
    elif target.value == base and target.note == note:
        return target
    target.value = base
    target.note = note
    target.updated_by = actor
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def save_targets(*, actor, indicator: Indicator, year: int, rows: list[dict]) -> int:
    """Save one indicator's targets for every region listed; each row: region, value, note, version."""
    _require_manager(actor)
    saved = 0
    for row in rows:
        set_target(
            actor=actor,
            indicator=indicator,
            region=row["region"],
            year=year,
            value=row.get("value"),
            note=row.get("note", ""),
            expected_version=row.get("version"),
        )
        saved += 1
    return saved


# --- Entered values -----------------------------------------------------------------


@transaction.atomic
def set_entered_value(
    *,
    actor,
    indicator: Indicator,
    region: Region,
    period: Period,
    value: Decimal | None,
    note: str = "",
    expected_version=None,
    refresh: bool = True,
) -> EnteredValue | None:
    """Enter (or with ``value`` None, remove) an entered indicator's value in its display unit."""
    _require_manager(actor)
    if indicator.source != Indicator.Source.ENTERED:
        raise InvalidInput(_("“%(name)s”由平台自动计算，不能手工录入。") % {"name": indicator.name})
    row = (
        EnteredValue.objects.select_for_update()
        .filter(indicator=indicator, region=region, period=period.type, year=period.year, number=period.number)
        .first()
    )
    if row is not None and expected_version is not None and row.version != int(expected_version):
        raise StaleObject(
            _("%(region)s %(period)s的“%(name)s”已被他人修改，请刷新后重试。")
            % {"region": region, "period": period.label, "name": indicator.name}
        )
    if refresh:
        _queue_refresh([indicator.code], [region.pk], [period.year])
    if value is None:
        if row is not None:
            row.delete()
        return None
    base = indicator.from_display(value)
    if row is None:
        row = EnteredValue(
            indicator=indicator,
            region=region,
            period=period.type,
            year=period.year,
            number=period.number,
            start=period.start,
            end=period.end,
        )
    elif row.value == base and row.note == note:
        return row
    row.value = base
    row.note = note
    row.updated_by = actor
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def save_entered_values(*, actor, indicator: Indicator, period: Period, rows: list[dict]) -> int:
    """Save one entered indicator's values for one period; each row: region, value, note, version."""
    _require_manager(actor)
    for row in rows:
        set_entered_value(
            actor=actor,
            indicator=indicator,
            region=row["region"],
            period=period,
            value=row.get("value"),
            note=row.get("note", ""),
            expected_version=row.get("version"),
            refresh=False,
        )
    _queue_refresh([indicator.code], [row["region"].pk for row in rows], [period.year])
    return len(rows)


@transaction.atomic
def set_province_rank(
    *, actor, indicator: Indicator, period: Period, rank: int | None, out_of: int | None = None, note: str = ""
) -> ProvinceRank | None:
    """Record (or with ``rank`` None, remove) the city's published rank in the province."""
    _require_manager(actor)
    lookup = {"indicator": indicator, "period": period.type, "year": period.year, "number": period.number}
    if rank is None:
        ProvinceRank.objects.filter(**lookup).delete()
        return None
    row = ProvinceRank.objects.filter(**lookup).first() or ProvinceRank(**lookup, start=period.start, end=period.end)
    row.rank, row.out_of, row.note = rank, out_of, note
    row.full_clean()
    row.save()
    return row


# --- Imports ------------------------------------------------------------------------

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
