"""Table tests for ``enterprises.rules.ip``: every IP kind, its label and its class."""

import pytest

from enterprises.rules.ip import (
    IP_KIND_CHOICES,
    IpKind,
    count_by_class,
    counts_for_hightech,
    ip_class,
)


@pytest.mark.parametrize(
    ("kind", "label", "expected_class"),
    [
        (IpKind.INVENTION_PATENT, "发明专利", 1),
        (IpKind.DEFENCE_PATENT, "国防专利", 1),
        (IpKind.NEW_PLANT_VARIETY, "植物新品种", 1),
        (IpKind.NATIONAL_CROP_VARIETY, "国家级农作物品种", 1),
        (IpKind.NATIONAL_NEW_DRUG, "国家新药", 1),
        (IpKind.TCM_PROTECTED_FIRST_GRADE, "国家一级中药保护品种", 1),
        (IpKind.IC_LAYOUT_DESIGN, "集成电路布图设计专有权", 1),
        (IpKind.UTILITY_MODEL, "实用新型专利", 2),
        (IpKind.DESIGN_PATENT, "外观设计专利", 2),
        (IpKind.SOFTWARE_COPYRIGHT, "软件著作权", 2),
        (IpKind.TRADEMARK, "商标", None),
        (IpKind.OTHER, "其他", None),
    ],
)
def test_every_kind_has_its_label_and_class(kind, label, expected_class):
    assert kind.label == label
    assert ip_class(kind) == expected_class
    assert ip_class(kind.value) == expected_class  # a stored value works too
    assert kind.ip_class == expected_class


def test_choices_cover_every_kind_in_order():
    assert [value for value, _ in IP_KIND_CHOICES] == [kind.value for kind in IpKind]
    assert len(IP_KIND_CHOICES) == 12


def test_unknown_kind_is_a_caller_bug():
    with pytest.raises(ValueError):
        ip_class("patent")


@pytest.mark.parametrize(
    ("kinds", "expected"),
    [
        ([], (0, 0)),
        ([IpKind.TRADEMARK, IpKind.OTHER], (0, 0)),
        ([IpKind.INVENTION_PATENT, "defence_patent", IpKind.UTILITY_MODEL], (2, 1)),
        ([IpKind.SOFTWARE_COPYRIGHT] * 5 + [IpKind.TRADEMARK] * 3, (0, 5)),
    ],
)
def test_count_by_class(kinds, expected):
    assert count_by_class(kinds) == expected


@pytest.mark.parametrize(
    ("kind", "used_before", "counts"),
    [
        (IpKind.INVENTION_PATENT, False, True),
        (IpKind.INVENTION_PATENT, True, True),  # class I may support another application
        (IpKind.UTILITY_MODEL, False, True),
        (IpKind.UTILITY_MODEL, True, False),  # class II supports one application only
        (IpKind.SOFTWARE_COPYRIGHT, True, False),
        (IpKind.TRADEMARK, False, False),
        (IpKind.OTHER, False, False),
    ],
)
def test_counts_for_hightech(kind, used_before, counts):
    assert counts_for_hightech(kind, used_before=used_before) is counts
