"""REST endpoints of the talent app (registered on the /api/v1/ router), read-only.

- ``talent-programs``       programs
- ``talent-selections``     people selected, ID numbers masked (same filters as the page)
- ``talent-experts``        the expert database, ID numbers masked
- ``talent-commissioners``  S&T commissioners, ID numbers masked

Only bureau staff and leaders get rows, each within their scope (a county its own
region and parks); applicants and experts get empty lists.
"""

from __future__ import annotations

from django.db.models import Count
from rest_framework import serializers, viewsets

from . import selectors
from .filters import CommissionerFilter, ExpertFilter, SelectionFilter
from .models import Commissioner, Expert, TalentProgram, TalentSelection


class RegionFieldsMixin(serializers.Serializer):
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)


class ProgramSerializer(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = TalentProgram
        fields = ["id", "code", "name", "short_name", "level", "level_label", "issuer", "is_active"]
        read_only_fields = fields


class SelectionSerializer(RegionFieldsMixin, serializers.ModelSerializer):
    program_code = serializers.CharField(source="program.code", read_only=True)
    program_name = serializers.CharField(source="program.name", read_only=True)
    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    organization_code = serializers.SerializerMethodField()

    class Meta:
        model = TalentSelection
        fields = [
            "id",
            "program_code",
            "program_name",
            "category",
            "year",
            "selected_on",
            "full_name",
            "gender",
            "id_number",
            "organization_name",
            "organization_code",
            "region_code",
            "region_name",
            "title",
            "field",
            "funding",
        ]
        read_only_fields = fields

    def get_organization_code(self, obj) -> str:
        return obj.organization.uscc if obj.organization_id else ""


class ExpertSerializer(RegionFieldsMixin, serializers.ModelSerializer):
    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    title_label = serializers.CharField(source="get_title_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Expert
        fields = [
            "id",
            "full_name",
            "id_number",
            "organization_name",
            "region_code",
            "region_name",
            "title",
            "title_label",
            "position",
            "technical_fields",
            "specialty",
            "status",
            "status_label",
            "joined_on",
            "left_on",
        ]
        read_only_fields = fields


class CommissionerSerializer(RegionFieldsMixin, serializers.ModelSerializer):
    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    log_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Commissioner
        fields = [
            "id",
            "kind",
            "kind_label",
            "name",
            "id_number",
            "leader_name",
            "member_count",
            "organization_name",
            "region_code",
            "region_name",
            "service_target",
            "field",
            "year",
            "service_from",
            "service_until",
            "ended_on",
            "log_count",
        ]
        read_only_fields = fields


class ProgramViewSet(viewsets.ReadOnlyModelViewSet):
    """Talent programs (人才计划)."""

    serializer_class = ProgramSerializer
    filterset_fields = ["level", "is_active"]

    def get_queryset(self):
        return selectors.programs_for(self.request.user).order_by("sort_order", "code")


class SelectionViewSet(viewsets.ReadOnlyModelViewSet):
    """People selected into talent programs (ID numbers masked); filters as on the page."""

    serializer_class = SelectionSerializer
    filterset_class = SelectionFilter
    ordering_fields = ["selected_on", "year", "full_name"]

    def get_queryset(self):
        return selectors.selections_for(self.request.user).order_by("-selected_on", "full_name", "pk")


class ExpertViewSet(viewsets.ReadOnlyModelViewSet):
    """The expert database (ID numbers masked)."""

    serializer_class = ExpertSerializer
    filterset_class = ExpertFilter
    ordering_fields = ["full_name", "joined_on"]

    def get_queryset(self):
        return selectors.experts_for(self.request.user).order_by("full_name", "pk")


class CommissionerViewSet(viewsets.ReadOnlyModelViewSet):
    """S&T commissioners (ID numbers masked) with the number of service logs."""

    serializer_class = CommissionerSerializer
    filterset_class = CommissionerFilter
    ordering_fields = ["year", "name", "service_from"]

    def get_queryset(self):
        return (
            selectors.commissioners_for(self.request.user)
            .annotate(log_count=Count("service_logs"))
            .order_by("-year", "name", "pk")
        )


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("talent-programs", ProgramViewSet, basename="talent-program")
    router.register("talent-selections", SelectionViewSet, basename="talent-selection")
    router.register("talent-experts", ExpertViewSet, basename="talent-expert")
    router.register("talent-commissioners", CommissionerViewSet, basename="talent-commissioner")
