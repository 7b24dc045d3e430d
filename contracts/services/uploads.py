"""Check an uploaded scan by its content (magic bytes) and size, never by its name."""

from django.utils.translation import gettext as _

from bureau.core.errors import InvalidInput
from contracts.conf import scan_max_bytes

_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"\x89PNG\r\n\x1a\n", "png"),
)


def sniff_kind(head: bytes) -> str | None:
    """Return pdf / jpeg / png from the first bytes of a file, or None."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def check_scan(upload) -> str:
    """Return the kind of ``upload`` or raise ``InvalidInput`` with a plain reason."""
    limit = scan_max_bytes()
    name = getattr(upload, "name", "")
    if upload.size == 0:
        raise InvalidInput(_("文件“%(name)s”是空文件。") % {"name": name}, fields={"scans": _("空文件")})
    if upload.size > limit:
        raise InvalidInput(
            _("文件“%(name)s”超过 %(mb)s MB，请压缩或分页扫描后再上传。")
            % {"name": name, "mb": limit // (1024 * 1024)},
            fields={"scans": _("文件过大")},
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff_kind(head)
    if kind is None:
        raise InvalidInput(
            _("文件“%(name)s”不是 PDF、JPG 或 PNG 文件（按文件内容判断），请上传合同签字盖章页的扫描件。")
            % {"name": name},
            fields={"scans": _("文件类型不符")},
        )
    return kind
