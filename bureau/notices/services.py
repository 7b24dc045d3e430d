"""Writes of notices: draft, edit, publish, withdraw, attach files.

Every function checks that ``actor`` may manage notices (city staff, administrators);
status changes go through ``run_transition`` so each one is logged (办理记录).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from bureau.core.errors import ActionNotPermitted, InvalidInput, InvalidTransition, StaleObject
from bureau.core.workflow import run_transition

from .models import Notice, NoticeAttachment, can_manage_notices
from .uploads import check_attachment

STALE_EDIT = _lazy("该通知已被他人修改或已发布，您看到的是旧版本。请刷新页面，核对后重新修改。")

#: Fields a draft's author may change.
EDITABLE_FIELDS = ("title", "category", "body", "department", "apply_from", "apply_until")


def _require_manager(actor) -> None:
    if not can_manage_notices(actor):
        raise ActionNotPermitted(_("只有市局业务科室工作人员或系统管理员可以编辑、发布和撤回通知公告。"))


def _window(category: str, apply_from: date | None, apply_until: date | None):
    # Only calls have an application window; a notice switched away from "call" loses it.
    if category == Notice.Category.CALL:
        return apply_from, apply_until
    return None, None


@transaction.atomic
def create_notice(
    *,
    actor,
    title: str,
    category: str,
    body: str,
    department=None,
    apply_from: date | None = None,
    apply_until: date | None = None,
) -> Notice:
    """Save a new draft notice written by ``actor`` (the department defaults to the author's)."""
    _require_manager(actor)
    apply_from, apply_until = _window(category, apply_from, apply_until)
    notice = Notice(
        title=title.strip(),
        category=category,
        body=body.strip(),
        department=department or getattr(actor, "department", None),
        apply_from=apply_from,
        apply_until=apply_until,
        created_by=actor,
    )
    notice.full_clean()
    notice.save()
    return notice


@transaction.atomic
def update_notice(*, actor, notice: Notice, expected_version: int, **changes) -> Notice:
    """Change a draft; refuse it when someone saved or published it since ``expected_version``."""
    _require_manager(actor)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput(_("不能修改这些字段：%(fields)s") % {"fields": "、".join(sorted(unknown))})
    if notice.version != expected_version:
        raise StaleObject(STALE_EDIT)
    if notice.status != Notice.Status.DRAFT:
        raise InvalidTransition(_("只能修改草稿；已发布的通知请先撤回，再重新起草。"))
    for name, value in changes.items():
        setattr(notice, name, value.strip() if isinstance(value, str) else value)
    notice.apply_from, notice.apply_until = _window(notice.category, notice.apply_from, notice.apply_until)
    notice.full_clean()
    try:
        # The save itself also refuses if the row changed after it was read.
        notice.save(update_fields=[*EDITABLE_FIELDS, "updated_at"])
    except StaleObject:
        raise StaleObject(STALE_EDIT) from None
    return notice


@transaction.atomic
def publish_notice(*, actor, notice: Notice, expected_version: int | None = None, comment: str = "") -> Notice:
    """Publish a draft: it appears on the portal (and among open calls during its window)."""
    _require_manager(actor)
    notice.full_clean()  # a draft saved before a rule changed must still be complete
    run_transition(obj=notice, name="publish", actor=actor, comment=comment, expected_version=expected_version)
    return notice


@transaction.atomic
def withdraw_notice(*, actor, notice: Notice, reason: str, expected_version: int | None = None) -> Notice:
    """Withdraw a published notice; the reason is kept in its log and it leaves the portal."""
    _require_manager(actor)
    if not (reason or "").strip():
        raise InvalidInput(_("请填写撤回理由。"), fields={"comment": _("必填")})
    run_transition(obj=notice, name="withdraw", actor=actor, comment=reason.strip(), expected_version=expected_version)
    return notice


@transaction.atomic
def add_attachment(*, actor, notice: Notice, upload) -> NoticeAttachment:
    """Attach a checked file (PDF, Office, image; at most 20 MB) to a draft notice."""
    _require_manager(actor)
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.status != Notice.Status.DRAFT:
        raise InvalidTransition(_("只能给草稿添加附件；已发布的通知请先撤回，再重新起草。"))
    checked = check_attachment(upload)
    last = notice.attachments.aggregate(m=Max("position"))["m"] or 0
    attachment = NoticeAttachment(
        notice=notice, name=checked.name, kind=checked.kind, size=checked.size, position=last + 1, uploaded_by=actor
    )
    attachment.file.save(checked.name, upload, save=False)
    try:
        attachment.full_clean()
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def remove_attachment(*, actor, attachment: NoticeAttachment) -> None:
    """Remove an attachment from a draft notice (the file goes once the removal is committed)."""
    _require_manager(actor)
    notice = Notice.objects.select_for_update().get(pk=attachment.notice_id)
    if notice.status != Notice.Status.DRAFT:
        raise InvalidTransition(_("已发布的通知不能删除附件。"))
    storage, name = attachment.file.storage, attachment.file.name
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
