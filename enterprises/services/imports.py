"""Imports of historical lists (历史名录导入): organizations and IP items from Excel.

Every row is checked first; if any row is bad, nothing is imported and every bad row is
reported with its line and reason (all-or-nothing, as the import page says). A row
whose code (or IP number) exists already updates that record, so an import can be re-run.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.errors import ActionNotPermitted
from bureau.core.excel import ImportReport, RowError, read_rows
from bureau.regions.models import Region

from ..models import HighTechField, Industry, IntellectualProperty, IPKind, Organization
from ..validators import validate_uscc
from .access import is_staff_over
from .registration import normalise_uscc

ORGANIZATION_HEADERS = {
    "统一社会信用代码": "uscc",
    "单位名称": "name",
    "县市区": "region",
    "单位类型": "kind",
    "行业代码": "industry",
    "技术领域": "hightech_field",
    "成立日期": "registered_on",
    "法定代表人": "legal_representative",
    "注册地址": "address",
    "联系人": "contact_name",
    "联系电话": "contact_phone",
}
ORGANIZATION_REQUIRED = ("uscc", "name", "region")

IP_HEADERS = {
    "统一社会信用代码": "uscc",
    "知识产权类型": "kind",
    "登记号/专利号": "number",
    "名称": "title",
    "申请日期": "applied_on",
    "授权日期": "granted_on",
    "状态": "status",
    "获得方式": "obtained_by",
}
IP_REQUIRED = ("uscc", "kind", "number", "title")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value, label: str):
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value).replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    try:
        return date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
    except ValueError:
        raise ValueError(
            _("%(label)s“%(value)s”不是日期，应写成 2021-06-30。") % {"label": label, "value": value}
        ) from None


def _choice(choices, value, label: str, default=None):
    text = _text(value)
    if not text:
        if default is not None:
            return default
        raise ValueError(_("%(label)s不能为空。") % {"label": label})
    for key, name in choices:
        if text in (key, str(name)):
            return key
    raise ValueError(
        _("%(label)s“%(value)s”不在可选范围内（%(options)s）。")
        % {"label": label, "value": text, "options": "、".join(str(n) for _k, n in choices)}
    )


class _Lookup:
    """Caches of the dictionaries a whole sheet refers to, loaded once."""

    def __init__(self, actor):
        self.actor = actor
        self.regions = {}
        for region in Region.objects.counties():
            for key in (region.code, region.name, region.short_name):
                if key:
                    self.regions[key] = region
        self.industries = {}
        for item in Industry.objects.select_related("parent"):
            self.industries[item.code] = item
            self.industries[item.full_code] = item
            self.industries[item.name] = item

    def region(self, value):
        text = _text(value)
        region = self.regions.get(text)
        if region is None:
            raise ValueError(_("县市区“%(value)s”不存在，请填写县市区名称或六位区划代码。") % {"value": text})
        return region

    def industry(self, value):
        text = _text(value).upper()
        if not text:
            return None
        found = self.industries.get(text) or self.industries.get(_text(value))
        if found is None and len(text) >= 3 and text[0].isalpha():
            found = self.industries.get(text[1:3])  # "C3415" (a class code): take its division
        if found is None and text[:2].isdigit():
            found = self.industries.get(text[:2])
        if found is None:
            raise ValueError(_("行业代码“%(value)s”不存在，请按 GB/T 4754-2017 填写，如 C34。") % {"value": value})
        return found


def _field_errors(exc: ValidationError) -> list[tuple[str, str]]:
    if hasattr(exc, "error_dict"):
        return [(field, " ".join(str(m) for m in msgs.messages)) for field, msgs in exc.message_dict.items()]
    return [("", " ".join(exc.messages))]


def import_organizations(*, actor, file, progress=None) -> ImportReport:
    """Import an organization list; all rows or none. Imported organizations count as verified."""
    report = ImportReport()
    lookup = _Lookup(actor)
    labels = {v: k for k, v in ORGANIZATION_HEADERS.items()}
    planned: list[tuple[int, Organization, bool]] = []
    seen: dict[str, int] = {}
    rows = list(read_rows(file, ORGANIZATION_HEADERS, required=ORGANIZATION_REQUIRED))
    existing = {
        o.uscc: o
        for o in Organization.objects.filter(uscc__in=[normalise_uscc(_text(r.get("uscc"))) for _l, r in rows])
    }
    for index, (line, row) in enumerate(rows, start=1):
        report.rows += 1
        errors = []
        code = normalise_uscc(_text(row.get("uscc")))
        try:
            validate_uscc(code)
        except ValidationError as exc:
            errors.append(RowError(line, labels["uscc"], exc.messages[0]))
        if code in seen:
            errors.append(RowError(line, labels["uscc"], _("与第 %(line)s 行的代码重复。") % {"line": seen[code]}))
        seen.setdefault(code, line)
        values = {}
        for key, parse in (
            ("region", lookup.region),
            ("industry", lookup.industry),
            ("kind", lambda v: _choice(Organization.Kind.choices, v, labels["kind"], Organization.Kind.ENTERPRISE)),
            (
                "hightech_field",
                lambda v: _choice(HighTechField.choices, v, labels["hightech_field"], HighTechField.NONE),
            ),
            ("registered_on", lambda v: _date(v, labels["registered_on"])),
        ):
            try:
                values[key] = parse(row.get(key))
            except ValueError as exc:
                errors.append(RowError(line, labels[key], str(exc)))
        for key in ("name", "legal_representative", "address", "contact_name", "contact_phone"):
            values[key] = _text(row.get(key))
        if not values["name"]:
            errors.append(RowError(line, labels["name"], _("单位名称不能为空。")))
        org = existing.get(code)
        created = org is None
        if org is None:
            org = Organization(uscc=code, status=Organization.Status.VERIFIED, verified_at=timezone.now())
        for key, value in values.items():
            if key == "industry" and value is None and not created:
                continue
            setattr(org, key, value)
        if not errors:
            if not is_staff_over(actor, org):
                errors.append(RowError(line, labels["region"], _("该县市区不在您的管辖范围内。")))
            else:
                try:
                    org.full_clean(exclude=["uscc", "business_licence"], validate_unique=False)
                except ValidationError as exc:
                    errors.extend(RowError(line, labels.get(f, f), m) for f, m in _field_errors(exc))
        report.errors.extend(errors)
        if not errors:
            planned.append((line, org, created))
        if progress:
            progress(done=index, total=len(rows), message=_("已检查 %(n)s 行") % {"n": index})
    if report.errors:
        return report
    with transaction.atomic():
        for index, (_line, org, created) in enumerate(planned, start=1):
            if created:
                org.verified_by = actor
                org.save()
                report.created += 1
            else:
                org.save()
                report.updated += 1
            if progress and index % 200 == 0:
                progress(done=index, total=len(planned), message=_("已导入 %(n)s 行") % {"n": index})
    return report


def import_ip(*, actor, file, progress=None) -> ImportReport:
    """Import IP items of organizations already registered; all rows or none."""
    report = ImportReport()
    labels = {v: k for k, v in IP_HEADERS.items()}
    rows = list(read_rows(file, IP_HEADERS, required=IP_REQUIRED))
    codes = {normalise_uscc(_text(r.get("uscc"))) for _l, r in rows}
    orgs = {o.uscc: o for o in Organization.objects.filter(uscc__in=codes).select_related("region")}
    existing = {
        (i.organization_id, i.kind, i.number): i
        for i in IntellectualProperty.objects.filter(organization__in=list(orgs.values()))
    }
    planned = []
    seen = {}
    for index, (line, row) in enumerate(rows, start=1):
        report.rows += 1
        errors = []
        code = normalise_uscc(_text(row.get("uscc")))
        org = orgs.get(code)
        if org is None or not is_staff_over(actor, org):
            errors.append(
                RowError(
                    line, labels["uscc"], _("代码 %(code)s 对应的单位尚未注册，或不在您的管辖范围内。") % {"code": code}
                )
            )
        values = {"number": _text(row.get("number")), "title": _text(row.get("title"))}
        for key, parse in (
            ("kind", lambda v: _choice(IPKind.choices, v, labels["kind"])),
            ("status", lambda v: _choice(IntellectualProperty.Status.choices, v, labels["status"], "valid")),
            (
                "obtained_by",
                lambda v: _choice(IntellectualProperty.Obtained.choices, v, labels["obtained_by"], "own_rd"),
            ),
            ("applied_on", lambda v: _date(v, labels["applied_on"])),
            ("granted_on", lambda v: _date(v, labels["granted_on"])),
        ):
            try:
                values[key] = parse(row.get(key))
            except ValueError as exc:
                errors.append(RowError(line, labels[key], str(exc)))
        if errors:
            report.errors.extend(errors)
            continue
        key = (org.pk, values["kind"], values["number"])
        if key in seen:
            report.errors.append(RowError(line, labels["number"], _("与第 %(line)s 行重复。") % {"line": seen[key]}))
            continue
        seen[key] = line
        item = existing.get(key) or IntellectualProperty(organization=org)
        created = item.pk is None
        for name, value in values.items():
            setattr(item, name, value)
        try:
            item.full_clean(validate_unique=False)
        except ValidationError as exc:
            report.errors.extend(RowError(line, labels.get(f, f), m) for f, m in _field_errors(exc))
            continue
        planned.append((item, created))
        if progress:
            progress(done=index, total=len(rows), message=_("已检查 %(n)s 行") % {"n": index})
    if report.errors:
        return report
    with transaction.atomic():
        for item, created in planned:
            item.save()
            if created:
                report.created += 1
            else:
                report.updated += 1
    return report


def ensure_can_import(actor) -> None:
    from bureau.accounts.models import Role

    if not (actor.roles & {Role.COUNTY_STAFF, Role.CITY_STAFF, Role.ADMINISTRATOR}):
        raise ActionNotPermitted()
