"""The form an organization fills in for a campaign, built from the campaign's fields.

Answers are stored as JSON: text and choices as text, yes/no as true/false, numbers and
money (元) as decimal strings ("1234.50") so no float ever touches an amount.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from bureau.core.formatting import yuan
from bureau.core.forms import BootstrapFormMixin

from .models import CampaignField

YES_NO = [("yes", _("是")), ("no", _("否"))]


def _field(spec: CampaignField) -> forms.Field:
    common = {"label": spec.label, "required": spec.required, "help_text": spec.help_text}
    kind = spec.field_type
    if kind == CampaignField.Type.NUMBER:
        return forms.DecimalField(
            max_digits=20, decimal_places=4, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common
        )
    if kind == CampaignField.Type.MONEY:
        money = forms.DecimalField(
            max_digits=18,
            decimal_places=2,
            min_value=0,
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            **common,
        )
        money.unit = _("元")  # shown next to the input
        return money
    if kind == CampaignField.Type.YES_NO:
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if kind == CampaignField.Type.CHOICE:
        return forms.ChoiceField(choices=[(c, c) for c in spec.choice_list], widget=forms.RadioSelect, **common)
    return forms.CharField(max_length=500, **common)


class AnswerFormBase(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


def answer_form_class(fields) -> type[forms.Form]:
    """Return a form class with one field per campaign field, keyed by the field's key."""
    attrs = {spec.key: _field(spec) for spec in fields}
    return type("AnswerForm", (AnswerFormBase,), attrs)


def to_json(fields, cleaned: dict) -> dict:
    """Turn a cleaned answer into JSON-safe values."""
    data = {}
    for spec in fields:
        value = cleaned.get(spec.key)
        if value in (None, ""):
            continue
        if spec.field_type == CampaignField.Type.YES_NO:
            data[spec.key] = value == "yes"
        elif spec.field_type == CampaignField.Type.MONEY:
            data[spec.key] = str(Decimal(value).quantize(Decimal("0.01")))
        elif isinstance(value, Decimal):
            data[spec.key] = str(value)
        else:
            data[spec.key] = str(value)
    return data


def initial(fields, data: dict) -> dict:
    """Turn stored JSON back into form initial values."""
    out = {}
    for spec in fields:
        if spec.key not in data:
            continue
        value = data[spec.key]
        if spec.field_type == CampaignField.Type.YES_NO:
            out[spec.key] = "yes" if value else "no"
        else:
            out[spec.key] = value
    return out


def display(spec: CampaignField, data: dict) -> str:
    """Write one stored answer for a table: 是/否, 1,234.50 元, or the text."""
    if spec.key not in (data or {}):
        return "—"
    value = data[spec.key]
    if spec.field_type == CampaignField.Type.YES_NO:
        return str(_("是") if value else _("否"))
    if spec.field_type == CampaignField.Type.MONEY:
        return f"{yuan(value)} 元"
    return str(value)


def cell(spec: CampaignField, data: dict):
    """Return one stored answer as an Excel cell value (a number for numbers and money)."""
    if spec.key not in (data or {}):
        return None
    value = data[spec.key]
    if spec.field_type == CampaignField.Type.YES_NO:
        return str(_("是") if value else _("否"))
    if spec.field_type in (CampaignField.Type.MONEY, CampaignField.Type.NUMBER):
        return Decimal(value)
    return value
