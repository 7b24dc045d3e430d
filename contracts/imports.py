"""Import of historical contracts from the national registration system's Excel export.

The national technology-contract registration system (全国技术合同网上登记系统) exports
registered contracts one per row. This import reads the first sheet by its header row
(columns in any order, extra columns ignored; spaces and full-width brackets in headers
do not matter) with these columns — * marks a required one:

==========================  ======================================================
header                      content
==========================  ======================================================
登记编号 *                  16-digit registration number, unique
合同名称 *                  contract name
合同类别 *                  技术开发 / 技术转让 / 技术许可 / 技术咨询 / 技术服务
合同子类 *                  a subtype of that type, e.g. 委托开发, 专利实施普通许可
卖方名称 *                  seller name
卖方统一社会信用代码        18 characters, check digit verified when given
卖方性质                    企业 / 科研机构 / 高等院校 / 医疗卫生机构 / 机关 /
                            社会团体及其他组织 / 自然人 / 境外组织 (default 企业)
卖方所在地区代码 *          GB/T 2260 code of the seller's county (or the city)
买方名称 *                  buyer name
买方统一社会信用代码        credit code or other identifier
买方性质                    as 卖方性质 (default 企业)
买方所在地区代码            GB/T 2260 code; a code in the city gives 本市 and the county
买方所在地                  本市 / 本省其他市州 / 外省（区、市）/ 境外 (derived from the
                            code when empty)
签订日期 *                  date (a date cell, 2025-03-01, 2025/3/1 or 2025年3月1日)
履行期限起, 履行期限止      dates; the end not before the start
登记日期 *                  date, not before the signing date
合同成交额（元） *          yuan, up to 2 decimals
技术交易额（元） *          yuan, not above 合同成交额; the difference is stored as
                            non-technical costs
技术领域 *                  one of the 11 fields, e.g. 电子信息, 先进制造
知识产权类型                e.g. 发明专利, 技术秘密, 未涉及知识产权 (default)
计划来源                    e.g. 国家科技计划, 计划外 (default)
社会经济目标                e.g. 工商业发展 (default)
支付方式                    e.g. 一次总付, 分期支付 (default)
关联交易                    是 / 否 (default 否)
技术经纪人证书编号          certificate numbers of registered brokers, separated by
                            、 or ; or ,
==========================  ======================================================

Choice columns accept the label or the code. The whole file is checked first; if any
row is bad, nothing is imported and every bad row is reported with its line and reason
(all-or-nothing). A good file is written in one transaction with PostgreSQL COPY, so a
year of a province (tens of thousands of rows) takes seconds, not hours. Re-importing
the same file reports every row as "already registered" and changes nothing.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pgtrigger
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from stdnum.cn import uscc

from bureau.core.excel import MONEY, BadWorkbook, Column, ImportReport, RowError, Sheet, build_xlsx
from bureau.regions.models import Region

from .conf import number_format
from .models import Broker, NumberCounter, RegistrationOffice, TechnologyContract
from .rules import catalog
from .rules.numbering import parse_number

CENT = Decimal("0.01")
MAX_LISTED_ERRORS = 500


@dataclass(frozen=True)
class ImportColumn:
    header: str
    key: str
    required: bool
    help: str
    example: object = ""


COLUMNS: tuple[ImportColumn, ...] = (
    ImportColumn("登记编号", "registration_number", True, "16位数字，不得重复", "2025430200000001"),
    ImportColumn("合同名称", "name", True, "合同全称", "轨道交通牵引变流器散热系统委托开发合同"),
    ImportColumn("合同类别", "contract_type", True, "技术开发、技术转让、技术许可、技术咨询或技术服务", "技术开发"),
    ImportColumn("合同子类", "subtype", True, "须属于合同类别，如“委托开发”“专利实施普通许可”", "委托开发"),
    ImportColumn("卖方名称", "seller_name", True, "卖方（受托方、让与方、许可方）全称", "株洲智造科技有限公司"),
    ImportColumn("卖方统一社会信用代码", "seller_code", False, "18位，填写时校验", ""),
    ImportColumn("卖方性质", "seller_nature", False, "企业、科研机构、高等院校等，默认企业", "企业"),
    ImportColumn("卖方所在地区代码", "seller_region_code", True, "卖方所在县市区的6位区划代码", "430281"),
    ImportColumn("买方名称", "buyer_name", True, "买方（委托方、受让方、被许可方）全称", "中车株洲电力机车有限公司"),
    ImportColumn("买方统一社会信用代码", "buyer_code", False, "统一社会信用代码或其他证件号", ""),
    ImportColumn("买方性质", "buyer_nature", False, "同卖方性质，默认企业", "企业"),
    ImportColumn("买方所在地区代码", "buyer_region_code", False, "6位区划代码；本市的代码计入技术吸纳", "430203"),
    ImportColumn(
        "买方所在地", "buyer_location", False, "本市、本省其他市州、外省（区、市）或境外；空则按地区代码判断", ""
    ),
    ImportColumn("签订日期", "signed_on", True, "日期，如 2025-03-01", date(2025, 3, 1)),
    ImportColumn("履行期限起", "starts_on", False, "日期", date(2025, 3, 1)),
    ImportColumn("履行期限止", "ends_on", False, "日期，不早于履行期限起", date(2026, 2, 28)),
    ImportColumn("登记日期", "registered_on", True, "日期，不早于签订日期", date(2025, 3, 12)),
    ImportColumn("合同成交额（元）", "total_amount", True, "单位元，最多两位小数", Decimal("1200000.00")),
    ImportColumn("技术交易额（元）", "technical_amount", True, "单位元，不大于合同成交额", Decimal("1000000.00")),
    ImportColumn("技术领域", "technical_field", True, "11个技术领域之一，如“电子信息”“先进制造”", "先进制造"),
    ImportColumn("知识产权类型", "ip_type", False, "如发明专利、技术秘密，默认未涉及知识产权", "技术秘密"),
    ImportColumn("计划来源", "plan_source", False, "如国家科技计划，默认计划外", "计划外"),
    ImportColumn("社会经济目标", "objective", False, "如工商业发展（默认）", "工商业发展"),
    ImportColumn("支付方式", "payment_method", False, "如一次总付、分期支付（默认）", "分期支付"),
    ImportColumn("关联交易", "is_related_party", False, "是或否，默认否", "否"),
    ImportColumn("技术经纪人证书编号", "broker_certificates", False, "已登记的技术经纪人证书编号，多个用顿号分隔", ""),
)
HEADERS = {c.header: c.key for c in COLUMNS} | {f"*{c.header}": c.key for c in COLUMNS}
REQUIRED = [c.key for c in COLUMNS if c.required]
HEADER_OF = {c.key: c.header for c in COLUMNS}


def _lookup(pairs) -> dict[str, str]:
    table = {}
    for code, label in pairs:
        table[code] = code
        table[label] = code
    return table


TYPE_CODES = _lookup((t.code, t.label) for t in catalog.CONTRACT_TYPES)
SUBTYPE_CODES = _lookup((s.code, s.label) for t in catalog.CONTRACT_TYPES for s in t.subtypes)
CHOICE_TABLES = {
    "seller_nature": (_lookup(catalog.PARTY_NATURES), "enterprise"),
    "buyer_nature": (_lookup(catalog.PARTY_NATURES), "enterprise"),
    "buyer_location": (_lookup(catalog.BUYER_LOCATIONS) | {"外省": "domestic", "外省(区、市)": "domestic"}, None),
    "technical_field": (_lookup(catalog.TECHNICAL_FIELDS), None),
    "ip_type": (_lookup(catalog.IP_TYPES), "none"),
    "plan_source": (_lookup(catalog.PLAN_SOURCES), "none"),
    "objective": (_lookup(catalog.OBJECTIVES), "industry"),
    "payment_method": (_lookup(catalog.PAYMENT_METHODS), "instalments"),
}
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_SPLIT_RE = re.compile(r"[、;；,，\s]+")


class RowInvalid(ValueError):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = _DATE_RE.match(str(value).strip())
    if not match:
        raise RowInvalid("日期格式不对，应为 2025-03-01")
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise RowInvalid("不是有效日期") from None


def _money(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value).replace(",", "").replace("，", "").strip())
    except InvalidOperation:
        raise RowInvalid("不是数字") from None
    if not amount.is_finite():
        raise RowInvalid("不是数字")
    return amount.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class _Context:
    regions: dict[str, tuple[int, str, int | None]]  # code -> (id, kind, parent_id)
    city_id: int
    city_code: str
    offices: dict[int, int]  # region id -> office id
    brokers: dict[str, int]
    numbers_seen: set[str]
    fmt_length: int


def _context() -> _Context:
    regions = {
        code: (pk, kind, parent)
        for pk, code, kind, parent in Region.objects.values_list("pk", "code", "kind", "parent_id")
    }
    city_code = settings.PORTAL["CITY_CODE"]
    city = regions.get(city_code)
    if city is None:
        raise BadWorkbook(f"系统中没有本市的区划（{city_code}），请先维护区划。")
    offices = {}
    for _code, (pk, _kind, parent) in regions.items():
        if pk == city[0] or parent == city[0]:
            region = Region.objects.get(pk=pk)
            office = RegistrationOffice.objects.for_region(region)
            if office is not None:
                offices[pk] = office.pk
    return _Context(
        regions=regions,
        city_id=city[0],
        city_code=city_code,
        offices=offices,
        brokers=dict(Broker.objects.values_list("certificate_number", "pk")),
        numbers_seen=set(),
        fmt_length=number_format().length,
    )


def _clean_row(raw: dict, ctx: _Context) -> tuple[dict, list[tuple[str, str]]]:
    """Return the model values of one row and its problems as (column key, reason)."""
    errors: list[tuple[str, str]] = []
    out: dict = {}

    def take(key: str, parse: Callable):
        try:
            return parse(raw.get(key))
        except RowInvalid as exc:
            errors.append((key, str(exc)))
            return None

    for key in REQUIRED:
        value = raw.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors.append((key, "必填"))
    number = _text(raw.get("registration_number"))
    if number:
        if not number.isdigit() or len(number) != ctx.fmt_length:
            errors.append(("registration_number", f"应为{ctx.fmt_length}位数字"))
        elif number in ctx.numbers_seen:
            errors.append(("registration_number", "与文件中前面的行重复"))
        ctx.numbers_seen.add(number)
    out["registration_number"] = number
    for key, limit in (("name", 200), ("seller_name", 200), ("buyer_name", 200)):
        text = _text(raw.get(key))
        if len(text) > limit:
            errors.append((key, f"超过{limit}个字"))
        out[key] = text
    kind = TYPE_CODES.get(_text(raw.get("contract_type")))
    if raw.get("contract_type") not in (None, "") and kind is None:
        errors.append(("contract_type", "不是五类技术合同之一"))
    sub = SUBTYPE_CODES.get(_text(raw.get("subtype")))
    if raw.get("subtype") not in (None, "") and sub is None:
        errors.append(("subtype", "不是规定的合同子类"))
    elif kind and sub and not catalog.subtype_belongs_to(kind, sub):
        errors.append(("subtype", f"“{_text(raw.get('subtype'))}”不属于“{_text(raw.get('contract_type'))}”"))
    out["contract_type"], out["subtype"] = kind or "", sub or ""
    for key, (table, default) in CHOICE_TABLES.items():
        text = _text(raw.get(key)).replace("（", "(").replace("）", ")")
        if not text:
            out[key] = default
            continue
        code = table.get(text) or table.get(text.replace("(", "（").replace(")", "）"))
        if code is None:
            errors.append((key, f"“{text}”不是可选值"))
        out[key] = code or default
    seller_code = _text(raw.get("seller_code")).upper()
    if seller_code and len(seller_code) == 18 and not uscc.is_valid(seller_code):
        errors.append(("seller_code", "统一社会信用代码校验不通过"))
    out["seller_code"] = seller_code
    out["buyer_code"] = _text(raw.get("buyer_code")).upper()[:32]

    seller_region = ctx.regions.get(_text(raw.get("seller_region_code")))
    in_city_seller = seller_region is not None and ctx.city_id in (seller_region[0], seller_region[2])
    if raw.get("seller_region_code") not in (None, "") and not in_city_seller:
        errors.append(("seller_region_code", "不是本市的区划代码"))
        seller_region = None
    out["seller_region_id"] = seller_region[0] if seller_region else None
    out["office_id"] = ctx.offices.get(out["seller_region_id"]) if seller_region else None
    if seller_region and out["office_id"] is None:
        errors.append(("seller_region_code", "该区划没有技术合同登记机构"))

    buyer_code = _text(raw.get("buyer_region_code"))
    buyer_region = ctx.regions.get(buyer_code) if buyer_code else None
    in_city = bool(buyer_region and (buyer_region[0] == ctx.city_id or buyer_region[2] == ctx.city_id))
    if buyer_code and not re.fullmatch(r"\d{6}", buyer_code):
        errors.append(("buyer_region_code", "应为6位区划代码"))
    if out["buyer_location"] is None:
        if in_city:
            out["buyer_location"] = "city"
        elif buyer_code[:2] == ctx.city_code[:2] and buyer_code:
            out["buyer_location"] = "province"
        elif buyer_code:
            out["buyer_location"] = "domestic"
        else:
            out["buyer_location"] = "domestic"
    out["buyer_region_id"] = buyer_region[0] if in_city else None
    out["buyer_region_name"] = "" if in_city else buyer_code

    signed = take("signed_on", _date)
    starts = take("starts_on", _date)
    ends = take("ends_on", _date)
    registered = take("registered_on", _date)
    if starts and ends and ends < starts:
        errors.append(("ends_on", "履行期限止早于履行期限起"))
    if signed and registered and registered < signed:
        errors.append(("registered_on", "登记日期早于签订日期"))
    out.update(signed_on=signed, starts_on=starts, ends_on=ends, registered_on=registered)
    total = take("total_amount", _money)
    technical = take("technical_amount", _money)
    if total is not None and total <= 0:
        errors.append(("total_amount", "应大于0"))
    if technical is not None and technical < 0:
        errors.append(("technical_amount", "不能为负数"))
    if total is not None and technical is not None and technical > total:
        errors.append(("technical_amount", "技术交易额大于合同成交额"))
    out["total_amount"], out["technical_amount"] = total, technical
    if total is not None and technical is not None and technical <= total:
        out["other_non_technical_amount"] = total - technical
    related = _text(raw.get("is_related_party"))
    if related not in ("", "是", "否", "1", "0"):
        errors.append(("is_related_party", "应填“是”或“否”"))
    out["is_related_party"] = related in ("是", "1")
    brokers = []
    for cert in _SPLIT_RE.split(_text(raw.get("broker_certificates"))):
        if not cert:
            continue
        broker_id = ctx.brokers.get(cert)
        if broker_id is None:
            errors.append(("broker_certificates", f"技术经纪人证书“{cert}”未登记"))
        else:
            brokers.append(broker_id)
    out["_brokers"] = brokers
    return out, errors


def _clean_header(value) -> str:
    return "".join(str(value or "").split()).replace("（", "(").replace("）", ")")


def read_rows(file, headers: dict[str, str] = HEADERS, required=REQUIRED):
    """Yield ``(line, {key: value})`` for each non-empty row of the first sheet.

    Same contract as ``bureau.core.excel.read_rows`` (headers matched without spaces and
    with half-width brackets), but read with calamine (Rust): openpyxl needs about 80 s
    for 100,000 rows of 26 columns, calamine about 3 s.
    """
    from python_calamine import CalamineWorkbook

    try:
        data = file.read() if hasattr(file, "read") else open(file, "rb").read()  # noqa: SIM115
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0)
    except Exception as exc:  # calamine raises several types for a file that is not a workbook
        raise BadWorkbook("无法读取该文件，请上传 Excel 2007 及以上格式（.xlsx）的文件。") from exc
    rows = sheet.iter_rows()
    try:
        head = next(rows)
    except StopIteration:
        raise BadWorkbook("文件是空的。") from None
    wanted = {_clean_header(text): key for text, key in headers.items()}
    positions = {}
    for index, text in enumerate(head):
        key = wanted.get(_clean_header(text))
        if key is not None and key not in positions:
            positions[key] = index
    by_key = {}
    for text, key in headers.items():
        by_key.setdefault(key, text)
    missing = [by_key[key] for key in required if key not in positions]
    if missing:
        raise BadWorkbook(f"表头缺少必需的列：{'、'.join(missing)}")
    width = len(head)
    for line, values in enumerate(rows, start=2):
        if all(v is None or v == "" or (isinstance(v, str) and not v.strip()) for v in values):
            continue
        yield (
            line,
            {
                key: (values[index] if index < len(values) and values[index] != "" else None)
                for key, index in positions.items()
                if index < width or index < len(values)
            },
        )


def _copy_columns() -> list:
    return [f for f in TechnologyContract._meta.concrete_fields if not f.primary_key]


def _write(rows: list[dict], progress: Callable[[int], None] | None) -> list[int]:
    """COPY ``rows`` into the contracts table; return the new ids in row order."""
    fields = _copy_columns()
    now = timezone.now()
    fixed = {
        "version": 1,
        "status": TechnologyContract.Status.REGISTERED,
        "source": TechnologyContract.Source.IMPORTED,
        "created_at": now,
        "updated_at": now,
    }
    defaults = {}
    for f in fields:
        if f.attname in fixed:
            defaults[f.attname] = fixed[f.attname]
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        else:
            defaults[f.attname] = "" if (not f.null and f.get_internal_type() in ("CharField", "TextField")) else None
    attnames = [f.attname for f in fields]
    table = TechnologyContract._meta.db_table
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        # A query through Django first, so pgtrigger's SET LOCAL also covers the raw COPY.
        cursor.execute("SELECT 1")
        raw = cursor.cursor  # psycopg 3 cursor: COPY streams rows without one INSERT each
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for index, row in enumerate(rows, start=1):
                copy.write_row([row.get(name, defaults[name]) if name in row else defaults[name] for name in attnames])
                if progress is not None and index % 5000 == 0:
                    progress(index)
        cursor.execute(
            f"SELECT registration_number, id FROM {table} WHERE registration_number = ANY(%s)",
            [[r["registration_number"] for r in rows]],
        )
        ids = dict(cursor.fetchall())
    return [ids[r["registration_number"]] for r in rows]


def _bump_counters(rows: Iterable[dict]) -> None:
    """Keep the yearly counters past imported numbers written in this office's format."""
    fmt = number_format()
    codes = dict(RegistrationOffice.objects.values_list("code", "pk"))
    highest: dict[tuple[int, int], int] = defaultdict(int)
    for row in rows:
        parsed = parse_number(row["registration_number"], fmt)
        if parsed and parsed.office_code in codes:
            key = (codes[parsed.office_code], parsed.year)
            highest[key] = max(highest[key], parsed.serial)
    for (office_id, year), serial in highest.items():
        NumberCounter.objects.bulk_create(
            [NumberCounter(office_id=office_id, year=year, last_serial=0)], ignore_conflicts=True
        )
        counter = NumberCounter.objects.select_for_update().get(office_id=office_id, year=year)
        if counter.last_serial < serial:
            counter.last_serial = serial
            counter.save(update_fields=["last_serial"])


