"""The filters of the talent lists (pages, exports, API): one FilterSet per list.

The parameters are the ones the KPI drill-downs link with: ``program`` (program code),
``year``, ``region`` (a region's pk; a county includes its parks), ``q``; experts also
``status``, ``title`` and ``field`` (a high-tech field code the expert lists),
commissioners ``kind`` and ``state``.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.accounts.models import Role
from bureau.core.filters import StyledFilterSet
from bureau.regions.models import Region
from enterprises.models import HighTechField

from .models import Commissioner, Expert, TalentProgram, TalentSelection
from .rules import commissioners as rules


def _year_choices():
    this_year = timezone.localdate().year
    return [(str(y), _("%(y)s年") % {"y": y}) for y in range(this_year + 1, this_year - 10, -1)]


def field_choices():
    return [(f.value, f.label) for f in HighTechField if f != HighTechField.NONE]


def region_choices_for(user):
    """The regions a user filters or writes by: counties and parks; a county officer only theirs."""
    regions = Region.objects.counties().order_by("sort_order", "code")
    if user is not None and not user.sees_whole_city and user.has_role(Role.COUNTY_STAFF) and user.region_id:
        regions = regions.filter(Q(pk=user.region_id) | Q(parent_id=user.region_id))
    return regions


def _region_label(region) -> str:
    return _("%(name)s（全市）") % {"name": region.name} if region.kind == Region.Kind.CITY else region.name


class TalentFilterSet(StyledFilterSet):
    """Small Bootstrap controls; ``region`` limited to the user's own region for county staff."""

    region = django_filters.ModelChoiceFilter(
        label=_("县市区"), queryset=Region.objects.counties(), method="filter_region", empty_label=_("全部县市区")
    )
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q")

    search_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        regions = region_choices_for(user)
        if user is None or user.sees_whole_city:
            # The city itself may be asked for by a drill-down: every county and park.
            regions = Region.objects.filter(Q(pk__in=regions.values("pk")) | Q(kind=Region.Kind.CITY))
        region_field = self.form.fields["region"]
        region_field.queryset = regions.order_by("sort_order", "code")
        region_field.label_from_instance = _region_label

    def filter_region(self, queryset, name, value):
        if value is None:
            return queryset
        if value.kind == Region.Kind.CITY:
            return queryset.filter(Q(region=value) | Q(region__parent=value) | Q(region__parent__parent=value))
        return queryset.filter(region__in=Region.objects.within(value).values("pk"))

    def filter_year(self, queryset, name, value):
        return queryset.filter(year=int(value)) if value else queryset

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value})
        return queryset.filter(condition)


class SelectionFilter(TalentFilterSet):
    program = django_filters.ModelChoiceFilter(
        label=_("人才计划"),
        queryset=TalentProgram.objects.all(),
        to_field_name="code",
        empty_label=_("全部计划"),
    )
    year = django_filters.ChoiceFilter(
        label=_("入选年度"), choices=_year_choices, method="filter_year", empty_label=_("全部年度")
    )

    search_fields = ("full_name", "organization_name")

    class Meta:
        model = TalentSelection
        fields = ["program", "year", "region", "q"]


class ExpertFilter(TalentFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Expert.Status.choices, empty_label=_("全部状态"))
    title = django_filters.ChoiceFilter(label=_("职称"), choices=Expert.Title.choices, empty_label=_("全部职称"))
    field = django_filters.ChoiceFilter(
        label=_("专业领域"), choices=field_choices, method="filter_field", empty_label=_("全部领域")
    )

    search_fields = ("full_name", "organization_name", "specialty")

    class Meta:
        model = Expert
        fields = ["region", "status", "title", "field", "q"]

    def filter_field(self, queryset, name, value: str):
        return queryset.filter(technical_fields__contains=[value]) if value else queryset


STATE_CHOICES = [
    (rules.SERVING, _("服务中")),
    (rules.UPCOMING, _("未开始")),
    (rules.FINISHED, _("服务期满")),
    (rules.ENDED, _("提前终止")),
]


class CommissionerFilter(TalentFilterSet):
    kind = django_filters.ChoiceFilter(label=_("类型"), choices=Commissioner.Kind.choices, empty_label=_("全部类型"))
    year = django_filters.ChoiceFilter(
        label=_("选派年度"), choices=_year_choices, method="filter_year", empty_label=_("全部年度")
    )
    state = django_filters.ChoiceFilter(
        label=_("服务状态"), choices=STATE_CHOICES, method="filter_state", empty_label=_("全部状态")
    )

    search_fields = ("name", "organization_name", "leader_name", "service_target")

    class Meta:
        model = Commissioner
        fields = ["region", "kind", "year", "state", "q"]

    def filter_state(self, queryset, name, value):
        today = timezone.localdate()
        ended = Q(ended_on__isnull=False, ended_on__lte=today)
        if value == rules.SERVING:
            return queryset.in_service_on(today)
        if value == rules.UPCOMING:
            return queryset.filter(service_from__gt=today).exclude(ended)
        if value == rules.FINISHED:
            return queryset.filter(service_until__lt=today).exclude(ended)
        if value == rules.ENDED:
            return queryset.filter(ended)
        return queryset
