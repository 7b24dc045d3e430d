"""Forms of certification: the enterprise's forms, the reviewers' actions, list filters."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.core.forms import BootstrapFormMixin
from bureau.regions.models import Region
from enterprises.models import HighTechField, Industry, IntellectualProperty
from enterprises.rules.cultivation import STAGE_CHOICES

from .models import AttachmentKind, HighTechApplication, HighTechCertificate, SmeEvaluation
from .services import hightech as hightech_services
from .services import sme as sme_services


class SetupMixin:
    """Run ``setup()`` once the fields exist, before BootstrapFormMixin styles them.

    BootstrapFormMixin reads ``self.errors`` while styling a bound form, which validates
    it there and then; choices, querysets and extra fields must be in place before that.
    Use as ``class F(BootstrapFormMixin, SetupMixin, forms.Form)``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup()

    def setup(self):
        pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _money(widget_attrs=None):
    attrs = {"inputmode": "decimal", "step": "0.01", "min": "0", "class": "text-end"}
    attrs.update(widget_attrs or {})
    return forms.NumberInput(attrs=attrs)


def region_queryset(user):
    """The counties and parks ``user`` may filter by: all for the city, their own for a county."""
    regions = Region.objects.counties().filter(is_active=True).order_by("sort_order", "code")
    if not user.sees_whole_city and user.region_id:
        regions = regions.filter(Q(pk=user.region_id) | Q(parent_id=user.region_id))
    return regions


def year_choices(first: int = 2017) -> list[tuple[str, str]]:
    this = timezone.localdate().year
    return [("", _("全部"))] + [(str(y), f"{y}") for y in range(this + 1, first - 1, -1)]


# --- SME evaluation ----------------------------------------------------------------------------


class SmeStartForm(BootstrapFormMixin, SetupMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("评价年度"), coerce=int)

    def setup(self):
        self.fields["year"].choices = [(y, f"{y}年") for y in sme_services.allowed_years()]


