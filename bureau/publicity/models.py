"""Public notices (公示): any approved list published for a period, open to objections (异议).

One generic model serves every workflow: an SME batch, a high-tech recommendation list,
a project approval list. Each line (``PublicityItem``) points at the record it is about
(any model), shows the columns the publishing app chose, and collects objections. When
the period ends the notice closes; each line is then cleared or held according to its
objections, and the owning app hears it through ``bureau.publicity.signals``.
"""

import pghistory
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from bureau.accounts.models import Role
from bureau.core.workflow import FSMField, WorkflowModel

#: Roles that handle objections and withdraw notices.
MANAGER_ROLES = frozenset({Role.CITY_STAFF, Role.ADMINISTRATOR})
#: Roles that see the staff pages (leaders read only).
READER_ROLES = MANAGER_ROLES | {Role.LEADER}


#: Display names of the business types (``Publicity.source``); apps add theirs with
#: ``register_source`` in their ``AppConfig.ready``.
SOURCE_LABELS: dict[str, str] = {
    "sme": _("科技型中小企业评价"),
    "hightech": _("高新技术企业认定"),
    "projects": _("科技计划项目"),
    "talent": _("人才计划"),
    "contracts": _("技术合同"),
}


def register_source(code: str, label) -> None:
    """Name the business type ``code`` as the public-notice pages show it."""
    SOURCE_LABELS[code] = label


def can_manage_publicity(user) -> bool:
    """Whether ``user`` may handle objections and withdraw public notices."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.roles & MANAGER_ROLES)


def can_read_staff_pages(user) -> bool:
    """Whether ``user`` may open the staff pages of public notices (city staff, leaders, administrators)."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.roles & READER_ROLES)


def _is_staff(instance, user) -> bool:
    return can_manage_publicity(user)


def _is_system_or_staff(instance, user) -> bool:
    # Closing happens from the beat task (no user) or by staff.
    return user is None or _is_staff(instance, user)


def _count(related_model, **condition):
    # A correlated subquery per count: two Count() joins would multiply each other's rows.
    rows = (
        related_model.objects.filter(publicity=models.OuterRef("pk"), **condition)
        .order_by()
        .values("publicity")
        .annotate(n=models.Count("pk"))
        .values("n")
    )
    return Coalesce(models.Subquery(rows, output_field=models.IntegerField()), 0)


class PublicityQuerySet(models.QuerySet):
    def public(self):
        """Return the notices the public may see: published ones, open or ended (not withdrawn)."""
        return self.filter(status__in=[Publicity.Status.OPEN, Publicity.Status.CLOSED])

    def open_on(self, day):
        return self.filter(status=Publicity.Status.OPEN, starts_on__lte=day, ends_on__gte=day)

    def search(self, text: str):
        text = (text or "").strip()
        return self.filter(title__icontains=text) if text else self

    def with_counts(self):
        """Annotate ``item_count`` and ``pending_objections`` (for the staff list)."""
        return self.annotate(
            item_count=_count(PublicityItem),
            pending_objections=_count(Objection, status=Objection.Status.PENDING),
        )


