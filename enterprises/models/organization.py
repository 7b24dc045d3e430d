"""Who an innovation entity is: identity, industry, verification, members and invitations."""

import uuid

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from bureau.accounts.models import Role
from bureau.core.scoping import ScopedQuerySet
from bureau.core.workflow import FSMField, WorkflowModel

from ..validators import validate_licence_file, validate_uscc


class IndustryQuerySet(models.QuerySet):
    def sections(self):
        """Return the sections (门类, A-T), each the parent of its divisions."""
        return self.filter(parent__isnull=True)

    def divisions(self):
        """Return the divisions (大类, 01-97) an organization is classified under."""
        return self.filter(parent__isnull=False)

    def restricted(self):
        """Return the categories excluded from SME evaluation, directly or through their section."""
        return self.filter(models.Q(is_restricted=True) | models.Q(parent__is_restricted=True))


class Industry(models.Model):
    """A category of 国民经济行业分类 (GB/T 4754-2017): a section (门类) or a division (大类).

    The restricted flag is a dictionary entry an administrator may change: DESIGN 4.1
    believes the SME exclusions follow the R&D super-deduction exclusions (财税〔2015〕119号),
    which is unconfirmed, so the list is data and not code.
    """

    code = models.CharField(
        _("行业代码"), max_length=8, unique=True, help_text=_("门类为字母（如 C），大类为两位数字（如 34）。")
    )
    name = models.CharField(_("行业名称"), max_length=64)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("所属门类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="divisions",
    )
    is_restricted = models.BooleanField(
        _("限制类行业"),
        default=False,
        help_text=_("勾选后，该行业（门类勾选时含其下全部大类）的企业不得参加科技型中小企业评价。"),
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = IndustryQuerySet.as_manager()

    class Meta:
        verbose_name = _("国民经济行业")
        verbose_name_plural = _("国民经济行业")
        ordering = ["sort_order", "code"]
        indexes = [models.Index(fields=["parent", "sort_order"])]

    def __str__(self):
        return f"{self.full_code} {self.name}"

    @property
    def full_code(self) -> str:
        """Return the code as bureaus write it: "C34" for a division, "C" for a section."""
        if self.parent_id is None:
            return self.code
        return f"{self.parent.code}{self.code}"

    @property
    def restricted(self) -> bool:
        """Whether this category or its section is on the restricted list."""
        return self.is_restricted or bool(self.parent_id and self.parent.is_restricted)


class HighTechField(models.TextChoices):
    """The eight fields the state supports (国家重点支持的高新技术领域), plus none."""

    ELECTRONIC_INFORMATION = "electronic_information", _("电子信息")
    BIOMEDICINE = "biomedicine", _("生物与新医药")
    AEROSPACE = "aerospace", _("航空航天")
    NEW_MATERIALS = "new_materials", _("新材料")
    HIGHTECH_SERVICES = "hightech_services", _("高技术服务")
    NEW_ENERGY = "new_energy", _("新能源与节能")
    RESOURCES_ENVIRONMENT = "resources_environment", _("资源与环境")
    ADVANCED_MANUFACTURING = "advanced_manufacturing", _("先进制造与自动化")
    NONE = "none", _("不属于以上领域")

    @classmethod
    def supported(cls) -> list[str]:
        return [f.value for f in cls if f != cls.NONE]


def _licence_path(instance, filename):
    # A random name: the scan is personal-ish data and must not be guessable.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"enterprises/licences/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext[:5]}"


def _is_county_staff_of(instance, user) -> bool:
    """County staff whose jurisdiction holds the organization (its region or the region's parent)."""
    if not user or not getattr(user, "is_authenticated", False) or not user.has_role(Role.COUNTY_STAFF):
        return False
    if not user.region_id:
        return False
    return instance.region_id == user.region_id or instance.region.parent_id == user.region_id


def _is_admin_member(instance, user) -> bool:
    if not user or not getattr(user, "is_authenticated", False):
        return False
    return instance.memberships.filter(user=user, is_admin=True).exists()


class OrganizationQuerySet(ScopedQuerySet):
    region_path = "region"
    organization_path = ""

    def verified(self):
        return self.filter(status=Organization.Status.VERIFIED)

    def pending(self):
        return self.filter(status=Organization.Status.PENDING)

    def with_relations(self):
        """Load what list and detail pages show: region, industry and its section."""
        return self.select_related("region", "region__parent", "industry", "industry__parent")

    def search(self, text: str):
        """Filter by part of the name or of the 统一社会信用代码."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(models.Q(name__contains=text) | models.Q(uscc__startswith=text.upper()))

    def restricted_industry(self, value: bool = True):
        condition = models.Q(industry__is_restricted=True) | models.Q(industry__parent__is_restricted=True)
        return self.filter(condition) if value else self.exclude(condition)


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Organization(WorkflowModel):
    """An innovation entity (创新主体): enterprise, university, institute, hospital...

    ``status`` is its registration's verification (核验) by the county staff of its region:
    until verified it may keep its profile but not submit applications.
    """

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        UNIVERSITY = "university", _("高等院校")
        INSTITUTE = "institute", _("科研院所")
        HOSPITAL = "hospital", _("医疗卫生机构")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        PENDING = "pending", _("待核验")
        VERIFIED = "verified", _("已核验")
        REJECTED = "rejected", _("核验未通过")

    class Tier(models.TextChoices):
        """Bureau-defined cultivation tiers above high-tech (梯度培育), set by staff."""

        NONE = "none", _("无")
        LITTLE_GIANT = "little_giant", _("科技小巨人")
        LEADING = "leading", _("创新型领军企业")

    status_styles = {"pending": "warning", "verified": "success", "rejected": "danger"}
    progress_steps = (Status.PENDING, Status.VERIFIED)

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    name = models.CharField(_("单位名称"), max_length=128)
    kind = models.CharField(_("单位类型"), max_length=16, choices=Kind.choices, default=Kind.ENTERPRISE)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="organizations"
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("所属行业"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
        help_text=_("按国民经济行业分类（GB/T 4754-2017）选择主营业务所属大类。"),
    )
    hightech_field = models.CharField(
        _("技术领域"),
        max_length=32,
        choices=HighTechField.choices,
        default=HighTechField.NONE,
        help_text=_("主要产品（服务）的核心技术所属的国家重点支持的高新技术领域。"),
    )
    registered_on = models.DateField(_("成立日期"), null=True, blank=True, help_text=_("营业执照上的成立日期。"))
    legal_representative = models.CharField(_("法定代表人"), max_length=64, blank=True)
    address = models.CharField(_("注册地址"), max_length=200, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    contact_email = models.EmailField(_("联系邮箱"), blank=True)
    business_licence = models.FileField(
        _("营业执照"),
        upload_to=_licence_path,
        blank=True,
        validators=[validate_licence_file],
        help_text=_("营业执照（或法人证书）扫描件或照片，PDF、JPG 或 PNG，不超过 5 MB。"),
    )
    status = FSMField(_("核验状态"), max_length=16, choices=Status.choices, default=Status.PENDING)
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核验人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejection_reason = models.TextField(_("未通过原因"), blank=True)
    tier = models.CharField(_("培育梯队"), max_length=16, choices=Tier.choices, default=Tier.NONE)
    tier_year = models.PositiveSmallIntegerField(_("入选年度"), null=True, blank=True)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("创新主体")
        verbose_name_plural = _("创新主体")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["region", "kind"]),
            models.Index(fields=["name"]),
            models.Index(fields=["status", "region"]),
            models.Index(fields=["industry"]),
            models.Index(fields=["hightech_field"]),
            models.Index(fields=["kind"]),
            models.Index(fields=["tier"]),
            models.Index(fields=["-created_at"]),
        ]

    def __str__(self):
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.status == self.Status.VERIFIED

    @property
    def restricted_industry(self) -> bool:
        """Whether its industry is on the restricted list (not eligible for SME evaluation)."""
        return bool(self.industry_id and self.industry.restricted)

    @property
    def in_supported_field(self) -> bool:
        return self.hightech_field in HighTechField.supported()

    # --- Verification (核验) ---------------------------------------------------------

    @transition(
        field=status,
        source=Status.PENDING,
        target=Status.VERIFIED,
        permission=_is_county_staff_of,
        custom={
            "label": _("核验通过"),
            "style": "success",
            "fields": ["verified_at", "verified_by", "rejection_reason"],
        },
    )
    def verify(self, *, actor=None, comment=""):
        self.verified_at = timezone.now()
        self.verified_by = actor
        self.rejection_reason = ""

    @transition(
        field=status,
        source=Status.PENDING,
        target=Status.REJECTED,
        permission=_is_county_staff_of,
        custom={"label": _("核验不通过"), "style": "danger", "needs_comment": True, "fields": ["rejection_reason"]},
    )
    def reject(self, *, actor=None, comment=""):
        self.rejection_reason = comment

    @transition(
        field=status,
        source=Status.REJECTED,
        target=Status.PENDING,
        permission=_is_admin_member,
        custom={"label": _("重新提交核验"), "style": "primary"},
    )
    def resubmit(self, *, actor=None, comment=""):
        pass


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Membership(models.Model):
    """A user's membership of an organization; its administrator invites colleagues."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="memberships"
    )
    is_admin = models.BooleanField(_("单位管理员"), default=False)
    joined_at = models.DateTimeField(_("加入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("单位成员")
        verbose_name_plural = _("单位成员")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="membership_unique_user_org"),
        ]
        indexes = [models.Index(fields=["organization", "is_admin"])]

    def __str__(self):
        return f"{self.user} @ {self.organization}"


class InvitationQuerySet(ScopedQuerySet):
    region_path = "organization__region"
    organization_path = "organization"

    def open(self):
        """Return invitations neither accepted, revoked nor expired."""
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation (成员邀请) from an organization's administrator to a colleague.

    Only a hash of the token is stored: the link is shown once to the administrator and
    e-mailed to the colleague, who accepts it while signed in.
    """

    organization = models.ForeignKey(
        Organization, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="invitations"
    )
    full_name = models.CharField(_("被邀请人姓名"), max_length=64)
    email = models.EmailField(_("电子邮箱"), blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    token_hash = models.CharField(_("邀请码摘要"), max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("邀请人"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("邀请时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    accepted_at = models.DateTimeField(_("接受时间"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接受人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("成员邀请")
        verbose_name_plural = _("成员邀请")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(email="") | ~models.Q(phone=""), name="invitation_email_or_phone"
            ),
        ]
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self):
        return f"{self.full_name} → {self.organization}"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"

    @property
    def state_label(self) -> str:
        return {
            "accepted": _("已加入"),
            "revoked": _("已撤销"),
            "expired": _("已过期"),
            "open": _("待接受"),
        }[self.state]
