"""Administrative divisions by GB/T 2260 code, plus parks (园区) that are not divisions."""

import pghistory
from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionQuerySet(models.QuerySet):
    def counties(self):
        """Return the county-level units and parks: the jurisdictions county staff serve."""
        return self.filter(kind__in=[Region.Kind.COUNTY, Region.Kind.PARK])

    def within(self, region):
        """Return ``region`` and everything below it (a city and its counties and parks)."""
        return self.filter(models.Q(pk=region.pk) | models.Q(parent=region))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Region(models.Model):
    """A region (区划): province, city, county-level unit, or a park (园区)."""

    class Kind(models.TextChoices):
        PROVINCE = "province", _("省")
        CITY = "city", _("市")
        COUNTY = "county", _("县市区")
        PARK = "park", _("园区")

    code = models.CharField(
        _("区划代码"),
        max_length=12,
        unique=True,
        help_text=_("GB/T 2260 六位代码；园区使用统计用开发区代码（第5-6位为71-79）。"),
    )
    name = models.CharField(_("名称"), max_length=64)
    short_name = models.CharField(_("简称"), max_length=32, blank=True)
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区划"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("区划")
        verbose_name_plural = _("区划")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="province") | models.Q(parent__isnull=False),
                name="region_parent_required_below_province",
            ),
        ]
        indexes = [models.Index(fields=["kind", "parent"])]

    def __str__(self):
        return self.name

    @property
    def label(self):
        return self.short_name or self.name
