"""django-import-export resources: previous years' SME lists and the province's certificate lists.

One resource serves the admin's import/export and the staff import page. Each row is
checked in full (the organization must be registered, the number well formed and not
used elsewhere, the year not barred) and then handed to the same services a person would
use, so an import never writes around the workflow. An import is all or nothing: the
admin only offers to confirm a file without errors, and the staff page imports with
``rollback_on_validation_errors``.
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from import_export import fields, resources

from bureau.core.errors import DomainError
from enterprises.models import Organization

from .models import HighTechCertificate, SmeEvaluation
from .policy import sme_number_problem

USCC = "统一社会信用代码"
NAME = "企业名称"
REGION = "所在县市区"


def parse_date(value) -> date | None:
    """Read a date cell: a date, a datetime, "2026-05-01", "2026/5/1", "2026.5.1" or "20260501"."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def parse_year(value) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value if value is not None else "").strip()
    if not (text.isdigit() and len(text) == 4):
        raise ValueError(text)
    return int(text)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "".join(str(value).split())


class _ListResource(resources.ModelResource):
    """Shared row handling: find the organization, keep numbers unique within the file."""

    number_column = ""

    def __init__(self, *, today: date | None = None, progress=None, **kwargs):
        super().__init__(**kwargs)
        self.today = today or timezone.localdate()
        self.progress = progress
        self._numbers: dict[str, int] = {}
        self._parsed: dict | None = None

    def before_import(self, dataset, **kwargs):
        missing = [h for h in self.required_headers() if h not in (dataset.headers or [])]
        if missing:
            raise ValidationError("表头缺少必需的列：" + "、".join(missing))

    def required_headers(self) -> list[str]:
        raise NotImplementedError

    def organization_for(self, row, errors: dict) -> Organization | None:
        code = _text(row.get(USCC)).upper()
        if not code:
            errors[USCC] = "请填写统一社会信用代码"
            return None
        org = Organization.objects.filter(uscc=code).select_related("region").first()
        if org is None:
            errors[USCC] = f"统一社会信用代码 {code} 未在平台注册，请先在“创新主体名录”中导入该单位"
        return org

    def claim_number(self, number: str, line: int, errors: dict) -> None:
        first = self._numbers.setdefault(number, line)
        if first != line:
            errors[self.number_column] = f"编号 {number} 与第 {first + 1} 行重复"

    def import_instance(self, instance, row, **kwargs):
        # The parsed row is applied by the service in save_instance, not field by field.
        return None

    def get_or_init_instance(self, instance_loader, row):
        return self._parsed["instance"], self._parsed["instance"].pk is None

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return bool(self._parsed and self._parsed.get("unchanged"))

    def after_import_row(self, row, row_result, **kwargs):
        if self.progress is not None:
            self.progress(kwargs.get("row_number", 0))

    def save_instance(self, instance, is_create, row, **kwargs):
        try:
            self.apply(instance, self._parsed, actor=kwargs.get("user"))
        except DomainError as exc:
            field = next(iter(exc.fields), None)
            raise ValidationError({self.column_for(field): str(exc.message)}) from None

    def column_for(self, field: str | None) -> str:
        return self.number_column

    def apply(self, instance, parsed: dict, *, actor) -> None:
        raise NotImplementedError


class SmeRegistrationResource(_ListResource):
    """入库名单: 统一社会信用代码, 企业名称, 评价年度, 入库登记编号, 入库日期 (optional).

    A row for an evaluation waiting for its number (公示无异议) records the number on it;
    a row for an enterprise with no evaluation that year adds an imported registration;
    a row already recorded with the same number is skipped.
    """

    number_column = "入库登记编号"

    uscc = fields.Field(attribute="organization__uscc", column_name=USCC, readonly=True)
    name = fields.Field(attribute="organization__name", column_name=NAME, readonly=True)
    region = fields.Field(attribute="organization__region__name", column_name=REGION, readonly=True)
    year = fields.Field(attribute="year", column_name="评价年度", readonly=True)
    registration_number = fields.Field(attribute="registration_number", column_name="入库登记编号", readonly=True)
    registered_on = fields.Field(attribute="registered_on", column_name="入库日期", readonly=True)
    status = fields.Field(attribute="get_status_display", column_name="状态", readonly=True)

    class Meta:
        model = SmeEvaluation
        fields = ("uscc", "name", "region", "year", "registration_number", "registered_on", "status")
        import_id_fields = ()
        skip_diff = True
        use_transactions = True

    def required_headers(self):
        return [USCC, "评价年度", "入库登记编号"]

    def get_queryset(self):
        return SmeEvaluation.objects.filter(status=SmeEvaluation.Status.REGISTERED).with_relations()

    def before_import_row(self, row, **kwargs):
        line = kwargs.get("row_number", 0)
        errors: dict[str, str] = {}
        org = self.organization_for(row, errors)
        try:
            year = parse_year(row.get("评价年度"))
        except ValueError:
            errors["评价年度"] = "评价年度应为 4 位年份，如 2026"
            year = None
        number = _text(row.get("入库登记编号"))
        if year is not None:
            problem = sme_number_problem(number, year)
            if problem:
                errors["入库登记编号"] = problem
        if number and "入库登记编号" not in errors:
            self.claim_number(number, line, errors)
        try:
            registered_on = parse_date(row.get("入库日期"))
        except ValueError:
            errors["入库日期"] = "入库日期格式应为 2026-05-01"
            registered_on = None
        if registered_on and registered_on > self.today:
            errors["入库日期"] = "入库日期不能晚于今天"
        parsed = {"unchanged": False}
        if not errors:
            parsed.update(self._match(org, year, number, registered_on, errors))
        if errors:
            raise ValidationError(errors)
        self._parsed = parsed

    def _match(self, org, year, number, registered_on, errors) -> dict:
        from .services.sme import ensure_not_barred

        elsewhere = SmeEvaluation.objects.filter(registration_number=number).exclude(organization=org, year=year)
        if elsewhere.exists():
            errors["入库登记编号"] = f"编号 {number} 已登记给其他企业或年度"
            return {}
        try:
            ensure_not_barred(org, year)
        except DomainError as exc:
            errors["评价年度"] = str(exc.message)
            return {}
        existing = SmeEvaluation.objects.live().filter(organization=org, year=year).first()
        registered_on = registered_on or min(self.today, date(year, 12, 31))
        if existing is None:
            return {"instance": SmeEvaluation(organization=org, year=year), "number": number, "on": registered_on}
        if existing.status == SmeEvaluation.Status.REGISTERED:
            if existing.registration_number == number:
                return {"instance": existing, "unchanged": True}
            errors["入库登记编号"] = f"该企业 {year} 年度已登记编号 {existing.registration_number}，与本行不一致"
            return {}
        if existing.status != SmeEvaluation.Status.PUBLICIZED:
            errors["评价年度"] = (
                f"该企业 {year} 年度的评价正在办理（{existing.get_status_display()}），公示期满后才能登记编号"
            )
            return {}
        return {"instance": existing, "number": number, "on": registered_on}

    def apply(self, instance, parsed, *, actor):
        from .services.imports import apply_sme_registration

        apply_sme_registration(
            actor=actor, evaluation=instance, number=parsed["number"], registered_on=parsed["on"], today=self.today
        )


