"""django-import-export resources of the talent admin; ID numbers leave the system masked.

On import, a masked ID number (with *) keeps the number stored, so a file exported,
corrected and imported back does not overwrite the real numbers with masked ones.
"""

from __future__ import annotations

from import_export import fields, resources, widgets

from bureau.core.formatting import mask_id_number
from bureau.regions.models import Region

from .models import Commissioner, Expert, TalentProgram, TalentSelection


class LabelWidget(widgets.Widget):
    """Read a choice by its label or code; write the label."""

    def __init__(self, choices, default=None):
        super().__init__()
        self.labels = {code: str(label) for code, label in choices}
        self.table = {**{label: code for code, label in self.labels.items()}, **{c: c for c in self.labels}}
        self.default = default

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            if self.default is None:
                raise ValueError("不能为空")
            return self.default
        if text not in self.table:
            raise ValueError(f"“{text}”不是可选值（{'、'.join(self.labels.values())}）")
        return self.table[text]

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class ArrayWidget(widgets.Widget):
    """A list of codes written as 代码1、代码2 (or separated by commas)."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").replace("，", "、").replace(",", "、")
        return [part.strip() for part in text.split("、") if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return "、".join(value or [])


class MaskedIdField(fields.Field):
    """Export the ID number masked; on import keep the stored number when the cell is masked."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = row.get(self.column_name)
        if value and "*" in str(value):
            return
        super().save(instance, row, is_m2m, **kwargs)


def region_field(attribute="region", header="所在区划代码"):
    return fields.Field(attribute, header, widget=widgets.ForeignKeyWidget(Region, "code"))


class TalentProgramResource(resources.ModelResource):
    code = fields.Field("code", "代码")
    name = fields.Field("name", "计划名称")
    short_name = fields.Field("short_name", "简称")
    level = fields.Field("level", "层级", widget=LabelWidget(TalentProgram.Level.choices))
    issuer = fields.Field("issuer", "主管部门")
    is_active = fields.Field("is_active", "在用", widget=widgets.BooleanWidget())
    sort_order = fields.Field("sort_order", "排序", widget=widgets.IntegerWidget())

    class Meta:
        model = TalentProgram
        import_id_fields = ("code",)
        fields = ("code", "name", "short_name", "level", "issuer", "is_active", "sort_order")
        clean_model_instances = True


class TalentSelectionResource(resources.ModelResource):
    program = fields.Field("program", "人才计划代码", widget=widgets.ForeignKeyWidget(TalentProgram, "code"))
    year = fields.Field("year", "入选年度", widget=widgets.IntegerWidget())
    selected_on = fields.Field("selected_on", "入选日期", widget=widgets.DateWidget())
    full_name = fields.Field("full_name", "姓名")
    gender = fields.Field("gender", "性别", widget=LabelWidget(TalentSelection.Gender.choices, default=""))
    id_number = MaskedIdField("id_number", "身份证号")
    organization_name = fields.Field("organization_name", "工作单位")
    region = region_field()
    category = fields.Field("category", "入选类别")
    funding = fields.Field("funding", "资助金额", widget=widgets.DecimalWidget())

    class Meta:
        model = TalentSelection
        import_id_fields = ("program", "year", "full_name", "organization_name")
        fields = (
            "program",
            "year",
            "selected_on",
            "full_name",
            "gender",
            "id_number",
            "organization_name",
            "region",
            "category",
            "funding",
        )
        clean_model_instances = True

    def dehydrate_id_number(self, selection):
        return mask_id_number(selection.id_number)


class ExpertResource(resources.ModelResource):
    full_name = fields.Field("full_name", "姓名")
    id_number = MaskedIdField("id_number", "身份证号")
    phone = fields.Field("phone", "联系电话")
    email = fields.Field("email", "电子邮箱")
    organization_name = fields.Field("organization_name", "工作单位")
    region = region_field()
    title = fields.Field("title", "职称", widget=LabelWidget(Expert.Title.choices))
    position = fields.Field("position", "职务")
    technical_fields = fields.Field("technical_fields", "专业领域代码", widget=ArrayWidget())
    specialty = fields.Field("specialty", "研究方向")
    status = fields.Field("status", "状态", widget=LabelWidget(Expert.Status.choices, default=Expert.Status.ACTIVE))
    joined_on = fields.Field("joined_on", "入库日期", widget=widgets.DateWidget())
    left_on = fields.Field("left_on", "出库日期", widget=widgets.DateWidget())

    class Meta:
        model = Expert
        import_id_fields = ("id_number",)
        fields = (
            "full_name",
            "id_number",
            "phone",
            "email",
            "organization_name",
            "region",
            "title",
            "position",
            "technical_fields",
            "specialty",
            "status",
            "joined_on",
            "left_on",
        )
        clean_model_instances = True

    def dehydrate_id_number(self, expert):
        return mask_id_number(expert.id_number)

    def get_instance(self, instance_loader, row):
        # A masked number cannot find the expert: such rows are matched by name and unit instead.
        value = str(row.get("身份证号") or "")
        if "*" in value:
            return Expert.objects.filter(
                full_name=row.get("姓名"), organization_name=row.get("工作单位"), id_number__endswith=value[-4:]
            ).first()
        return super().get_instance(instance_loader, row)


class CommissionerResource(resources.ModelResource):
    id = fields.Field("id", "ID", widget=widgets.IntegerWidget())
    kind = fields.Field("kind", "类型", widget=LabelWidget(Commissioner.Kind.choices))
    name = fields.Field("name", "名称")
    id_number = MaskedIdField("id_number", "身份证号")
    leader_name = fields.Field("leader_name", "负责人")
    member_count = fields.Field("member_count", "派出专业人员数", widget=widgets.IntegerWidget())
    organization_name = fields.Field("organization_name", "派出单位")
    region = region_field("region", "服务区划代码")
    service_target = fields.Field("service_target", "服务对象")
    field = fields.Field("field", "服务领域")
    phone = fields.Field("phone", "联系电话")
    year = fields.Field("year", "选派年度", widget=widgets.IntegerWidget())
    service_from = fields.Field("service_from", "服务期起", widget=widgets.DateWidget())
    service_until = fields.Field("service_until", "服务期止", widget=widgets.DateWidget())
    ended_on = fields.Field("ended_on", "提前终止日期", widget=widgets.DateWidget())

    class Meta:
        model = Commissioner
        import_id_fields = ("id",)
        fields = (
            "id",
            "kind",
            "name",
            "id_number",
            "leader_name",
            "member_count",
            "organization_name",
            "region",
            "service_target",
            "field",
            "phone",
            "year",
            "service_from",
            "service_until",
            "ended_on",
        )
        clean_model_instances = True

    def dehydrate_id_number(self, commissioner):
        return mask_id_number(commissioner.id_number)