def import_contracts(file, *, progress: Callable[..., None] | None = None) -> ImportReport:
    """Check every row of ``file``; import all of them in one transaction, or none if any is bad."""
    report = ImportReport()
    ctx = _context()
    rows: list[dict] = []
    error_count = 0

    def tell(done, message):
        if progress is not None:
            progress(done=done, message=message)

    for line, raw in read_rows(file, HEADERS, REQUIRED):
        report.rows += 1
        values, problems = _clean_row(raw, ctx)
        if problems:
            error_count += len(problems)
            for key, message in problems:
                if len(report.errors) < MAX_LISTED_ERRORS:
                    report.errors.append(RowError(line, HEADER_OF.get(key, key), message))
        else:
            values["_line"] = line
            rows.append(values)
        if report.rows % 5000 == 0:
            tell(report.rows, f"已检查 {report.rows} 行")
    if not report.errors and rows:
        existing = _existing_numbers([r["registration_number"] for r in rows])
        for row in rows:
            if row["registration_number"] in existing:
                error_count += 1
                if len(report.errors) < MAX_LISTED_ERRORS:
                    report.errors.append(
                        RowError(row["_line"], HEADER_OF["registration_number"], "该登记编号已在系统中")
                    )
    report.error_count = error_count  # type: ignore[attr-defined]
    if report.errors:
        return report
    # The import is audited as a whole by its background job (who, when, which file); the
    # per-row insert snapshots of pghistory would make it 8 times slower, so they are skipped.
    with transaction.atomic(), pgtrigger.ignore(f"{TechnologyContract._meta.label}:insert_insert"):
        ids = _write(rows, (lambda n: tell(n, f"已写入 {n} / {len(rows)} 行")) if progress else None)
        through = TechnologyContract.brokers.through
        links = [
            through(technologycontract_id=pk, broker_id=b)
            for pk, row in zip(ids, rows, strict=True)
            for b in row["_brokers"]
        ]
        if links:
            through.objects.bulk_create(links, batch_size=5000)
        _bump_counters(rows)
    report.created = len(rows)
    return report


def _existing_numbers(numbers: list[str]) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT registration_number FROM {TechnologyContract._meta.db_table} WHERE registration_number = ANY(%s)",
            [numbers],
        )
        return {row[0] for row in cursor.fetchall()}


def template_xlsx() -> bytes:
    """Return the import template: the header row, one example row, and the column notes."""
    columns = [Column(("* " if c.required else "") + c.header, c.key, width=18) for c in COLUMNS]
    example = {c.key: c.example for c in COLUMNS}
    notes = [
        Column("列名", "header", width=24),
        Column("是否必填", "required", width=10),
        Column("填写说明", "help", width=60),
    ]
    note_rows = [{"header": c.header, "required": "必填" if c.required else "选填", "help": c.help} for c in COLUMNS]
    return build_xlsx(
        [
            Sheet("技术合同", columns, [example]),
            Sheet("填写说明", notes, note_rows, note="列顺序可以调整；带 * 的列必填；选项列可填写名称或代码。"),
        ]
    )


__all__ = ["COLUMNS", "MONEY", "BadWorkbook", "import_contracts", "template_xlsx"]
