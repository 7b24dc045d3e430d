"""Table tests for ``enterprises.rules.cultivation``: stages and the gap to the next one."""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from enterprises.rules import hightech, sme
from enterprises.rules.cultivation import (
    CULTIVATION_DEFAULT,
    STAGE_CHOICES,
    CultivationFacts,
    Stage,
    is_candidate,
    next_stage,
    next_stage_gaps,
    target_stage,
)
from enterprises.rules.hightech import HighTechFacts
from enterprises.rules.sme import SmeFacts

# Latest-year profile: qualifies as an SME, meets the reserve, not yet a little giant
# (revenue 10M < 20M) and without class-I IP.
PROFILE = SmeFacts(
    staff_total=100,
    sci_tech_staff=30,
    revenue=D("10000000"),
    total_cost=D("8000000"),
    total_assets=D("20000000"),
    rd_expense=D("600000"),
    class1_ip=0,
    class2_ip=4,
)

# Three-year data meeting every high-tech condition except the experts' score (pending).
HIGHTECH = HighTechFacts(
    registered_on=date(2020, 1, 1),
    apply_on=date(2025, 6, 1),
    has_core_ip=True,
    supported_field=True,
    staff_total=100,
    sci_tech_staff=30,
    revenues=[D("8000000"), D("9000000"), D("10000000")],
    rd_expenses=[D("500000"), D("550000"), D("600000")],
    rd_in_china=D("1650000"),
    rd_outsourced=D(0),
    hightech_income=D("8000000"),
    total_income=D("10000000"),
    innovation_score=None,
)


def at(stage: Stage, **profile_changes) -> CultivationFacts:
    return CultivationFacts(stage=stage, sme=replace(PROFILE, **profile_changes), hightech=HIGHTECH)


def texts(gaps):
    return [gap.text for gap in gaps]


def test_stages_in_order_with_labels():
    assert STAGE_CHOICES == [
        ("registered", "已注册创新主体"),
        ("sme_registered", "科技型中小企业"),
        ("hightech_reserve", "高企后备库"),
        ("hightech_certified", "高新技术企业"),
        ("little_giant", "科技小巨人"),
        ("leading", "领军企业"),
    ]
    assert [stage.order for stage in Stage] == [0, 1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("stage", "following"),
    [
        (Stage.REGISTERED, Stage.SME_REGISTERED),
        (Stage.SME_REGISTERED, Stage.HIGHTECH_RESERVE),
        (Stage.HIGHTECH_RESERVE, Stage.HIGHTECH_CERTIFIED),
        (Stage.HIGHTECH_CERTIFIED, Stage.LITTLE_GIANT),
        (Stage.LITTLE_GIANT, Stage.LEADING),
        (Stage.LEADING, None),
    ],
)
def test_next_stage(stage, following):
    assert next_stage(stage) == following
    assert target_stage(at(stage)) == following


def test_bureau_defined_thresholds_are_marked_unconfirmed():
    assert "暂定" in CULTIVATION_DEFAULT.name


# --- registered -> SME -------------------------------------------------------------------------


def test_a_qualifying_registered_firm_is_an_sme_candidate():
    facts = at(Stage.REGISTERED)
    assert next_stage_gaps(facts) == []
    assert is_candidate(facts)


def test_sme_gaps_reuse_the_sme_rules():
    facts = at(Stage.REGISTERED, sci_tech_staff=9)
    assert next_stage_gaps(facts) == sme.score_gaps(facts.sme)
    assert texts(next_stage_gaps(facts)) == [
        "科技人员占职工总数 9.00%，须不低于 10%（得 4 分）才能通过评价：还需新增科技人员 2 人"
    ]
    assert not is_candidate(facts)


def test_a_firm_too_large_for_sme_aims_for_hightech():
    facts = at(Stage.REGISTERED, staff_total=620, sci_tech_staff=186)
    assert target_stage(facts) == Stage.HIGHTECH_CERTIFIED
    gaps = next_stage_gaps(facts)
    assert [(g.code, g.pending) for g in gaps] == [("innovation_score", True)]
    assert is_candidate(facts)  # only the experts' score is left


def test_missing_profile_asks_for_data():
    facts = CultivationFacts(stage=Stage.REGISTERED)
    assert texts(next_stage_gaps(facts)) == ["请先填写最近一年的职工、销售收入、研发费用和知识产权等数据"]
    assert not is_candidate(facts)


# --- SME -> high-tech reserve (bureau criteria) -----------------------------------------------------


def test_reserve_candidate():
    assert next_stage_gaps(at(Stage.SME_REGISTERED)) == []


def test_reserve_gaps_in_money_points_and_items():
    gaps = next_stage_gaps(at(Stage.SME_REGISTERED, rd_expense=D("250000"), sci_tech_staff=8, class1_ip=0, class2_ip=0))
    assert texts(gaps) == [
        "研发费用占销售收入 2.50%，高企后备库要求不低于 3%：还差 0.50 个百分点，按当前收入还需增加研发投入 5.00 万元",
        "科技人员占职工总数 8.00%，高企后备库要求不低于 10%：还差 2.00 个百分点",
        "有效知识产权（Ⅰ类、Ⅱ类）0 项，高企后备库要求不少于 1 项：还需 1 项",
    ]
    assert [(g.amount, g.unit) for g in gaps] == [(D("50000.00"), "yuan"), (D("0.02"), "pp"), (D(1), "item")]


