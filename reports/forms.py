"""Forms of the reports app: value grids, uploads, the summary pack and campaigns."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.core.forms import BootstrapFormMixin
from reports.models import Campaign, CampaignField

MAX_UPLOAD = 5 * 1024 * 1024


class _ValueGrid(BootstrapFormMixin, forms.Form):
    regions: list = []

    def rows(self):
        """Yield (region, value field, note field, version field) for the template."""
        for region in self.regions:
            yield region, self[f"value_{region.pk}"], self[f"note_{region.pk}"], self[f"version_{region.pk}"]

    def cleaned_rows(self) -> list[dict]:
        return [
            {
                "region": region,
                "value": self.cleaned_data.get(f"value_{region.pk}"),
                "note": self.cleaned_data.get(f"note_{region.pk}", ""),
                "version": self.cleaned_data.get(f"version_{region.pk}"),
            }
            for region in self.regions
        ]


def value_grid_form(regions):
    """Return a form class with one value (in the indicator's unit), note and version per region."""
    regions = list(regions)
    fields = {"regions": regions}
    for region in regions:
        fields[f"value_{region.pk}"] = forms.DecimalField(
            label=region.name,
            required=False,
            min_value=0,
            max_digits=20,
            decimal_places=6,
            widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "text-end", "autocomplete": "off"}),
        )
        fields[f"note_{region.pk}"] = forms.CharField(
            label=_("%(region)s备注") % {"region": region.name}, required=False, max_length=200
        )
        fields[f"version_{region.pk}"] = forms.IntegerField(required=False, widget=forms.HiddenInput)
    return type("ValueGridForm", (_ValueGrid,), fields)


class UploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Excel 文件"),
        help_text=_("请使用下载的导入模板（.xlsx，不超过 5 MB）。任何一行有错误时不导入任何数据，并逐行列出错误。"),
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


def year_choices(back: int = 5, ahead: int = 1):
    this_year = timezone.localdate().year
    return [(y, f"{y}年") for y in range(this_year + ahead, this_year - back - 1, -1)]


# Forms whose fields or choices depend on the request (regions, indicators, the target
# filters) are built as classes by the functions below, so every field is declared and
# styled like any other rather than patched in after construction.


def summary_form_class(regions):
    """Return the form choosing which work-summary pack to generate, for ``regions``."""

    class SummaryForm(BootstrapFormMixin, forms.Form):
        year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=lambda: year_choices(ahead=0))
        part = forms.ChoiceField(
            label=_("报表"),
            choices=[("H1", _("上半年工作总结数据")), ("Y", _("全年工作总结数据"))],
            widget=forms.RadioSelect,
            initial="H1",
        )
        region = forms.ChoiceField(label=_("区域"), choices=[(r.code, r.name) for r in regions])

    return SummaryForm


def rank_form_class(indicators, parts):
    """Return the form recording the city's rank in the province for one key indicator."""

    class RankForm(BootstrapFormMixin, forms.Form):
        indicator = forms.ChoiceField(label=_("指标"), choices=[(i.code, i.name) for i in indicators])
        year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=lambda: year_choices(ahead=0))
        part = forms.ChoiceField(label=_("统计期"), choices=parts)
        rank = forms.IntegerField(label=_("全省排名"), min_value=1, max_value=99)
        out_of = forms.IntegerField(label=_("参与排名市州数"), min_value=1, max_value=99, required=False)
        note = forms.CharField(
            label=_("来源"), max_length=200, required=False, help_text=_("如：省科技厅 2024 年 3 月通报。")
        )

    return RankForm


# --- Campaigns ----------------------------------------------------------------------


class CampaignFormBase(BootstrapFormMixin, forms.Form):
    """A campaign's settings; ``campaign_form_class`` adds one field per target filter."""

    title = forms.CharField(label=_("任务名称"), max_length=128, help_text=_("如：2025 年度企业研发投入数据填报。"))
    kind = forms.ChoiceField(label=_("任务类型"), choices=Campaign.Kind.choices)
    data_year = forms.IntegerField(
        label=_("数据年度"), required=False, min_value=2000, max_value=2100, help_text=_("研发投入填报所属年度。")
    )
    opens_on = forms.DateField(label=_("开始日期"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    deadline = forms.DateField(
        label=_("截止日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("截止日当天 24 时前可以填报和修改。"),
    )
    description = forms.CharField(label=_("填报说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
    filter_keys: list[tuple[str, str]] = []

    def clean(self):
        data = super().clean()
        if data.get("opens_on") and data.get("deadline") and data["deadline"] < data["opens_on"]:
            self.add_error("deadline", _("截止日期不能早于开始日期。"))
        return data

    def settings_fields(self):
        return [self[n] for n in ("title", "kind", "data_year", "opens_on", "deadline", "description")]

    def target_fields(self):
        return [self[name] for _key, name in self.filter_keys]

    def target_filter(self) -> dict:
        return {key: self.cleaned_data.get(name) for key, name in self.filter_keys}


def campaign_form_class():
    """Return the campaign form with one field per registered target filter."""
    from reports import campaign_filters

    attrs = {"filter_keys": []}
    for target_filter in campaign_filters.filters():
        name = f"target_{target_filter.key}"
        attrs[name] = target_filter.field()
        attrs["filter_keys"].append((target_filter.key, name))
    return type("CampaignForm", (CampaignFormBase,), attrs)


class CampaignFieldForm(BootstrapFormMixin, forms.Form):
    """One question of the field builder; a row left without a question is ignored."""

    key = forms.CharField(required=False, widget=forms.HiddenInput)
    label = forms.CharField(label=_("问题"), max_length=128, required=False)
    field_type = forms.ChoiceField(label=_("类型"), choices=CampaignField.Type.choices, initial="text")
    required = forms.BooleanField(label=_("必填"), required=False, initial=True)
    choices = forms.CharField(label=_("单选选项（每行一个）"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    help_text = forms.CharField(label=_("填写说明"), required=False, max_length=200)
    maps_to = forms.ChoiceField(
        label=_("确认后写入"),
        required=False,
        choices=lambda: [("", _("不写入")), *_year_fields()],
        help_text=_("仅研发投入填报"),
    )

    def clean(self):
        data = super().clean()
        if data.get("maps_to") and data.get("field_type") not in ("number", "money"):
            self.add_error("maps_to", _("只有数字或金额可以写入单位年度数据。"))
        if data.get("label") and data.get("field_type") == "choice":
            options = [line for line in (data.get("choices") or "").splitlines() if line.strip()]
            if len(options) < 2:
                self.add_error("choices", _("单选题至少需要两个选项，每行一个。"))
        return data


def _year_fields():
    from reports.organization_years import year_field_choices

    return year_field_choices()


CampaignFieldFormSet = forms.formset_factory(CampaignFieldForm, extra=3, can_delete=True)
