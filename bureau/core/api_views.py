"""REST endpoints of the core: the user's background jobs."""

from rest_framework import serializers, viewsets

from .models import Job


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "title",
            "status",
            "done",
            "total",
            "percent",
            "message",
            "result",
            "created_at",
            "finished_at",
        ]


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    """Background jobs the current user started (imports, exports, reports)."""

    serializer_class = JobSerializer
    filterset_fields = ["status", "kind"]

    def get_queryset(self):
        return Job.objects.visible_to(self.request.user)


def register(router):
    router.register("jobs", JobViewSet, basename="job")
