"""Forms of the projects pages: they only check input; the services decide."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.accounts.models import Department
from bureau.core.forms import BootstrapFormMixin
from enterprises.models import Organization

from .models import ProjectApplication, ProjectCall
from .services.applications import APPLICANT_FIELDS
from .services.calls import CALL_FIELDS

MONEY_FIELDS = ("total_budget", "requested_amount", "self_funding", "max_funding", "amount")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _money_widget():
    return forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal", "class": "text-end"})


class ApplicationForm(BootstrapFormMixin, forms.ModelForm):
    """The application form (项目申报书); sections follow the paper form."""

    # (key, heading, fields); templates test the key, never the translated heading.
    SECTIONS = (
        ("basic", _("一、项目基本信息"), ("title", "leader_name", "leader_phone", "starts_on", "ends_on")),
        ("content", _("二、项目内容"), ("summary",)),
        ("budget", _("三、经费预算（元）"), ("total_budget", "requested_amount", "self_funding")),
    )
    # Needed before submitting (a draft may be saved without them).
    REQUIRED_ON_SUBMIT = ("title", "leader_name", "leader_phone", "summary", "starts_on", "ends_on")

    class Meta:
        model = ProjectApplication
        fields = list(APPLICANT_FIELDS)
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 8}),
            "total_budget": _money_widget(),
            "requested_amount": _money_widget(),
            "self_funding": _money_widget(),
        }
        help_texts = {
            "title": _("与申报书封面一致，不超过 200 字。"),
            "leader_phone": _("手机号码或办公电话，评审期间用于联系。"),
            "total_budget": _("项目实施期内的全部经费。"),
            "requested_amount": _("申请市财政科技经费资助的金额，不超过总预算和本指南的单项资助上限。"),
            "self_funding": _("单位自筹或其他来源的经费。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["self_funding"].required = False
        self.fields["title"].error_messages["required"] = _("请填写项目名称。")
        self.fields["leader_name"].error_messages["required"] = _("请填写项目负责人。")
        self.fields["total_budget"].error_messages["required"] = _("请填写项目总预算。")
        self.fields["requested_amount"].error_messages["required"] = _("请填写申请市级资助金额。")

    @property
    def sections(self):
        return [(key, title, [self[name] for name in names]) for key, title, names in self.SECTIONS]

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in APPLICANT_FIELDS}

    def _post_clean(self):
        # The services validate the instance (and word the problems); the form checks input only.
        pass


class OrganizationChoiceForm(BootstrapFormMixin, forms.Form):
    organization = forms.ModelChoiceField(
        label=_("申报单位"),
        queryset=Organization.objects.none(),
        empty_label=None,
        error_messages={"required": _("请选择申报单位。"), "invalid_choice": _("请选择您所在的单位。")},
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class ApproveForm(BootstrapFormMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("立项资助金额（元）"),
        max_digits=18,
        decimal_places=2,
        widget=_money_widget(),
        error_messages={"required": _("请填写立项资助金额。"), "invalid": _("请填写数字。")},
    )
    approved_on = forms.DateField(
        label=_("立项日期"),
        widget=DateInput(),
        error_messages={"required": _("请填写立项日期。"), "invalid": _("日期格式应为 2026-11-23。")},
    )
    project_number = forms.CharField(
        label=_("项目编号"),
        max_length=32,
        required=False,
        help_text=_("留空由系统按计划年度连续编号。"),
    )
    comment = forms.CharField(
        label=_("立项意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("记入办理进度，申报单位可以看到；留空则自动写明资助金额和项目编号。"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("approved_on", timezone.localdate())
        super().__init__(*args, **kwargs)


class CallForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = ProjectCall
        fields = list(CALL_FIELDS)
        widgets = {
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
            "summary": forms.Textarea(attrs={"rows": 8}),
            "eligibility": forms.Textarea(attrs={"rows": 4}),
            "max_funding": _money_widget(),
        }
        help_texts = {
            "title": _("如“2026年度株洲市重点研发计划项目申报指南”。"),
            "year": _("计划年度，立项后的项目编号按此年度编号。"),
            "summary": _("支持方向、资助方式等，每行一段。"),
            "eligibility": _("每行一条。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.order_by("sort_order", "code")
        self.fields["department"].empty_label = None
        self.fields["year"].widget.attrs.update(min="2000", max="2100")

    def _post_clean(self):
        pass
