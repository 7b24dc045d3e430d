"""Who a campaign is sent to: filters over the organization registry, kept as JSON.

A campaign stores its filter as ``{"kind": ["enterprise"], "region": ["430281"],
"verified": "yes"}``. Each key is one ``TargetFilter`` here: its form field, how it
narrows the organizations and how it reads in words. Adding a filter (high-tech
enterprises, SMEs registered this year) is adding one entry with ``register_filter``;
stored campaigns keep working because unknown keys are ignored and missing keys do
not filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from bureau.regions.models import Region


@dataclass(frozen=True)
class TargetFilter:
    key: str
    label: str
    field: Callable[[], forms.Field]
    apply: Callable[[QuerySet, object], QuerySet]
    describe: Callable[[object], str]


_filters: dict[str, TargetFilter] = {}


def register_filter(target_filter: TargetFilter) -> None:
    _filters[target_filter.key] = target_filter


def filters() -> list[TargetFilter]:
    return list(_filters.values())


def organizations():
    return apps.get_model("enterprises", "Organization").objects.all()


def matching_organizations(data: dict) -> QuerySet:
    """Return the organizations a campaign with filter ``data`` targets."""
    qs = organizations()
    for key, value in (data or {}).items():
        target_filter = _filters.get(key)
        if target_filter is not None and value not in (None, "", []):
            qs = target_filter.apply(qs, value)
    return qs


def describe(data: dict) -> list[str]:
    """Return the filter in words, one phrase per condition: ["单位类型：企业", ...]."""
    words = []
    for key, value in (data or {}).items():
        target_filter = _filters.get(key)
        if target_filter is not None and value not in (None, "", []):
            words.append(f"{target_filter.label}：{target_filter.describe(value)}")
    return words or [str(_("全部已注册单位"))]


# --- The filters available now ------------------------------------------------------


def _kind_choices():
    return apps.get_model("enterprises", "Organization").Kind.choices


def _kinds(values) -> str:
    labels = dict(_kind_choices())
    return "、".join(str(labels.get(v, v)) for v in values)


register_filter(
    TargetFilter(
        key="kind",
        label=_("单位类型"),
        field=lambda: forms.MultipleChoiceField(
            label=_("单位类型"),
            choices=_kind_choices(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("不选表示全部类型。"),
        ),
        apply=lambda qs, values: qs.filter(kind__in=list(values)),
        describe=_kinds,
    )
)


def _region_choices():
    regions = Region.objects.filter(kind__in=[Region.Kind.COUNTY, Region.Kind.PARK]).order_by("sort_order", "code")
    return [(r.code, r.name) for r in regions]


def _in_regions(qs, codes):
    # A county's organizations, and a city's: everything registered under it.
    return qs.filter(Q(region__code__in=list(codes)) | Q(region__parent__code__in=list(codes)))


def _regions(codes) -> str:
    names = dict(Region.objects.filter(code__in=list(codes)).values_list("code", "name"))
    return "、".join(names.get(c, c) for c in codes)


register_filter(
    TargetFilter(
        key="region",
        label=_("所在区划"),
        field=lambda: forms.MultipleChoiceField(
            label=_("所在区划"),
            choices=_region_choices(),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("不选表示全市。园区单列。"),
        ),
        apply=_in_regions,
        describe=_regions,
    )
)

VERIFIED_CHOICES = [("", _("不限")), ("yes", _("仅已核验的单位")), ("no", _("仅未核验的单位"))]

register_filter(
    TargetFilter(
        key="verified",
        label=_("核验状态"),
        field=lambda: forms.ChoiceField(label=_("核验状态"), choices=VERIFIED_CHOICES, required=False),
        apply=lambda qs, value: qs.filter(status="verified") if value == "yes" else qs.exclude(status="verified"),
        describe=lambda value: str(dict(VERIFIED_CHOICES).get(value, value)),
    )
)


# --- Filters over the registry's profile ---------------------------------------------


def _model_choices(field_name):
    field = apps.get_model("enterprises", "Organization")._meta.get_field(field_name)
    return list(field.choices or [])


def _labels(field_name, values) -> str:
    labels = dict(_model_choices(field_name))
    return "、".join(str(labels.get(v, v)) for v in values)


def _choice_filter(key, field_name, label, help_text):
    register_filter(
        TargetFilter(
            key=key,
            label=label,
            field=lambda: forms.MultipleChoiceField(
                label=label,
                choices=_model_choices(field_name),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=help_text,
            ),
            apply=lambda qs, values: qs.filter(**{f"{field_name}__in": list(values)}),
            describe=lambda values: _labels(field_name, values),
        )
    )


_choice_filter("field", "hightech_field", _("技术领域"), _("单位主营技术所属的国家重点支持领域；不选表示不限。"))
_choice_filter("tier", "tier", _("培育层级"), _("科技小巨人、创新型领军企业等；不选表示不限。"))


# --- Filters over certification (高新技术企业, 科技型中小企业, 高企后备库) ------------------------

CERTIFICATION_CHOICES = [
    ("hightech", _("有效期内的高新技术企业")),
    ("sme", _("本年度已入库的科技型中小企业")),
    ("reserve", _("高企后备库在库企业")),
]


def _certified(qs, values):
    """Keep organizations holding any of the chosen certifications on the day the campaign is published.

    "This year" and "in force" are read when the filter is applied, so a campaign
    published in March targets the enterprises in force in March.
    """
    from django.utils import timezone

    today = timezone.localdate()
    condition = Q()
    chosen = set(values)
    if "hightech" in chosen:
        certificates = apps.get_model("certification", "HighTechCertificate").objects.valid_on(today)
        condition |= Q(pk__in=certificates.values("organization_id"))
    if "sme" in chosen:
        registered = apps.get_model("certification", "SmeEvaluation").objects.registered_for(today.year)
        condition |= Q(pk__in=registered.values("organization_id"))
    if "reserve" in chosen:
        reserve = apps.get_model("certification", "ReserveEntry").objects.active()
        condition |= Q(pk__in=reserve.values("organization_id"))
    return qs.filter(condition) if condition else qs


def _certifications(values) -> str:
    labels = dict(CERTIFICATION_CHOICES)
    return "、".join(str(labels.get(v, v)) for v in values)


if apps.is_installed("enterprises.certification"):
    register_filter(
        TargetFilter(
            key="certification",
            label=_("认定情况"),
            field=lambda: forms.MultipleChoiceField(
                label=_("认定情况"),
                choices=CERTIFICATION_CHOICES,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text=_("选多项表示符合其一即可；按发布当天的证书有效期、入库年度和后备库名单确定。不选表示不限。"),
            ),
            apply=_certified,
            describe=_certifications,
        )
    )
