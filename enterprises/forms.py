"""Forms of the registry: they validate input and hand clean values to one service."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bureau.core.forms import BootstrapFormMixin
from bureau.regions.models import Region

from .models import (
    HighTechField,
    Industry,
    IntegrityRecord,
    IntellectualProperty,
    IPClass,
    IPKind,
    Organization,
    OrganizationYear,
    Qualification,
    ip_class_of,
)
from .services.registration import normalise_uscc
from .validators import validate_licence_file, validate_uscc


class SetupMixin:
    """Run ``setup()`` after the Django form is built and before BootstrapFormMixin styles it.

    Fields replaced in ``setup()`` then get their Bootstrap classes like the others: list
    BootstrapFormMixin first and this mixin second.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup()

    def setup(self):
        pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def industry_choices():
    """Return the divisions grouped under their sections, for a select with optgroups."""
    groups: dict[int, tuple[str, list]] = {}
    for item in Industry.objects.filter(is_active=True).select_related("parent").order_by("sort_order"):
        if item.parent_id is None:
            groups[item.pk] = (f"{item.code} {item.name}", [])
        elif item.parent_id in groups:
            groups[item.parent_id][1].append((item.pk, f"{item.full_code} {item.name}"))
    return [("", _("请选择所属行业")), *[(label, items) for label, items in groups.values() if items]]


