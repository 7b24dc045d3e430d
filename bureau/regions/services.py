"""Writes of regions: loading a city and its county-level units from division CSV files.

The files follow the National Bureau of Statistics' statistical division codes as
published by modood/Administrative-divisions-of-China (``/work/shared/data/divisions``):

    provinces.csv   code,name                          2-digit codes   (43,湖南省)
    cities.csv      code,name,provinceCode             4-digit codes   (4302,株洲市,43)
    areas.csv       code,name,cityCode,provinceCode    6-digit codes   (430281,醴陵市,4302,43)

These are statistical codes, not a pure GB/T 2260 copy: county-level codes whose digits
5-6 are 71..79 are development zones (开发区), loaded as parks (``Region.Kind.PARK``);
grouping rows (市辖区, 省直辖县级行政区划 ...) are skipped; a city without counties has a
synthetic county row with the city's own code (441900 东莞市), skipped as well.

An import is all or nothing by default: every bad row is reported with its line and
reason and nothing is written; ``skip_bad_rows=True`` writes the good rows and reports
the rest. Running it again changes nothing (regions are matched by code).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pghistory
from django.db import transaction
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput

from .models import Region

# Names of rows that group divisions rather than being one (statistical codes).
GROUPING_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
# Digits 5-6 of a county-level code in this range mark a development zone (开发区).
PARK_SUFFIXES = range(71, 80)


@dataclass(frozen=True)
class RowProblem:
    line: int
    code: str
    reason: str

    def __str__(self):
        values = {"line": self.line, "code": self.code or "—", "reason": self.reason}
        return _("第 %(line)s 行 %(code)s：%(reason)s") % values


@dataclass
class ImportReport:
    """What an import did: counts of regions written and the rows it did not take."""

    city: str = ""
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[RowProblem] = field(default_factory=list)
    errors: list[RowProblem] = field(default_factory=list)
    imported: bool = False

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)


@dataclass(frozen=True)
class _Area:
    line: int
    code: str
    name: str
    kind: str


def _open_text(source: str | Path | IO) -> io.StringIO:
    """Return the text of a CSV file given as a path or a file object (UTF-8, or GB18030 as Excel saves it)."""
    data = source.read() if hasattr(source, "read") else Path(source).read_bytes()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            data = data.decode("gb18030")
    return io.StringIO(data.lstrip("\ufeff"))


def _rows(source, required: tuple[str, ...], label: str):
    """Yield (line number, row dict) of a CSV file after checking its header."""
    reader = csv.DictReader(_open_text(source))
    columns = [c.strip() for c in (reader.fieldnames or [])]
    reader.fieldnames = columns
    missing = [c for c in required if c not in columns]
    if missing:
        raise InvalidInput(
            _("%(file)s 缺少列：%(missing)s（第 1 行应为列名，现为：%(found)s）")
            % {"file": label, "missing": "、".join(missing), "found": ",".join(columns) or _("空")}
        )
    for row in reader:
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k is not None}


def _city_prefix(city: str) -> str:
    code = (city or "").strip()
    if code.isdigit() and len(code) == 6 and code.endswith("00"):
        code = code[:4]
    if not (code.isdigit() and len(code) == 4) or code.endswith("00"):
        raise InvalidInput(_("城市代码“%(code)s”无效：应为4位（如 4302）或6位（如 430200）数字。") % {"code": city})
    return code


def _find_name(source, code: str, required: tuple[str, ...], label: str) -> tuple[str, dict] | None:
    for _line, row in _rows(source, required, label):
        if row["code"] == code:
            return row["name"], row
    return None


def _resolve_names(city4: str, cities, provinces) -> tuple[str, str]:
    """Return (province name, city name) from the files, else from regions already loaded."""
    province6, city6 = f"{city4[:2]}0000", f"{city4}00"
    province_name = city_name = ""
    if provinces is not None:
        found = _find_name(provinces, city4[:2], ("code", "name"), "provinces.csv")
        if found is None:
            raise InvalidInput(_("provinces.csv 中没有代码为 %(code)s 的省份。") % {"code": city4[:2]})
        province_name = found[0]
    if cities is not None:
        found = _find_name(cities, city4, ("code", "name"), "cities.csv")
        if found is None:
            raise InvalidInput(_("cities.csv 中没有代码为 %(code)s 的城市。") % {"code": city4})
        city_name, row = found
        if row.get("provinceCode") and row["provinceCode"] != city4[:2]:
            raise InvalidInput(
                _("cities.csv 中城市 %(code)s 的省份代码为 %(p)s，应为 %(expected)s。")
                % {"code": city4, "p": row["provinceCode"], "expected": city4[:2]}
            )
        if city_name == "市辖区" and province_name.endswith("市"):
            # The four municipalities list their districts under a 市辖区 grouping code.
            city_name = province_name
        elif city_name in GROUPING_NAMES:
            raise InvalidInput(
                _("%(code)s“%(name)s”是分组代码，不是一个市，不能作为城市导入。") % {"code": city4, "name": city_name}
            )
    existing = {r.code: r.name for r in Region.objects.filter(code__in=[province6, city6])}
    province_name = province_name or existing.get(province6, "")
    city_name = city_name or existing.get(city6, "")
    if not province_name or not city_name:
        raise InvalidInput(
            _("数据库中还没有城市 %(city)s 或其所属省份，请同时提供 --cities cities.csv 与 --provinces provinces.csv。")
            % {"city": city6}
        )
    return province_name, city_name


def _read_areas(source, city4: str, report: ImportReport) -> list[_Area]:
    """Return the valid county-level rows of the city, recording skipped and bad rows."""
    city6 = f"{city4}00"
    areas: list[_Area] = []
    first_line: dict[str, int] = {}
    for line, row in _rows(source, ("code", "name", "cityCode"), "areas.csv"):
        code, name, city_code = row["code"], row["name"], row["cityCode"]
        if city_code != city4 and not code.startswith(city4):
            continue  # another city's row
        if not (code.isdigit() and len(code) == 6):
            report.errors.append(RowProblem(line, code, _("区划代码应为6位数字")))
            continue
        if city_code != city4 or not code.startswith(city4):
            report.errors.append(
                RowProblem(line, code, _("区划代码与所属城市代码 %(city)s 不一致") % {"city": city_code or "—"})
            )
            continue
        if row.get("provinceCode") and row["provinceCode"] != code[:2]:
            report.errors.append(
                RowProblem(line, code, _("省份代码 %(p)s 与区划代码不一致") % {"p": row["provinceCode"]})
            )
            continue
        if not name:
            report.errors.append(RowProblem(line, code, _("名称为空")))
            continue
        if len(name) > Region._meta.get_field("name").max_length:
            report.errors.append(RowProblem(line, code, _("名称超过 64 个字")))
            continue
        if code in first_line:
            report.errors.append(
                RowProblem(line, code, _("区划代码重复（与第 %(line)s 行相同）") % {"line": first_line[code]})
            )
            continue
        first_line[code] = line
        if name in GROUPING_NAMES:
            report.skipped.append(RowProblem(line, code, _("“%(name)s”是分组行，不是县级区划") % {"name": name}))
            continue
        if code == city6:
            report.skipped.append(RowProblem(line, code, _("与城市本身同码（无下辖县的城市），不另建县级区划")))
            continue
        kind = Region.Kind.PARK if int(code[4:6]) in PARK_SUFFIXES else Region.Kind.COUNTY
        areas.append(_Area(line, code, name, kind))
    return areas


def _upsert(report: ImportReport, *, code: str, name: str, kind: str, parent, sort_order: int = 0) -> Region:
    """Create the region or bring its name, kind and parent up to date; count what happened."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        region = Region(code=code, name=name, kind=kind, parent=parent, sort_order=sort_order)
        region.full_clean()
        region.save()
        report.count("created")
        return region
    changed = [
        attr
        for attr, value in (("name", name), ("kind", kind), ("parent_id", getattr(parent, "pk", None)))
        if getattr(region, attr) != value
    ]
    if not changed:
        report.count("unchanged")
        return region
    region.name, region.kind, region.parent = name, kind, parent
    region.full_clean()
    region.save(update_fields=[f.removesuffix("_id") for f in changed])
    report.count("updated")
    return region


