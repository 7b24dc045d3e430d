"""REST endpoints of the reports app (registered on the /api/v1/ router).

/api/v1/reports/indicators/   the catalogue (staff)
/api/v1/reports/targets/      annual targets (staff), ?indicator=&region=&year=
/api/v1/reports/values/       rollup values (staff; county staff their region), ?indicator=&region=&period=2020-H1
/api/v1/reports/campaigns/    campaigns (staff: all; organizations: those addressed to them)
/api/v1/reports/answers/      answers (scoped: an organization sees its own); PATCH to answer
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import ValidationError

from bureau.core.errors import InvalidInput
from bureau.regions.models import Region

from . import answer_forms
from .formatting import plain
from .models import Answer, Campaign, CampaignField, Indicator, Rollup, Target
from .periods import BadPeriod, Period, PeriodType
from .services import campaigns as campaign_services


class IsStaffMember(permissions.BasePermission):
    """Bureau staff (county, city, leaders) and administrators."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.is_staff_member)


# --- Indicators, targets, values ----------------------------------------------------


class IndicatorSerializer(serializers.ModelSerializer):
    numerator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    denominator = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "unit",
            "value_type",
            "definition",
            "source",
            "source_note",
            "aggregation",
            "numerator",
            "denominator",
            "scale",
            "is_key",
            "refreshed_at",
        ]


class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = IndicatorSerializer
    permission_classes = [IsStaffMember]
    lookup_field = "code"
    lookup_value_regex = r"[a-z0-9_.]+"
    filterset_fields = ["source", "aggregation", "is_key"]
    search_fields = ["code", "name"]

    def get_queryset(self):
        return Indicator.objects.active().select_related("numerator", "denominator")


class TargetFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code")
    region = django_filters.CharFilter(field_name="region__code")

    class Meta:
        model = Target
        fields = ["indicator", "region", "year"]


class TargetSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    display_value = serializers.SerializerMethodField(help_text="目标值，按指标单位（如亿元）")

    class Meta:
        model = Target
        fields = ["indicator", "region", "year", "value", "display_value", "unit", "note", "updated_at"]

    def get_display_value(self, obj) -> str:
        return plain(obj.indicator.to_display(obj.value))


class TargetViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TargetSerializer
    permission_classes = [IsStaffMember]
    filterset_class = TargetFilter

    def get_queryset(self):
        return Target.objects.select_related("indicator", "region").order_by("-year", "indicator__sort_order", "pk")


class RollupFilter(django_filters.FilterSet):
    indicator = django_filters.CharFilter(field_name="indicator__code")
    region = django_filters.CharFilter(field_name="region__code")
    period = django_filters.CharFilter(method="filter_period", label="统计期，如 2020-H1、2020-Y、2020-M06")
    period_type = django_filters.ChoiceFilter(field_name="period", choices=PeriodType.choices)

    class Meta:
        model = Rollup
        fields = ["indicator", "region", "period", "period_type", "year", "number", "breakdown"]

    def filter_period(self, queryset, name, value):
        try:
            period = Period.parse(value)
        except BadPeriod:
            raise ValidationError(
                {"period": "统计期应写作 2020-Y、2020-H1、2020-Q2、2020-M06 或 2020-YTD06。"}
            ) from None
        return queryset.for_period(period)


class RollupSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period_key = serializers.SerializerMethodField()

    class Meta:
        model = Rollup
        fields = [
            "indicator",
            "region",
            "period",
            "year",
            "number",
            "period_key",
            "start",
            "end",
            "breakdown",
            "value",
            "computed_at",
        ]

    def get_period_key(self, obj) -> str:
        return obj.period_obj.key


