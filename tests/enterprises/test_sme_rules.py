"""Table tests for ``enterprises.rules.sme`` (DESIGN.md 4.1), at and around every boundary.

Pure functions: no database, no Django.
"""

from dataclasses import replace
from decimal import Decimal as D

import pytest

from enterprises.rules import Band, band_label, money, money_limit, pct, pct_limit, points_gap, yuan
from enterprises.rules.sme import (
    SME_2022,
    RdMeasure,
    SmeFacts,
    evaluate,
    ip_points,
    is_restricted_industry,
    score_gaps,
)

# A small firm that scores full marks: 30% staff, 6% R&D / revenue, one class-I item.
BASE = SmeFacts(
    staff_total=100,
    sci_tech_staff=30,
    revenue=D("10000000"),
    total_cost=D("8000000"),
    total_assets=D("20000000"),
    rd_expense=D("600000"),
    class1_ip=1,
    class2_ip=0,
)


def facts(**changes) -> SmeFacts:
    return replace(BASE, **changes)


def test_base_firm_scores_full_marks():
    result = evaluate(BASE)
    assert (result.staff_score, result.rd_score, result.ip_score, result.total) == (20, 50, 30, 100)
    assert result.eligible and result.qualified and not result.direct
    assert result.max_total == 100
    assert result.warnings == []


# --- sci-tech staff share (20) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("sci_tech_staff", "score"),
    [
        (0, 0),
        (39, 0),  # 9.75%
        (40, 4),  # exactly 10%
        (59, 4),  # 14.75%
        (60, 8),  # exactly 15%
        (79, 8),
        (80, 12),  # exactly 20%
        (99, 12),
        (100, 16),  # exactly 25%
        (119, 16),
        (120, 20),  # exactly 30%
        (400, 20),
    ],
)
def test_staff_share_bands(sci_tech_staff, score):
    result = evaluate(facts(staff_total=400, sci_tech_staff=sci_tech_staff))
    assert result.staff_score == score
    assert result.staff_ratio == D(sci_tech_staff) / D(400)


def test_staff_share_just_below_a_band_by_a_hair():
    # 2999 / 10000 = 29.99%: the 25% band, shown truncated so it never reads "30.00%".
    result = evaluate(facts(staff_total=10000, sci_tech_staff=2999))
    assert result.staff_score == 16
    assert result.indicators[0].actual == "29.99%"


def test_zero_staff_gives_zero_points_and_a_reason_without_raising():
    result = evaluate(facts(staff_total=0, sci_tech_staff=0))
    assert result.staff_ratio is None
    assert result.staff_score == 0
    assert "职工总数为 0，无法计算科技人员占比，该项按 0 分计" in result.reasons
    assert result.indicators[0].actual == "—"
    assert not result.qualified


def test_more_sci_tech_staff_than_staff_is_flagged():
    result = evaluate(facts(staff_total=10, sci_tech_staff=12))
    assert result.staff_score == 20
    assert result.warnings == ["科技人员 12 人多于职工总数 10 人，请核对"]


# --- R&D (50): two measures -----------------------------------------------------------------
# Revenue 10,000,000 and total cost 2,000,000: the same R&D amounts sit exactly on the
# revenue edges 2/3/4/5/6% and the cost edges 10/15/20/25/30%.


@pytest.mark.parametrize(
    ("rd_expense", "revenue_score", "cost_score"),
    [
        ("0", 0, 0),
        ("199999.99", 0, 0),
        ("200000", 10, 10),  # 2% of revenue, 10% of cost
        ("299999.99", 10, 10),
        ("300000", 20, 20),  # 3%, 15%
        ("399999.99", 20, 20),
        ("400000", 30, 30),  # 4%, 20%
        ("499999.99", 30, 30),
        ("500000", 40, 40),  # 5%, 25%
        ("599999.99", 40, 40),
        ("600000", 50, 50),  # 6%, 30%
        ("1000000", 50, 50),
    ],
)
def test_rd_bands_for_both_measures(rd_expense, revenue_score, cost_score):
    result = evaluate(facts(revenue=D("10000000"), total_cost=D("2000000"), rd_expense=D(rd_expense)))
    assert result.rd_revenue_score == revenue_score
    assert result.rd_cost_score == cost_score
    assert result.rd_score == max(revenue_score, cost_score)


