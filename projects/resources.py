"""django-import-export resources for the admin: calls and (historical) funded projects.

Call columns (申报指南), matched on 指南名称 + 计划年度:

    指南名称 · 计划年度 · 计划类别 (label or code, e.g. 重点研发计划 / key_rd) · 主管科室 (name or
    code, e.g. 发展规划科 / planning) · 指南内容 · 申报条件 · 申报开始时间 · 申报截止时间
    (2026-03-01 09:00) · 单项资助上限（元） (blank: no ceiling) · 已发布 (是/否)

Funded-project columns (历史立项项目), matched on 项目编号; every imported row is an
approved project with ``source = imported`` (历史数据导入):

    项目编号 (required, unique) · 项目名称 · 申报指南 (the exact title of a call already in the
    system: create the year's calls first, unpublished if they are history) ·
    申报单位统一社会信用代码 (an organization already in the registry) · 项目负责人 ·
    负责人电话 · 实施期起 · 实施期止 · 项目总预算（元） · 申请市级资助（元） · 自筹经费（元） ·
    立项日期 · 立项资助金额（元） · 申报编号 (optional)

The plan category is copied from the call and the region from the organization, as for
an online application. A bad row is reported with its line and reason by the admin's
import preview, and nothing is written until every row is good.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from bureau.accounts.models import Department
from enterprises.models import Organization

from .models import ProjectApplication, ProjectCall, ProjectCategory


class CategoryWidget(widgets.Widget):
    """A plan category by its label (重点研发计划) or code (key_rd); written as the label."""

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        table = {**{str(label): code for code, label in ProjectCategory.choices}, **{c: c for c in ProjectCategory}}
        if text not in table:
            labels = "、".join(str(label) for _code, label in ProjectCategory.choices)
            raise ValueError(_("“%(v)s”不是计划类别，可选：%(labels)s") % {"v": text, "labels": labels})
        return table[text]

    def render(self, value, obj=None, **kwargs):
        return str(ProjectCategory(value).label) if value in ProjectCategory.values else (value or "")


class DepartmentWidget(widgets.ForeignKeyWidget):
    """A department by its name or code."""

    def __init__(self):
        super().__init__(Department, "name")

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        found = Department.objects.filter(name=text).first() or Department.objects.filter(code=text).first()
        if found is None:
            raise ValueError(_("找不到科室“%(v)s”") % {"v": text})
        return found


class CallTitleWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(ProjectCall, "title")

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        calls = list(ProjectCall.objects.filter(title=text)[:2])
        if not calls:
            raise ValueError(_("找不到申报指南“%(v)s”，请先在“申报指南”中建立") % {"v": text})
        if len(calls) > 1:
            raise ValueError(_("有多个申报指南名为“%(v)s”，请先修改其中之一的名称") % {"v": text})
        return calls[0]


class OrganizationWidget(widgets.ForeignKeyWidget):
    def __init__(self):
        super().__init__(Organization, "uscc")

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip().upper()
        found = Organization.objects.filter(uscc=text).first()
        if found is None:
            raise ValueError(_("单位库中没有统一社会信用代码为 %(v)s 的单位") % {"v": text})
        return found


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return str(value or "").strip() in ("是", "1", "True", "true")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


class CallResource(resources.ModelResource):
    title = fields.Field("title", "指南名称", widget=widgets.CharWidget())
    year = fields.Field("year", "计划年度", widget=widgets.IntegerWidget())
    category = fields.Field("category", "计划类别", widget=CategoryWidget())
    department = fields.Field("department", "主管科室", widget=DepartmentWidget())
    summary = fields.Field("summary", "指南内容", widget=widgets.CharWidget())
    eligibility = fields.Field("eligibility", "申报条件", widget=widgets.CharWidget())
    opens_at = fields.Field("opens_at", "申报开始时间", widget=widgets.DateTimeWidget())
    closes_at = fields.Field("closes_at", "申报截止时间", widget=widgets.DateTimeWidget())
    max_funding = fields.Field("max_funding", "单项资助上限（元）", widget=widgets.DecimalWidget())
    is_published = fields.Field("is_published", "已发布", widget=YesNoWidget())

    class Meta:
        model = ProjectCall
        import_id_fields = ("title", "year")
        fields = (
            "title",
            "year",
            "category",
            "department",
            "summary",
            "eligibility",
            "opens_at",
            "closes_at",
            "max_funding",
            "is_published",
        )
        clean_model_instances = True
        skip_unchanged = True


class FundedProjectResource(resources.ModelResource):
    project_number = fields.Field("project_number", "项目编号", widget=widgets.CharWidget())
    title = fields.Field("title", "项目名称", widget=widgets.CharWidget())
    call = fields.Field("call", "申报指南", widget=CallTitleWidget())
    organization = fields.Field("organization", "申报单位统一社会信用代码", widget=OrganizationWidget())
    leader_name = fields.Field("leader_name", "项目负责人", widget=widgets.CharWidget())
    leader_phone = fields.Field("leader_phone", "负责人电话", widget=widgets.CharWidget())
    starts_on = fields.Field("starts_on", "实施期起", widget=widgets.DateWidget())
    ends_on = fields.Field("ends_on", "实施期止", widget=widgets.DateWidget())
    total_budget = fields.Field("total_budget", "项目总预算（元）", widget=widgets.DecimalWidget())
    requested_amount = fields.Field("requested_amount", "申请市级资助（元）", widget=widgets.DecimalWidget())
    self_funding = fields.Field("self_funding", "自筹经费（元）", widget=widgets.DecimalWidget())
    approved_on = fields.Field("approved_on", "立项日期", widget=widgets.DateWidget())
    approved_amount = fields.Field("approved_amount", "立项资助金额（元）", widget=widgets.DecimalWidget())
    number = fields.Field("number", "申报编号", widget=widgets.CharWidget())

    class Meta:
        model = ProjectApplication
        import_id_fields = ("project_number",)
        fields = (
            "project_number",
            "title",
            "call",
            "organization",
            "leader_name",
            "leader_phone",
            "starts_on",
            "ends_on",
            "total_budget",
            "requested_amount",
            "self_funding",
            "approved_on",
            "approved_amount",
            "number",
        )
        clean_model_instances = True
        skip_unchanged = False

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # Historical funded projects: approved, imported, classified like an online application.
        instance.status = ProjectApplication.Status.APPROVED
        instance.source = ProjectApplication.Source.IMPORTED
        if instance.call_id:
            instance.category = instance.call.category
        if instance.organization_id:
            instance.region_id = instance.organization.region_id
        instance.project_number = (instance.project_number or "").strip() or None
        instance.number = (instance.number or "").strip() or None
        if instance.self_funding is None:
            instance.self_funding = 0
        problems = {}
        if not instance.project_number:
            problems["project_number"] = _("项目编号不能为空。")
        if instance.approved_on is None and "approved_on" not in errors:
            problems["approved_on"] = _("立项日期不能为空。")
        amount, requested = instance.approved_amount, instance.requested_amount
        if amount is None and "approved_amount" not in errors:
            problems["approved_amount"] = _("立项资助金额不能为空。")
        elif amount is not None and amount <= 0:
            problems["approved_amount"] = _("立项资助金额须大于 0。")
        elif amount is not None and requested is not None and amount > requested:
            problems["approved_amount"] = _("立项资助金额不能超过申请市级资助。")
        for name, message in problems.items():
            errors.setdefault(name, []).append(ValidationError(message))
        if errors:
            raise ValidationError(errors)