class RollupViewSet(viewsets.ReadOnlyModelViewSet):
    """Computed values by indicator, region and period; county staff see their own region."""

    serializer_class = RollupSerializer
    permission_classes = [IsStaffMember]
    filterset_class = RollupFilter
    ordering_fields = ["year", "number", "value"]

    def get_queryset(self):
        qs = Rollup.objects.select_related("indicator", "region").order_by(
            "indicator__sort_order", "region_id", "year", "period", "number", "breakdown"
        )
        if getattr(self, "swagger_fake_view", False):  # schema generation has no real user
            return qs.none()
        user = self.request.user
        if not user.sees_whole_city:
            qs = qs.filter(Q(region_id=user.region_id) | Q(region__parent_id=user.region_id))
        return qs


# --- Campaigns and answers ----------------------------------------------------------


class CampaignFieldSerializer(serializers.ModelSerializer):
    choices = serializers.ListField(source="choice_list", child=serializers.CharField(), read_only=True)

    class Meta:
        model = CampaignField
        fields = ["key", "label", "field_type", "required", "choices", "help_text"]


class CampaignSerializer(serializers.ModelSerializer):
    fields = CampaignFieldSerializer(many=True, read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "title", "kind", "status", "description", "data_year", "opens_on", "deadline", "fields"]


class CampaignViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CampaignSerializer
    filterset_fields = ["status", "kind"]

    def get_queryset(self):
        return Campaign.objects.visible_to(self.request.user).prefetch_related("fields")


class AnswerSerializer(serializers.ModelSerializer):
    organization = serializers.SlugRelatedField(slug_field="uscc", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    version = serializers.IntegerField(help_text="读取时的版本号；提交时原样带回，过期的修改会被拒绝。")

    class Meta:
        model = Answer
        fields = [
            "id",
            "campaign",
            "organization",
            "organization_name",
            "data",
            "submitted_at",
            "confirmed_at",
            "version",
        ]
        read_only_fields = ["campaign", "submitted_at", "confirmed_at"]

    def update(self, instance, validated_data):
        if "version" not in validated_data:
            raise InvalidInput(fields={"version": "必填：读取时的版本号。"})
        fields = list(instance.campaign.fields.all())
        form = answer_forms.answer_form_class(fields)(
            {**_as_form_data(fields, validated_data.get("data") or {}), "version": validated_data["version"]}
        )
        if not form.is_valid():
            raise InvalidInput(fields={k: " ".join(v) for k, v in form.errors.items()})
        return campaign_services.submit_answer(
            actor=self.context["request"].user,
            answer=instance,
            data=answer_forms.to_json(fields, form.cleaned_data),
            expected_version=form.cleaned_data["version"],
        )


def _as_form_data(fields, data: dict) -> dict:
    out = {}
    for spec in fields:
        if spec.key not in data:
            continue
        value = data[spec.key]
        if spec.field_type == CampaignField.Type.YES_NO and isinstance(value, bool):
            value = "yes" if value else "no"
        out[spec.key] = value
    return out


class AnswerFilter(django_filters.FilterSet):
    answered = django_filters.BooleanFilter(field_name="submitted_at", lookup_expr="isnull", exclude=True)
    region = django_filters.ModelChoiceFilter(
        field_name="organization__region", queryset=Region.objects.all(), to_field_name="code"
    )

    class Meta:
        model = Answer
        fields = ["campaign", "answered", "region"]


class AnswerViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet):
    """Answers: staff read those in their scope; an organization's members read and answer their own."""

    serializer_class = AnswerSerializer
    filterset_class = AnswerFilter
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return (
            Answer.objects.visible_to(self.request.user)
            .exclude(campaign__status=Campaign.Status.DRAFT)
            .select_related("organization", "campaign")
            .order_by("campaign_id", "pk")
        )


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("reports/indicators", IndicatorViewSet, basename="reports-indicator")
    router.register("reports/targets", TargetViewSet, basename="reports-target")
    router.register("reports/values", RollupViewSet, basename="reports-value")
    router.register("reports/campaigns", CampaignViewSet, basename="reports-campaign")
    router.register("reports/answers", AnswerViewSet, basename="reports-answer")
