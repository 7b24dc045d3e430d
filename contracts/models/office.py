"""Registration offices (技术合同登记机构) and their yearly number counters."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from bureau.accounts.models import Role
from bureau.regions.models import Region


class RegistrationOfficeQuerySet(models.QuerySet):
    def for_region(self, region: Region | None):
        """Return the active office serving ``region``: its own, else the nearest one above it."""
        seen = 0
        while region is not None and seen < 4:
            office = self.filter(region=region, is_active=True).select_related("region", "department").first()
            if office is not None:
                return office
            region = region.parent if region.parent_id else None
            seen += 1
        return None

    def handled_by(self, user):
        """Return the offices whose registrar ``user`` is."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        if user.has_role(Role.ADMINISTRATOR):
            return self.filter(is_active=True)
        condition = models.Q(pk__in=[])
        if user.has_role(Role.COUNTY_STAFF) and user.region_id:
            condition |= models.Q(region_id=user.region_id) & ~models.Q(region__kind=Region.Kind.CITY)
        if user.has_role(Role.CITY_STAFF):
            condition |= models.Q(region__kind__in=[Region.Kind.CITY, Region.Kind.PROVINCE]) & (
                models.Q(department__isnull=True) | models.Q(department_id=user.department_id)
            )
        return self.filter(condition, is_active=True)


class RegistrationOffice(models.Model):
    """A technology contract registration office (技术合同登记机构), one per region at most.

    The city's office is run by the 成果转化科 department; a county with its own office
    has its county staff register the contracts of sellers located there. A seller is
    served by the office of its region or, if there is none, of the region above.
    """

    region = models.OneToOneField(
        "regions.Region", verbose_name=_("服务区划"), on_delete=models.PROTECT, related_name="contract_office"
    )
    name = models.CharField(_("登记机构名称"), max_length=128)
    code = models.CharField(
        _("登记机构代码"),
        max_length=12,
        unique=True,
        help_text=_("写入登记编号的机构代码，默认取区划代码（6位）。"),
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("办理科室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("市级登记机构由哪个科室办理（通常为成果转化科）；县级机构留空。"),
    )
    address = models.CharField(_("办公地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = RegistrationOfficeQuerySet.as_manager()

    class Meta:
        verbose_name = _("技术合同登记机构")
        verbose_name_plural = _("技术合同登记机构")
        ordering = ["region__sort_order", "code"]

    def __str__(self):
        return self.name

    @property
    def is_county_office(self) -> bool:
        return self.region.kind in (Region.Kind.COUNTY, Region.Kind.PARK)

    def is_registrar(self, user) -> bool:
        """Whether ``user`` registers this office's contracts."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return False
        if user.has_role(Role.ADMINISTRATOR):
            return True
        if self.is_county_office:
            return user.has_role(Role.COUNTY_STAFF) and user.region_id == self.region_id
        return user.has_role(Role.CITY_STAFF) and (
            self.department_id is None or user.department_id == self.department_id
        )


class NumberCounter(models.Model):
    """The last serial an office gave in a year; locked FOR UPDATE while registering."""

    office = models.ForeignKey(
        RegistrationOffice, verbose_name=_("登记机构"), on_delete=models.PROTECT, related_name="counters"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    last_serial = models.PositiveIntegerField(_("已用流水号"), default=0)

    class Meta:
        verbose_name = _("登记编号计数器")
        verbose_name_plural = _("登记编号计数器")
        constraints = [models.UniqueConstraint(fields=["office", "year"], name="contracts_counter_office_year")]

    def __str__(self):
        return f"{self.office} {self.year}: {self.last_serial}"
