"""Notices (通知公告): what the bureau publishes on its portal, and their attachments.

A notice is written as a draft by city staff, published (it appears on the public
portal and, for a call for applications, among the open calls while its window
contains today) and may be withdrawn with a reason (it then answers 404 publicly).

    draft --publish--> published --withdraw (reason)--> withdrawn
"""

from __future__ import annotations

import uuid

import pghistory
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import transition

from bureau.accounts.models import Role
from bureau.core.workflow import FSMField, WorkflowModel

#: Roles that write, publish and withdraw notices.
MANAGER_ROLES = frozenset({Role.CITY_STAFF, Role.ADMINISTRATOR})
#: Roles that see the staff pages (leaders read only).
READER_ROLES = MANAGER_ROLES | {Role.LEADER}


def can_manage_notices(user) -> bool:
    """Whether ``user`` may write, publish and withdraw notices (city staff, administrators)."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.roles & MANAGER_ROLES)


def can_read_staff_pages(user) -> bool:
    """Whether ``user`` may open the staff pages of notices (city staff, leaders, administrators)."""
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.roles & READER_ROLES)


def _may_manage(instance, user) -> bool:
    return can_manage_notices(user)


class NoticeQuerySet(models.QuerySet):
    def published(self):
        """Return the notices the public sees."""
        return self.filter(status=Notice.Status.PUBLISHED)

    def in_category(self, category: str):
        return self.filter(category=category) if category else self

    def search(self, text: str):
        """Return notices whose title or body contains ``text`` (case-insensitive)."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(models.Q(title__icontains=text) | models.Q(body__icontains=text))

    def open_calls(self, day):
        """Return the published calls (申报指南) whose application window contains ``day``."""
        return self.published().filter(category=Notice.Category.CALL, apply_from__lte=day, apply_until__gte=day)

    def for_list(self):
        """Load what a list row shows (the department) without one query per row."""
        return self.select_related("department")


@pghistory.track()
class Notice(WorkflowModel):
    """A notice (通知公告): a notice, a call for applications, a policy document or news."""

    class Category(models.TextChoices):
        NOTICE = "notice", _("通知公告")
        CALL = "call", _("申报指南")
        POLICY = "policy", _("政策文件")
        NEWS = "news", _("工作动态")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    status_styles = {"draft": "secondary", "published": "success", "withdrawn": "danger"}
    progress_steps = (Status.DRAFT, Status.PUBLISHED)

    title = models.CharField(_("标题"), max_length=200)
    category = models.CharField(_("栏目"), max_length=16, choices=Category.choices, default=Category.NOTICE)
    body = models.TextField(_("正文"), help_text=_("纯文本；空一行另起一段。如有正式文件，请作为附件上传。"))
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("发布科室"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notices",
    )
    apply_from = models.DateField(
        _("申报开始日期"), null=True, blank=True, help_text=_("仅申报指南填写：开始受理申报的日期。")
    )
    apply_until = models.DateField(
        _("申报截止日期"), null=True, blank=True, help_text=_("仅申报指南填写：受理申报的最后一天。")
    )
    status = FSMField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT, protected=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("通知公告")
        verbose_name_plural = _("通知公告")
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="notice_status_published"),
            models.Index(fields=["category", "status", "-published_at"], name="notice_category_status"),
            models.Index(fields=["category", "apply_from", "apply_until"], name="notice_call_window"),
            models.Index(fields=["-updated_at"], name="notice_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(apply_from__isnull=True, apply_until__isnull=True)
                | models.Q(
                    apply_from__isnull=False, apply_until__isnull=False, apply_until__gte=models.F("apply_from")
                ),
                name="notice_window_complete_and_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(category="call") | models.Q(apply_from__isnull=True),
                name="notice_window_only_for_calls",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="notice_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("notices:detail", args=[self.pk])

    def get_staff_url(self):
        return reverse("notices:staff-detail", args=[self.pk])

    def clean(self):
        super().clean()
        errors = {}
        if self.category == self.Category.CALL:
            if not self.apply_from:
                errors["apply_from"] = _("申报指南须填写申报开始日期。")
            if not self.apply_until:
                errors["apply_until"] = _("申报指南须填写申报截止日期。")
            if self.apply_from and self.apply_until and self.apply_until < self.apply_from:
                errors["apply_until"] = _("申报截止日期不能早于开始日期。")
        elif self.apply_from or self.apply_until:
            errors["apply_from"] = _("只有“申报指南”栏目需要填写申报时间，请清空或改选栏目。")
        if errors:
            raise ValidationError(errors)

    # --- Derived values the pages show ---------------------------------------------

    @property
    def is_call(self) -> bool:
        return self.category == self.Category.CALL

    def window_state(self, day=None) -> str:
        """Return ``"upcoming"``, ``"open"`` or ``"closed"`` for a call's window ("" otherwise)."""
        if not (self.is_call and self.apply_from and self.apply_until):
            return ""
        day = day or timezone.localdate()
        if day < self.apply_from:
            return "upcoming"
        if day > self.apply_until:
            return "closed"
        return "open"

    @property
    def days_left(self) -> int | None:
        """Return the calendar days left in an open call's window (0 on its last day)."""
        if self.window_state() != "open":
            return None
        return (self.apply_until - timezone.localdate()).days

    # --- Workflow: draft -> published -> withdrawn ------------------------------------

    @transition(
        field=status,
        source=Status.DRAFT,
        target=Status.PUBLISHED,
        permission=_may_manage,
        custom={"label": _("发布"), "fields": ["published_at"]},
    )
    def publish(self, *, actor, comment=""):
        self.published_at = timezone.now()

    @transition(
        field=status,
        source=Status.PUBLISHED,
        target=Status.WITHDRAWN,
        permission=_may_manage,
        custom={"label": _("撤回"), "style": "danger", "needs_comment": True, "fields": ["withdrawn_at"]},
    )
    def withdraw(self, *, actor, comment=""):
        self.withdrawn_at = timezone.now()


def attachment_path(instance, filename: str) -> str:
    # The stored name is not the uploaded one: the original name is kept in ``name``,
    # and a random name keeps uploaders from guessing or overwriting each other's files.
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"notices/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{suffix}"


@pghistory.track()
class NoticeAttachment(models.Model):
    """A file attached to a notice (附件): PDF, Office document or image, at most 20 MB."""

    class Kind(models.TextChoices):
        PDF = "pdf", _("PDF 文档")
        WORD = "word", _("Word 文档")
        EXCEL = "excel", _("Excel 表格")
        POWERPOINT = "powerpoint", _("PowerPoint 演示文稿")
        WPS = "wps", _("WPS 文档")
        IMAGE = "image", _("图片")

    notice = models.ForeignKey(Notice, verbose_name=_("通知公告"), on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("文件名"), max_length=200)
    kind = models.CharField(_("文件类型"), max_length=16, choices=Kind.choices)
    size = models.PositiveBigIntegerField(_("大小（字节）"))
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        ordering = ["notice", "position", "pk"]
        indexes = [models.Index(fields=["notice", "position"], name="notice_attachment_order")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("notices:attachment", args=[self.pk])
