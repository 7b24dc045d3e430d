"""REST endpoints of certification (registered on the /api/v1/ router): lists scoped by ``visible_to``.

- ``sme-evaluations``, ``hightech-applications``, ``hightech-certificates``: read-only,
  filtered, searched, ordered, paginated; another organization's record answers 404.
- ``sme-score-preview`` (POST): the SME score of the figures sent, indicator by indicator.
"""

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.response import Response

from bureau.core.scoping import get_visible_or_404
from enterprises.rules import sme as sme_rules

from .models import HighTechApplication, HighTechCertificate, SmeEvaluation
from .selectors import sme_facts


class OrganizationBrief(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    uscc = serializers.CharField()
    region = serializers.CharField(source="region.code")
    region_name = serializers.CharField(source="region.name")


class SmeEvaluationSerializer(serializers.ModelSerializer):
    organization = OrganizationBrief(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = SmeEvaluation
        fields = [
            "id",
            "organization",
            "year",
            "status",
            "status_label",
            "source",
            "staff_total",
            "sci_tech_staff",
            "revenue",
            "total_cost",
            "total_assets",
            "rd_total",
            "rd_measure",
            "class1_ip",
            "class2_ip",
            "staff_score",
            "rd_score",
            "ip_score",
            "total_score",
            "eligible",
            "direct",
            "qualified",
            "submitted_at",
            "registration_number",
            "registered_on",
            "valid_until",
            "barred_year",
        ]
        read_only_fields = fields


class HighTechApplicationSerializer(serializers.ModelSerializer):
    organization = OrganizationBrief(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = HighTechApplication
        fields = [
            "id",
            "organization",
            "year",
            "status",
            "status_label",
            "check_passed",
            "rd_ratio",
            "rd_required",
            "innovation_low",
            "innovation_high",
            "conditions",
            "submitted_at",
            "county_reviewed_at",
            "city_reviewed_at",
        ]
        read_only_fields = fields


class HighTechCertificateSerializer(serializers.ModelSerializer):
    organization = OrganizationBrief(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = HighTechCertificate
        fields = [
            "id",
            "organization",
            "number",
            "issued_on",
            "expires_on",
            "status",
            "status_label",
            "batch",
            "source",
        ]
        read_only_fields = fields


class _OrgFilters(filters.FilterSet):
    region = filters.CharFilter(field_name="organization__region__code", label="县市区代码")
    field = filters.CharFilter(field_name="organization__hightech_field", label="技术领域")
    industry = filters.CharFilter(method="filter_industry", label="行业门类或大类代码")

    def filter_industry(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(organization__industry__code=value) | Q(organization__industry__parent__code=value))


class SmeEvaluationFilter(_OrgFilters):
    class Meta:
        model = SmeEvaluation
        fields = ["year", "status", "region", "field", "industry"]


class HighTechApplicationFilter(_OrgFilters):
    class Meta:
        model = HighTechApplication
        fields = ["year", "status", "region", "field", "industry"]


class HighTechCertificateFilter(_OrgFilters):
    issued_year = filters.NumberFilter(field_name="issued_on__year", label="发证年度")
    valid_on = filters.DateFilter(method="filter_valid_on", label="在该日有效")

    def filter_valid_on(self, queryset, name, value):
        return queryset.valid_on(value)

    class Meta:
        model = HighTechCertificate
        fields = ["status", "region", "field", "industry", "issued_year", "valid_on"]


class _ScopedViewSet(viewsets.ReadOnlyModelViewSet):
    search_fields = ["organization__name", "organization__uscc"]

    def get_queryset(self):
        return self.queryset.model.objects.visible_to(self.request.user).with_relations()

    def get_object(self):
        return get_visible_or_404(self.queryset.model.objects.with_relations(), self.request.user, pk=self.kwargs["pk"])


class SmeEvaluationViewSet(_ScopedViewSet):
    """科技型中小企业评价: the evaluations the user may see."""

    queryset = SmeEvaluation.objects.all()
    serializer_class = SmeEvaluationSerializer
    filterset_class = SmeEvaluationFilter
    search_fields = ["organization__name", "organization__uscc", "registration_number"]
    ordering_fields = ["year", "total_score", "submitted_at", "registration_number"]
    ordering = ["-year", "-pk"]


class HighTechApplicationViewSet(_ScopedViewSet):
    """高新技术企业认定申请: the applications the user may see."""

    queryset = HighTechApplication.objects.all()
    serializer_class = HighTechApplicationSerializer
    filterset_class = HighTechApplicationFilter
    ordering_fields = ["year", "rd_ratio", "submitted_at"]
    ordering = ["-year", "-pk"]


class HighTechCertificateViewSet(_ScopedViewSet):
    """高新技术企业证书: the certificates the user may see."""

    queryset = HighTechCertificate.objects.all()
    serializer_class = HighTechCertificateSerializer
    filterset_class = HighTechCertificateFilter
    search_fields = ["organization__name", "organization__uscc", "number"]
    ordering_fields = ["issued_on", "expires_on", "number"]
    ordering = ["-issued_on", "-pk"]


class ScorePreviewInput(serializers.Serializer):
    """Figures of the reporting year; IP counts and conditions come from ``evaluation`` when given."""

    staff_total = serializers.IntegerField(min_value=0, label="职工总数")
    sci_tech_staff = serializers.IntegerField(min_value=0, label="科技人员数")
    revenue = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0, label="销售收入（元）")
    total_cost = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0, label="成本费用支出总额（元）")
    total_assets = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0, label="资产总额（元）")
    rd_total = serializers.DecimalField(max_digits=18, decimal_places=2, min_value=0, label="研发费用总额（元）")
    rd_measure = serializers.ChoiceField(choices=SmeEvaluation.RdMeasure.choices, required=False, allow_blank=True)
    class1_ip = serializers.IntegerField(min_value=0, required=False, default=0)
    class2_ip = serializers.IntegerField(min_value=0, required=False, default=0)
    restricted_industry = serializers.BooleanField(required=False, default=False)
    violations = serializers.BooleanField(required=False, default=False)
    dishonest = serializers.BooleanField(required=False, default=False)
    valid_hightech_cert = serializers.BooleanField(required=False, default=False)
    national_award_top3 = serializers.BooleanField(required=False, default=False)
    provincial_rd_institution = serializers.BooleanField(required=False, default=False)
    led_standard = serializers.BooleanField(required=False, default=False)
    evaluation = serializers.IntegerField(required=False, help_text="评价编号：按该评价保存时的知识产权和资格条件计算")


class IndicatorOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    actual = serializers.CharField()
    band = serializers.CharField()
    score = serializers.IntegerField()
    max_score = serializers.IntegerField()
    counted = serializers.BooleanField()


class ScorePreviewOutput(serializers.Serializer):
    total = serializers.IntegerField()
    staff_score = serializers.IntegerField()
    rd_score = serializers.IntegerField()
    ip_score = serializers.IntegerField()
    rd_measure = serializers.CharField()
    rd_measure_proposed = serializers.CharField()
    eligible = serializers.BooleanField()
    direct = serializers.BooleanField()
    qualified = serializers.BooleanField()
    eligibility_problems = serializers.ListField(child=serializers.CharField())
    direct_grounds = serializers.ListField(child=serializers.CharField())
    reasons = serializers.ListField(child=serializers.CharField())
    gaps = serializers.ListField(child=serializers.CharField())
    indicators = IndicatorOutput(many=True)


FACT_FLAGS = (
    "restricted_industry",
    "violations",
    "dishonest",
    "valid_hightech_cert",
    "national_award_top3",
    "provincial_rd_institution",
    "led_standard",
)


class SmeScorePreviewViewSet(viewsets.ViewSet):
    """科技型中小企业评价得分预览: score the figures sent, indicator by indicator (nothing is saved)."""

    @extend_schema(request=ScorePreviewInput, responses=ScorePreviewOutput)
    def create(self, request):
        data = ScorePreviewInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values.get("evaluation"):
            evaluation = get_visible_or_404(SmeEvaluation.objects.all(), request.user, pk=values["evaluation"])
            facts, class1, class2 = evaluation.facts or {}, evaluation.class1_ip, evaluation.class2_ip
        else:
            facts = {name: values[name] for name in FACT_FLAGS}
            class1, class2 = values["class1_ip"], values["class2_ip"]
        rule_facts = sme_facts(
            values, facts, class1_ip=class1, class2_ip=class2, rd_measure=values.get("rd_measure", "")
        )
        result = sme_rules.evaluate(rule_facts)
        return Response(
            {
                "total": result.total,
                "staff_score": result.staff_score,
                "rd_score": result.rd_score,
                "ip_score": result.ip_score,
                "rd_measure": str(result.rd_measure),
                "rd_measure_proposed": str(result.rd_measure_proposed),
                "eligible": result.eligible,
                "direct": result.direct,
                "qualified": result.qualified,
                "eligibility_problems": result.eligibility_problems,
                "direct_grounds": result.direct_grounds,
                "reasons": result.reasons,
                "gaps": [g.text for g in sme_rules.score_gaps(rule_facts)],
                "indicators": [
                    {
                        "code": i.code,
                        "name": i.name,
                        "actual": i.actual,
                        "band": i.band,
                        "score": i.score,
                        "max_score": i.max_score,
                        "counted": i.counted,
                    }
                    for i in result.indicators
                ],
            }
        )


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("sme-evaluations", SmeEvaluationViewSet, basename="sme-evaluation")
    router.register("hightech-applications", HighTechApplicationViewSet, basename="hightech-application")
    router.register("hightech-certificates", HighTechCertificateViewSet, basename="hightech-certificate")
    router.register("sme-score-preview", SmeScorePreviewViewSet, basename="sme-score-preview")
