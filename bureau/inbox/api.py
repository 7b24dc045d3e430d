"""REST endpoints of the inbox: the current user's messages and open to-dos.

Both lists hold only the caller's own items, so another user's message answers 404.
"""

import django_filters
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from bureau import calendar

from . import selectors, services
from .models import Message, Todo


class MessageSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField(help_text="发送人姓名；系统通知为 null")
    is_read = serializers.BooleanField(read_only=True, help_text="是否已读")

    class Meta:
        model = Message
        fields = ["id", "title", "body", "url", "actor_name", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_actor_name(self, obj) -> str | None:
        return obj.actor.display_name if obj.actor_id else None


class MessageFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label="只看未读（true）或只看已读（false）"
    )

    class Meta:
        model = Message
        fields = ["unread"]


_counts = inline_serializer(
    "InboxMarkAllRead",
    {
        "marked": serializers.IntegerField(help_text="本次标为已读的条数"),
        "unread": serializers.IntegerField(help_text="剩余未读消息数"),
        "todo": serializers.IntegerField(help_text="未办结的待办事项数"),
    },
)


@extend_schema_view(
    list=extend_schema(summary="我的消息", description="当前用户的消息，最新的在前；`unread=true` 只看未读。"),
    retrieve=extend_schema(summary="一条消息"),
)
class MessageViewSet(viewsets.ReadOnlyModelViewSet):
    """Messages (消息) sent to the current user."""

    serializer_class = MessageSerializer
    filterset_class = MessageFilter
    search_fields = ["title", "body"]
    ordering_fields = ["created_at"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Message.objects.none()
        return selectors.messages_for(self.request.user)

    @extend_schema(summary="标为已读", request=None, responses=MessageSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        message = self.get_object()
        services.mark_read(actor=request.user, message_ids=[message.pk])
        message.refresh_from_db(fields=["read_at"])
        return Response(self.get_serializer(message).data)

    @extend_schema(summary="全部标为已读", request=None, responses=_counts)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        marked = services.mark_read(actor=request.user)
        return Response({"marked": marked, **selectors.header_counts(request.user)})


class TodoSerializer(serializers.ModelSerializer):
    role_label = serializers.CharField(read_only=True, help_text="办理角色名称；指定给个人的为空")
    region_name = serializers.CharField(source="region.name", read_only=True, default=None)
    department_name = serializers.CharField(source="department.name", read_only=True, default=None)
    is_overdue = serializers.BooleanField(read_only=True, help_text="是否已超过办理期限")
    working_days_left = serializers.SerializerMethodField(
        help_text="距办理期限还剩的工作日数（按中国法定节假日及调休计算），逾期为负数；无期限为 null"
    )

    class Meta:
        model = Todo
        fields = [
            "id",
            "title",
            "url",
            "role",
            "role_label",
            "region",
            "region_name",
            "department",
            "department_name",
            "due_on",
            "working_days_left",
            "is_overdue",
            "created_at",
        ]
        read_only_fields = fields

    def get_working_days_left(self, obj) -> int | None:
        if obj.due_on is None:
            return None
        return calendar.working_days_between(timezone.localdate(), obj.due_on)


@extend_schema_view(
    list=extend_schema(summary="我的待办事项", description="当前用户未办结的待办事项，办理期限最近的在前。"),
    retrieve=extend_schema(summary="一件待办事项"),
)
class TodoViewSet(viewsets.ReadOnlyModelViewSet):
    """Open to-dos (待办事项) addressed to the current user or to a role they hold."""

    serializer_class = TodoSerializer
    filterset_fields = ["role"]
    search_fields = ["title"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Todo.objects.none()
        return selectors.open_todos(self.request.user)


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("inbox/messages", MessageViewSet, basename="inbox-message")
    router.register("inbox/todos", TodoViewSet, basename="inbox-todo")