def test_rd_ratios_are_exact_decimals():
    result = evaluate(facts(revenue=D("10000000"), total_cost=D("2000000"), rd_expense=D("599999.99")))
    assert result.rd_revenue_ratio == D("0.059999999")
    assert result.rd_cost_ratio == D("0.299999995")
    assert result.indicators[1].actual == "5.99%"
    assert result.indicators[2].actual == "29.99%"


@pytest.mark.parametrize(
    ("revenue", "total_cost", "proposed", "rd_score"),
    [
        ("10000000", "1600000", RdMeasure.COST, 50),  # 5% of revenue (40) vs 31.25% of cost (50)
        ("10000000", "8000000", RdMeasure.REVENUE, 40),  # 5% (40) vs 6.25% (0)
        ("10000000", "2000000", RdMeasure.REVENUE, 40),  # 5% (40) vs 25% (40): a tie proposes revenue
    ],
)
def test_the_better_measure_is_proposed(revenue, total_cost, proposed, rd_score):
    result = evaluate(facts(revenue=D(revenue), total_cost=D(total_cost), rd_expense=D("500000")))
    assert result.rd_measure_proposed == proposed
    assert result.rd_measure == proposed
    assert result.rd_score == rd_score
    counted = [i.code for i in result.indicators if i.counted]
    assert counted == ["staff", "rd_" + proposed.value, "ip"]


def test_the_firm_may_choose_the_other_measure():
    result = evaluate(
        facts(revenue=D("10000000"), total_cost=D("1600000"), rd_expense=D("500000"), rd_measure=RdMeasure.REVENUE)
    )
    assert result.rd_measure_proposed == RdMeasure.COST
    assert result.rd_measure == RdMeasure.REVENUE
    assert result.rd_score == 40
    assert result.indicators[1].note == "采用此口径（企业选择）"
    assert result.indicators[2].note == "未采用（仅供对照）"


@pytest.mark.parametrize(
    ("revenue", "total_cost", "reason"),
    [
        ("0", "2000000", "销售收入为 0，无法按研发费用占销售收入计算，该口径按 0 分计"),
        ("-5", "2000000", "销售收入为 0，无法按研发费用占销售收入计算，该口径按 0 分计"),
        ("10000000", "0", "成本费用支出总额为 0，无法按研发费用占成本费用总额计算，该口径按 0 分计"),
    ],
)
def test_zero_denominators_give_zero_points_and_a_reason(revenue, total_cost, reason):
    result = evaluate(facts(revenue=D(revenue), total_cost=D(total_cost), rd_expense=D("600000")))
    assert reason in result.reasons
    assert result.rd_score == 50  # the other measure still counts


def test_both_rd_denominators_zero_never_raise():
    result = evaluate(facts(revenue=D(0), total_cost=D(0), rd_expense=D(0)))
    assert (result.rd_revenue_ratio, result.rd_cost_ratio) == (None, None)
    assert result.rd_score == 0
    assert result.total == 50  # staff 20 + IP 30


# --- IP (30) ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("class1", "class2", "score"),
    [
        (0, 0, 0),
        (0, 1, 6),
        (0, 2, 12),
        (0, 3, 18),
        (0, 4, 24),
        (0, 5, 24),
        (1, 0, 30),
        (1, 5, 30),
        (3, 0, 30),
    ],
)
def test_ip_score(class1, class2, score):
    assert ip_points(class1, class2) == score
    assert evaluate(facts(class1_ip=class1, class2_ip=class2)).ip_score == score


@pytest.mark.parametrize(
    ("class1", "class2", "band"),
    [(1, 0, "Ⅰ类知识产权≥1项"), (0, 7, "Ⅱ类知识产权≥4项"), (0, 2, "Ⅱ类知识产权 2 项"), (0, 0, "Ⅱ类知识产权 0 项")],
)
def test_ip_band_wording(class1, class2, band):
    assert evaluate(facts(class1_ip=class1, class2_ip=class2)).indicators[3].band == band


