"""Import of a published selection list (入选名单) from Excel: every row saved, or none.

The file has one row per person with the columns of ``HEADERS`` (any order). Every row
is checked first; one bad row and nothing is saved, every bad row being reported with
its line and reason. A row of a person already recorded in the same program and year
(same name and work unit) updates that record, so a corrected list can be imported again.
The import is synchronous, so it is limited to ``MAX_ROWS`` rows.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bureau.core.excel import BadWorkbook, ImportReport, RowError, read_rows
from bureau.regions.models import Region
from enterprises.models import Organization
from enterprises.validators import validate_uscc

from ..models import TalentProgram, TalentSelection
from ..rules.identity import gender_from_id_number
from ._common import can_write, ensure_can_write, id_number_problem

MAX_ROWS = 2000

# header text -> key; "资助金额（元）" is accepted too (headers are compared without brackets' width).
HEADERS = {
    "人才计划代码": "program",
    "入选年度": "year",
    "入选日期": "selected_on",
    "姓名": "full_name",
    "性别": "gender",
    "身份证号": "id_number",
    "工作单位": "organization_name",
    "统一社会信用代码": "organization_code",
    "所在区划代码": "region",
    "入选类别": "category",
    "资助金额": "funding",
}
ALIASES = {"资助金额(元)": "funding", "居民身份证号码": "id_number", "身份证号码": "id_number"}
REQUIRED = ("program", "year", "selected_on", "full_name")

#: What each column holds, for the import page and the template's notes.
COLUMN_HELP = {
    "program": gettext_lazy("必填。人才计划的代码，见模板中的“人才计划代码”表。"),
    "year": gettext_lazy("必填。如 2026。"),
    "selected_on": gettext_lazy("必填。公布入选名单的日期，如 2026-06-30，统计按此日期归属。"),
    "full_name": gettext_lazy("必填。"),
    "gender": gettext_lazy("男或女；留空时按身份证号带出。"),
    "id_number": gettext_lazy("选填（外籍人员可不填），18位且校验位正确；页面、导出中一律脱敏。"),
    "organization_name": gettext_lazy("工作单位全称；填写了单位库中的统一社会信用代码时可留空。"),
    "organization_code": gettext_lazy("选填。单位在单位库中时，单位名称和所在区划可由系统带出。"),
    "region": gettext_lazy("六位区划代码（或县市区名称），如 430281；单位在单位库中时可留空。"),
    "category": gettext_lazy("选填。计划内的类别或层次，如“科技创新领军人才”。"),
    "funding": gettext_lazy("选填。单位为元，如 500000。"),
}

LABELS = {key: text for text, key in HEADERS.items()}
IMPORTED_FIELDS = [
    "program",
    "year",
    "selected_on",
    "full_name",
    "gender",
    "id_number",
    "organization",
    "organization_name",
    "region",
    "category",
    "funding",
]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    try:
        return date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        raise ValueError(_("“%(value)s”不是日期，应写成 2026-06-30。") % {"value": _text(value)}) from None


class _Lookups:
    """Programs, regions and registered organizations, each read once for the whole file."""

    def __init__(self, rows):
        self.programs = {p.code: p for p in TalentProgram.objects.all()}
        self.regions: dict[str, Region] = {}
        for region in Region.objects.counties():
            for key in (region.code, region.name, region.short_name):
                if key:
                    self.regions.setdefault(key, region)
        codes = {"".join(_text(r.get("organization_code")).split()).upper() for _l, r in rows}
        codes.discard("")
        self.organizations = {o.uscc: o for o in Organization.objects.filter(uscc__in=codes).select_related("region")}


def _parse(line: int, row: dict, lookups: _Lookups, actor) -> tuple[dict, list[RowError]]:
    """Return the selection's values and the row's errors (empty when the row is good)."""
    errors: list[RowError] = []

    def bad(key, message):
        errors.append(RowError(line, LABELS[key], str(message)))

    values: dict = {}
    code = _text(row.get("program"))
    values["program"] = lookups.programs.get(code)
    if not code:
        bad("program", _("人才计划代码不能为空。"))
    elif values["program"] is None:
        bad("program", _("没有代码为“%(code)s”的人才计划。") % {"code": code})
    elif not values["program"].is_active:
        bad("program", _("人才计划“%(name)s”已停用。") % {"name": values["program"].name})

    try:
        values["year"] = int(_text(row.get("year")).removesuffix("年"))
        if not 2000 <= values["year"] <= 2100:
            raise ValueError
    except ValueError:
        values["year"] = None
        bad("year", _("“%(value)s”不是 2000 至 2100 之间的年份。") % {"value": _text(row.get("year"))})

    if not _text(row.get("selected_on")):
        bad("selected_on", _("入选日期不能为空。"))
    else:
        try:
            values["selected_on"] = _date(row.get("selected_on"))
        except ValueError as exc:
            bad("selected_on", exc)

    values["full_name"] = _text(row.get("full_name"))
    if not values["full_name"]:
        bad("full_name", _("姓名不能为空。"))
    elif len(values["full_name"]) > 64:
        bad("full_name", _("姓名不能超过 64 个字。"))

    id_number = _text(row.get("id_number")).upper()
    values["id_number"] = id_number
    if id_number_problem(id_number):
        bad("id_number", id_number_problem(id_number))

    gender = _text(row.get("gender"))
    genders = {str(label): key for key, label in TalentSelection.Gender.choices}
    if gender and gender not in genders:
        bad("gender", _("性别应填“男”或“女”。"))
    values["gender"] = genders.get(gender) or gender_from_id_number(id_number)
    if gender in genders and id_number and gender_from_id_number(id_number) not in ("", genders[gender]):
        bad("gender", _("性别与身份证号不符。"))

    organization = None
    org_code = "".join(_text(row.get("organization_code")).split()).upper()
    if org_code:
        try:
            validate_uscc(org_code)
        except ValidationError as exc:
            bad("organization_code", exc.messages[0])
        else:
            organization = lookups.organizations.get(org_code)
    values["organization"] = organization
    values["organization_name"] = _text(row.get("organization_name")) or (organization.name if organization else "")
    if not values["organization_name"]:
        bad("organization_name", _("请填写工作单位（或单位库中单位的统一社会信用代码）。"))
    elif len(values["organization_name"]) > 200:
        bad("organization_name", _("工作单位不能超过 200 个字。"))

    region_text = _text(row.get("region"))
    region = lookups.regions.get(region_text) if region_text else (organization.region if organization else None)
    if region_text and region is None:
        bad("region", _("没有代码或名称为“%(code)s”的县市区或园区。") % {"code": region_text})
    elif region is None:
        bad("region", _("请填写所在区划代码（单位不在单位库中时必填）。"))
    elif not can_write(actor, region):
        bad("region", _("“%(name)s”不在您的管辖范围内。") % {"name": region.name})
    values["region"] = region

    values["category"] = _text(row.get("category"))[:64]
    funding = _text(row.get("funding")).replace(",", "").replace("，", "").removesuffix("元")
    values["funding"] = None
    if funding:
        try:
            values["funding"] = Decimal(funding).quantize(Decimal("0.01"))
            if values["funding"] < 0:
                bad("funding", _("资助金额不能为负数。"))
        except InvalidOperation:
            bad("funding", _("“%(value)s”不是金额，请填写以元为单位的数字。") % {"value": funding})
    return values, errors


def import_selections(*, actor, file) -> ImportReport:
    """Import a published selection list: all rows saved, or none when any row is bad."""
    ensure_can_write(actor)
    report = ImportReport()
    headers = {**HEADERS, **ALIASES}
    try:
        rows = list(read_rows(file, headers, required=REQUIRED))
    except BadWorkbook as exc:
        report.errors.append(RowError(1, "", str(exc)))
        return report
    if not rows:
        report.errors.append(RowError(2, "", _("文件中没有数据行。")))
        return report
    if len(rows) > MAX_ROWS:
        report.rows = len(rows)
        report.errors.append(
            RowError(
                1, "", _("文件有 %(n)s 行，单次最多导入 %(max)s 行，请分批导入。") % {"n": len(rows), "max": MAX_ROWS}
            )
        )
        return report
    lookups = _Lookups(rows)
    parsed: list[tuple[int, dict]] = []
    seen: dict[tuple, int] = {}
    for line, row in rows:
        report.rows += 1
        values, errors = _parse(line, row, lookups, actor)
        if not errors:
            key = (values["program"].pk, values["year"], values["full_name"], values["organization_name"])
            if key in seen:
                errors.append(
                    RowError(
                        line,
                        LABELS["full_name"],
                        _("与第 %(line)s 行重复（同一计划、年度、姓名和工作单位）。") % {"line": seen[key]},
                    )
                )
            seen.setdefault(key, line)
        report.errors.extend(errors)
        if not errors:
            parsed.append((line, values))
    if report.errors:
        return report
    return _save(actor, parsed, report)


def _existing(parsed) -> dict[tuple, TalentSelection]:
    """Return the recorded selections the rows match, by (program, year, name, work unit)."""
    found = TalentSelection.objects.filter(
        program__in={v["program"].pk for _l, v in parsed},
        year__in={v["year"] for _l, v in parsed},
        full_name__in={v["full_name"] for _l, v in parsed},
    ).select_related("region")
    return {(s.program_id, s.year, s.full_name, s.organization_name): s for s in found}


@transaction.atomic
def _save(actor, parsed, report: ImportReport) -> ImportReport:
    existing = _existing(parsed)
    new, changed = [], []
    for line, values in parsed:
        key = (values["program"].pk, values["year"], values["full_name"], values["organization_name"])
        selection = existing.get(key)
        if selection is not None and not can_write(actor, selection.region):
            report.errors.append(
                RowError(
                    line,
                    LABELS["region"],
                    _("该人员已由“%(name)s”录入，不在您的管辖范围内。") % {"name": selection.region.name},
                )
            )
            continue
        target = selection or TalentSelection()
        for name, value in values.items():
            if name == "id_number" and not value and selection is not None:
                continue  # a list without ID numbers keeps the ones recorded
            setattr(target, name, value)
        try:
            target.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                report.errors.append(RowError(line, LABELS.get(name, name), " ".join(messages)))
            continue
        (changed if selection is not None else new).append(target)
    if report.errors:
        return report
    TalentSelection.objects.bulk_create(new, batch_size=500)
    TalentSelection.objects.bulk_update(changed, IMPORTED_FIELDS, batch_size=500)
    report.created, report.updated = len(new), len(changed)
    return report
