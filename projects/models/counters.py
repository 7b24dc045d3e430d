"""Yearly counters of the application and project numbers (gap-free, locked while numbering)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectNumberCounter(models.Model):
    """The last serial given in a series and year; locked FOR UPDATE while a number is taken.

    ``application``: 申报编号 by year of submission; ``project``: 项目编号 by plan year.
    """

    class Series(models.TextChoices):
        APPLICATION = "application", _("申报编号")
        PROJECT = "project", _("项目编号")

    series = models.CharField(_("编号系列"), max_length=16, choices=Series.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    last_serial = models.PositiveIntegerField(_("已用流水号"), default=0)

    class Meta:
        verbose_name = _("项目编号计数器")
        verbose_name_plural = _("项目编号计数器")
        constraints = [models.UniqueConstraint(fields=["series", "year"], name="projects_counter_series_year")]

    def __str__(self):
        return f"{self.get_series_display()} {self.year}: {self.last_serial}"