class SmeEvaluationForm(BootstrapFormMixin, SetupMixin, forms.ModelForm):
    """The information form (信息表): figures of the year before, the R&D measure, contacts, the pledge."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    sync_profile = forms.BooleanField(
        label=_("同时更新单位年度数据"),
        required=False,
        initial=True,
        help_text=_("勾选后，修改过的数字也会保存到“年度数据”中，以后的申报不必再填。"),
    )

    class Meta:
        model = SmeEvaluation
        fields = [
            "staff_total",
            "sci_tech_staff",
            "revenue",
            "total_cost",
            "total_assets",
            "rd_total",
            "rd_measure",
            "contact_name",
            "contact_phone",
            "declaration",
        ]
        widgets = {
            "staff_total": forms.NumberInput(attrs={"min": "0", "class": "text-end"}),
            "sci_tech_staff": forms.NumberInput(attrs={"min": "0", "class": "text-end"}),
            "revenue": _money(),
            "total_cost": _money(),
            "total_assets": _money(),
            "rd_total": _money(),
            "rd_measure": forms.RadioSelect,
        }

    def setup(self):
        self.fields["rd_measure"].choices = [("", _("按得分较高的口径（推荐）")), *SmeEvaluation.RdMeasure.choices]
        self.fields["rd_measure"].required = False
        for name in SmeEvaluation.FIGURE_FIELDS:
            self.fields[name].required = True
        self.fields["contact_name"].required = True
        self.fields["contact_phone"].required = True
        self.fields["declaration"].label = _("我已阅读并承诺")
        self.fields["declaration"].required = False
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        staff, sci = data.get("staff_total"), data.get("sci_tech_staff")
        if staff is not None and sci is not None and sci > staff:
            self.add_error("sci_tech_staff", _("科技人员数不能超过职工总数。"))
        return data

    def _post_clean(self):
        # The service validates and saves; the form only checks what was typed.
        pass


class CorrectionsMixin:
    """One optional reason per correctable field: a return must name at least one."""

    correction_labels: dict = {}

    def add_correction_fields(self):
        for name, label in self.correction_labels.items():
            self.fields[f"fix_{name}"] = forms.CharField(
                label=label,
                required=False,
                max_length=500,
                widget=forms.TextInput(attrs={"placeholder": _("需修改的原因")}),
            )

    @property
    def correction_fields(self):
        return [self[f"fix_{name}"] for name in self.correction_labels]

    def corrections(self) -> dict:
        return {
            name: self.cleaned_data.get(f"fix_{name}", "")
            for name in self.correction_labels
            if self.cleaned_data.get(f"fix_{name}")
        }


class SmeReviewForm(BootstrapFormMixin, CorrectionsMixin, SetupMixin, forms.Form):
    correction_labels = sme_services.CORRECTION_LABELS
    decision = forms.ChoiceField(choices=[("pass", _("通过")), ("return", _("退回修改")), ("refuse", _("不通过"))])
    comment = forms.CharField(
        label=_("审核意见"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("退回、不通过时必须说明理由，企业将看到此意见。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def setup(self):
        self.add_correction_fields()


class BatchForm(BootstrapFormMixin, SetupMixin, forms.Form):
    evaluations = forms.ModelMultipleChoiceField(
        label=_("纳入本批公示的企业"), queryset=SmeEvaluation.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label=_("公示标题"), max_length=200)
    starts_on = forms.DateField(
        label=_("公示开始日期"), widget=DateInput, help_text=_("公示期为 10 个工作日，节假日顺延。")
    )
    contact = forms.CharField(
        label=_("异议受理联系方式"),
        max_length=200,
        required=False,
        help_text=_("如：市科技局高新技术科，0731-28688000。"),
    )

    def __init__(self, *args, queryset=None, **kwargs):
        self._queryset = queryset
        super().__init__(*args, **kwargs)

    def setup(self):
        if self._queryset is not None:
            self.fields["evaluations"].queryset = self._queryset


class SmeNumberForm(BootstrapFormMixin, forms.Form):
    registration_number = forms.CharField(
        label=_("入库登记编号"),
        max_length=32,
        help_text=_("按省科技厅公告填写；编号格式以公告为准，前 4 位应为评价年度。"),
    )
    registered_on = forms.DateField(label=_("入库日期"), widget=DateInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RevokeForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("撤销原因"), widget=forms.Textarea(attrs={"rows": 2}))
    barred_year = forms.IntegerField(
        label=_("不得申请年度"), min_value=2000, max_value=2100, help_text=_("被撤销的企业在该年度内不得再次申请评价。")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# --- High-tech ---------------------------------------------------------------------------------


class HighTechStartForm(BootstrapFormMixin, SetupMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("申报年度"), coerce=int)

    def setup(self):
        self.fields["year"].choices = [(y, f"{y}年") for y in hightech_services.allowed_years()]


class IPChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_kind_display()} {obj.number} {obj.title}"


class HighTechApplicationForm(BootstrapFormMixin, SetupMixin, forms.ModelForm):
    ip_items = IPChoiceField(
        label=_("申报使用的知识产权"),
        queryset=IntellectualProperty.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("选择对主要产品（服务）发挥核心支持作用的知识产权。Ⅱ类知识产权只能用于一次高新技术企业认定申请。"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = HighTechApplication
        fields = ["contact_name", "contact_phone", "declaration"]

    def __init__(self, *args, selectable=None, **kwargs):
        self._selectable = selectable
        super().__init__(*args, **kwargs)

    def setup(self):
        if self._selectable is not None:
            self.fields["ip_items"].queryset = self._selectable
        self.fields["contact_name"].required = True
        self.fields["contact_phone"].required = True
        self.fields["declaration"].label = _("我已阅读并承诺")
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            self.initial["ip_items"] = [item.pk for item in self.instance.ip_items.all()] if self.instance.pk else []

    def _post_clean(self):
        pass


class AttachmentForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("材料类型"), choices=AttachmentKind.choices)
    file = forms.FileField(label=_("文件"), help_text=_("PDF、JPG 或 PNG，不超过 20 MB。"))


class HighTechReviewForm(SmeReviewForm):
    correction_labels = hightech_services.CORRECTION_LABELS
    decision = forms.ChoiceField(choices=[("pass", _("推荐")), ("return", _("退回修改")), ("refuse", _("不予推荐"))])


class CertificateForm(BootstrapFormMixin, forms.Form):
    number = forms.CharField(label=_("证书编号"), max_length=20, help_text=_("“GR”加 12 位数字，如 GR202643000123。"))
    issued_on = forms.DateField(label=_("发证日期"), widget=DateInput)
    batch = forms.CharField(
        label=_("认定批次"), max_length=100, required=False, help_text=_("如：湖南省2026年第一批。")
    )


class StandaloneCertificateForm(CertificateForm):
    uscc = forms.CharField(label=_("企业统一社会信用代码"), max_length=18, help_text=_("企业须已在平台注册。"))

    field_order = ["uscc", "number", "issued_on", "batch"]


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AnnualReportForm(BootstrapFormMixin, forms.Form):
    year = forms.IntegerField(label=_("报告年度"), min_value=2000, max_value=2100)
    reported_on = forms.DateField(label=_("填报日期"), widget=DateInput, required=False)


class ReserveAddForm(BootstrapFormMixin, forms.Form):
    uscc = forms.CharField(label=_("企业统一社会信用代码"), max_length=18)
    note = forms.CharField(label=_("培育说明"), max_length=300, required=False)


class ImportForm(BootstrapFormMixin, forms.Form):
    KIND_CHOICES = [("sme", _("科技型中小企业入库名单")), ("certificates", _("高新技术企业认定名单（证书）"))]
    kind = forms.ChoiceField(label=_("名单类型"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(label=_("Excel 文件（.xlsx）"))


# --- List filters --------------------------------------------------------------------------------


class _FilterForm(forms.Form):
    q = forms.CharField(label=_("名称、代码或编号"), required=False)
    region = forms.ModelChoiceField(label=_("县市区"), queryset=Region.objects.none(), required=False)
    industry = forms.ModelChoiceField(label=_("行业门类"), queryset=Industry.objects.none(), required=False)
    field = forms.ChoiceField(label=_("技术领域"), required=False)
    year = forms.TypedChoiceField(label=_("年度"), required=False, coerce=int, empty_value=None)

    keep = ("q", "region", "industry", "field", "year", "status")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = region_queryset(user) if user is not None else Region.objects.counties()
        self.fields["region"].label_from_instance = lambda r: r.name
        self.fields["region"].empty_label = _("全部")
        self.fields["industry"].queryset = Industry.objects.sections().order_by("sort_order", "code")
        self.fields["industry"].label_from_instance = lambda i: f"{i.code} {i.name}"
        self.fields["industry"].empty_label = _("全部")
        self.fields["field"].choices = [("", _("全部"))] + [
            c for c in HighTechField.choices if c[0] != HighTechField.NONE
        ]
        self.fields["year"].choices = year_choices()
        for name, f in self.fields.items():
            f.widget.attrs["class"] = "form-control form-control-sm" if name == "q" else "form-select form-select-sm"

    def filter(self, queryset, year_field="year"):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        queryset = queryset.search(data.get("q"))
        if data.get("region"):
            queryset = queryset.filter(organization__region=data["region"])
        if data.get("industry"):
            section = data["industry"]
            queryset = queryset.filter(Q(organization__industry__parent=section) | Q(organization__industry=section))
        if data.get("field"):
            queryset = queryset.filter(organization__hightech_field=data["field"])
        if data.get("year"):
            year = data["year"]
            if year_field == "issued_on":  # a date range, so the index on the date serves it
                queryset = queryset.filter(issued_on__gte=date(year, 1, 1), issued_on__lt=date(year + 1, 1, 1))
            else:
                queryset = queryset.filter(**{year_field: year})
        if data.get("status"):
            queryset = self.filter_status(queryset, data["status"])
        return queryset

    def filter_status(self, queryset, status):
        return queryset.filter(status=status)

    def params(self) -> dict:
        return {k: str(self.data[k]) for k in self.keep if self.data.get(k)}


class SmeFilterForm(_FilterForm):
    status = forms.ChoiceField(label=_("状态"), required=False)
    keep = (*_FilterForm.keep,)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].label = _("评价年度")
        self.fields["status"].choices = [("", _("全部")), *SmeEvaluation.Status.choices]
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"


class ApplicationFilterForm(_FilterForm):
    status = forms.ChoiceField(label=_("状态"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].label = _("申报年度")
        self.fields["status"].choices = [("", _("全部")), *HighTechApplication.Status.choices]
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"


class CertificateFilterForm(_FilterForm):
    VALIDITY = [
        ("", _("全部")),
        ("valid", _("有效")),
        ("expiring", _("半年内到期")),
        ("expired", _("已过期")),
        ("cancelled", _("已取消资格")),
    ]
    status = forms.ChoiceField(label=_("证书状态"), required=False, choices=VALIDITY)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].label = _("发证年度")
        self.fields["status"].widget.attrs["class"] = "form-select form-select-sm"

    def filter(self, queryset, year_field="issued_on"):
        return super().filter(queryset, year_field=year_field)

    def filter_status(self, queryset, status):
        from .policy import CURRENT

        today = timezone.localdate()
        warn = today + timedelta(days=CURRENT.expiry_warning_days)
        valid = HighTechCertificate.Status.VALID
        return {
            "valid": lambda: queryset.filter(status=valid, issued_on__lte=today, expires_on__gte=today),
            "expiring": lambda: queryset.filter(status=valid, expires_on__gte=today, expires_on__lte=warn),
            "expired": lambda: queryset.filter(status=valid, expires_on__lt=today),
            "cancelled": lambda: queryset.filter(status=HighTechCertificate.Status.CANCELLED),
        }[status]()


class PipelineForm(forms.Form):
    year = forms.TypedChoiceField(label=_("年度"), coerce=int)
    region = forms.ModelChoiceField(label=_("县市区"), queryset=Region.objects.none(), required=False)
    target = forms.ChoiceField(label=_("培育目标"), required=False)
    candidates_only = forms.BooleanField(label=_("只看已达条件的企业"), required=False)
    q = forms.CharField(label=_("企业名称"), required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        this = timezone.localdate().year
        self.fields["year"].choices = [(y, f"{y}年") for y in range(this, this - 6, -1)]
        self.fields["region"].queryset = region_queryset(user) if user is not None else Region.objects.counties()
        self.fields["region"].label_from_instance = lambda r: r.name
        self.fields["region"].empty_label = _("全部")
        self.fields["target"].choices = [("", _("全部"))] + [c for c in STAGE_CHOICES if c[0] != "registered"]
        for name, f in self.fields.items():
            if name == "candidates_only":
                f.widget.attrs["class"] = "form-check-input"
            else:
                f.widget.attrs["class"] = (
                    "form-control form-control-sm" if name == "q" else "form-select form-select-sm"
                )

    def year_value(self) -> int:
        if self.is_valid():
            return self.cleaned_data["year"]
        return timezone.localdate().year

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("region"):
            queryset = queryset.filter(region=data["region"])
        if data.get("target"):
            queryset = queryset.filter(target_stage=data["target"])
        if data.get("candidates_only"):
            queryset = queryset.filter(candidate=True)
        if data.get("q"):
            queryset = queryset.filter(organization__name__contains=data["q"].strip())
        return queryset
