"""Innovation entities (创新主体) and who works for them.

The foundation holds only identity and membership; the profile, SME evaluation and
high-tech certification arrive with the enterprise-registry issue.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from bureau.core.models import OptimisticLockModel
from bureau.core.scoping import ScopedQuerySet


def validate_uscc(value):
    """Refuse a 统一社会信用代码 whose format or check digit is wrong."""
    from django.core.exceptions import ValidationError

    if not uscc.is_valid(value or ""):
        raise ValidationError(
            _("统一社会信用代码“%(value)s”无效：应为18位，且校验位正确。"),
            code="invalid_uscc",
            params={"value": value},
        )


class OrganizationQuerySet(ScopedQuerySet):
    region_path = "region"
    organization_path = ""


class Organization(OptimisticLockModel):
    """An innovation entity (创新主体): enterprise, university, institute, hospital..."""

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("企业")
        UNIVERSITY = "university", _("高等院校")
        INSTITUTE = "institute", _("科研院所")
        HOSPITAL = "hospital", _("医疗卫生机构")
        OTHER = "other", _("其他")

    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    name = models.CharField(_("单位名称"), max_length=128)
    kind = models.CharField(_("单位类型"), max_length=16, choices=Kind.choices, default=Kind.ENTERPRISE)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("所在区划"), on_delete=models.PROTECT, related_name="organizations"
    )
    contact_name = models.CharField(_("联系人"), max_length=64, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = _("创新主体")
        verbose_name_plural = _("创新主体")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["region", "kind"]),
            models.Index(fields=["name"]),
        ]

    def __str__(self):
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


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

    def __str__(self):
        return f"{self.user} @ {self.organization}"
