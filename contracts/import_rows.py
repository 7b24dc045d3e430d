"""Read the rows of a historical contract import and check each one against the columns' rules."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from stdnum.cn import uscc

from bureau.core.excel import BadWorkbook
from bureau.regions.models import Region

from .conf import number_format
from .import_columns import CHOICE_TABLES, HEADERS, REQUIRED, SUBTYPE_CODES, TYPE_CODES
from .models import Broker, RegistrationOffice
from .rules import catalog

CENT = Decimal("0.01")
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

    def in_city(self, region: tuple[int, str, int | None] | None) -> bool:
        """Tell whether a region of ``regions`` is the city or directly under it."""
        return region is not None and self.city_id in (region[0], region[2])


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
    if raw.get("seller_region_code") not in (None, "") and not ctx.in_city(seller_region):
        errors.append(("seller_region_code", "不是本市的区划代码"))
        seller_region = None
    out["seller_region_id"] = seller_region[0] if seller_region else None
    out["office_id"] = ctx.offices.get(out["seller_region_id"]) if seller_region else None
    if seller_region and out["office_id"] is None:
        errors.append(("seller_region_code", "该区划没有技术合同登记机构"))

    buyer_code = _text(raw.get("buyer_region_code"))
    buyer_region = ctx.regions.get(buyer_code) if buyer_code else None
    in_city = ctx.in_city(buyer_region)
    if buyer_code and not re.fullmatch(r"\d{6}", buyer_code):
        errors.append(("buyer_region_code", "应为6位区划代码"))
    if out["buyer_location"] is None:
        if in_city:
            out["buyer_location"] = "city"
        elif buyer_code[:2] == ctx.city_code[:2] and buyer_code:
            out["buyer_location"] = "province"
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
