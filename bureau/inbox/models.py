"""Messages (消息) and to-dos (待办事项): the one inbox where everyone sees their work."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bureau.accounts.models import Role


class MessageQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Message(models.Model):
    """A notification to one person, shown in the inbox and e-mailed per their choice."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="messages"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("发送人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发送时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(
                fields=["recipient"], condition=models.Q(read_at__isnull=True), name="inbox_message_unread_idx"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class TodoQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_at__isnull=True)

    def for_user(self, user):
        """Return the to-dos addressed to ``user`` by name or by a role they hold.

        A role-addressed to-do narrowed to a region reaches the county staff of that
        region (or of its parent, for a park's item) and anyone who sees the whole city;
        narrowed to a department, only that department's city staff.
        """
        if not getattr(user, "is_authenticated", False):
            return self.none()
        by_role = models.Q(role__in=list(user.roles))
        if not user.sees_whole_city:
            region_ids = [user.region_id] if user.region_id else []
            by_role &= (
                models.Q(region__isnull=True)
                | models.Q(region_id__in=region_ids)
                | models.Q(region__parent_id__in=region_ids)
            )
        by_role &= models.Q(department__isnull=True) | models.Q(department_id=user.department_id)
        named = Todo.users.through.objects.filter(user_id=user.pk).values("todo_id")
        return self.filter(models.Q(pk__in=named) | (models.Q(role__gt="") & by_role))


class Todo(models.Model):
    """A piece of work waiting for someone (待办): review this, correct that, approve this."""

    title = models.CharField(_("事项"), max_length=200)
    url = models.CharField(_("办理链接"), max_length=500)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("事项类型"), null=True, blank=True, on_delete=models.CASCADE
    )
    object_id = models.PositiveBigIntegerField(_("事项编号"), null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    users = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("办理人"), blank=True, related_name="todos")
    role = models.CharField(_("办理角色"), max_length=32, blank=True)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("区划"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        "accounts.Department",
        verbose_name=_("科室"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    due_on = models.DateField(_("办理期限"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办结人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = TodoQuerySet.as_manager()

    class Meta:
        verbose_name = _("待办事项")
        verbose_name_plural = _("待办事项")
        ordering = ["due_on", "created_at", "pk"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(
                fields=["role", "region", "department"],
                condition=models.Q(closed_at__isnull=True),
                name="inbox_todo_open_role_idx",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def role_label(self) -> str:
        """Return the addressed role in words (e.g. 县市区科技局), or "" for a named to-do."""
        return str(Role(self.role).label) if self.role in Role.values else self.role

    @property
    def is_overdue(self) -> bool:
        """Whether the deadline has passed and the to-do is still open."""
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()


class Digest(models.Model):
    """One daily digest e-mail (每日摘要) sent to a user.

    The row is written in the same transaction as the e-mail is sent, so a second run of
    the beat task on the same day finds it and sends nothing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="inbox_digests"
    )
    day = models.DateField(_("摘要日期"))
    todo_count = models.PositiveIntegerField(_("待办事项数"), default=0)
    message_count = models.PositiveIntegerField(_("新消息数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("每日摘要")
        verbose_name_plural = _("每日摘要")
        ordering = ["-day", "user"]
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="inbox_digest_one_per_user_day")]

    def __str__(self):
        return f"{self.user} {self.day:%Y-%m-%d}"
