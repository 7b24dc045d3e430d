"""Excel export of the application list (no personal ID numbers are held here)."""

from __future__ import annotations

from django.utils import timezone

from bureau.core.excel import MONEY, Column, Sheet, build_xlsx


def _local(value):
    return timezone.localtime(value) if value else None


APPLICATION_COLUMNS = (
    Column("申报编号", "number", width=14),
    Column("项目编号", "project_number", width=14),
    Column("项目名称", "title", width=40),
    Column("计划类别", lambda a: a.get_category_display(), width=16),
    Column("计划年度", "call__year", width=10),
    Column("申报指南", "call__title", width=36),
    Column("申报单位", "organization__name", width=32),
    Column("统一社会信用代码", "organization__uscc", width=22),
    Column("所在县市区", lambda a: a.region.label if a.region_id else "", width=14),
    Column("项目负责人", "leader_name", width=10),
    Column("实施期起", "starts_on", width=12, number_format="yyyy-mm-dd"),
    Column("实施期止", "ends_on", width=12, number_format="yyyy-mm-dd"),
    Column("项目总预算（元）", "total_budget", width=18, number_format=MONEY),
    Column("申请市级资助（元）", "requested_amount", width=18, number_format=MONEY),
    Column("自筹经费（元）", "self_funding", width=18, number_format=MONEY),
    Column("状态", lambda a: a.get_status_display(), width=10),
    Column("提交时间", lambda a: _local(a.submitted_at), width=18, number_format="yyyy-mm-dd hh:mm"),
    Column("立项日期", "approved_on", width=12, number_format="yyyy-mm-dd"),
    Column("立项资助金额（元）", "approved_amount", width=18, number_format=MONEY),
    Column("来源", lambda a: a.get_source_display(), width=12),
)


def applications_xlsx(queryset, progress=None) -> bytes:
    rows = queryset.select_related("call", "organization", "region").iterator(chunk_size=2000)
    return build_xlsx([Sheet("项目申报", APPLICATION_COLUMNS, rows)], progress=progress)
