"""The filters of the application list (staff page, export, API): one FilterSet.

The KPI drill-down links here with the same GET parameters: ``status``, ``category``,
``year`` (the call's plan year), ``region`` (a region's pk; a county includes its parks,
the city everything), ``call`` (pk) and ``q`` (title, application or project number,
organization name).
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bureau.core.filters import StyledFilterSet
from bureau.regions.models import Region

from .models import ProjectApplication, ProjectCall, ProjectCategory


def _year_choices():
    years = ProjectCall.objects.order_by("-year").values_list("year", flat=True).distinct()
    return [(str(y), _("%(y)s年度") % {"y": y}) for y in years]


class ApplicationFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q", help_text=_("项目名称、编号或申报单位"))
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=ProjectApplication.Status.choices, empty_label=_("全部状态")
    )
    category = django_filters.ChoiceFilter(
        label=_("计划类别"), choices=ProjectCategory.choices, empty_label=_("全部类别")
    )
    year = django_filters.ChoiceFilter(
        label=_("计划年度"), choices=_year_choices, field_name="call__year", empty_label=_("全部年度")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("所在县市区"),
        queryset=Region.objects.filter(kind__in=[Region.Kind.CITY, Region.Kind.COUNTY, Region.Kind.PARK]),
        method="filter_region",
        empty_label=_("全部县市区"),
    )
    call = django_filters.ModelChoiceFilter(
        label=_("申报指南"),
        queryset=ProjectCall.objects.order_by("-year", "-opens_at"),
        empty_label=_("全部指南"),
    )

    class Meta:
        model = ProjectApplication
        fields = ["q", "status", "category", "year", "region", "call"]

    def filter_queryset(self, queryset):
        # A drill-down link with a value that matches nothing (a year without calls, a
        # region that does not exist) shows nothing, never the whole unfiltered list.
        if self.form.errors:
            return queryset.none()
        return super().filter_queryset(queryset)

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(title__icontains=value)
            | Q(number__istartswith=value)
            | Q(project_number__istartswith=value)
            | Q(organization__name__icontains=value)
        )

    def filter_region(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(Q(region=value) | Q(region__parent=value))
