"""Field validators of the registry: identifiers and uploaded files.

``validate_uscc`` is referenced by migration 0001 as ``enterprises.models.validate_uscc``
and re-exported there; keep both paths importable.
"""

import contextlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric, uscc

#: Largest business-licence scan accepted (5 MB): a licence photo or PDF is well below it.
LICENCE_MAX_BYTES = 5 * 1024 * 1024

# Magic numbers of the formats a licence may come in; the extension alone proves nothing.
_SIGNATURES = {
    b"%PDF-": "pdf",
    b"\xff\xd8\xff": "jpeg",
    b"\x89PNG\r\n\x1a\n": "png",
}


def validate_uscc(value):
    """Refuse a 统一社会信用代码 whose format or check digit is wrong."""
    if not uscc.is_valid(value or ""):
        raise ValidationError(
            _("统一社会信用代码“%(value)s”无效：应为18位，且校验位正确。"),
            code="invalid_uscc",
            params={"value": value},
        )


def validate_id_number(value):
    """Refuse a 居民身份证号 whose format, birth date or check digit is wrong."""
    if not ric.is_valid(value or ""):
        # Never echo the number itself: messages end up in logs.
        raise ValidationError(_("居民身份证号码无效：应为18位，出生日期和校验位须正确。"), code="invalid_ric")


def sniff_format(head: bytes) -> str | None:
    """Return "pdf", "jpeg" or "png" when ``head`` starts like one of them, else None."""
    for signature, name in _SIGNATURES.items():
        if head.startswith(signature):
            return name
    return None


def validate_licence_file(file):
    """Accept a PDF, JPEG or PNG of at most 5 MB, judged by its content, not its name."""
    if getattr(file, "_committed", False):
        return  # already stored: it was checked when it was uploaded
    size = getattr(file, "size", None)
    if size is not None and size > LICENCE_MAX_BYTES:
        raise ValidationError(
            _("营业执照文件不能超过 5 MB（当前 %(size).1f MB），请压缩后重新上传。"),
            code="licence_too_large",
            params={"size": size / 1024 / 1024},
        )
    if size == 0:
        raise ValidationError(_("上传的文件是空的。"), code="licence_empty")
    try:
        position = file.tell()
    except (AttributeError, OSError, ValueError):
        position = None
    try:
        file.seek(0)
        head = file.read(16)
    except (AttributeError, OSError, ValueError):
        # A file already stored and closed was checked when it was uploaded.
        return
    finally:
        if position is not None:
            with contextlib.suppress(AttributeError, OSError, ValueError):
                file.seek(position)
    if sniff_format(head or b"") is None:
        raise ValidationError(
            _("营业执照须为 PDF、JPG 或 PNG 格式的扫描件或照片；该文件的内容不是这几种格式。"),
            code="licence_bad_format",
        )