@pytest.mark.parametrize(
    ("rd_expense", "has_gap"),
    [("300000", False), ("299999.99", True)],  # exactly 3% of 10M, and a cent below
)
def test_reserve_rd_intensity_edge(rd_expense, has_gap):
    gaps = next_stage_gaps(at(Stage.SME_REGISTERED, rd_expense=D(rd_expense)))
    assert bool(gaps) is has_gap
    if has_gap:
        assert gaps[0].amount == D("0.01")


def test_reserve_with_zero_staff_or_revenue_never_raises():
    gaps = next_stage_gaps(at(Stage.SME_REGISTERED, staff_total=0, sci_tech_staff=0, revenue=D(0)))
    assert texts(gaps) == [
        "最近一年销售收入为 0，无法计算研发投入强度（高企后备库要求不低于 3%）",
        "职工总数为 0，请填写职工总数和科技人员数",
    ]


# --- reserve -> high-tech (national rules) ------------------------------------------------------------


def test_hightech_gaps_reuse_the_hightech_check():
    facts = replace(at(Stage.HIGHTECH_RESERVE), hightech=replace(HIGHTECH, hightech_income=D("5000000")))
    gaps = next_stage_gaps(facts)
    condition = hightech.check(facts.hightech).condition(hightech.ConditionCode.HIGHTECH_INCOME)
    assert [(g.code, g.text, g.amount, g.pending) for g in gaps] == [
        ("hightech_income", condition.gap, D("2500000.00"), False),
        ("innovation_score", "待专家评价，须不低于 71 分", None, True),
    ]
    assert not is_candidate(facts)


def test_hightech_candidate_when_only_the_expert_score_is_pending():
    facts = at(Stage.HIGHTECH_RESERVE)
    assert [g.pending for g in next_stage_gaps(facts)] == [True]
    assert is_candidate(facts)
    scored = replace(facts, hightech=replace(HIGHTECH, innovation_score=75))
    assert next_stage_gaps(scored) == []


def test_hightech_without_data_asks_for_it():
    facts = CultivationFacts(stage=Stage.HIGHTECH_RESERVE, sme=PROFILE)
    assert texts(next_stage_gaps(facts)) == ["请先填写近三年的销售收入、研发费用、人员和高新技术产品（服务）收入等数据"]


# --- upper tiers (bureau criteria) ------------------------------------------------------------------


def test_little_giant_gaps():
    gaps = next_stage_gaps(at(Stage.HIGHTECH_CERTIFIED, revenue=D("15000000"), rd_expense=D("450000")))
    assert texts(gaps) == [
        "最近一年销售收入 1,500.00 万元，科技小巨人要求不低于 2000 万元：还差 500.00 万元",
        "研发费用占销售收入 3.00%，科技小巨人要求不低于 4%：还差 1.00 个百分点，按当前收入还需增加研发投入 15.00 万元",
        "Ⅰ类知识产权（如发明专利）0 项，科技小巨人要求不少于 1 项：还需 1 项",
    ]
    assert [g.amount for g in gaps] == [D("5000000.00"), D("150000.00"), D(1)]


@pytest.mark.parametrize(
    ("revenue", "rd_expense", "class1_ip", "candidate"),
    [
        ("20000000", "800000", 1, True),  # exactly 2000 万 and 4%
        ("19999999.99", "800000", 1, False),
        ("20000000", "799999.99", 1, False),
        ("20000000", "800000", 0, False),
    ],
)
def test_little_giant_edges(revenue, rd_expense, class1_ip, candidate):
    facts = at(Stage.HIGHTECH_CERTIFIED, revenue=D(revenue), rd_expense=D(rd_expense), class1_ip=class1_ip)
    assert is_candidate(facts) is candidate


def test_leading_gaps():
    gaps = next_stage_gaps(at(Stage.LITTLE_GIANT, revenue=D("150000000"), rd_expense=D("6000000"), class1_ip=3))
    assert texts(gaps) == [
        "最近一年销售收入 15,000.00 万元，领军企业要求不低于 2 亿元：还差 5,000.00 万元",
        "Ⅰ类知识产权（如发明专利）3 项，领军企业要求不少于 5 项：还需 2 项",
    ]


def test_top_stage_has_no_next_stage():
    facts = at(Stage.LEADING)
    assert next_stage_gaps(facts) == []
    assert not is_candidate(facts)


def test_bureau_thresholds_are_configurable():
    bureau = replace(
        CULTIVATION_DEFAULT,
        little_giant=replace(CULTIVATION_DEFAULT.little_giant, min_revenue=D(5_000_000), min_class1_ip=0),
    )
    facts = at(Stage.HIGHTECH_CERTIFIED, revenue=D("10000000"), rd_expense=D("600000"))
    assert not is_candidate(facts)
    assert is_candidate(facts, bureau)
