"""Providers of computed indicators: one module per source app, each giving its SQL.

A provider module (``reports/providers/contracts.py``...) exposes ``families()``, which
returns the indicator families it can compute from its app's tables, or ``[]`` when the
app's models are not installed yet. A family is one SQL query over one source table
that yields, for several indicators at once, one row per (indicator code, region, month,
breakdown) with the month's value:

    SELECT code, region_id, month, breakdown, value FROM ... GROUP BY ...

- ``flow`` families give the month's amount (contracts registered in the month); the
  query may read only rows dated in ``[%(start)s, %(end)s)``.
- ``stock`` families give the month's change (+1 when a certificate starts, -1 when it
  ends); the rollup adds the changes up, so the value is the stock at the month's end.
  Their query must read the whole history before ``%(end)s``.

Parameters available to the SQL: ``%(start)s`` and ``%(end)s`` (dates, end exclusive)
and ``%(tz)s`` (the bureau's time zone, to turn timestamps into local months).
``breakdown`` is "" for the total or "dimension:key" for a slice declared in
``categories`` (e.g. "type:development"), so the dashboards can chart by type or field.

Each family also says which records lie behind a figure (``records``), for drill-down,
and which workflow models' transitions change it (``watches``), so a registration
refreshes just that contract's indicators after commit; ``creations`` does the same for
records created already counted (an imported list), which no transition announces.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from importlib import import_module

from django.utils import timezone

PROVIDER_MODULES = [
    "reports.providers.organizations",
    "reports.providers.contracts",
    "reports.providers.certification",
    "reports.providers.projects",
    "reports.providers.talent",
]


@dataclass(frozen=True)
class IndicatorSpec:
    """The catalogue entry of a computed indicator, as its provider defines it."""

    code: str
    name: str
    unit: str
    value_type: str
    definition: str
    source_note: str = ""
    is_key: bool = False
    sort_order: int = 100
    breakdowns: tuple[str, ...] = ()  # dimensions sliced in the rollup, e.g. ("type", "field")


@dataclass(frozen=True)
class Column:
    """A column of a drill-down list: header, how to read the value, and its CSS class."""

    header: str
    value: Callable[[object], object]
    css: str = ""
    kind: str = "text"  # text | money | date | link
    href: Callable[[object], str] | None = None  # where a link goes (else the record's get_absolute_url)

    def url_of(self, obj) -> str:
        if self.href is not None:
            return self.href(obj)
        if self.kind == "link" and hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        return ""


@dataclass(frozen=True)
class DrillDown:
    """The records behind one figure: an unscoped queryset (the view scopes it) and columns."""

    queryset: object
    columns: Sequence[Column]
    app_url: str = ""  # the owning app's own list with the same filters, when it has one
    note: str = ""
    app_label: str = ""  # the link's text, saying how the app's list differs (e.g. "whole year")


@dataclass(frozen=True)
class Scope:
    """What a changed record touches: its regions (seller's and buyer's...) and years."""

    region_ids: frozenset[int]
    years: frozenset[int]


class LiveCategories(Mapping):
    """Categories read from the database each time they are asked for (talent programs...).

    A family's categories are usually a fixed list (contract types); when they are rows an
    administrator adds, the family gives a loader per dimension instead, so a new program
    gets its own slice at the next rollup without restarting anything.
    """

    def __init__(self, loaders: dict[str, Callable[[], Sequence[tuple[str, str]]]]):
        self._loaders = loaders

    def __getitem__(self, dimension: str) -> Sequence[tuple[str, str]]:
        return tuple(self._loaders[dimension]())

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaders)

    def __len__(self) -> int:
        return len(self._loaders)


@dataclass(frozen=True)
class Family:
    """Several computed indicators filled by one SQL query over one source table."""

    key: str
    kind: str  # "flow" | "stock"
    indicators: tuple[IndicatorSpec, ...]
    sql: str
    first_date_sql: str = ""  # SELECT the earliest local date in the source, or NULL
    categories: Mapping[str, Sequence[tuple[str, str]]] = field(default_factory=dict)
    records: Callable[..., DrillDown] | None = None
    # model label ("contracts.TechnologyContract") -> function(instance, transition log) ->
    # the Scope the change touches, or None when the transition changes no figure
    watches: dict[str, Callable[[object, object], Scope | None]] = field(default_factory=dict)
    # model label -> function(instance) -> the Scope a record created already counted
    # touches (an imported list sends no transition), or None when it does not count yet
    creations: dict[str, Callable[[object], Scope | None]] = field(default_factory=dict)
    # model label -> function(instance) -> the Scope the record touches, refreshed after
    # every save and deletion: records with no workflow (an expert entered, edited, removed)
    changes: dict[str, Callable[[object], Scope | None]] = field(default_factory=dict)

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(spec.code for spec in self.indicators)

    def measures(self, codes=None) -> list[tuple[str, str]]:
        """Return (code, breakdown) for every row the family fills: totals and declared slices."""
        out = []
        for spec in self.indicators:
            if codes is not None and spec.code not in codes:
                continue
            out.append((spec.code, ""))
            for dimension in spec.breakdowns:
                out += [(spec.code, f"{dimension}:{key}") for key, _label in self.categories.get(dimension, ())]
        return out

    def category_label(self, breakdown: str) -> str:
        dimension, _, key = breakdown.partition(":")
        return dict(self.categories.get(dimension, ())).get(key, key)


def local_bounds(period) -> tuple[datetime, datetime]:
    """Return the period's first instant and the instant after its last day, in local time."""
    tz = timezone.get_default_timezone()
    start = datetime.combine(period.start, time.min, tzinfo=tz)
    end = datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=tz)
    return start, end


_families: dict[str, Family] | None = None
_extra: dict[str, Family] = {}


def families() -> list[Family]:
    """Return every family whose source app is installed, in provider order."""
    global _families
    if _families is None:
        found: dict[str, Family] = {}
        for name in PROVIDER_MODULES:
            for family in import_module(name).families():
                if family.key in found:
                    raise ValueError(f"Indicator family {family.key!r} declared twice")
                found[family.key] = family
        _families = found
    return list({**_families, **_extra}.values())


def register(family: Family) -> None:
    """Add a family at run time, or stand in for the one with the same key (tests, benchmarks)."""
    _extra[family.key] = family


def unregister(key: str) -> None:
    _extra.pop(key, None)


def family_of(code: str) -> Family | None:
    """Return the family computing indicator ``code``, or None."""
    for family in families():
        if code in family.codes:
            return family
    return None


def specs() -> list[IndicatorSpec]:
    return [spec for family in families() for spec in family.indicators]
