"""REST endpoints of public notices (公示).

GET  /api/v1/publicities/                       open and closed notices (staff also see the others)
GET  /api/v1/publicities/{id}/                  with its list (columns and lines)
POST /api/v1/publicities/{id}/objections/       file an objection (anyone; throttled per address)
GET  /api/v1/publicity-objections/              objections, for city staff, leaders and administrators
POST /api/v1/publicity-objections/{id}/handle/  ``{"upheld": false, "reply": "..."}`` (city staff)
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from . import services
from .models import Objection, Publicity, PublicityItem, can_read_staff_pages


class ObjectionThrottle(SimpleRateThrottle):
    """At most 5 objections an hour from one address, signed in or not."""

    scope = "publicity-objection"
    rate = "5/hour"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class IsStaffReader(permissions.BasePermission):
    def has_permission(self, request, view):
        return can_read_staff_pages(request.user)


class ItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicityItem
        fields = ["id", "position", "name", "values"]


class StaffItemSerializer(ItemSerializer):
    class Meta(ItemSerializer.Meta):
        fields = [*ItemSerializer.Meta.fields, "outcome"]


class PublicitySerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    source_label = serializers.CharField(read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True, default="")
    working_days_left = serializers.IntegerField(read_only=True, allow_null=True)
    accepts_objections = serializers.SerializerMethodField()

    class Meta:
        model = Publicity
        fields = [
            "id",
            "title",
            "source",
            "source_label",
            "department_name",
            "status",
            "status_label",
            "starts_on",
            "ends_on",
            "working_days",
            "working_days_left",
            "accepts_objections",
            "contact",
        ]

    def get_accepts_objections(self, obj) -> bool:
        return obj.accepts_objections()


class PublicityDetailSerializer(PublicitySerializer):
    items = serializers.SerializerMethodField()

    class Meta(PublicitySerializer.Meta):
        fields = [*PublicitySerializer.Meta.fields, "body", "columns", "items"]

    def get_items(self, obj) -> list[dict]:
        serializer = StaffItemSerializer if can_read_staff_pages(self.context["request"].user) else ItemSerializer
        return serializer(obj.items.all(), many=True).data


class FileObjectionSerializer(serializers.Serializer):
    item = serializers.IntegerField(required=False, allow_null=True, help_text="Line id; omit for the whole notice.")
    name = serializers.CharField(max_length=64)
    organization = serializers.CharField(max_length=128, required=False, allow_blank=True, default="")
    phone = serializers.RegexField(r"^[0-9+\-() ]{7,20}$", max_length=20)
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    content = serializers.CharField(min_length=10, max_length=3000)


class ReceiptSerializer(serializers.ModelSerializer):
    receipt_no = serializers.CharField(read_only=True)

    class Meta:
        model = Objection
        fields = ["id", "receipt_no", "filed_at", "status"]


class ObjectionSerializer(serializers.ModelSerializer):
    receipt_no = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    item_name = serializers.CharField(source="item.name", read_only=True, default="")

    class Meta:
        model = Objection
        fields = [
            "id",
            "receipt_no",
            "publicity",
            "item",
            "item_name",
            "name",
            "organization",
            "phone",
            "email",
            "content",
            "filed_at",
            "status",
            "status_label",
            "reply",
            "handled_at",
        ]


class HandleSerializer(serializers.Serializer):
    upheld = serializers.BooleanField()
    reply = serializers.CharField(max_length=3000)


class PublicityViewSet(viewsets.ReadOnlyModelViewSet):
    """Public notices (公示) with their lists; objections are filed here."""

    permission_classes = [permissions.AllowAny]
    filterset_fields = ["status", "source"]
    search_fields = ["title"]
    ordering_fields = ["starts_on", "ends_on"]

    def get_queryset(self):
        qs = Publicity.objects.select_related("department").order_by("-starts_on", "-pk")
        if self.action == "retrieve" or self.action == "objections":
            qs = qs.prefetch_related("items")
        return qs if can_read_staff_pages(self.request.user) else qs.public()

    def get_serializer_class(self):
        return PublicityDetailSerializer if self.action == "retrieve" else PublicitySerializer

    @extend_schema(request=FileObjectionSerializer, responses={201: ReceiptSerializer})
    @action(
        detail=True, methods=["post"], throttle_classes=[ObjectionThrottle], serializer_class=FileObjectionSerializer
    )
    def objections(self, request, pk=None):
        """File an objection (异议) during the period; answers the receipt number."""
        publicity = self.get_object()
        params = FileObjectionSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        item_id = data.pop("item", None)
        item = None
        if item_id is not None:
            item = next((i for i in publicity.items.all() if i.pk == item_id), None)
            if item is None:
                raise serializers.ValidationError({"item": ["所选条目不属于该公示。"]})
        try:
            objection = services.file_objection(publicity=publicity, item=item, actor=request.user, **data)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(
                getattr(exc, "message_dict", {"non_field_errors": exc.messages})
            ) from None
        return Response(ReceiptSerializer(objection).data, status=status.HTTP_201_CREATED)


class ObjectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Objections for the staff: city staff handle them, leaders read."""

    permission_classes = [IsStaffReader]
    serializer_class = ObjectionSerializer
    filterset_fields = ["publicity", "status"]
    queryset = Objection.objects.select_related("item").order_by("-filed_at", "-pk")

    @extend_schema(request=HandleSerializer, responses=ObjectionSerializer)
    @action(detail=True, methods=["post"], serializer_class=HandleSerializer)
    def handle(self, request, pk=None):
        """Record the finding on an objection (upheld or dismissed, with a reply)."""
        objection = self.get_object()
        params = HandleSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        objection = services.handle_objection(
            actor=request.user,
            objection=objection,
            upheld=params.validated_data["upheld"],
            reply=params.validated_data["reply"],
        )
        return Response(ObjectionSerializer(objection).data)


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("publicities", PublicityViewSet, basename="publicity")
    router.register("publicity-objections", ObjectionViewSet, basename="publicity-objection")
