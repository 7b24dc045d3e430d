"""Field validators of the registry: identifiers and uploaded files.

``validate_uscc`` is referenced by migration 0001 as ``enterprises.models.validate_uscc``
and re-exported there; keep both paths importable.
"""

import contextlib
from datetime import date

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


# First two digits of a 居民身份证号: the provinces, autonomous regions and municipalities
# of GB/T 2260 (71 Taiwan, 81 Hong Kong, 82 Macao, 83 for residence permits of Taiwan).
ID_PROVINCES = frozenset(
    str(n) for n in [*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55), *range(61, 66)]
) | {"71", "81", "82", "83"}


def id_number_problem(value) -> str:
    """Return why ``value`` is not a valid 居民身份证号, or "" when it is.

    Checks the form, the province, the birth date and the check digit (GB 11643). The
    county code is not checked against python-stdnum's table: that table accepts a code
    only for people born while it existed, but numbers were issued (from 1984 on) with the
    code of the day, so it refuses the real numbers of anyone born before their county's
    present code was created (430202 before 1983). The messages never echo the number:
    they end up in logs.
    """
    number = (value or "").strip().upper()
    if len(number) != 18 or not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        return str(_("居民身份证号码应为18位：前17位为数字，最后一位为数字或X。"))
    if number[:2] not in ID_PROVINCES:
        return str(_("居民身份证号码无效：前两位不是省级行政区划代码。"))
    try:
        born = ric.get_birth_date(number)
    except Exception:  # stdnum raises its own errors, or ValueError for an impossible date
        born = None
    if born is None or born.year < 1900 or born > date.today():
        return str(_("居民身份证号码无效：第7至14位的出生日期不正确。"))
    if ric.calc_check_digit(number) != number[17]:
        return str(_("居民身份证号码无效：校验位不正确，请核对号码。"))
    return ""


def validate_id_number(value):
    """Refuse a 居民身份证号 whose form, province, birth date or check digit is wrong."""
    problem = id_number_problem(value)
    if problem:
        raise ValidationError(problem, code="invalid_ric")


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
