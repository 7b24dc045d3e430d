"""Forms of the talent pages: they only check input; the services decide.

Each record form has a hidden ``fingerprint`` of the record as loaded, so an edit made
on a stale copy is refused by the service, and a ``organization_code`` (统一社会信用代码)
that links the registered unit and brings its name and region when those are left empty.
ID numbers are never sent back to the browser: left empty on edit, the stored one is kept.
"""

from __future__ import annotations

import copy

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.accounts.models import Role, User
from bureau.core.forms import BootstrapFormMixin

from .filters import field_choices, region_choices_for
from .models import Commissioner, CommissionerServiceLog, Expert, TalentProgram, TalentSelection
from .services import fingerprint
from .services._common import id_number_problem


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _money_widget():
    return forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal", "class": "text-end"})


class RecordForm(BootstrapFormMixin, forms.ModelForm):
    """Shared by the selection, expert and commissioner forms."""

    organization_code = forms.CharField(
        label=_("统一社会信用代码（单位库）"),
        max_length=18,
        required=False,
        help_text=_("单位已在本平台单位库中时填写，单位名称和所在区划留空即由系统带出。"),
    )
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)

    #: (key, heading, field names): the sections of the page, as on the paper form.
    SECTIONS: tuple = ()
    #: form fields passed to the service besides the model fields
    EXTRA = ("organization_code",)
    ID_REQUIRED_ON_CREATE = True
    #: whether an empty region is taken from the registry unit (else the region is asked for)
    REGION_FROM_UNIT = True

    def __init__(self, *args, user=None, **kwargs):
        # Adjust a copy of the fields before BootstrapFormMixin validates a bound form.
        self.base_fields = fields = copy.deepcopy(type(self).base_fields)
        instance = kwargs.get("instance")
        fields["region"].queryset = region_choices_for(user)
        if self.REGION_FROM_UNIT:
            fields["region"].required = False
            fields["region"].help_text = _("留空时取单位库中该单位的所在区划。")
        else:
            fields["region"].help_text = _("科技特派员按服务地统计，请选择服务对象所在的县市区。")
        fields["organization_name"].required = False
        fields["organization_name"].help_text = _("填写了单位库中的统一社会信用代码时可留空，由系统带出。")
        if "id_number" in fields:
            fields["id_number"].required = self.ID_REQUIRED_ON_CREATE and not (instance and instance.pk)
            if instance is not None and instance.pk and instance.id_number:
                fields["id_number"].help_text = _("已登记：%(masked)s。如需更正请填写完整号码，否则留空。") % {
                    "masked": instance.masked_id_number
                }
        initial = kwargs.setdefault("initial", {})
        if instance is not None and instance.pk:
            initial.setdefault("fingerprint", fingerprint(instance))
            if instance.organization_id:
                initial.setdefault("organization_code", instance.organization.uscc)
        super().__init__(*args, **kwargs)
        if self.instance.pk and "id_number" in self.fields:
            self.initial["id_number"] = ""

    def _post_clean(self):
        # The model's own validation runs in the service (with the region taken from the
        # unit, the kind's rules...), whose errors come back next to the fields; the form
        # neither validates the model nor copies the input into the instance.
        pass

    def clean_id_number(self):
        value = "".join((self.cleaned_data.get("id_number") or "").split()).upper()
        if not value and self.instance.pk:
            return self.instance.id_number
        problem = id_number_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value

    def clean_organization_code(self):
        return "".join((self.cleaned_data.get("organization_code") or "").split()).upper()

    def service_data(self) -> dict:
        names = [*self._meta.fields, *self.EXTRA]
        return {name: self.cleaned_data.get(name) for name in names if name in self.cleaned_data}

    @property
    def expected(self) -> str:
        return self.cleaned_data.get("fingerprint", "") if hasattr(self, "cleaned_data") else ""

    #: columns (of 12) a field takes; the others take 4
    WIDTHS = {
        "note": 12,
        "technical_fields": 12,
        "kind": 12,
        "organization_name": 8,
        "service_target": 8,
        "specialty": 8,
        "name": 8,
        "content": 12,
        "program": 8,
    }

    def sections(self):
        """Yield (key, heading, [(bound field, column class)]) for the template."""
        for key, heading, names in self.SECTIONS:
            cells = []
            for name in names:
                if name in self.fields:
                    cells.append((self[name], f"col-md-{self.WIDTHS.get(name, 4)}"))
            yield key, heading, cells