class Publicity(WorkflowModel):
    """A public notice (公示) with a period in working days, open to objections."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("待发布")
        OPEN = "open", _("公示中")
        CLOSED = "closed", _("公示结束")
        WITHDRAWN = "withdrawn", _("已撤回")

    status_styles = {"open": "success", "closed": "secondary", "draft": "secondary", "withdrawn": "danger"}
    progress_steps = (Status.DRAFT, Status.OPEN, Status.CLOSED)

    title = models.CharField(_("公示标题"), max_length=200)
    body = models.TextField(_("公示说明"), blank=True, help_text=_("公示依据、受理异议的方式与联系电话等。"))
    source = models.CharField(
        _("业务类型"), max_length=32, help_text=_("发布该公示的业务，如 sme（科技型中小企业）、hightech。")
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("发布科室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publicities",
    )
    columns = models.JSONField(_("公示列"), default=list, help_text=_("公示名单的列标题。"))
    starts_on = models.DateField(_("公示开始日期"))
    working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=10)
    ends_on = models.DateField(_("公示截止日期"))
    contact = models.CharField(_("异议受理联系方式"), max_length=200, blank=True)
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = PublicityQuerySet.as_manager()

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["status", "ends_on"]), models.Index(fields=["source", "-starts_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="publicity_ends_after_start"
            ),
            models.CheckConstraint(condition=models.Q(working_days__gte=1), name="publicity_working_days_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publicity:detail", args=[self.pk])

    def get_staff_url(self):
        return reverse("publicity:staff-detail", args=[self.pk])

    @property
    def source_label(self) -> str:
        return str(SOURCE_LABELS.get(self.source, self.source))

    @property
    def working_days_left(self) -> int | None:
        """Return the working days still open for objections, today included (None unless open)."""
        from datetime import timedelta

        from bureau import calendar

        today = timezone.localdate()
        if self.status != self.Status.OPEN or today > self.ends_on:
            return None
        return calendar.working_days_between(max(today, self.starts_on) - timedelta(days=1), self.ends_on)

    @property
    def ends_today(self) -> bool:
        return self.ends_on == timezone.localdate()

    def accepts_objections(self, day=None) -> bool:
        """Whether objections are accepted on ``day`` (today by default): open and within the period."""
        day = day or timezone.localdate()
        return self.status == self.Status.OPEN and self.starts_on <= day <= self.ends_on

    # --- Workflow: draft -> open -> closed; open -> withdrawn --------------------------

    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.OPEN,
        permission=_is_staff,
        custom={"label": _("发布公示"), "fields": ["published_at"]},
    )
    def publish(self, *, actor, comment=""):
        self.published_at = timezone.now()

    @transition(
        field=status,
        source=Status.OPEN,
        target=Status.CLOSED,
        permission=_is_system_or_staff,
        custom={"label": _("公示期满"), "fields": ["closed_at"]},
    )
    def close(self, *, actor, comment=""):
        self.closed_at = timezone.now()

    @transition(
        field=status,
        source=[Status.DRAFT, Status.OPEN],
        target=Status.WITHDRAWN,
        permission=_is_staff,
        custom={"label": _("撤回公示"), "style": "danger", "needs_comment": True, "fields": ["closed_at"]},
    )
    def withdraw(self, *, actor, comment=""):
        self.closed_at = timezone.now()


class PublicityItem(models.Model):
    """One line of a public notice, about one record of the publishing app."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("公示中")
        CLEARED = "cleared", _("公示无异议")
        HELD = "held", _("异议核查中")
        REJECTED = "rejected", _("异议成立")

    status_styles = {"pending": "info", "cleared": "success", "held": "warning", "rejected": "danger"}

    publicity = models.ForeignKey(Publicity, verbose_name=_("公示"), on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("序号"))
    content_type = models.ForeignKey(ContentType, verbose_name=_("事项类型"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("事项编号"))
    subject = GenericForeignKey("content_type", "object_id")
    name = models.CharField(_("名称"), max_length=200)
    values = models.JSONField(_("公示内容"), default=list)
    outcome = models.CharField(_("公示结果"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)

    class Meta:
        verbose_name = _("公示名单条目")
        verbose_name_plural = _("公示名单条目")
        ordering = ["publicity", "position"]
        constraints = [
            models.UniqueConstraint(fields=["publicity", "position"], name="publicity_item_unique_position"),
            models.UniqueConstraint(
                fields=["publicity", "content_type", "object_id"], name="publicity_item_unique_subject"
            ),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return self.name

    def cells(self, width: int) -> list:
        """Return the values under the notice's ``width`` columns (the name when it has none)."""
        if not width:
            return [self.name]
        values = list(self.values or [])[:width]
        return values + [""] * (width - len(values))


@pghistory.track()
class Objection(models.Model):
    """An objection (异议) to a public notice or one of its lines, filed by anyone with contacts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待核查")
        UPHELD = "upheld", _("异议成立")
        DISMISSED = "dismissed", _("异议不成立")

    status_styles = {"pending": "warning", "upheld": "danger", "dismissed": "secondary"}

    publicity = models.ForeignKey(
        Publicity, verbose_name=_("公示"), on_delete=models.CASCADE, related_name="objections"
    )
    item = models.ForeignKey(
        PublicityItem,
        verbose_name=_("异议对象"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objections",
        help_text=_("针对名单中的哪一项；不选表示针对整个公示。"),
    )
    name = models.CharField(_("异议人姓名"), max_length=64)
    organization = models.CharField(_("工作单位"), max_length=128, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32)
    email = models.EmailField(_("电子邮箱"), blank=True)
    content = models.TextField(_("异议内容及理由"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("提交账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filed_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    status = models.CharField(_("核查结果"), max_length=16, choices=Status.choices, default=Status.PENDING)
    reply = models.TextField(_("核查意见"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核查人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("核查时间"), null=True, blank=True)
    reply_mailed_at = models.DateTimeField(
        _("核查意见邮寄时间"), null=True, blank=True, help_text=_("核查意见已通过电子邮件告知异议人的时间。")
    )

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-filed_at", "-pk"]
        indexes = [models.Index(fields=["publicity", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="pending") | ~models.Q(reply=""),
                name="objection_handled_has_reply",
            ),
        ]

    def __str__(self):
        return f"{self.name}: {self.content[:20]}"

    @property
    def receipt_no(self) -> str:
        """Return the number the objector quotes when asking about it, e.g. ``YY20261123-000042``."""
        day = timezone.localtime(self.filed_at) if self.filed_at else timezone.localtime()
        return f"YY{day:%Y%m%d}-{self.pk:06d}"