# --- eligibility -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"staff_total": 500, "sci_tech_staff": 150}, None),
        ({"staff_total": 501, "sci_tech_staff": 150}, "职工总数 501 人，超过 500 人的上限"),
        ({"staff_total": 620, "sci_tech_staff": 186}, "职工总数 620 人，超过 500 人的上限"),
        ({"revenue": D("200000000"), "rd_expense": D("12000000")}, None),
        ({"revenue": D("200000000.01")}, "年销售收入 200,000,000.01 元，超过 2 亿元的上限"),
        ({"total_assets": D("200000000")}, None),
        ({"total_assets": D("200000000.01")}, "资产总额 200,000,000.01 元，超过 2 亿元的上限"),
        ({"restricted_industry": True}, "所属行业为国家禁止、限制或淘汰类行业，不能参加科技型中小企业评价"),
        (
            {"violations": True},
            "填报上一年及当年内发生过重大安全、重大质量事故或严重环境违法行为，或有科研严重失信行为",
        ),
        ({"dishonest": True}, "被列入经营异常名录或严重违法失信企业名单"),
    ],
)
def test_eligibility_limits(changes, problem):
    result = evaluate(facts(**changes))
    if problem is None:
        assert result.eligible and result.qualified
        assert result.eligibility_problems == []
    else:
        assert not result.eligible and not result.qualified
        assert result.eligibility_problems == [problem]
        assert problem in result.reasons


def test_all_eligibility_problems_are_listed_together():
    result = evaluate(facts(staff_total=501, revenue=D("300000000"), total_assets=D("250000000"), dishonest=True))
    assert len(result.eligibility_problems) == 4


@pytest.mark.parametrize(
    ("code", "industry_code", "restricted"),
    [
        ("tobacco", "C1610", True),
        ("manufacturing", "C3911", False),
        ("wholesale", "F5123", True),
        ("catering", "h6210", True),
        ("real estate", "K7010", True),
        ("business services", "L7211", True),
        ("entertainment", "R9011", True),
        ("culture", "R8610", False),
        ("empty", "", False),
    ],
)
def test_restricted_industry_list(code, industry_code, restricted):
    assert is_restricted_industry(industry_code) is restricted, code


# --- pass rule and direct qualification -------------------------------------------------------

NOTHING = facts(sci_tech_staff=0, rd_expense=D(0), class1_ip=0, class2_ip=0)


@pytest.mark.parametrize(
    ("ground", "text"),
    [
        ("valid_hightech_cert", "拥有在有效期内的高新技术企业资格证书"),
        ("national_award_top3", "近五年内获得过国家级科技奖励，并在获奖单位中排名前三名"),
        ("provincial_rd_institution", "拥有经认定的省部级以上研发机构"),
        ("led_standard", "近五年内主导制定过国际标准、国家标准或行业标准"),
    ],
)
def test_each_direct_ground_qualifies_without_score(ground, text):
    result = evaluate(replace(NOTHING, **{ground: True}))
    assert result.total == 0
    assert result.direct and result.qualified
    assert result.direct_grounds == [text]
    assert result.reasons[-1] == "符合直接认定条件：" + text


def test_direct_ground_does_not_override_eligibility():
    result = evaluate(replace(NOTHING, valid_hightech_cert=True, staff_total=501))
    assert not result.direct and not result.qualified
    assert "虽符合直接认定条件，但不满足科技型中小企业的基本条件" in result.reasons


def test_no_ground_and_no_score_fails():
    result = evaluate(NOTHING)
    assert not result.direct and not result.qualified
    assert result.direct_grounds == []


