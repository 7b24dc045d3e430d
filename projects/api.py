"""REST endpoints of the projects app (registered on the /api/v1/ router).

- ``project-calls``         published calls for anyone; staff who manage calls also see drafts
- ``project-applications``  the applications the caller may see (applicants their own
                            organizations', staff by scope), with the staff list's filters
"""

from __future__ import annotations

from rest_framework import permissions, serializers, viewsets

from . import selectors
from .filters import ApplicationFilter
from .models import ProjectApplication, ProjectCall, ProjectCategory
from .services._common import can_manage_calls

CATEGORY_HELP = "计划类别代码：" + "、".join(f"{code} {label}" for code, label in ProjectCategory.choices)


class CallSerializer(serializers.ModelSerializer):
    # A plain string: the notices' ``category`` enum has the same field name in the schema.
    category = serializers.CharField(read_only=True, help_text=CATEGORY_HELP)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    window_state = serializers.SerializerMethodField()

    class Meta:
        model = ProjectCall
        fields = [
            "id",
            "title",
            "year",
            "category",
            "category_label",
            "department_name",
            "summary",
            "eligibility",
            "opens_at",
            "closes_at",
            "max_funding",
            "is_published",
            "window_state",
        ]
        read_only_fields = fields

    def get_window_state(self, call) -> str:
        """``open`` (申报中), ``upcoming`` (未开始) or ``closed`` (已截止)."""
        return call.window_state()


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    """Calls for proposals (申报指南): open ones first."""

    serializer_class = CallSerializer
    permission_classes = [permissions.AllowAny]
    filterset_fields = ["year", "category"]
    search_fields = ["title"]

    def get_queryset(self):
        queryset = ProjectCall.objects.select_related("department")
        if not can_manage_calls(self.request.user):
            queryset = queryset.published()
        return selectors.with_window_state(queryset)


class ApplicationSerializer(serializers.ModelSerializer):
    category = serializers.CharField(read_only=True, help_text=CATEGORY_HELP)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    call_title = serializers.CharField(source="call.title", read_only=True)
    plan_year = serializers.IntegerField(source="call.year", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    organization_uscc = serializers.CharField(source="organization.uscc", read_only=True)
    region_code = serializers.CharField(source="region.code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)

    class Meta:
        model = ProjectApplication
        fields = [
            "id",
            "number",
            "project_number",
            "title",
            "call",
            "call_title",
            "plan_year",
            "category",
            "category_label",
            "organization_name",
            "organization_uscc",
            "region_code",
            "region_name",
            "leader_name",
            "starts_on",
            "ends_on",
            "total_budget",
            "requested_amount",
            "self_funding",
            "status",
            "status_label",
            "source",
            "submitted_at",
            "return_reason",
            "approved_on",
            "approved_amount",
        ]
        read_only_fields = fields


class ApplicationViewSet(viewsets.ReadOnlyModelViewSet):
    """Project applications in the caller's scope; another organization's draft is never shown."""

    serializer_class = ApplicationSerializer
    filterset_class = ApplicationFilter
    ordering_fields = ["submitted_at", "approved_on", "requested_amount", "approved_amount", "created_at"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self):
        return selectors.applications_for(self.request.user).order_by("-created_at", "-pk")


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("project-calls", CallViewSet, basename="project-call")
    router.register("project-applications", ApplicationViewSet, basename="project-application")