class SelectionForm(RecordForm):
    ID_REQUIRED_ON_CREATE = False
    SECTIONS = (
        ("program", _("人才计划与入选情况"), ["program", "category", "year", "selected_on", "funding"]),
        ("person", _("入选人员"), ["full_name", "gender", "id_number", "title", "field"]),
        ("unit", _("工作单位"), ["organization_code", "organization_name", "region"]),
        ("other", _("其他"), ["note"]),
    )

    class Meta:
        model = TalentSelection
        fields = [
            "program",
            "category",
            "year",
            "selected_on",
            "funding",
            "full_name",
            "gender",
            "id_number",
            "title",
            "field",
            "organization_name",
            "region",
            "note",
        ]
        widgets = {"selected_on": DateInput(), "funding": _money_widget()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        program = self.fields["program"]
        current = self.instance.program_id if self.instance.pk else None
        program.queryset = TalentProgram.objects.filter(is_active=True) | TalentProgram.objects.filter(pk=current)
        program.empty_label = _("请选择人才计划")
        if not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
        self.fields["gender"].help_text = _("留空时按身份证号带出。")
        self.fields["gender"].choices = [("", _("未填写")), *TalentSelection.Gender.choices]


class ExpertForm(RecordForm):
    technical_fields = forms.MultipleChoiceField(
        label=_("专业领域"),
        choices=field_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("按国家重点支持的高新技术领域填写，可多选。"),
    )
    user = forms.ModelChoiceField(
        label=_("登录账号"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("不关联账号"),
        help_text=_("关联具有“评审专家”角色的账号后，专家可登录查看分配给自己的评审任务。"),
    )

    SECTIONS = (
        ("person", _("基本信息"), ["full_name", "id_number", "phone", "email", "user"]),
        ("unit", _("工作单位"), ["organization_code", "organization_name", "region", "title", "position"]),
        ("field", _("专业"), ["technical_fields", "specialty"]),
        ("pool", _("入库"), ["joined_on", "note"]),
    )

    class Meta:
        model = Expert
        fields = [
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
            "joined_on",
            "note",
        ]
        widgets = {"joined_on": DateInput()}

    EXTRA = ("organization_code", "user")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        accounts = User.objects.filter(groups__name=Role.EXPERT, is_active=True).order_by("username")
        self.fields["user"].queryset = accounts
        self.fields["title"].choices = [("", _("请选择职称")), *Expert.Title.choices]
        self.fields["user"].label_from_instance = lambda u: f"{u.username}（{u.display_name}）"
        if self.instance.pk:
            self.initial.setdefault("user", self.instance.user_id)
        else:
            self.initial.setdefault("joined_on", timezone.localdate())


class CommissionerForm(RecordForm):
    ID_REQUIRED_ON_CREATE = False  # only individuals need one; the service says so
    REGION_FROM_UNIT = False  # counted where it serves, not where its unit is
    SECTIONS = (
        ("kind", _("类型与名称"), ["kind", "name", "id_number", "leader_name", "member_count", "phone"]),
        ("unit", _("派出单位"), ["organization_code", "organization_name"]),
        (
            "service",
            _("服务对象与服务期"),
            ["region", "service_target", "field", "year", "service_from", "service_until"],
        ),
        ("other", _("其他"), ["note"]),
    )

    class Meta:
        model = Commissioner
        fields = [
            "kind",
            "name",
            "id_number",
            "leader_name",
            "member_count",
            "phone",
            "organization_name",
            "region",
            "service_target",
            "field",
            "year",
            "service_from",
            "service_until",
            "note",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "service_from": DateInput(),
            "service_until": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].required = False
        self.fields["year"].help_text = _("留空时取服务期起的年份。")
        self.fields["region"].help_text = _(
            "服务对象所在的县市区或园区，统计按此归属；留空时取单位库中派出单位的区划。"
        )
        self.fields["id_number"].help_text = (
            self.fields["id_number"].help_text
            if self.instance.pk
            else _("个人科技特派员必填，页面和导出中一律脱敏显示。")
        )
        self.fields["kind"].choices = Commissioner.Kind.choices
        if not self.instance.pk:
            self.initial.setdefault("kind", Commissioner.Kind.INDIVIDUAL)


class ServiceLogForm(BootstrapFormMixin, forms.ModelForm):
    _post_clean = RecordForm._post_clean  # the service validates the log

    class Meta:
        model = CommissionerServiceLog
        fields = ["served_on", "place", "people_served", "content"]
        widgets = {"served_on": DateInput(), "content": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people_served"].required = False
        self.initial.setdefault("served_on", timezone.localdate())


class EndServiceForm(BootstrapFormMixin, forms.Form):
    ended_on = forms.DateField(label=_("终止日期"), widget=DateInput())
    reason = forms.CharField(label=_("终止原因"), max_length=120, help_text=_("如：工作调动、身体原因、考核不合格。"))


class SuspendExpertForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("暂停原因"), max_length=120, required=False)


class RemoveExpertForm(BootstrapFormMixin, forms.Form):
    left_on = forms.DateField(label=_("出库日期"), widget=DateInput())
    reason = forms.CharField(
        label=_("出库原因"), max_length=120, required=False, help_text=_("如：本人申请、年龄原因、违反评审纪律。")
    )


MAX_UPLOAD = 5 * 1024 * 1024


class ImportForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel 文件"),
        help_text=_("请使用下载的导入模板（.xlsx，不超过 5 MB，最多 2000 行）。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("文件超过 5 MB，请分批导入。"))
        head = upload.read(4)
        upload.seek(0)
        if not upload.name.lower().endswith(".xlsx") or head != b"PK\x03\x04":
            raise forms.ValidationError(_("请上传 Excel 2007 及以上格式（.xlsx）的文件。"))
        return upload
