"""Intellectual-property kinds (知识产权类别) and their class (Ⅰ类 / Ⅱ类).

Policy: the class split is the same in both enterprise rules — 《科技型中小企业评价办法》
(国科发政〔2017〕115号) and 《高新技术企业认定管理工作指引》(国科发火〔2016〕195号);
DESIGN.md 4.1 and 4.2.

- Class I (Ⅰ类): invention patent (including defence patent), new plant variety, national
  crop variety, national new drug, first-grade protected TCM variety, IC layout design.
- Class II (Ⅱ类): utility model, design patent, software copyright.
- Trademarks and anything else never count.

For high-tech certification a class-II item may support only one application; a class-I
item may be used again (``counts_for_hightech``).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class IpKind(StrEnum):
    """A kind of IP item, stored by its value; ``label`` is the Chinese name."""

    INVENTION_PATENT = "invention_patent"
    DEFENCE_PATENT = "defence_patent"
    NEW_PLANT_VARIETY = "new_plant_variety"
    NATIONAL_CROP_VARIETY = "national_crop_variety"
    NATIONAL_NEW_DRUG = "national_new_drug"
    TCM_PROTECTED_FIRST_GRADE = "tcm_protected_first_grade"
    IC_LAYOUT_DESIGN = "ic_layout_design"
    UTILITY_MODEL = "utility_model"
    DESIGN_PATENT = "design_patent"
    SOFTWARE_COPYRIGHT = "software_copyright"
    TRADEMARK = "trademark"
    OTHER = "other"

    @property
    def label(self) -> str:
        return IP_KIND_LABELS[self]

    @property
    def ip_class(self) -> int | None:
        return ip_class(self)


IP_KIND_LABELS: dict[IpKind, str] = {
    IpKind.INVENTION_PATENT: "发明专利",
    IpKind.DEFENCE_PATENT: "国防专利",
    IpKind.NEW_PLANT_VARIETY: "植物新品种",
    IpKind.NATIONAL_CROP_VARIETY: "国家级农作物品种",
    IpKind.NATIONAL_NEW_DRUG: "国家新药",
    IpKind.TCM_PROTECTED_FIRST_GRADE: "国家一级中药保护品种",
    IpKind.IC_LAYOUT_DESIGN: "集成电路布图设计专有权",
    IpKind.UTILITY_MODEL: "实用新型专利",
    IpKind.DESIGN_PATENT: "外观设计专利",
    IpKind.SOFTWARE_COPYRIGHT: "软件著作权",
    IpKind.TRADEMARK: "商标",
    IpKind.OTHER: "其他",
}

CLASS_I: frozenset[IpKind] = frozenset(
    {
        IpKind.INVENTION_PATENT,
        IpKind.DEFENCE_PATENT,
        IpKind.NEW_PLANT_VARIETY,
        IpKind.NATIONAL_CROP_VARIETY,
        IpKind.NATIONAL_NEW_DRUG,
        IpKind.TCM_PROTECTED_FIRST_GRADE,
        IpKind.IC_LAYOUT_DESIGN,
    }
)
CLASS_II: frozenset[IpKind] = frozenset({IpKind.UTILITY_MODEL, IpKind.DESIGN_PATENT, IpKind.SOFTWARE_COPYRIGHT})

CLASS_LABELS = {1: "Ⅰ类", 2: "Ⅱ类", None: "不计入"}

# (value, label) pairs for a model field's ``choices``.
IP_KIND_CHOICES: list[tuple[str, str]] = [(kind.value, IP_KIND_LABELS[kind]) for kind in IpKind]


def ip_class(kind: IpKind | str) -> int | None:
    """Return 1 for a class-I kind, 2 for class II, None for kinds that never count.

    An unknown string raises ``ValueError`` (a caller bug, not a policy answer).
    """
    kind = IpKind(kind)
    if kind in CLASS_I:
        return 1
    if kind in CLASS_II:
        return 2
    return None


def count_by_class(kinds: Iterable[IpKind | str]) -> tuple[int, int]:
    """Count items as ``(class_i, class_ii)``; trademarks and other items are left out."""
    classes = [ip_class(kind) for kind in kinds]
    return classes.count(1), classes.count(2)


def counts_for_hightech(kind: IpKind | str, *, used_before: bool) -> bool:
    """Say whether an item may support a new high-tech application.

    A class-II item supports one application only, so once ``used_before`` it no longer
    counts; a class-I item may be used again; trademarks and other items never count.
    """
    item_class = ip_class(kind)
    if item_class == 1:
        return True
    if item_class == 2:
        return not used_before
    return False
