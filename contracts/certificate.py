"""The registration certificate (技术合同登记证明): a one-page PDF with a CJK font embedded.

fpdf2 embeds OpenType fonts with CFF outlines (Debian's fonts-noto-cjk ships Noto Sans
CJK as a .ttc collection of CFF faces), subsetting them to the characters used, so a
certificate stays small. The font is found in ``CONTRACTS_CJK_FONT`` (a path, optionally
``path#index`` for a collection), else in the usual system locations, else through
fontconfig; without one the download fails with a message telling what to install.
"""

from __future__ import annotations

import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from bureau.core.errors import DomainError
from bureau.core.formatting import cn_date, yuan

CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


class CjkFontMissing(DomainError):
    status_code = 503
    code = "cjk_font_missing"
    default_message = _(
        "服务器上没有可嵌入 PDF 的中文字体，无法生成登记证明。请管理员安装 fonts-noto-cjk"
        "（apt-get install fonts-noto-cjk），或在设置 CONTRACTS_CJK_FONT 中指定字体文件路径。"
    )


def _simplified_face(path: str) -> int:
    """Return the index of the Simplified Chinese face in a collection (0 for a single font)."""
    if not path.lower().endswith(".ttc"):
        return 0
    from fontTools.ttLib import TTCollection

    collection = TTCollection(path, lazy=True)
    try:
        for index, font in enumerate(collection.fonts):
            name = font["name"].getDebugName(4) or ""
            if name.endswith(" SC") or " SC " in name or "GB" in name:
                return index
    finally:
        collection.close()
    return 0


@lru_cache(maxsize=1)
def find_cjk_font() -> tuple[str, int]:
    """Return (path, face index) of a CJK font to embed; raise ``CjkFontMissing`` if there is none."""
    configured = getattr(settings, "CONTRACTS_CJK_FONT", "")
    if configured:
        path, _sep, index = str(configured).partition("#")
        if not Path(path).is_file():
            raise CjkFontMissing(_("设置 CONTRACTS_CJK_FONT 指定的字体文件不存在：%(path)s") % {"path": path})
        return path, int(index) if index else _simplified_face(path)
    for path in CANDIDATES:
        if Path(path).is_file():
            return path, _simplified_face(path)
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", ":lang=zh-cn"], capture_output=True, text=True, timeout=10, check=False
        ).stdout.strip()
        if found and Path(found).is_file() and Path(found).suffix.lower() in (".ttf", ".otf", ".ttc"):
            return found, _simplified_face(found)
    raise CjkFontMissing()


def build_certificate(contract) -> bytes:
    """Return the PDF certificate of a registered contract, stating both amounts."""
    from fpdf import FPDF

    path, index = find_cjk_font()
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=False)
    pdf.set_title(f"技术合同登记证明 {contract.registration_number}")
    pdf.set_author(str(contract.office))
    pdf.set_creation_date(timezone.now())
    pdf.add_page()
    pdf.add_font("cjk", "", path, collection_font_number=index)

    accent = (11, 74, 139)
    pdf.set_draw_color(*accent)
    pdf.set_line_width(1.2)
    pdf.rect(12, 12, 186, 273)
    pdf.set_line_width(0.3)
    pdf.rect(15, 15, 180, 267)

    pdf.set_font("cjk", size=24)
    pdf.set_text_color(*accent)
    pdf.set_y(32)
    pdf.cell(0, 12, "技术合同登记证明", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=11)
    pdf.set_text_color(60, 60, 60)
    pdf.cell(0, 8, f"登记编号：{contract.registration_number}", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)

    rows = [
        ("合同名称", contract.name),
        ("合同类别", contract.type_label),
        ("卖方（受托方、让与方、许可方）", contract.seller_name),
        ("卖方统一社会信用代码", contract.seller_code or "—"),
        ("买方（委托方、受让方、被许可方）", contract.buyer_name),
        ("签订日期", cn_date(contract.signed_on)),
        ("履行期限", f"{cn_date(contract.starts_on)} 至 {cn_date(contract.ends_on)}"),
        ("技术领域", contract.get_technical_field_display() or "—"),
        ("合同成交额", f"{yuan(contract.total_amount)} 元"),
        ("技术交易额", f"{yuan(contract.technical_amount)} 元"),
        ("登记机构", str(contract.office)),
        ("登记日期", cn_date(contract.registered_on)),
    ]
    pdf.set_text_color(20, 20, 20)
    left, label_w, value_w = 25, 62, 98
    for label, value in rows:
        pdf.set_x(left)
        pdf.set_font("cjk", size=10.5)
        pdf.set_fill_color(232, 240, 249)
        y = pdf.get_y()
        # Measure the value first so the label cell matches its height.
        lines = pdf.multi_cell(value_w, 8, str(value), dry_run=True, output="LINES")
        height = 8 * max(1, len(lines))
        pdf.multi_cell(label_w, height, label, border=1, fill=True, new_x="RIGHT", new_y="TOP")
        pdf.set_xy(left + label_w, y)
        pdf.multi_cell(value_w, 8, str(value), border=1, new_x="LMARGIN", new_y="NEXT")

    pdf.ln(8)
    pdf.set_x(left)
    pdf.set_font("cjk", size=10.5)
    pdf.multi_cell(
        label_w + value_w,
        7,
        "经审查，上述合同符合《技术合同认定登记管理办法》的规定，准予登记。"
        "技术交易额为合同成交额扣除非技术性费用后的金额，可作为享受技术合同相关税收优惠政策的依据。",
    )
    pdf.ln(18)
    pdf.set_x(110)
    pdf.cell(70, 8, f"{contract.office}（盖章）", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_x(110)
    pdf.cell(70, 8, cn_date(contract.registered_on), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(268)
    pdf.set_font("cjk", size=8)
    pdf.set_text_color(110, 110, 110)
    base = settings.PORTAL.get("BASE_URL", "")
    pdf.cell(
        0, 5, f"本证明由{settings.PORTAL['BUREAU_NAME']}科技政务服务平台生成，可凭登记编号在 {base} 查验。", align="C"
    )
    return bytes(pdf.output())
