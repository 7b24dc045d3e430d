"""Files of a high-tech application's checklist (申报材料): check, upload, delete, what is missing."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput, InvalidTransition
from enterprises.validators import sniff_format

from ...models import REQUIRED_ATTACHMENTS, AttachmentKind, HighTechApplication, HighTechAttachment
from ...policy import CURRENT
from ..common import ensure_member


def check_upload(file) -> str:
    """Return the format of an upload ("pdf", "jpeg", "png") after checking its size and content."""
    size = getattr(file, "size", 0) or 0
    if size == 0:
        raise InvalidInput(_("上传的文件是空的。"), fields={"file": _("文件为空")})
    if size > CURRENT.attachment_max_bytes:
        limit = CURRENT.attachment_max_bytes // (1024 * 1024)
        raise InvalidInput(
            _("文件不能超过 %(limit)s MB（当前 %(size).1f MB），请压缩或拆分后上传。")
            % {"limit": limit, "size": size / 1024 / 1024},
            fields={"file": _("文件过大")},
        )
    file.seek(0)
    kind = sniff_format(file.read(16) or b"")
    file.seek(0)
    if kind not in CURRENT.attachment_formats:
        raise InvalidInput(
            _("申报材料须为 PDF、JPG 或 PNG 文件；该文件的内容不是这几种格式（仅修改扩展名无效）。"),
            fields={"file": _("格式不符")},
        )
    return kind


@transaction.atomic
def add_attachment(*, actor, application: HighTechApplication, kind: str, file) -> HighTechAttachment:
    """Upload one file of the checklist, checked by its content and size."""
    ensure_member(actor, application.organization)
    if not application.is_editable:
        raise InvalidTransition(_("申请已提交，不能再上传材料。"))
    if kind not in AttachmentKind.values:
        raise InvalidInput(_("请选择材料类型。"), fields={"kind": _("必选")})
    content_kind = check_upload(file)
    attachment = HighTechAttachment(
        application=application,
        kind=kind,
        name=str(getattr(file, "name", "upload"))[-200:],
        size=file.size,
        content_kind=content_kind,
        uploaded_by=actor,
    )
    attachment.file.save(attachment.name, file, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def delete_attachment(*, actor, attachment: HighTechAttachment) -> None:
    application = attachment.application
    ensure_member(actor, application.organization)
    if not application.is_editable:
        raise InvalidTransition(_("申请已提交，不能删除材料。"))
    attachment.file.delete(save=False)
    attachment.delete()


def missing_attachments(application: HighTechApplication) -> list[str]:
    """Return the labels of required checklist items with no file uploaded."""
    present = set(application.attachments.values_list("kind", flat=True))
    return [str(AttachmentKind(kind).label) for kind in REQUIRED_ATTACHMENTS if kind not in present]
