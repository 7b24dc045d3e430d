"""Forms of the contracts pages: they only check input; the services decide."""

from __future__ import annotations

import copy

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.core.forms import BootstrapFormMixin
from bureau.regions.models import Region

from .models import Broker, IncomeVerification, TechnologyContract
from .models._choices import REFUSAL_REASON_CHOICES
from .rules import catalog
from .services.filing import SELLER_FIELDS


def own_fields(form) -> dict:
    """Give ``form`` its own copy of the class's fields to adjust before ``__init__``.

    ``BootstrapFormMixin`` validates a bound form inside ``__init__`` (to mark invalid
    fields), so querysets and ``required`` must be set before that, not after.
    """
    form.base_fields = copy.deepcopy(type(form).base_fields)
    return form.base_fields


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _money_widget():
    return forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal", "class": "text-end"})


class ContractForm(BootstrapFormMixin, forms.ModelForm):
    """The filing form; sections follow the paper registration form (技术合同登记表)."""

    # (key, heading, fields); templates test the key, never the translated heading.
    SECTIONS = (
        ("basic", _("一、合同基本信息"), ("name", "contract_type", "subtype", "summary")),
        (
            "buyer",
            _("二、买方信息"),
            ("buyer_name", "buyer_code", "buyer_nature", "buyer_location", "buyer_region", "buyer_region_name"),
        ),
        ("dates", _("三、签订与履行"), ("signed_on", "starts_on", "ends_on", "payment_method")),
        (
            "amounts",
            _("四、金额（元）"),
            (
                "total_amount",
                "technical_amount",
                "equipment_amount",
                "materials_amount",
                "other_non_technical_amount",
                "non_technical_note",
            ),
        ),
        (
            "statistics",
            _("五、统计信息"),
            ("technical_field", "ip_type", "plan_source", "objective", "is_related_party", "brokers"),
        ),
        ("scans", _("六、合同文本扫描件"), ("scans",)),
    )

    scans = MultipleFileField(
        label=_("合同扫描件"),
        required=False,
        help_text=_("双方签字盖章的合同文本，PDF、JPG 或 PNG，每个文件不超过 20 MB，可一次选择多个文件。"),
    )
    brokers = forms.ModelMultipleChoiceField(
        label=_("技术经纪人"),
        required=False,
        queryset=Broker.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 4}),
        help_text=_("促成该合同的技术经纪人（可多选，按住 Ctrl 键选择多个）；没有则不选。"),
    )
    confirm_duplicate = forms.BooleanField(
        label=_("确认不是重复登记"),
        required=False,
        help_text=_("系统发现买方、成交额和签订日期相同的合同时，请核实后勾选。"),
    )

    class Meta:
        model = TechnologyContract
        fields = [*list(SELLER_FIELDS), "brokers"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "signed_on": DateInput(),
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "total_amount": _money_widget(),
            "technical_amount": _money_widget(),
            "equipment_amount": _money_widget(),
            "materials_amount": _money_widget(),
            "other_non_technical_amount": _money_widget(),
        }
        help_texts = {
            "name": _("与合同文本封面的名称一致。"),
            "subtype": _("先选合同类别，再选其下的子类。"),
            "total_amount": _("合同约定的全部价款。"),
            "signed_on": _("双方签字盖章的日期；尚未签订的合同不能登记。"),
            "buyer_name": _("委托方、受让方或被许可方的全称；本市单位库中的单位按统一社会信用代码自动关联。"),
        }

    def __init__(self, *args, **kwargs):
        fields = own_fields(self)
        fields["brokers"].queryset = Broker.objects.valid_on(timezone.localdate()).order_by("full_name")
        fields["brokers"].label_from_instance = lambda b: (
            f"{b.full_name}（{b.certificate_number}，{b.organization_name}）"
        )
        fields["buyer_region"].queryset = Region.objects.filter(kind__in=[Region.Kind.COUNTY, Region.Kind.PARK])
        # Drafts may be saved half-filled; the submit step checks completeness with the rules.
        for name in (
            "contract_type",
            "subtype",
            "buyer_name",
            "signed_on",
            "starts_on",
            "ends_on",
            "total_amount",
            "technical_amount",
            "technical_field",
            "equipment_amount",
            "materials_amount",
            "other_non_technical_amount",
        ):
            fields[name].required = False
        fields["subtype"].choices = [("", "---------")] + [
            (str(t.label), [(s.code, s.label) for s in t.subtypes]) for t in catalog.CONTRACT_TYPES
        ]
        super().__init__(*args, **kwargs)
        self.required_on_submit = {
            "name",
            "contract_type",
            "subtype",
            "buyer_name",
            "buyer_location",
            "buyer_nature",
            "signed_on",
            "starts_on",
            "ends_on",
            "payment_method",
            "total_amount",
            "technical_amount",
            "technical_field",
            "ip_type",
            "plan_source",
            "objective",
            "scans",
        }

    def _get_validation_exclusions(self):
        # The service checks the amount and term constraints with the rules and puts each
        # message next to its field in plain words; the table's constraints stay the last line.
        exclude = super()._get_validation_exclusions()
        exclude.update({"total_amount", "technical_amount", "starts_on", "ends_on"})
        return exclude

    def sections(self):
        """Return (key, heading, [bound fields]) in the order of the paper form."""
        return [(key, title, [self[name] for name in names]) for key, title, names in self.SECTIONS]

    def service_data(self) -> dict:
        data = {name: self.cleaned_data.get(name) for name in SELLER_FIELDS if name in self.cleaned_data}
        for name in ("equipment_amount", "materials_amount", "other_non_technical_amount"):
            if data.get(name) is None:
                data[name] = 0
        for name in (
            "summary",
            "buyer_code",
            "buyer_region_name",
            "non_technical_note",
            "technical_field",
            "subtype",
            "contract_type",
            "buyer_name",
        ):
            if data.get(name) is None:
                data[name] = ""
        return data


