"""Forms of the public-notice pages: the objection (异议) form and the staff's finding."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from bureau.core.forms import BootstrapFormMixin

from .models import Objection, Publicity

PHONE_RE = re.compile(r"^[0-9+\-() ]{7,20}$")
WHOLE = "whole"


class _ObjectionFields(forms.Form):
    # Set up here, below BootstrapFormMixin in the MRO: the mixin validates a bound form in
    # its __init__, so choices and messages must be in place before it runs.

    item = forms.ChoiceField(label=_("异议对象"), help_text=_("选择名单中的某一项，或针对整个公示。"))
    name = forms.CharField(label=_("异议人姓名"), max_length=64, help_text=_("请填写真实姓名，匿名异议不予受理。"))
    organization = forms.CharField(label=_("工作单位"), max_length=128, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, help_text=_("手机或座机号码，便于核查时与您联系。"))
    email = forms.EmailField(
        label=_("电子邮箱"), required=False, help_text=_("选填；填写后，核查结果将通过邮件告知您。")
    )
    content = forms.CharField(
        label=_("异议内容及理由"),
        min_length=10,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("请写明具体事实和理由，可注明能够证明的材料及其来源（10 至 3000 字）。"),
    )
    pledge = forms.BooleanField(label=_("本人承诺所反映的情况属实，并愿意配合核查。"))

    def __init__(self, *args, publicity: Publicity, **kwargs):
        super().__init__(*args, **kwargs)
        self.publicity = publicity
        self._items = {str(item.pk): item for item in publicity.items.all()}
        self.fields["item"].choices = [
            (WHOLE, _("整个公示")),
            *[(k, f"{i.position}. {i.name}") for k, i in self._items.items()],
        ]
        for name, field in self.fields.items():
            if field.required and name != "pledge":
                field.error_messages["required"] = _("请填写%(label)s。") % {"label": field.label}
        self.fields["pledge"].error_messages["required"] = _("请勾选承诺后再提交。")
        self.fields["content"].error_messages["min_length"] = _("异议内容太短，请写明具体事实和理由（至少 10 个字）。")
        self.fields["item"].error_messages["invalid_choice"] = _("请从列表中选择异议对象。")
        self.fields["email"].error_messages["invalid"] = _("电子邮箱格式不正确，例如 zhangsan@example.com。")

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        if not PHONE_RE.match(phone) or sum(c.isdigit() for c in phone) < 7:
            raise forms.ValidationError(_("联系电话格式不正确，请填写手机号码（如 13800000000）或带区号的座机号码。"))
        return phone

    def chosen_item(self):
        key = self.cleaned_data.get("item")
        return None if key == WHOLE else self._items.get(key)


class ObjectionForm(BootstrapFormMixin, _ObjectionFields):
    """An objection to a public notice, or to one of its lines."""


class HandleObjectionForm(BootstrapFormMixin, forms.Form):
    """Staff's finding on one objection."""

    objection = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("核查结果"),
        choices=[("dismissed", Objection.Status.DISMISSED.label), ("upheld", Objection.Status.UPHELD.label)],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择核查结果。")},
    )
    reply = forms.CharField(
        label=_("核查意见"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        help_text=_("异议人将看到此意见（留有邮箱的将收到邮件）。"),
        error_messages={"required": _("请填写核查意见。")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One form per objection on the page: prefix the ids so labels stay unique.
        pk = self.initial.get("objection") or (self.data.get("objection") if self.is_bound else "")
        self.auto_id = f"handle-{pk}-%s"


class _StaffFilterFields(forms.Form):
    status = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *Publicity.Status.choices]
    )
    source = forms.ChoiceField(label=_("业务类型"), required=False)
    q = forms.CharField(label=_("标题包含"), required=False, max_length=100)

    def __init__(self, *args, sources=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("全部业务")), *[(s, s) for s in sources]]

    def values(self) -> dict:
        if not self.is_valid():
            return {"status": "", "source": "", "q": ""}
        return {k: self.cleaned_data.get(k) or "" for k in ("status", "source", "q")}


class StaffFilterForm(BootstrapFormMixin, _StaffFilterFields):
    """The staff list's filters (status, business type, title)."""
