"""Check an uploaded attachment by its content, not by its name.

A browser's claimed content type and a file's extension are whatever the uploader says;
the first bytes are not. Accepted: PDF, Office documents (the OOXML zip formats and the
older OLE2 formats, which WPS also writes), PNG, JPEG and GIF images, at most 20 MB.
The extension must agree with the content so a download opens in the right program.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

# extension -> kind (NoticeAttachment.Kind value)
EXTENSIONS = {
    "pdf": "pdf",
    "doc": "word",
    "docx": "word",
    "xls": "excel",
    "xlsx": "excel",
    "ppt": "powerpoint",
    "pptx": "powerpoint",
    "wps": "wps",
    "et": "wps",
    "png": "image",
    "jpg": "image",
    "jpeg": "image",
    "gif": "image",
}
# The folder each OOXML kind keeps its main part in.
OOXML_PARTS = {"word": "word/", "excel": "xl/", "powerpoint": "ppt/"}
OLE2_EXTENSIONS = {"doc", "xls", "ppt", "wps", "et"}


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    kind: str
    size: int


def _refuse(name: str, reason: str):
    raise InvalidInput(
        _("附件“%(name)s”未上传：%(reason)s") % {"name": name, "reason": reason}, fields={"file": reason}
    )


def check_attachment(upload) -> CheckedUpload:
    """Return the kind of ``upload`` or raise ``InvalidInput`` with a message in Chinese."""
    name = (getattr(upload, "name", "") or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip()
    if not name:
        _refuse(_("（无文件名）"), _("请选择要上传的文件。"))
    size = upload.size or 0
    if size == 0:
        _refuse(name, _("文件是空的。"))
    if size > MAX_ATTACHMENT_BYTES:
        _refuse(
            name, _("文件大小为 %(mb).1f MB，超过 20 MB 的上限，请压缩或拆分后再上传。") % {"mb": size / 1024 / 1024}
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = EXTENSIONS.get(extension)
    if kind is None:
        _refuse(name, _("只接受 PDF、Word、Excel、PowerPoint、WPS 文档和 PNG、JPG、GIF 图片。"))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if not _content_matches(upload, head, extension, kind):
        _refuse(
            name,
            _("文件内容与扩展名“.%(ext)s”不符，可能已损坏或被改名，请用原程序重新保存后上传。") % {"ext": extension},
        )
    return CheckedUpload(name=name[:200], kind=kind, size=size)


def _content_matches(upload, head: bytes, extension: str, kind: str) -> bool:
    if kind == "pdf":
        return head.startswith(b"%PDF-")
    if kind == "image":
        if extension == "png":
            return head.startswith(b"\x89PNG\r\n\x1a\n")
        if extension in ("jpg", "jpeg"):
            return head.startswith(b"\xff\xd8\xff")
        return head.startswith((b"GIF87a", b"GIF89a"))
    if extension in OLE2_EXTENSIONS:
        return head.startswith(OLE2_MAGIC)
    if not head.startswith(ZIP_MAGIC):
        return False
    # An OOXML file is a zip holding [Content_Types].xml and its kind's main folder.
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)
    return "[Content_Types].xml" in names and any(n.startswith(OOXML_PARTS[kind]) for n in names)
