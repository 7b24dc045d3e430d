"""Calls for proposals (申报指南): which plan, which window, who may apply."""

import pghistory
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 18, "decimal_places": 2}


class ProjectCategory(models.TextChoices):
    """The city's plan categories (市级科技计划类别); KPIs break applications down by them."""

    KEY_RD = "key_rd", _("重点研发计划")
    PLATFORM = "platform", _("创新平台与基地建设")
    TRANSFER = "transfer", _("科技成果转化")
    AGRICULTURE = "agriculture", _("农业农村科技")
    SOCIAL = "social", _("社会发展科技")
    SOFT_SCIENCE = "soft_science", _("软科学研究")
    CHALLENGE = "challenge", _("揭榜挂帅")


class ProjectCallQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def open_on(self, moment):
        """Return the calls accepting applications at ``moment``."""
        return self.published().filter(opens_at__lte=moment, closes_at__gt=moment)


@pghistory.track()
class ProjectCall(models.Model):
    """A call for proposals (申报指南) of one plan category with its application window."""

    title = models.CharField(_("指南名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("计划年度"))
    category = models.CharField(_("计划类别"), max_length=16, choices=ProjectCategory.choices)
    department = models.ForeignKey(
        "accounts.Department", verbose_name=_("主管科室"), on_delete=models.PROTECT, related_name="project_calls"
    )
    summary = models.TextField(_("指南内容"), help_text=_("支持方向、申报条件、资助方式等。"))
    eligibility = models.TextField(_("申报条件"), blank=True)
    opens_at = models.DateTimeField(_("申报开始时间"))
    closes_at = models.DateTimeField(_("申报截止时间"))
    max_funding = models.DecimalField(
        _("单项资助上限（元）"), null=True, blank=True, help_text=_("空表示不设上限。"), **MONEY
    )
    is_published = models.BooleanField(_("已发布"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ProjectCallQuerySet.as_manager()

    class Meta:
        verbose_name = _("申报指南")
        verbose_name_plural = _("申报指南")
        ordering = ["-year", "-opens_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="projects_call_window_order",
                violation_error_message=_("申报截止时间须晚于开始时间。"),
            ),
        ]
        indexes = [models.Index(fields=["is_published", "closes_at"], name="projects_call_open_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:call-detail", args=[self.pk])

    def is_open(self, moment=None) -> bool:
        moment = moment or timezone.now()
        return self.is_published and self.opens_at <= moment < self.closes_at

    def window_state(self, moment=None) -> str:
        """Return where ``moment`` falls in the window: "upcoming", "open" or "closed"."""
        moment = moment or timezone.now()
        if moment < self.opens_at:
            return "upcoming"
        return "open" if moment < self.closes_at else "closed"

    @property
    def days_left(self) -> int:
        """Whole calendar days until the deadline (0 on its last day)."""
        return max(0, (timezone.localdate(self.closes_at) - timezone.localdate()).days)
