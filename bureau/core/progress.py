"""Progress lookup (办理进度查询): anyone checks where an application stands by number + USCC.

Domain apps register how to find their records, in their ``AppConfig.ready``:

    register_progress_lookup(
        "contract", _("技术合同认定登记"), find_contract,
        number_label=_("登记编号或受理编号"), order=30,
    )

where ``find_contract(number: str, uscc: str) -> WorkflowModel | None`` returns the record
whose number is ``number`` *and* whose organization's 统一社会信用代码 is ``uscc``, else
None. The page answers the same "not found" whether the number is wrong or the code does
not match, shows only the step bar and the log's labels, times and comments (never who
handled it), and limits lookups per address so numbers cannot be guessed in bulk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from stdnum.cn import uscc as uscc_number

from . import ratelimit
from .forms import BootstrapFormMixin
from .workflow import progress_log, progress_steps, status_label

#: Lookups one address may make per window (failed and successful alike).
LOOKUPS_PER_WINDOW = 20
WINDOW_SECONDS = 10 * 60


@dataclass(frozen=True)
class ProgressLookup:
    key: str
    label: str
    lookup: Callable[[str, str], object]
    number_label: str
    order: int = 100


_lookups: dict[str, ProgressLookup] = {}
DEFAULT_NUMBER_LABEL = gettext_lazy("受理编号")


def register_progress_lookup(
    key: str,
    label,
    lookup: Callable[[str, str], object],
    *,
    number_label=DEFAULT_NUMBER_LABEL,
    order: int = 100,
) -> None:
    """Add (or replace) the kind ``key``: ``lookup(number, uscc)`` returns the record or None."""
    _lookups[key] = ProgressLookup(key, label, lookup, number_label, order)


def unregister_progress_lookup(key: str) -> None:
    """Remove the kind ``key`` (for tests)."""
    _lookups.pop(key, None)


def registered_lookups() -> list[ProgressLookup]:
    return sorted(_lookups.values(), key=lambda item: (item.order, item.key))


def find_progress(kind: str, number: str, uscc: str):
    """Return the record of ``kind`` with ``number`` belonging to ``uscc``, or None."""
    entry = _lookups.get(kind)
    if entry is None:
        return None
    return entry.lookup(number.strip(), uscc.strip().upper())


def public_log(obj) -> list[dict]:
    """Return the log an applicant may see: step label, time and comment, never the handler."""
    return [{"label": row.label, "at": row.at, "comment": row.comment} for row in progress_log(obj)]


class _LookupFields(forms.Form):
    # Set up below BootstrapFormMixin in the MRO: the mixin validates a bound form in its
    # __init__, so the kinds must be known before it runs.
    kind = forms.ChoiceField(label=gettext_lazy("办理事项"))
    number = forms.CharField(
        label=gettext_lazy("受理编号 / 登记编号"),
        max_length=64,
        help_text=gettext_lazy("受理回执或登记证明上的编号。"),
        error_messages={"required": gettext_lazy("请填写受理编号或登记编号。")},
    )
    uscc = forms.CharField(
        label=gettext_lazy("统一社会信用代码"),
        max_length=18,
        min_length=18,
        help_text=gettext_lazy("申请单位营业执照上的18位代码。"),
        error_messages={
            "required": gettext_lazy("请填写申请单位的统一社会信用代码。"),
            "min_length": gettext_lazy("统一社会信用代码应为18位。"),
            "max_length": gettext_lazy("统一社会信用代码应为18位。"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(item.key, item.label) for item in registered_lookups()]
        self.fields["kind"].error_messages["required"] = _("请选择办理事项。")
        self.fields["kind"].error_messages["invalid_choice"] = _("请选择办理事项。")
        self.fields["uscc"].widget.attrs.update(
            autocomplete="off", spellcheck="false", style="text-transform: uppercase"
        )
        self.fields["number"].widget.attrs.update(autocomplete="off", spellcheck="false")

    def clean_uscc(self):
        value = self.cleaned_data["uscc"].strip().upper()
        if not uscc_number.is_valid(value):
            raise forms.ValidationError(_("统一社会信用代码格式或校验位不正确，请核对营业执照。"))
        return value


class ProgressLookupForm(BootstrapFormMixin, _LookupFields):
    """Kind, number and the organization's 统一社会信用代码."""


def _spend_lookup(request) -> bool:
    """Count one lookup for the caller's address; return False when the limit is reached."""
    key = f"progress:lookups:{ratelimit.client_ip(request)}"
    return ratelimit.spend(key, limit=LOOKUPS_PER_WINDOW, window=WINDOW_SECONDS)


@never_cache
def lookup(request):
    """The public progress lookup: kind + number + USCC in, step bar and log out."""
    form = ProgressLookupForm(request.POST or None)
    context = {"form": form, "kinds": registered_lookups(), "searched": False}
    status = 200
    if request.method == "POST" and form.is_valid():
        if not _spend_lookup(request):
            form.add_error(None, _("查询过于频繁，请 10 分钟后再试。"))
            status = 429
        else:
            data = form.cleaned_data
            obj = find_progress(data["kind"], data["number"], data["uscc"])
            entry = _lookups[data["kind"]]
            context.update(searched=True, found=obj is not None, kind_label=entry.label, number=data["number"].strip())
            if obj is not None:
                context.update(
                    status_label=status_label(type(obj), obj.status),
                    steps=progress_steps(obj),
                    log=public_log(obj),
                )
    return render(request, "core/progress.html", context, status=status)
