"""REST endpoints of notices: anyone reads published notices; staff write through the services.

GET  /api/v1/notices/                 published notices (staff also see drafts and withdrawn ones)
GET  /api/v1/notices/{id}/
POST /api/v1/notices/                 create a draft            (city staff, administrators)
PATCH /api/v1/notices/{id}/           change a draft; send ``version``
POST /api/v1/notices/{id}/publish/    ``{"version": 3}``
POST /api/v1/notices/{id}/withdraw/   ``{"reason": "...", "version": 4}``
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bureau.accounts.models import Department

from . import services
from .models import Notice, NoticeAttachment, can_read_staff_pages


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = NoticeAttachment
        fields = ["id", "name", "kind", "kind_label", "size", "url"]

    def get_url(self, obj) -> str:
        request = self.context.get("request")
        url = obj.get_absolute_url()
        return request.build_absolute_uri(url) if request else url


class NoticeSerializer(serializers.ModelSerializer):
    category_label = serializers.CharField(source="get_category_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all(), required=False, allow_null=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default="")
    attachments = AttachmentSerializer(many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = [
            "id",
            "title",
            "category",
            "category_label",
            "body",
            "department",
            "department_name",
            "apply_from",
            "apply_until",
            "status",
            "status_label",
            "published_at",
            "version",
            "attachments",
            "url",
        ]
        read_only_fields = ["status", "published_at", "version"]

    def get_url(self, obj) -> str:
        return obj.get_absolute_url()


class NoticeListSerializer(NoticeSerializer):
    class Meta(NoticeSerializer.Meta):
        fields = [f for f in NoticeSerializer.Meta.fields if f not in ("body", "attachments")]


class NoticeUpdateSerializer(NoticeSerializer):
    version = serializers.IntegerField(help_text="The version read before the change (optimistic locking).")

    class Meta(NoticeSerializer.Meta):
        read_only_fields = ["status", "published_at"]
        extra_kwargs = {f: {"required": False} for f in ("title", "category", "body")}


class PublishSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField()
    version = serializers.IntegerField(required=False)


class NoticeFilter(django_filters.FilterSet):
    class Meta:
        model = Notice
        fields = ["category", "status", "department"]


def _as_drf(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(getattr(exc, "message_dict", {"non_field_errors": exc.messages}))


class NoticeViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Notices (通知公告): published ones for everyone; drafts and withdrawn ones for staff."""

    filterset_class = NoticeFilter
    search_fields = ["title", "body"]
    ordering_fields = ["published_at", "apply_until"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_permissions(self):
        if self.action in ("list", "retrieve"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_queryset(self):
        qs = Notice.objects.for_list().order_by("-published_at", "-pk")
        if self.action != "list":  # the list shows no attachments
            qs = qs.prefetch_related("attachments")
        if can_read_staff_pages(self.request.user):
            return qs
        return qs.filter(status=Notice.Status.PUBLISHED)

    def get_serializer_class(self):
        if self.action == "list":
            return NoticeListSerializer
        if self.action == "partial_update":
            return NoticeUpdateSerializer
        return NoticeSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        try:
            serializer.instance = services.create_notice(
                actor=self.request.user,
                title=data["title"],
                category=data.get("category", Notice.Category.NOTICE),
                body=data["body"],
                department=data.get("department"),
                apply_from=data.get("apply_from"),
                apply_until=data.get("apply_until"),
            )
        except DjangoValidationError as exc:
            raise _as_drf(exc) from None

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version", None)
        if version is None:
            # PATCH makes every field optional; the version read before the change is not.
            raise serializers.ValidationError({"version": [_("请提供修改前读取的版本号（version）。")]})
        try:
            serializer.instance = services.update_notice(
                actor=self.request.user, notice=serializer.instance, expected_version=version, **data
            )
        except DjangoValidationError as exc:
            raise _as_drf(exc) from None

    @extend_schema(request=PublishSerializer, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        """Publish a draft notice."""
        notice = self.get_object()
        params = PublishSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        services.publish_notice(
            actor=request.user,
            notice=notice,
            expected_version=params.validated_data.get("version"),
            comment=params.validated_data["comment"],
        )
        return Response(NoticeSerializer(notice, context=self.get_serializer_context()).data)

    @extend_schema(request=WithdrawSerializer, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """Withdraw a published notice, with a reason."""
        notice = self.get_object()
        params = WithdrawSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        services.withdraw_notice(
            actor=request.user,
            notice=notice,
            reason=params.validated_data["reason"],
            expected_version=params.validated_data.get("version"),
        )
        return Response(NoticeSerializer(notice, context=self.get_serializer_context()).data)


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("notices", NoticeViewSet, basename="notice")