class CertificateResource(_ListResource):
    """认定名单: 统一社会信用代码, 企业名称, 证书编号, 发证日期, 认定批次 (optional)."""

    number_column = "证书编号"

    uscc = fields.Field(attribute="organization__uscc", column_name=USCC, readonly=True)
    name = fields.Field(attribute="organization__name", column_name=NAME, readonly=True)
    region = fields.Field(attribute="organization__region__name", column_name=REGION, readonly=True)
    number = fields.Field(attribute="number", column_name="证书编号", readonly=True)
    issued_on = fields.Field(attribute="issued_on", column_name="发证日期", readonly=True)
    expires_on = fields.Field(attribute="expires_on", column_name="有效期至", readonly=True)
    batch = fields.Field(attribute="batch", column_name="认定批次", readonly=True)
    status = fields.Field(attribute="get_status_display", column_name="状态", readonly=True)

    class Meta:
        model = HighTechCertificate
        fields = ("uscc", "name", "region", "number", "issued_on", "expires_on", "batch", "status")
        import_id_fields = ()
        skip_diff = True
        use_transactions = True

    def required_headers(self):
        return [USCC, "证书编号", "发证日期"]

    def get_queryset(self):
        return HighTechCertificate.objects.with_relations()

    def column_for(self, field):
        return {"issued_on": "发证日期", "organization": USCC}.get(field, self.number_column)

    def before_import_row(self, row, **kwargs):
        from .services.hightech import certificate_problem, normalize_certificate_number

        line = kwargs.get("row_number", 0)
        errors: dict[str, str] = {}
        org = self.organization_for(row, errors)
        number = normalize_certificate_number(_text(row.get("证书编号")))
        problem = certificate_problem(number)
        if problem:
            errors["证书编号"] = problem
        else:
            self.claim_number(number, line, errors)
        try:
            issued_on = parse_date(row.get("发证日期"))
        except ValueError:
            errors["发证日期"] = "发证日期格式应为 2026-05-01"
            issued_on = None
        if issued_on is None and "发证日期" not in errors:
            errors["发证日期"] = "请填写发证日期"
        elif issued_on and issued_on > self.today:
            errors["发证日期"] = "发证日期不能晚于今天"
        parsed = {"unchanged": False}
        if not errors:
            existing = HighTechCertificate.objects.filter(number=number).first()
            if existing is not None:
                if existing.organization_id == org.pk and existing.issued_on == issued_on:
                    parsed = {"instance": existing, "unchanged": True}
                else:
                    errors["证书编号"] = (
                        f"证书编号 {number} 已登记给{existing.organization.name}（{existing.issued_on}）"
                    )
            else:
                parsed = {
                    "instance": HighTechCertificate(organization=org, number=number),
                    "unchanged": False,
                    "org": org,
                    "number": number,
                    "issued_on": issued_on,
                    "batch": _text(row.get("认定批次")),
                }
        if errors:
            raise ValidationError(errors)
        self._parsed = parsed

    def apply(self, instance, parsed, *, actor):
        from .services.hightech import record_certificate

        saved = record_certificate(
            actor=actor,
            organization=parsed["org"],
            number=parsed["number"],
            issued_on=parsed["issued_on"],
            batch=parsed["batch"],
            source=HighTechCertificate.Source.IMPORTED,
            today=self.today,
        )
        instance.pk = saved.pk
