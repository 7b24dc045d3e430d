"""REST endpoints of the registry (registered on the /api/v1/ router).

Reads go through ``visible_to(user)`` (404 outside the user's scope); writes go through
the same services as the pages, so members keep their own profile and nobody else does.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from bureau.core.errors import NotFound

from . import services
from .models import IntellectualProperty, Organization, OrganizationYear
from .selectors import profile_facts
from .services.profile import IP_FIELDS, YEAR_FIELDS


def _django_errors(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        return ValidationError(exc.message_dict)
    return ValidationError({"non_field_errors": exc.messages})


# --- Serializers ------------------------------------------------------------------------------


class OrganizationSerializer(serializers.ModelSerializer):
    region_name = serializers.CharField(source="region.name", read_only=True)
    industry_code = serializers.SerializerMethodField()
    industry_name = serializers.CharField(source="industry.name", read_only=True, default="")
    restricted_industry = serializers.BooleanField(read_only=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = Organization
        fields = [
            "id",
            "uscc",
            "name",
            "kind",
            "region",
            "region_name",
            "industry",
            "industry_code",
            "industry_name",
            "restricted_industry",
            "hightech_field",
            "registered_on",
            "legal_representative",
            "address",
            "contact_name",
            "contact_phone",
            "contact_email",
            "status",
            "rejection_reason",
            "verified_at",
            "tier",
            "tier_year",
            "created_at",
            "version",
        ]
        read_only_fields = [
            "uscc",
            "region",
            "status",
            "rejection_reason",
            "verified_at",
            "tier",
            "tier_year",
            "created_at",
        ]

    def get_industry_code(self, obj) -> str:
        return obj.industry.full_code if obj.industry_id else ""


class OrganizationYearSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False)

    class Meta:
        model = OrganizationYear
        fields = ["id", "organization", "year", *YEAR_FIELDS, "updated_at", "version"]
        read_only_fields = ["updated_at"]
        validators = []  # the service answers a duplicate year by updating it


class IPUseSerializer(serializers.Serializer):
    purpose = serializers.CharField()
    label = serializers.CharField()
    used_at = serializers.DateTimeField()
    released_at = serializers.DateTimeField(allow_null=True)


class IntellectualPropertySerializer(serializers.ModelSerializer):
    uses = IPUseSerializer(many=True, read_only=True)
    version = serializers.IntegerField(required=False)

    class Meta:
        model = IntellectualProperty
        fields = ["id", "organization", *IP_FIELDS, "ip_class", "uses", "created_at", "updated_at", "version"]
        read_only_fields = ["ip_class", "created_at", "updated_at"]
        validators = []  # the service reports a duplicate number next to the field


# --- Filters -----------------------------------------------------------------------------------


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("名称或代码"))
    industry_section = django_filters.CharFilter(field_name="industry__parent__code", label=_("行业门类"))

    class Meta:
        model = Organization
        fields = ["region", "kind", "status", "hightech_field", "industry", "tier"]

    def search(self, queryset, name, value):
        return queryset.search(value)


class OrganizationYearFilter(django_filters.FilterSet):
    class Meta:
        model = OrganizationYear
        fields = ["organization", "year"]


class IntellectualPropertyFilter(django_filters.FilterSet):
    class Meta:
        model = IntellectualProperty
        fields = ["organization", "kind", "ip_class", "status", "obtained_by"]


# --- Viewsets ---------------------------------------------------------------------------------


class OrganizationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """Organizations in the user's scope; members update their own basic information."""

    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    ordering_fields = ["name", "uscc", "created_at", "registered_on", "status"]
    ordering = ["name"]

    def get_queryset(self):
        return Organization.objects.visible_to(self.request.user).with_relations()

    def perform_update(self, serializer):
        values = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        try:
            serializer.instance = services.update_organization(
                actor=self.request.user,
                organization=serializer.instance,
                values=values,
                expected_version=serializer.validated_data.get("version"),
            )
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None

    @extend_schema(parameters=[OpenApiParameter("year", int, required=True)], responses=dict)
    @action(detail=True, methods=["get"])
    def facts(self, request, pk=None):
        """Return the profile facts of one year, as the SME and high-tech rules read them."""
        try:
            year = int(request.query_params.get("year", ""))
        except ValueError:
            raise ValidationError({"year": _("请指定年度，如 year=2025。")}) from None
        return Response(profile_facts(self.get_object(), year).as_json())


class _ProfileWriteMixin:
    """Creates and updates through a service that checks membership; 404 outside the scope."""

    def _organization(self, serializer):
        # An existing row stays with its organization whatever the request says.
        if serializer.instance is not None:
            return serializer.instance.organization
        org = serializer.validated_data.get("organization")
        if org is None or not Organization.objects.visible_to(self.request.user).filter(pk=org.pk).exists():
            raise NotFound()
        return org


class OrganizationYearViewSet(_ProfileWriteMixin, viewsets.ModelViewSet):
    """Yearly figures (年度数据) of the organizations in the user's scope."""

    serializer_class = OrganizationYearSerializer
    filterset_class = OrganizationYearFilter
    ordering_fields = ["year"]
    ordering = ["organization", "-year"]
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return OrganizationYear.objects.visible_to(self.request.user)

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer)

    def _save(self, serializer):
        org = self._organization(serializer)
        data = serializer.validated_data
        year = data.get("year") or serializer.instance.year
        values = {k: data[k] for k in YEAR_FIELDS if k in data}
        try:
            serializer.instance = services.save_year(
                actor=self.request.user,
                organization=org,
                year=year,
                values=values,
                expected_version=data.get("version"),
            )
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None

    def perform_destroy(self, instance):
        services.delete_year(actor=self.request.user, row=instance)


class IntellectualPropertyViewSet(_ProfileWriteMixin, viewsets.ModelViewSet):
    """IP items (知识产权) of the organizations in the user's scope, with their uses."""

    serializer_class = IntellectualPropertySerializer
    filterset_class = IntellectualPropertyFilter
    search_fields = ["number", "title"]
    ordering_fields = ["granted_on", "applied_on", "number"]
    ordering = ["-granted_on", "-id"]

    def get_queryset(self):
        return IntellectualProperty.objects.visible_to(self.request.user).prefetch_related("uses")

    def perform_create(self, serializer):
        self._save(serializer, None)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def _save(self, serializer, item):
        org = self._organization(serializer)
        data = serializer.validated_data
        values = {k: data[k] for k in IP_FIELDS if k in data}
        try:
            serializer.instance = services.save_ip(
                actor=self.request.user,
                organization=org,
                values=values,
                item=item,
                expected_version=data.get("version") if item else None,
            )
        except DjangoValidationError as exc:
            raise _django_errors(exc) from None

    def perform_destroy(self, instance):
        services.delete_ip(actor=self.request.user, item=instance)


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("organizations", OrganizationViewSet, basename="organization")
    router.register("organization-years", OrganizationYearViewSet, basename="organization-year")
    router.register("ip-items", IntellectualPropertyViewSet, basename="ip-item")