@pytest.mark.parametrize(
    ("sci_tech_staff", "rd_expense", "class2_ip", "total", "qualified"),
    [
        (10, "600000", 1, 60, True),  # 4 + 50 + 6: exactly 60
        (10, "400000", 4, 58, False),  # 4 + 30 + 24
        (9, "600000", 4, 74, False),  # staff 9% scores 0: fails whatever the total
        (0, "600000", 5, 74, False),
    ],
)
def test_pass_needs_sixty_and_a_staff_score(sci_tech_staff, rd_expense, class2_ip, total, qualified):
    result = evaluate(facts(sci_tech_staff=sci_tech_staff, rd_expense=D(rd_expense), class1_ip=0, class2_ip=class2_ip))
    assert result.total == total
    assert result.score_passed is qualified
    assert result.qualified is qualified


def test_staff_score_zero_with_a_high_total_says_why():
    result = evaluate(facts(sci_tech_staff=9))
    assert result.total == 80
    assert not result.qualified
    assert result.reasons == ["科技人员指标得 0 分（占比 9.00%，低于 10%），不论总分多少都不能通过评价"]


def test_low_total_says_by_how_much():
    result = evaluate(facts(sci_tech_staff=10, rd_expense=D("400000"), class1_ip=0, class2_ip=4))
    assert result.reasons == ["综合评价得分 58 分，低于 60 分"]


def test_pass_by_score_says_so():
    assert evaluate(BASE).reasons == ["综合评价得分 100 分，达到 60 分且科技人员指标得分不为 0"]


def test_indicators_for_a_live_preview():
    result = evaluate(
        facts(staff_total=100, sci_tech_staff=18, revenue=D("10000000"), total_cost=D("8000000"), rd_expense=D(350000))
    )
    rows = [(i.code, i.name, i.actual, i.band, i.score, i.max_score, i.counted) for i in result.indicators]
    assert rows == [
        ("staff", "科技人员占职工总数比例", "18.00%", "15%（含）至20%", 8, 20, True),
        ("rd_revenue", "研发费用占销售收入比例", "3.50%", "3%（含）至4%", 20, 50, True),
        ("rd_cost", "研发费用占成本费用总额比例", "4.37%", "<10%", 0, 50, False),
        ("ip", "知识产权", "Ⅰ类 1 项，Ⅱ类 0 项", "Ⅰ类知识产权≥1项", 30, 30, True),
    ]
    assert result.indicators[0].note == "科技人员 18 人 / 职工总数 100 人"


# --- gaps to the next band (used by cultivation) -----------------------------------------------


def test_no_gaps_when_qualified():
    assert score_gaps(BASE) == []


def test_gaps_are_the_eligibility_problems_when_not_eligible():
    gaps = score_gaps(facts(staff_total=620, sci_tech_staff=0))
    assert [g.text for g in gaps] == ["职工总数 620 人，超过 500 人的上限"]


def test_gaps_to_the_next_band_checked_to_the_cent():
    gaps = {
        g.code: g
        for g in score_gaps(
            facts(
                staff_total=100,
                sci_tech_staff=8,
                revenue=D("20000000"),
                total_cost=D("9000000"),
                rd_expense=D("250000"),
                class1_ip=0,
                class2_ip=2,
            )
        )
    }
    assert gaps["total"].text == "综合评价得分 12 分，距 60 分还差 48 分"
    assert gaps["total"].amount == 48
    # 8 of 100 -> 10%: (8 + k) / (100 + k) >= 10% needs k = 3 (2 would give 10 / 102 = 9.8%).
    assert gaps["staff"].amount == 3
    assert gaps["staff"].text == "科技人员占职工总数 8.00%，须不低于 10%（得 4 分）才能通过评价：还需新增科技人员 3 人"
    # 1.25% of 20,000,000 -> 2%: exactly 150,000 more.
    assert gaps["rd_revenue"].amount == D("150000.00")
    assert gaps["rd_revenue"].text == "研发费用占销售收入 1.25%，达到 2% 可得 10 分：还需增加研发投入 15.00 万元"
    # R&D is part of total cost: (250,000 + x) / (9,000,000 + x) >= 10% -> x = 722,222.2222..., up to the cent.
    assert gaps["rd_cost"].amount == D("722222.23")
    assert (D("250000") + D("722222.23")) / (D("9000000") + D("722222.23")) >= D("0.10")
    assert (D("250000") + D("722222.22")) / (D("9000000") + D("722222.22")) < D("0.10")
    assert gaps["rd_cost"].text == "研发费用占成本费用总额 2.77%，达到 10% 可得 10 分：还需增加研发投入 72.23 万元"
    assert gaps["ip_class1"].text == "取得 1 项Ⅰ类知识产权（如发明专利）可得 30 分"
    assert gaps["ip_class2"].text == "或再取得 1 项Ⅱ类知识产权（实用新型、外观设计、软件著作权）可得 18 分"


