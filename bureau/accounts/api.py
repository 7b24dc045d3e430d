"""REST endpoints of accounts: the current user (``/me/``), API tokens and departments."""

from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_serializer,
    extend_schema_view,
)
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response

from . import selectors, services
from .models import Department, Role, User


class RoleSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="角色代码，如 county_staff")
    label = serializers.CharField(help_text="角色名称，如 县市区科技局")


class MembershipSerializer(serializers.Serializer):
    organization = serializers.IntegerField(source="organization_id", help_text="单位编号")
    organization_name = serializers.CharField(source="organization.name", help_text="单位名称")
    is_admin = serializers.BooleanField(help_text="是否为该单位的管理员")


class RegionBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField(help_text="区划代码（GB/T 2260）")
    name = serializers.CharField()
    kind = serializers.CharField(help_text="province / city / county / park")


class DepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "name", "duties"]
        read_only_fields = fields


@extend_schema_serializer(many=False)
class MeSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(read_only=True)
    roles = serializers.SerializerMethodField(help_text="当前账号拥有的全部角色")
    region = RegionBriefSerializer(read_only=True, allow_null=True, help_text="县市区工作人员所管辖的区划")
    department = DepartmentSerializer(read_only=True, allow_null=True, help_text="市局工作人员所在科室")
    memberships = MembershipSerializer(many=True, read_only=True, help_text="所属单位")
    email_preference_label = serializers.CharField(source="get_email_preference_display", read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "full_name",
            "display_name",
            "email",
            "phone",
            "roles",
            "region",
            "department",
            "memberships",
            "email_preference",
            "email_preference_label",
        ]
        read_only_fields = fields

    @extend_schema_field(RoleSerializer(many=True))
    def get_roles(self, obj):
        return [{"code": r.value, "label": str(r.label)} for r in Role if r.value in obj.roles]


class MeViewSet(viewsets.ViewSet):
    """The signed-in user (当前用户)."""

    pagination_class = None

    @extend_schema(
        summary="当前用户",
        operation_id="me_retrieve",
        description="当前登录用户的角色、所属单位、区划、科室和邮件通知方式。",
        responses=MeSerializer,
    )
    def list(self, request):
        return Response(MeSerializer(selectors.profile(request.user)).data)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="API 令牌：在请求头中发送 `Authorization: Token <令牌>`")


@extend_schema_view(
    create=extend_schema(
        summary="获取 API 令牌（令牌登录）",
        description=(
            "用用户名和密码换取 API 令牌。之后的每个请求在请求头中带上 "
            "`Authorization: Token <令牌>` 即可，无需会话 Cookie。同一用户多次获取得到同一令牌，"
            "调用 `POST /api/v1/auth/token/revoke/` 作废后再获取会得到新令牌。"
            "连续输错密码 5 次，该账号在该地址被锁定 15 分钟（锁定期间即使密码正确也不发放令牌）。"
        ),
        request=AuthTokenSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(description="用户名或密码不正确，或账号已停用、已锁定"),
        },
        auth=[],
    ),
)
class TokenViewSet(viewsets.ViewSet):
    """Token login: exchange a username and password for an API token (DRF authtoken)."""

    authentication_classes = []
    permission_classes = [permissions.AllowAny]

    def create(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        token = services.issue_api_token(actor=serializer.validated_data["user"])
        return Response({"token": token.key})


class TokenRevokeViewSet(viewsets.ViewSet):
    """Revoke the caller's API token (e.g. a lost device)."""

    @extend_schema(
        summary="作废当前 API 令牌",
        description="作废当前用户的 API 令牌；旧令牌随即失效，可重新获取新令牌（如设备遗失时）。",
        request=None,
        responses={204: None},
    )
    def create(self, request):
        services.revoke_api_token(actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(list=extend_schema(summary="业务科室"), retrieve=extend_schema(summary="一个业务科室"))
class DepartmentViewSet(viewsets.ReadOnlyModelViewSet):
    """The bureau's departments (业务科室)."""

    serializer_class = DepartmentSerializer
    search_fields = ["code", "name"]
    filterset_fields = ["code"]

    def get_queryset(self):
        return selectors.departments()


def register(router):
    """Register this app's viewsets on ``router``."""
    router.register("me", MeViewSet, basename="me")
    router.register("auth/token/revoke", TokenRevokeViewSet, basename="auth-token-revoke")
    router.register("auth/token", TokenViewSet, basename="auth-token")
    router.register("departments", DepartmentViewSet, basename="department")
