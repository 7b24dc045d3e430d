"""REST endpoints of the contracts app (registered on the /api/v1/ router).

- ``contracts``  the contracts the caller may see (sellers their own, staff by scope)
- ``contract-brokers``  technology brokers, ID numbers masked, with this year's figures
- ``contract-statistics``  the figures of ``selectors.statistics`` as JSON
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from bureau.accounts.models import Role

from . import selectors
from .filters import BrokerFilter, ContractFilter
from .models import Broker, TechnologyContract


class ContractSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    contract_type_label = serializers.CharField(source="get_contract_type_display", read_only=True)
    subtype_label = serializers.CharField(source="get_subtype_display", read_only=True)
    technical_field_label = serializers.CharField(source="get_technical_field_display", read_only=True)
    seller_region_code = serializers.CharField(source="seller_region.code", read_only=True)
    seller_region_name = serializers.CharField(source="seller_region.name", read_only=True)

    class Meta:
        model = TechnologyContract
        fields = [
            "id",
            "registration_number",
            "name",
            "contract_type",
            "contract_type_label",
            "subtype",
            "subtype_label",
            "status",
            "status_label",
            "source",
            "seller_name",
            "seller_code",
            "seller_nature",
            "seller_region_code",
            "seller_region_name",
            "buyer_name",
            "buyer_location",
            "buyer_nature",
            "signed_on",
            "starts_on",
            "ends_on",
            "total_amount",
            "technical_amount",
            "technical_field",
            "technical_field_label",
            "ip_type",
            "plan_source",
            "objective",
            "is_related_party",
            "submitted_at",
            "due_on",
            "registered_on",
            "refusal_reason",
        ]
        read_only_fields = fields


class ContractViewSet(viewsets.ReadOnlyModelViewSet):
    """Technology contracts: a seller sees its own, staff those in their scope."""

    serializer_class = ContractSerializer
    filterset_class = ContractFilter
    ordering_fields = ["registered_on", "created_at", "total_amount", "technical_amount", "due_on"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        return selectors.contracts_for(self.request.user).order_by("-created_at", "-pk")


class BrokerSerializer(serializers.ModelSerializer):
    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    year_count = serializers.IntegerField(read_only=True)
    year_total = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True, allow_null=True)
    year_technical = serializers.DecimalField(max_digits=18, decimal_places=2, read_only=True, allow_null=True)

    class Meta:
        model = Broker
        fields = [
            "id",
            "full_name",
            "id_number",
            "organization_name",
            "level",
            "level_label",
            "certificate_number",
            "valid_from",
            "valid_until",
            "is_active",
            "year_count",
            "year_total",
            "year_technical",
        ]
        read_only_fields = fields


class BrokerViewSet(viewsets.ReadOnlyModelViewSet):
    """Technology brokers (ID numbers masked) with contracts brokered this year (``?year=`` to change)."""

    serializer_class = BrokerSerializer
    filterset_class = BrokerFilter

    def get_queryset(self):
        try:
            year = int(self.request.query_params.get("year", ""))
        except ValueError:
            year = timezone.localdate().year
        return selectors.brokers_for(self.request.user, year).order_by("full_name", "pk")


def _figures(f):
    return {"count": f.count, "total_amount": str(f.total), "technical_amount": str(f.technical)}


def _growth(value):
    return None if value is None else str(round(value, 4))


class StatisticsViewSet(viewsets.ViewSet):
    """Counts, 成交额 and 技术交易额 by dimension for a year, with the same period a year earlier."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="登记年度"),
            OpenApiParameter("view", str, enum=list(selectors.VIEWS), description="output 技术输出 / absorb 技术吸纳"),
            OpenApiParameter("until", date, description="统计截止日期（同比取上年同期）"),
        ],
        responses={200: dict},
    )
    def list(self, request):
        user = request.user
        if not (user.is_staff_member or user.has_role(Role.LEADER)):
            raise PermissionDenied()
        params = request.query_params
        try:
            year = int(params.get("year", timezone.localdate().year))
            until = date.fromisoformat(params["until"]) if params.get("until") else None
        except ValueError:
            from bureau.core.errors import InvalidInput

            raise InvalidInput("year 或 until 参数格式不对。") from None
        view = params.get("view", "output")
        if view not in selectors.VIEWS:
            view = "output"
        stats = selectors.statistics(year=year, view=view, until=until, user=user)

        def row(r):
            return {
                "key": r.key,
                "label": r.label,
                "current": _figures(r.current),
                "previous": _figures(r.previous),
                "growth_total": _growth(r.growth_total),
            }

        return Response(
            {
                "year": stats.year,
                "until": stats.until,
                "view": stats.view,
                "total": row(stats.total),
                "dimensions": {key: [row(r) for r in rows] for key, rows in stats.dimensions.items()},
            }
        )


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("contracts", ContractViewSet, basename="contract")
    router.register("contract-brokers", BrokerViewSet, basename="contract-broker")
    router.register("contract-statistics", StatisticsViewSet, basename="contract-statistics")
