"""Excel exports of the talent lists; ID numbers are masked in every export."""

from __future__ import annotations

from django.utils import timezone

from bureau.core.excel import MONEY, Column, Sheet, build_xlsx

from .filters import STATE_CHOICES
from .rules.commissioners import service_state
from .templatetags.talent import field_labels


def _region(obj) -> str:
    return obj.region.label if obj.region_id else ""


SELECTION_COLUMNS = (
    Column("人才计划", lambda s: s.program.name, width=30),
    Column("人才计划代码", lambda s: s.program.code, width=14),
    Column("入选年度", "year", width=10),
    Column("入选日期", "selected_on", width=12, number_format="yyyy-mm-dd"),
    Column("入选类别", "category", width=18),
    Column("姓名", "full_name", width=10),
    Column("性别", lambda s: s.get_gender_display(), width=6),
    Column("身份证号（脱敏）", "masked_id_number", width=22),
    Column("工作单位", "organization_name", width=30),
    Column("统一社会信用代码", lambda s: s.organization.uscc if s.organization_id else "", width=22),
    Column("所在县市区", _region, width=14),
    Column("所在区划代码", lambda s: s.region.code if s.region_id else "", width=12),
    Column("职称/职务", "title", width=16),
    Column("专业领域", "field", width=16),
    Column("资助金额（元）", "funding", width=16, number_format=MONEY),
    Column("备注", "note", width=24),
)

EXPERT_COLUMNS = (
    Column("姓名", "full_name", width=10),
    Column("身份证号（脱敏）", "masked_id_number", width=22),
    Column("工作单位", "organization_name", width=30),
    Column("所在县市区", _region, width=14),
    Column("职称", lambda e: e.get_title_display(), width=10),
    Column("职务", "position", width=14),
    Column("专业领域", lambda e: field_labels(e.technical_fields), width=30),
    Column("研究方向", "specialty", width=24),
    Column("状态", lambda e: e.get_status_display(), width=10),
    Column("入库日期", "joined_on", width=12, number_format="yyyy-mm-dd"),
    Column("出库日期", "left_on", width=12, number_format="yyyy-mm-dd"),
    Column("联系电话", "phone", width=14),
    Column("电子邮箱", "email", width=22),
    Column("登录账号", lambda e: e.user.username if e.user_id else "", width=12),
)


def _commissioner_columns():
    today = timezone.localdate()
    states = {key: str(label) for key, label in STATE_CHOICES}
    return (
        Column("类型", lambda c: c.get_kind_display(), width=14),
        Column("名称", "name", width=20),
        Column("身份证号（脱敏）", "masked_id_number", width=22),
        Column("负责人", "leader_name", width=10),
        Column("派出专业人员数", "member_count", width=10),
        Column("派出单位", "organization_name", width=30),
        Column("服务县市区", _region, width=14),
        Column("服务对象", "service_target", width=24),
        Column("服务领域", "field", width=14),
        Column("选派年度", "year", width=10),
        Column("服务期起", "service_from", width=12, number_format="yyyy-mm-dd"),
        Column("服务期止", "service_until", width=12, number_format="yyyy-mm-dd"),
        Column("提前终止日期", "ended_on", width=12, number_format="yyyy-mm-dd"),
        Column(
            "服务状态",
            lambda c: states[service_state(c.service_from, c.service_until, c.ended_on, today)],
            width=10,
        ),
        Column("服务日志（条）", lambda c: getattr(c, "log_count", None), width=10),
        Column("联系电话", "phone", width=14),
    )


def selections_xlsx(queryset) -> bytes:
    rows = queryset.select_related("program", "region", "organization").iterator(chunk_size=2000)
    return build_xlsx([Sheet("入选人才", SELECTION_COLUMNS, rows)])


def experts_xlsx(queryset) -> bytes:
    rows = queryset.select_related("region", "user").iterator(chunk_size=2000)
    return build_xlsx([Sheet("专家库", EXPERT_COLUMNS, rows)])


def commissioners_xlsx(queryset) -> bytes:
    rows = queryset.select_related("region").iterator(chunk_size=2000)
    return build_xlsx([Sheet("科技特派员", _commissioner_columns(), rows)])


def selection_template_xlsx() -> bytes:
    """The import template of a selection list: the header row, then notes, program codes and region codes."""
    from bureau.regions.models import Region

    from .models import TalentProgram
    from .services.imports import COLUMN_HELP, HEADERS, REQUIRED

    example = {
        "program": "hn-bajian",
        "year": 2026,
        "selected_on": "2026-06-30",
        "full_name": "张三",
        "gender": "男",
        "id_number": "",
        "organization_name": "株洲某某科技有限公司",
        "organization_code": "",
        "region": "430281",
        "category": "科技领军人才",
        "funding": 500000,
    }
    notes = [
        {
            "header": text,
            "required": "必填" if key in REQUIRED else "选填",
            "help": str(COLUMN_HELP[key]),
            "example": example[key],
        }
        for text, key in HEADERS.items()
    ]
    return build_xlsx(
        [
            Sheet("入选名单", [Column(text, key, width=16) for text, key in HEADERS.items()], []),
            Sheet(
                "填写说明",
                [
                    Column("列名", "header", width=16),
                    Column("必填", "required", width=8),
                    Column("说明", "help", width=60),
                    Column("示例", "example", width=24),
                ],
                notes,
                note="第一张表“入选名单”的第一行为列名，从第二行起每行一人；列的顺序不限。任何一行有错时整份名单不导入。",
            ),
            Sheet(
                "人才计划代码",
                [
                    Column("人才计划代码", "code", width=16),
                    Column("计划名称", "name", width=40),
                    Column("层级", lambda p: p.get_level_display(), width=8),
                    Column("在用", lambda p: "是" if p.is_active else "否", width=6),
                ],
                TalentProgram.objects.order_by("sort_order", "code"),
            ),
            Sheet(
                "区划代码",
                [Column("区划代码", "code", width=12), Column("名称", "name", width=24)],
                Region.objects.counties().order_by("sort_order", "code"),
            ),
        ]
    )
