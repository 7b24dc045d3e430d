"""Excel exports of contract and broker lists; ID numbers are masked in every export."""

from __future__ import annotations

from bureau.core.excel import MONEY, Column, Sheet, build_xlsx

CONTRACT_COLUMNS = (
    Column("登记编号", "registration_number", width=20),
    Column("合同名称", "name", width=36),
    Column("合同类别", lambda c: c.get_contract_type_display(), width=10),
    Column("合同子类", lambda c: c.get_subtype_display(), width=16),
    Column("状态", lambda c: c.get_status_display(), width=10),
    Column("卖方名称", "seller_name", width=30),
    Column("卖方所在县市区", lambda c: c.seller_region.label if c.seller_region_id else "", width=14),
    Column("卖方性质", lambda c: c.get_seller_nature_display(), width=12),
    Column("买方名称", "buyer_name", width=30),
    Column("买方所在地", lambda c: c.get_buyer_location_display(), width=14),
    Column("买方性质", lambda c: c.get_buyer_nature_display(), width=12),
    Column("签订日期", "signed_on", width=12, number_format="yyyy-mm-dd"),
    Column("登记日期", "registered_on", width=12, number_format="yyyy-mm-dd"),
    Column("合同成交额（元）", "total_amount", width=18, number_format=MONEY),
    Column("技术交易额（元）", "technical_amount", width=18, number_format=MONEY),
    Column("技术领域", lambda c: c.get_technical_field_display(), width=16),
    Column("知识产权类型", lambda c: c.get_ip_type_display(), width=16),
    Column("计划来源", lambda c: c.get_plan_source_display(), width=14),
    Column("社会经济目标", lambda c: c.get_objective_display(), width=20),
    Column("关联交易", lambda c: "是" if c.is_related_party else "否", width=8),
    Column("来源", lambda c: c.get_source_display(), width=12),
)

BROKER_COLUMNS = (
    Column("姓名", "full_name", width=10),
    Column("身份证号（脱敏）", "masked_id_number", width=22),
    Column("所在单位", "organization_name", width=30),
    Column("证书等级", lambda b: b.get_level_display(), width=14),
    Column("证书编号", "certificate_number", width=18),
    Column("发证日期", "valid_from", width=12, number_format="yyyy-mm-dd"),
    Column("有效期至", "valid_until", width=12, number_format="yyyy-mm-dd"),
    Column("本年登记合同（份）", lambda b: getattr(b, "year_count", None), width=12),
    Column("本年成交额（元）", lambda b: getattr(b, "year_total", None), width=18, number_format=MONEY),
    Column("本年技术交易额（元）", lambda b: getattr(b, "year_technical", None), width=18, number_format=MONEY),
)


def contracts_xlsx(queryset, progress=None) -> bytes:
    rows = queryset.select_related("seller_region").iterator(chunk_size=2000)
    return build_xlsx([Sheet("技术合同", CONTRACT_COLUMNS, rows)], progress=progress)


def brokers_xlsx(queryset) -> bytes:
    return build_xlsx([Sheet("技术经纪人", BROKER_COLUMNS, queryset)])