class IndustryField(forms.TypedChoiceField):
    """A select of GB/T 4754 divisions grouped by section, cleaned to an ``Industry``."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("所属行业"))
        kwargs.setdefault("help_text", _("按国民经济行业分类（GB/T 4754-2017）选择主营业务所属大类。"))
        super().__init__(choices=industry_choices, coerce=int, empty_value=None, **kwargs)

    def clean(self, value):
        pk = super().clean(value)
        if pk is None:
            return None
        try:
            return Industry.objects.select_related("parent").get(pk=pk)
        except Industry.DoesNotExist:
            raise ValidationError(_("请选择有效的行业。")) from None

    def prepare_value(self, value):
        return getattr(value, "pk", value)


def county_queryset():
    return Region.objects.counties().filter(is_active=True).order_by("sort_order", "code")


class RegionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


# --- Sign-up and registration -------------------------------------------------------------


class SignUpForm(BootstrapFormMixin, forms.Form):
    """The person's own account (申报单位用户)."""

    username = forms.RegexField(
        label=_("用户名"),
        max_length=30,
        regex=r"^[A-Za-z0-9_.@-]{4,30}$",
        help_text=_("用于登录，4-30 位字母、数字或 _ . @ -。"),
        error_messages={"invalid": _("用户名只能使用 4-30 位字母、数字或 _ . @ -。")},
    )
    full_name = forms.CharField(label=_("姓名"), max_length=64)
    phone = forms.RegexField(
        label=_("手机号码"),
        regex=r"^1\d{10}$",
        help_text=_("11 位手机号码，用于接收办理提醒。"),
        error_messages={"invalid": _("请填写 11 位手机号码。")},
    )
    email = forms.EmailField(label=_("电子邮箱"), required=False, help_text=_("选填，用于接收邮件提醒。"))
    password1 = forms.CharField(
        label=_("密码"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("至少 8 位，不能全是数字，不能与用户名相近。"),
    )
    password2 = forms.CharField(
        label=_("再次输入密码"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return data


class OrganizationFieldsMixin(SetupMixin):
    """Shared field tweaks of the registration and basic-information forms."""

    def setup(self):
        self.fields["region"] = RegionChoiceField(
            label=_("所在县市区（园区）"),
            queryset=county_queryset(),
            empty_label=_("请选择"),
            help_text=_("按注册地选择；由该县市区（园区）科技部门核验您的注册信息。"),
        )
        self.fields["industry"] = IndustryField(initial=getattr(self.instance, "industry_id", None))
        self.fields["registered_on"].required = True
        self.fields["registered_on"].widget = DateInput()
        self.fields["legal_representative"].required = True
        self.fields["contact_name"].required = True
        self.fields["contact_phone"].required = True


ORG_FIELDS = [
    "name",
    "kind",
    "region",
    "industry",
    "hightech_field",
    "registered_on",
    "legal_representative",
    "address",
    "contact_name",
    "contact_phone",
    "contact_email",
]


class RegistrationForm(BootstrapFormMixin, OrganizationFieldsMixin, forms.ModelForm):
    """The organization being registered (单位注册)."""

    uscc = forms.CharField(
        label=_("统一社会信用代码"),
        max_length=24,
        help_text=_("营业执照上的 18 位代码，字母不区分大小写。"),
    )
    business_licence = forms.FileField(
        label=_("营业执照"),
        help_text=_("营业执照（或事业单位法人证书）的扫描件或照片，PDF、JPG 或 PNG，不超过 5 MB。"),
        validators=[validate_licence_file],
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    class Meta:
        model = Organization
        fields = ["uscc", *ORG_FIELDS]

    def setup(self):
        super().setup()
        self.order_fields(["uscc", *ORG_FIELDS, "business_licence"])

    def clean_uscc(self):
        code = normalise_uscc(self.cleaned_data["uscc"])
        validate_uscc(code)
        return code

    def validate_unique(self):
        # Uniqueness of the code is the service's to say, with the administrator's contact.
        pass


class OrganizationForm(BootstrapFormMixin, OrganizationFieldsMixin, forms.ModelForm):
    """Basic information the organization keeps itself (单位信息)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    business_licence = forms.FileField(
        label=_("更换营业执照"),
        required=False,
        help_text=_("需要更换时再上传：PDF、JPG 或 PNG，不超过 5 MB。"),
        validators=[validate_licence_file],
        widget=forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
    )

    class Meta:
        model = Organization
        fields = ORG_FIELDS

    def setup(self):
        super().setup()
        self.fields["version"].initial = self.instance.version
        if self.instance.is_verified:
            self.fields["region"].disabled = True
            self.fields["region"].help_text = _("核验通过后不能自行修改所在区划；如有迁移，请联系所在县市区科技局。")
        self.order_fields([*ORG_FIELDS, "business_licence"])


# --- Profile --------------------------------------------------------------------------------


class YearForm(BootstrapFormMixin, SetupMixin, forms.ModelForm):
    """One year's figures; money in 元, shown with the unit next to each input."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    SECTIONS = (
        (_("人员情况"), ("staff_total", "sci_tech_staff")),
        (_("收入与成本"), ("revenue", "total_income", "hightech_income", "total_cost")),
        (_("研究开发费用"), ("rd_total", "rd_in_china", "rd_outsourced")),
        (_("资产情况"), ("total_assets", "net_assets")),
    )

    class Meta:
        model = OrganizationYear
        fields = [
            "staff_total",
            "sci_tech_staff",
            "revenue",
            "total_income",
            "hightech_income",
            "total_cost",
            "rd_total",
            "rd_in_china",
            "rd_outsourced",
            "total_assets",
            "net_assets",
        ]

    def setup(self):
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0
        for name in OrganizationYear.MONEY_FIELDS:
            field = self.fields[name]
            field.unit = _("元")
            field.widget.attrs.update({"inputmode": "decimal", "step": "0.01", "data-money": "yuan"})
            if name != "net_assets":
                field.widget.attrs["min"] = "0"
            field.error_messages["invalid"] = _("请输入金额数字，单位为元，最多两位小数。")
            field.error_messages["max_decimal_places"] = _("金额最多保留两位小数（分）。")
        for name in ("staff_total", "sci_tech_staff"):
            self.fields[name].unit = _("人")
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": "0"})
            self.fields[name].error_messages["invalid"] = _("请输入整数人数。")
            self.fields[name].error_messages["min_value"] = _("人数不能为负数。")
        for field in self.fields.values():
            field.error_messages["required"] = _("请填写此项；没有的填 0。")

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in self.SECTIONS]


def ip_kind_choices():
    """IP kinds grouped by the class they count in, so the form teaches the rule."""
    groups = {IPClass.CLASS_I: [], IPClass.CLASS_II: [], IPClass.NONE: []}
    for value, label in IPKind.choices:
        groups[ip_class_of(value)].append((value, label))
    return [
        ("", _("请选择")),
        (_("Ⅰ类知识产权"), groups[IPClass.CLASS_I]),
        (_("Ⅱ类知识产权"), groups[IPClass.CLASS_II]),
        (_("不计类别"), groups[IPClass.NONE]),
    ]


class IPForm(BootstrapFormMixin, SetupMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = IntellectualProperty
        fields = ["kind", "number", "title", "applied_on", "granted_on", "status", "obtained_by", "note"]
        widgets = {"applied_on": DateInput(), "granted_on": DateInput()}
        help_texts = {
            "kind": _("类别由类型决定：科技型中小企业评价和高新技术企业认定按Ⅰ类、Ⅱ类分别计分，商标不计入。"),
        }

    def setup(self):
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0
        self.fields["kind"].choices = ip_kind_choices()

    def validate_unique(self):
        pass  # the service reports a duplicate number next to the field


class QualificationForm(BootstrapFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Qualification
        fields = ["kind", "level", "name", "year", "grade", "rank", "is_lead", "document_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0


class IntegrityRecordForm(BootstrapFormMixin, forms.ModelForm):
    class Meta:
        model = IntegrityRecord
        fields = ["kind", "starts_on", "ends_on", "source", "description"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput(), "description": forms.Textarea(attrs={"rows": 2})}


class InviteForm(BootstrapFormMixin, forms.Form):
    full_name = forms.CharField(label=_("同事姓名"), max_length=64)
    email = forms.EmailField(label=_("电子邮箱"), required=False, help_text=_("填写后系统会把邀请链接发到该邮箱。"))
    phone = forms.RegexField(
        label=_("手机号码"),
        regex=r"^1\d{10}$",
        required=False,
        help_text=_("没有邮箱时填写；邀请链接请您通过短信或微信转给同事。"),
        error_messages={"invalid": _("请填写 11 位手机号码。")},
    )

    def clean(self):
        data = super().clean()
        if not data.get("email") and not data.get("phone") and not self.errors:
            raise ValidationError(_("请至少填写电子邮箱或手机号码中的一项。"))
        return data


# --- Staff ----------------------------------------------------------------------------------


class OrganizationFilterForm(forms.Form):
    """Filters above the staff list of organizations (创新主体名录)."""

    q = forms.CharField(label=_("名称或代码"), required=False)
    region = forms.ModelChoiceField(label=_("县市区"), queryset=Region.objects.none(), required=False)
    kind = forms.ChoiceField(label=_("单位类型"), required=False)
    industry = forms.ModelChoiceField(label=_("行业门类"), queryset=Industry.objects.none(), required=False)
    field = forms.ChoiceField(label=_("技术领域"), required=False)
    status = forms.ChoiceField(label=_("核验状态"), required=False)

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions if regions is not None else county_queryset()
        self.fields["region"].label_from_instance = lambda r: r.name
        self.fields["industry"].queryset = Industry.objects.sections().order_by("sort_order")
        self.fields["industry"].label_from_instance = lambda i: f"{i.code} {i.name}"
        all_ = [("", _("全部"))]
        self.fields["kind"].choices = all_ + list(Organization.Kind.choices)
        self.fields["field"].choices = all_ + list(HighTechField.choices)
        self.fields["status"].choices = all_ + list(Organization.Status.choices)
        self.fields["region"].empty_label = _("全部")
        self.fields["industry"].empty_label = _("全部")
        for name, field in self.fields.items():
            css = "form-control form-control-sm" if name == "q" else "form-select form-select-sm"
            field.widget.attrs["class"] = css

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        queryset = queryset.search(data.get("q"))
        if data.get("region"):
            region = data["region"]
            queryset = queryset.filter(region=region)
        if data.get("kind"):
            queryset = queryset.filter(kind=data["kind"])
        if data.get("industry"):
            section = data["industry"]
            queryset = queryset.filter(Q(industry=section) | Q(industry__parent=section))
        if data.get("field"):
            queryset = queryset.filter(hightech_field=data["field"])
        if data.get("status"):
            queryset = queryset.filter(status=data["status"])
        return queryset


class ImportForm(BootstrapFormMixin, forms.Form):
    KIND_CHOICES = (("organizations", _("创新主体名录")), ("ip", _("知识产权")))

    kind = forms.ChoiceField(
        label=_("导入内容"), choices=KIND_CHOICES, widget=forms.RadioSelect, initial="organizations"
    )
    file = forms.FileField(
        label=_("Excel 文件"),
        help_text=_("Excel 2007 及以上格式（.xlsx），第一行为表头，不超过 10 MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise ValidationError(_("文件不能超过 10 MB，请分批导入。"))
        head = upload.read(4)
        upload.seek(0)
        if head != b"PK\x03\x04":
            raise ValidationError(_("请上传 Excel 2007 及以上格式（.xlsx）的文件。"))
        return upload
