"""The filters of every contract list (pages, exports, API): one FilterSet, indexed fields only."""

from datetime import date

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from bureau.core.filters import StyledFilterSet
from bureau.regions.models import Region

from .models import Broker, TechnologyContract
from .models._choices import BUYER_LOCATION_CHOICES, CONTRACT_TYPE_CHOICES, TECHNICAL_FIELD_CHOICES


def _year_choices():
    this_year = date.today().year
    return [(str(y), f"{y}年") for y in range(this_year, this_year - 11, -1)]


class ContractFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q", help_text=_("登记编号、合同名称或卖方名称"))
    status = django_filters.ChoiceFilter(
        label=_("状态"), choices=TechnologyContract.Status.choices, empty_label=_("全部状态")
    )
    contract_type = django_filters.ChoiceFilter(
        label=_("合同类别"), choices=CONTRACT_TYPE_CHOICES, empty_label=_("全部类别")
    )
    technical_field = django_filters.ChoiceFilter(
        label=_("技术领域"), choices=TECHNICAL_FIELD_CHOICES, empty_label=_("全部领域")
    )
    seller_region = django_filters.ModelChoiceFilter(
        label=_("卖方所在县市区"),
        queryset=Region.objects.filter(kind__in=[Region.Kind.CITY, Region.Kind.COUNTY, Region.Kind.PARK]),
        empty_label=_("全部县市区"),
    )
    buyer_location = django_filters.ChoiceFilter(
        label=_("买方所在地"), choices=BUYER_LOCATION_CHOICES, empty_label=_("全部地区")
    )
    year = django_filters.ChoiceFilter(
        label=_("登记年度"), choices=_year_choices, method="filter_year", empty_label=_("全部年度")
    )
    source = django_filters.ChoiceFilter(
        label=_("来源"), choices=TechnologyContract.Source.choices, empty_label=_("全部来源")
    )

    class Meta:
        model = TechnologyContract
        fields = [
            "q",
            "status",
            "contract_type",
            "technical_field",
            "seller_region",
            "buyer_location",
            "year",
            "source",
        ]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        if value.isdigit() and len(value) >= 10:
            # A registration number: exact or prefix match uses the unique index.
            return queryset.filter(registration_number__startswith=value)
        return queryset.filter(Q(name__icontains=value) | Q(seller_name__icontains=value))

    def filter_year(self, queryset, name, value: str):
        if not value:
            return queryset
        year = int(value)
        return queryset.filter(registered_on__gte=date(year, 1, 1), registered_on__lt=date(year + 1, 1, 1))


class BrokerFilter(StyledFilterSet):
    q = django_filters.CharFilter(label=_("关键词"), method="filter_q", help_text=_("姓名、证书编号或所在单位"))
    level = django_filters.ChoiceFilter(label=_("证书等级"), choices=Broker.Level.choices, empty_label=_("全部等级"))
    valid = django_filters.BooleanFilter(label=_("证书有效"), method="filter_valid")

    class Meta:
        model = Broker
        fields = ["q", "level", "valid"]

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(full_name__icontains=value)
            | Q(certificate_number__icontains=value)
            | Q(organization_name__icontains=value)
        )

    def filter_valid(self, queryset, name, value):
        from django.utils import timezone

        today = timezone.localdate()
        valid = Q(is_active=True, valid_from__lte=today, valid_until__gte=today)
        if value is None:
            return queryset
        return queryset.filter(valid) if value else queryset.exclude(valid)