class OrganizationChoiceForm(BootstrapFormMixin, forms.Form):
    organization = forms.ModelChoiceField(label=_("登记单位（卖方）"), queryset=None, empty_label=None)

    def __init__(self, *args, organizations=None, **kwargs):
        own_fields(self)["organization"].queryset = organizations
        super().__init__(*args, **kwargs)


class RefuseForm(BootstrapFormMixin, forms.Form):
    reason = forms.ChoiceField(label=_("不予登记理由"), choices=[("", "---------"), *REFUSAL_REASON_CHOICES])
    comment = forms.CharField(
        label=_("具体说明"), widget=forms.Textarea(attrs={"rows": 2}), help_text=_("卖方将看到此说明。")
    )


class CommentForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label=_("办理意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel 文件"),
        help_text=_("全国技术合同网上登记系统导出的 .xlsx 文件，或按模板填写的文件，不超过 50 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 50 * 1024 * 1024:
            raise forms.ValidationError(_("文件超过 50 MB，请分成几个文件导入。"))
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise forms.ValidationError(_("这不是 Excel 2007 及以上格式（.xlsx）的文件。"))
        return upload


class BrokerForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = Broker
        fields = [
            "full_name",
            "id_number",
            "phone",
            "organization_name",
            "region",
            "level",
            "certificate_number",
            "valid_from",
            "valid_until",
            "is_active",
        ]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, **kwargs):
        fields = own_fields(self)
        fields["region"].queryset = Region.objects.filter(kind__in=[Region.Kind.COUNTY, Region.Kind.PARK])
        instance = kwargs.get("instance")
        if instance is not None and instance.pk:
            # The stored number is never sent back to the browser; leave empty to keep it.
            fields["id_number"].required = False
            fields["id_number"].help_text = _("已登记：%(masked)s。如需更正请重新填写完整号码，否则留空。") % {
                "masked": instance.masked_id_number
            }
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["id_number"] = ""

    def clean_id_number(self):
        value = (self.cleaned_data.get("id_number") or "").strip().upper()
        if not value and self.instance.pk:
            return self.instance.id_number
        return value


class IncomeForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = IncomeVerification
        fields = ["period_start", "period_end", "received_amount", "technical_income", "invoice_numbers", "note"]
        widgets = {
            "period_start": DateInput(),
            "period_end": DateInput(),
            "received_amount": _money_widget(),
            "technical_income": _money_widget(),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "technical_income": _("本期到账金额中属于技术性收入的部分；系统按合同技术交易额占成交额的比例给出建议值。"),
        }


class ConfirmIncomeForm(BootstrapFormMixin, forms.Form):
    amount = forms.DecimalField(
        label=_("核定技术性收入（元）"), max_digits=18, decimal_places=2, min_value=0, widget=_money_widget()
    )
    comment = forms.CharField(label=_("核定意见"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
