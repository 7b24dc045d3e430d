"""REST endpoints of regions: the administrative divisions and parks (read-only)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from .models import Region


class RegionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Region
        fields = ["id", "code", "name", "short_name", "kind", "kind_label", "parent", "sort_order", "is_active"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="区划与园区",
        description="省、市、县市区和园区；`kind=county&parent=<市的编号>` 取一个市的县市区，`code` 按区划代码查找。",
    ),
    retrieve=extend_schema(summary="一个区划"),
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Regions (区划) by GB/T 2260 code, and parks (园区)."""

    serializer_class = RegionSerializer
    queryset = Region.objects.order_by("sort_order", "code")
    filterset_fields = ["kind", "parent", "code", "is_active"]
    search_fields = ["code", "name", "short_name"]
    ordering_fields = ["code", "sort_order", "name"]


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("regions", RegionViewSet, basename="region")
