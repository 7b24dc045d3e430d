"""Forms of the reports app: value grids, uploads, the summary pack and campaigns."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.core.forms import BootstrapFormMixin

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


class SummaryForm(BootstrapFormMixin, forms.Form):
    """Which work-summary pack to generate: half-year or annual, for which year and region."""

    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=lambda: year_choices(ahead=0))
    part = forms.ChoiceField(
        label=_("报表"),
        choices=[("H1", _("上半年工作总结数据")), ("Y", _("全年工作总结数据"))],
        widget=forms.RadioSelect,
        initial="H1",
    )
    region = forms.ChoiceField(label=_("区域"))

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [(r.code, r.name) for r in regions]


class RankForm(BootstrapFormMixin, forms.Form):
    indicator = forms.ChoiceField(label=_("指标"))
    year = forms.TypedChoiceField(label=_("年度"), coerce=int, choices=lambda: year_choices(ahead=0))
    part = forms.ChoiceField(label=_("统计期"))
    rank = forms.IntegerField(label=_("全省排名"), min_value=1, max_value=99)
    out_of = forms.IntegerField(label=_("参与排名市州数"), min_value=1, max_value=99, required=False)
    note = forms.CharField(
        label=_("来源"), max_length=200, required=False, help_text=_("如：省科技厅 2024 年 3 月通报。")
    )

    def __init__(self, *args, indicators, parts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].choices = [(i.code, i.name) for i in indicators]
        self.fields["part"].choices = parts