def import_regions(
    *,
    areas: str | Path | IO,
    city: str,
    cities: str | Path | IO | None = None,
    provinces: str | Path | IO | None = None,
    skip_bad_rows: bool = False,
    actor=None,
) -> ImportReport:
    """Load ``city`` (e.g. "4302") and its county-level units and parks from ``areas``.

    The province and city names come from ``provinces``/``cities`` when given, otherwise
    from regions already loaded. Return what was created, updated, skipped and refused;
    with bad rows and ``skip_bad_rows=False`` nothing is written (``imported`` is False).
    """
    city4 = _city_prefix(city)
    province_name, city_name = _resolve_names(city4, cities, provinces)
    report = ImportReport(city=f"{city_name}（{city4}00）")
    rows = _read_areas(areas, city4, report)
    if not rows and not report.errors and not report.skipped:
        raise InvalidInput(_("areas.csv 中没有城市 %(code)s 的县级区划。") % {"code": city4})
    if report.errors and not skip_bad_rows:
        return report
    with transaction.atomic(), pghistory.context(command="import_regions", user=getattr(actor, "pk", None)):
        province = _upsert(report, code=f"{city4[:2]}0000", name=province_name, kind=Region.Kind.PROVINCE, parent=None)
        city_region = _upsert(report, code=f"{city4}00", name=city_name, kind=Region.Kind.CITY, parent=province)
        for order, area in enumerate(rows, start=1):
            _upsert(report, code=area.code, name=area.name, kind=area.kind, parent=city_region, sort_order=order)
    report.imported = True
    return report
