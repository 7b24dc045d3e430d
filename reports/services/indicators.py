"""Writes about indicators: the catalogue, targets (目标), entered values and province ranks.

Staff type values in the indicator's display unit (50 for 50 亿元); they are stored in
base units (元, fractions). Excel imports of the same values are in ``imports.py``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput, StaleObject
from bureau.regions.models import Region
from reports import catalogue, providers
from reports.models import EnteredValue, Indicator, ProvinceRank, Target
from reports.periods import Period

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