def test_only_the_staff_gap_when_the_total_is_enough():
    gaps = score_gaps(facts(sci_tech_staff=9))  # total 80, staff score 0
    assert [g.code for g in gaps] == ["staff"]


def test_rd_measure_hint_only_when_it_beats_the_counted_score():
    # 4% of revenue (30) vs 25% of cost (40): only the cost measure's next band (50) helps,
    # and the revenue measure's next band (40) does not beat the 40 already counted.
    gaps = score_gaps(
        facts(sci_tech_staff=9, revenue=D("10000000"), total_cost=D("1600000"), rd_expense=D("400000"), class1_ip=0)
    )
    assert [g.code for g in gaps if g.code.startswith("rd")] == ["rd_cost"]


def test_staff_gap_above_the_lowest_band_names_the_extra_points():
    gaps = {g.code: g for g in score_gaps(facts(sci_tech_staff=12, rd_expense=D("300000"), class1_ip=0))}
    # 12 of 100 -> 15%: (12 + k) / (100 + k) >= 15% needs k = 4 (3.53 rounded up).
    assert gaps["staff"].text == "科技人员占职工总数 12.00%，达到 15% 可得 8 分：还需新增科技人员 4 人"


def test_gaps_without_staff_figures_ask_for_them():
    gaps = score_gaps(facts(staff_total=0, sci_tech_staff=0))
    assert [g.code for g in gaps] == ["staff"]  # total 80, R&D and IP already full
    assert gaps[0].text == "请填写职工总数和科技人员数，科技人员指标须得分才能通过评价"


def test_policy_is_data():
    looser = replace(SME_2022, pass_total=50)
    result = evaluate(facts(sci_tech_staff=10, rd_expense=D("400000"), class1_ip=0, class2_ip=3), looser)
    assert result.total == 52 and result.qualified


# --- shared wording helpers -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (D("0.036"), "3.60%"),
        (D("0.0599999"), "5.99%"),
        (D("0.6026"), "60.26%"),
        (D(0), "0.00%"),
        (D("-0.00001"), "0.00%"),
        (None, "—"),
    ],
)
def test_pct(value, text):
    assert pct(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [(D("0.30"), "30%"), (D("0.035"), "3.5%"), (D("1"), "100%")],
)
def test_pct_limit(value, text):
    assert pct_limit(value) == text


@pytest.mark.parametrize(
    ("amount", "round_up", "text"),
    [
        (D("1200000"), False, "120.00 万元"),
        (D("1200000.01"), True, "120.01 万元"),
        (D("1200000.01"), False, "120.00 万元"),
        (D("12500000"), False, "1,250.00 万元"),
        (D("9999.99"), False, "9,999.99 元"),
        (D("0.03"), True, "0.03 元"),
    ],
)
def test_money(amount, round_up, text):
    assert money(amount, round_up=round_up) == text


@pytest.mark.parametrize(
    ("amount", "text"),
    [(D(200_000_000), "2 亿元"), (D(50_000_000), "5000 万元"), (D("1234.5"), "1,234.50 元")],
)
def test_money_limit(amount, text):
    assert money_limit(amount) == text


def test_yuan_and_points_gap():
    assert yuan(D("200000000.01")) == "200,000,000.01 元"
    assert points_gap(D("0.01401")) == "1.41 个百分点"


def test_band_label():
    bands = (Band(D("0.3"), 2), Band(D("0.1"), 1))
    assert band_label(D("0.3"), bands, pct_limit) == "≥30%"
    assert band_label(D("0.1"), bands, pct_limit) == "10%（含）至30%"
    assert band_label(D("0.0999"), bands, pct_limit) == "<10%"
