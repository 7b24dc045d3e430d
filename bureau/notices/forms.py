"""Forms of the notice pages: the staff's draft form, the list filters, the upload."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from bureau.accounts.models import Department
from bureau.core.forms import BootstrapFormMixin

from .models import Notice


class _NoticeFields(forms.ModelForm):
    # Set up below BootstrapFormMixin in the MRO: the mixin validates a bound form in its
    # __init__, so the department choices must be in place before it runs.

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Notice
        fields = ["title", "category", "department", "apply_from", "apply_until", "body"]
        widgets = {
            "title": forms.TextInput(attrs={"maxlength": 200, "autocomplete": "off"}),
            "apply_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "apply_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(attrs={"rows": 14}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.order_by("sort_order", "code")
        self.fields["department"].empty_label = _("（起草人所在科室）")
        self.fields["department"].help_text = _("不选则记为起草人所在科室。")
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        # The window belongs to calls only; a hidden, stale window must not block saving.
        if cleaned.get("category") != Notice.Category.CALL:
            cleaned["apply_from"] = cleaned["apply_until"] = None
            self.instance.apply_from = self.instance.apply_until = None
        return cleaned

    def changes(self) -> dict:
        """Return the cleaned values the services take."""
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}

    def add_service_errors(self, exc: ValidationError) -> None:
        """Show a model validation error from a service next to its field (or on top)."""
        for field, messages in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
            for message in messages:
                self.add_error(field if field in self.fields else None, message)


class NoticeForm(BootstrapFormMixin, _NoticeFields):
    """A draft notice; ``version`` carries the version the author started from."""

    class Meta(_NoticeFields.Meta):
        pass


class NoticeFilterForm(BootstrapFormMixin, forms.Form):
    """The staff list's filters."""

    category = forms.ChoiceField(
        label=_("栏目"), required=False, choices=[("", _("全部栏目")), *Notice.Category.choices]
    )
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部状态")), *Notice.Status.choices])
    q = forms.CharField(label=_("标题或正文包含"), required=False, max_length=100)

    def values(self) -> dict:
        if not self.is_valid():
            return {"category": "", "status": "", "q": ""}
        return {k: self.cleaned_data.get(k) or "" for k in ("category", "status", "q")}


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=_("选择文件"),
        help_text=_("PDF、Word、Excel、PowerPoint、WPS 或 PNG/JPG/GIF 图片，单个文件不超过 20 MB。"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.wps,.et,.png,.jpg,.jpeg,.gif"}
        ),
    )
