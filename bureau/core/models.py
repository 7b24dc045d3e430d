"""Tables shared by every app: calendar overrides, the transition log, optimistic locking."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .errors import StaleObject


class CalendarOverride(models.Model):
    """A day whose working status differs from the holiday package (调休 or extra holiday)."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(
        _("是否工作日"), help_text=_("勾选表示当天上班（如调休补班）；不勾选表示当天放假。")
    )
    note = models.CharField(_("说明"), max_length=128, blank=True)

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {'上班' if self.is_working_day else '放假'}"


class TransitionLogQuerySet(models.QuerySet):
    def for_object(self, obj):
        """Return the log of ``obj`` oldest first, with the actor loaded."""
        return (
            self.filter(
                content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
                object_id=obj.pk,
            )
            .select_related("actor")
            .order_by("at", "pk")
        )


class TransitionLog(models.Model):
    """One state change of a workflow object: who, when, from, to, why (办理进度)."""

    content_type = models.ForeignKey(ContentType, verbose_name=_("事项类型"), on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField(_("事项编号"))
    subject = GenericForeignKey("content_type", "object_id")
    transition = models.CharField(_("操作"), max_length=64)
    label = models.CharField(_("操作名称"), max_length=64)
    from_state = models.CharField(_("原状态"), max_length=32)
    to_state = models.CharField(_("新状态"), max_length=32)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("办理人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("办理时间"), auto_now_add=True, db_index=True)
    comment = models.TextField(_("办理意见"), blank=True)

    objects = TransitionLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"])]

    def __str__(self):
        return f"{self.label}: {self.from_state} → {self.to_state}"


class OptimisticLockModel(models.Model):
    """Abstract base that refuses to overwrite a row changed since it was loaded.

    Every save of an existing row increments ``version`` and updates only where the
    version is still the one loaded, so two people editing the same record cannot
    silently overwrite each other: the second save raises ``StaleObject``.
    """

    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        loaded = getattr(self, "_loaded_version", None)
        if loaded is not None and not self._state.adding:
            self.version = loaded + 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None and "version" not in update_fields:
                kwargs["update_fields"] = [*update_fields, "version"]
        super().save(*args, **kwargs)
        self._loaded_version = self.version

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_version = instance.__dict__.get("version")
        return instance

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        # The row as now loaded is the base of the next save.
        fields = kwargs.get("fields")
        if fields is None or "version" in fields:
            self._loaded_version = self.__dict__.get("version")

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update, *args):
        loaded = getattr(self, "_loaded_version", None)
        if loaded is not None and base_qs.model is self._meta.concrete_model:
            base_qs = base_qs.filter(version=loaded)
            updated = super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update, *args)
            if not updated and type(self)._base_manager.using(using).filter(pk=pk_val).exists():
                self.version = loaded
                raise StaleObject()
            return updated
        return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update, *args)


class JobQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Return the jobs ``user`` started: a job's files may hold any data its owner may see."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(owner=user)


class Job(models.Model):
    """A background job (后台任务): an import, export or report with its progress and result."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("任务类型"), max_length=64)
    title = models.CharField(_("任务名称"), max_length=128)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发起人"), on_delete=models.CASCADE, related_name="jobs"
    )
    params = models.JSONField(_("参数"), default=dict, blank=True)
    input_file = models.FileField(_("上传文件"), upload_to="jobs/input/%Y/%m/", blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("已处理"), default=0)
    total = models.PositiveIntegerField(_("总数"), null=True, blank=True)
    message = models.CharField(_("说明"), max_length=255, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    result_file = models.FileField(_("结果文件"), upload_to="jobs/result/%Y/%m/", blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("后台任务")
        verbose_name_plural = _("后台任务")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"]), models.Index(fields=["status"])]

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))
