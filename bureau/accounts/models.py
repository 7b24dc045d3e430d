"""Users, roles (as groups) and the bureau's departments.

A role is a Django group whose name is a ``Role`` value; one account may hold several.
The links a role needs sit on the user (``region`` for county staff, ``department`` for
city staff) or in the organization membership (``enterprises.Membership``).
"""

from functools import cached_property

import pghistory
from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils.translation import gettext_lazy as _

# Every change of a user, department or role assignment is kept by database triggers
# (django-pghistory), whoever makes it: the admin, a service, a shell. Secrets and the
# login clock are left out, so a login or a password change is not an audit event.
# (Trackers are bound to the model they track: a fresh set for each.)


def _audit():
    return pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent()


class Role(models.TextChoices):
    """The roles of DESIGN.md section 2; each is a group of the same name."""

    APPLICANT = "applicant", _("申报单位用户")
    COUNTY_STAFF = "county_staff", _("县市区科技局")
    CITY_STAFF = "city_staff", _("市局业务科室")
    EXPERT = "expert", _("评审专家")
    LEADER = "leader", _("局领导")
    ADMINISTRATOR = "administrator", _("系统管理员")


@pghistory.track(*_audit())
class Department(models.Model):
    """A department (业务科室) of the city bureau, e.g. 高新科 or 成果转化科."""

    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=64, unique=True)
    duties = models.CharField(_("职责"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("业务科室")
        verbose_name_plural = _("业务科室")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


@pghistory.track(*_audit(), exclude=["password", "last_login"])
class User(AbstractUser):
    """A person who signs in: applicant, staff, expert, leader or administrator."""

    class EmailPreference(models.TextChoices):
        IMMEDIATE = "immediate", _("每条消息即时发送邮件")
        DAILY_DIGEST = "daily", _("每天汇总发送一封邮件")
        NONE = "none", _("不发送邮件，只在站内查看")

    full_name = models.CharField(_("姓名"), max_length=64, blank=True)
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("所属区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("县市区科技局工作人员所管辖的县市区或园区。"),
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("所属科室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
        help_text=_("市局工作人员所在的业务科室。"),
    )
    email_preference = models.CharField(
        _("邮件通知方式"),
        max_length=16,
        choices=EmailPreference.choices,
        default=EmailPreference.IMMEDIATE,
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        indexes = [models.Index(fields=["email_preference"])]

    def __str__(self):
        return self.full_name or self.username

    @cached_property
    def roles(self) -> frozenset[str]:
        """Return the role codes this account holds (superusers hold administrator)."""
        names = {g.name for g in self.groups.all()}
        codes = {r.value for r in Role if r.value in names}
        if self.is_superuser:
            codes.add(Role.ADMINISTRATOR.value)
        return frozenset(codes)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    @property
    def is_staff_member(self) -> bool:
        """Whether the account works for the bureau (county, city or leadership)."""
        return bool(self.roles & {Role.COUNTY_STAFF, Role.CITY_STAFF, Role.LEADER, Role.ADMINISTRATOR})

    @property
    def sees_whole_city(self) -> bool:
        """City staff, leaders and administrators see every region's records."""
        return bool(self.roles & {Role.CITY_STAFF, Role.LEADER, Role.ADMINISTRATOR})

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


@pghistory.track(
    pghistory.InsertEvent("role.add"),
    pghistory.DeleteEvent("role.remove"),
    obj_field=None,
    model_name="UserRoleEvent",
)
class UserRole(User.groups.through):
    """A role held by a user (a row of the user-group table), tracked to audit role changes."""

    class Meta:
        proxy = True
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")


class RoleGroup(Group):
    """A role (角色) as the group of the same name, as administrators see it."""

    class Meta:
        proxy = True
        verbose_name = _("角色")
        verbose_name_plural = _("角色")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """Return the role's name in words, or the group name for a group that is no role."""
        return str(Role(self.name).label) if self.name in Role.values else self.name
