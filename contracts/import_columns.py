"""Columns of the historical contract import, the values they accept, and the template workbook.

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

Choice columns accept the label or the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bureau.core.excel import Column, Sheet, build_xlsx

from .rules import catalog


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
