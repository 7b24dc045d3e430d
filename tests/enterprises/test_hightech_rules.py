"""Table tests for ``enterprises.rules.hightech`` (DESIGN.md 4.2), at and around every boundary.

Also covers ``enterprises.rules.innovation`` through the names ``hightech`` re-exports.

Pure functions: no database, no Django.
"""

from dataclasses import replace
from datetime import date
from decimal import Decimal as D

import pytest

from enterprises.rules.hightech import (
    HIGHTECH_2016,
    HIGHTECH_FIELD_CHOICES,
    INNOVATION_2016,
    ConditionCode,
    ExpertParts,
    HighTechFacts,
    check,
    countable_rd,
    growth_rate,
    growth_score,
    growth_score_range,
    innovation_score_range,
    ip_obtained_score_range,
    ip_quantity_score_range,
    revenue_band,
    transformation_score_range,
)

# A firm that meets every condition: R&D 5.56% of revenue with latest revenue exactly 50M.
BASE = HighTechFacts(
    registered_on=date(2020, 1, 1),
    apply_on=date(2025, 6, 1),
    has_core_ip=True,
    supported_field=True,
    staff_total=100,
    sci_tech_staff=20,
    revenues=[D("40000000"), D("45000000"), D("50000000")],
    rd_expenses=[D("2500000"), D("2500000"), D("2500000")],
    rd_in_china=D("7500000"),
    rd_outsourced=D(0),
    hightech_income=D("40000000"),
    total_income=D("50000000"),
    innovation_score=80,
)


def facts(**changes) -> HighTechFacts:
    return replace(BASE, **changes)


def status(result, code):
    return result.condition(code).passed


def test_base_firm_passes_every_condition():
    result = check(BASE)
    assert result.passed
    assert [c.code for c in result.conditions] == list(ConditionCode)
    assert all(c.passed is True and c.gap == "" for c in result.conditions)
    assert result.failed == [] and result.pending == []
    assert result.warnings == []


# --- revenue bands and the R&D ratio ----------------------------------------------------------


@pytest.mark.parametrize(
    ("latest", "required", "label"),
    [
        ("0", "0.05", "5000万元以下"),
        ("50000000", "0.05", "5000万元以下"),
        ("50000000.01", "0.04", "5000万元至2亿元"),
        ("200000000", "0.04", "5000万元至2亿元"),
        ("200000000.01", "0.03", "2亿元以上"),
    ],
)
def test_revenue_bands(latest, required, label):
    band = revenue_band(D(latest))
    assert (band.rd_ratio, band.label) == (D(required), label)
    result = check(facts(revenues=[D("1000000"), D("1000000"), D(latest)]))
    assert result.rd_required == D(required)
    assert result.revenue_band == label


@pytest.mark.parametrize(
    ("yearly_revenue", "rd_per_year", "rd_last_year", "passed", "shortfall"),
    [
        # <= 50M band, 5%: three years of 40M = 120M, R&D needed 6M.
        ("40000000", "2000000", "2000000", True, "0"),
        ("40000000", "2000000", "1999999.99", False, "0.01"),
        # (50M, 200M] band, 4%: three years of 100M = 300M, R&D needed 12M.
        ("100000000", "4000000", "4000000", True, "0"),
        ("100000000", "4000000", "3999999.99", False, "0.01"),
        # > 200M band, 3%: three years of 300M = 900M, R&D needed 27M.
        ("300000000", "9000000", "9000000", True, "0"),
        ("300000000", "9000000", "8999999.99", False, "0.01"),
    ],
)
def test_rd_ratio_at_each_band_edge(yearly_revenue, rd_per_year, rd_last_year, passed, shortfall):
    rd_expenses = [D(rd_per_year), D(rd_per_year), D(rd_last_year)]
    result = check(facts(revenues=[D(yearly_revenue)] * 3, rd_expenses=rd_expenses, rd_in_china=sum(rd_expenses)))
    assert status(result, ConditionCode.RD_RATIO) is passed
    assert result.rd_shortfall == D(shortfall)
    assert result.passed is passed


def test_rd_gap_text_and_amount_to_the_cent():
    result = check(
        facts(
            revenues=[D("30000000"), D("30000000"), D("40000000")],
            rd_expenses=[D("1000000"), D("1200000"), D("1400000")],
            rd_in_china=D("3600000"),
        )
    )
    condition = result.condition(ConditionCode.RD_RATIO)
    assert result.rd_ratio == D("0.036")
    assert condition.actual == "3.60%"
    assert condition.required == "不低于 5.00%（最近一年销售收入5000万元以下）"
    assert condition.gap == (
        "研发费用占销售收入 3.60%，您所在收入档（5000万元以下）要求不低于 5.00%：近三年还需增加研发投入 140.00 万元"
    )
    assert condition.shortfall == result.rd_shortfall == D("1400000.00")
    assert condition.unit == "yuan"
    assert not result.passed


def test_outsourced_rd_counts_at_eighty_percent():
    # 6M paid, 1M of it outsourced: 6M - 20% x 1M = 5.8M counts, 4.83% of 120M.
    result = check(
        facts(
            revenues=[D("40000000")] * 3,
            rd_expenses=[D("2000000")] * 3,
            rd_outsourced=D("1000000"),
            rd_in_china=D("5800000"),
        )
    )
    assert result.rd_countable == D("5800000.0")
    assert status(result, ConditionCode.RD_RATIO) is False
    assert result.rd_shortfall == D("200000.00")


def test_outsourced_shortfall_is_rounded_up_to_the_cent():
    # 20% x 1,234,567.89 = 246,913.578 does not count; 246,913.58 must be added.
    assert countable_rd([D("2000000")] * 3, D("1234567.89")) == D("5753086.422")
    result = check(
        facts(
            revenues=[D("40000000")] * 3,
            rd_expenses=[D("2000000")] * 3,
            rd_outsourced=D("1234567.89"),
            rd_in_china=D("5000000"),
        )
    )
    assert result.rd_shortfall == D("246913.58")
    assert result.condition(ConditionCode.RD_RATIO).gap.endswith("近三年还需增加研发投入 24.70 万元")


def test_only_the_last_three_years_count():
    result = check(facts(revenues=[D("999999999"), *BASE.revenues], rd_expenses=[D(0), *BASE.rd_expenses]))
    assert result.revenue_total == D("135000000")
    assert result.passed


def test_a_two_year_firm_is_measured_over_two_years():
    result = check(facts(revenues=[D("10000000"), D("10000000")], rd_expenses=[D("400000"), D("400000")]))
    assert result.rd_ratio == D("0.04")
    assert result.condition(ConditionCode.RD_RATIO).gap.endswith("近两年还需增加研发投入 20.00 万元")


@pytest.mark.parametrize("revenues", [[], [D(0), D(0), D(0)], [D(-1)]])
def test_zero_revenue_fails_without_raising(revenues):
    result = check(facts(revenues=revenues))
    condition = result.condition(ConditionCode.RD_RATIO)
    assert condition.passed is False
    assert "销售收入合计为 0，无法计算研发费用占比" in condition.gap
    assert result.rd_ratio == 0


def test_mismatched_years_are_flagged():
    result = check(facts(rd_expenses=[D("3750000"), D("3750000")]))
    assert result.warnings == ["销售收入填了 3 年、研发费用填了 2 年，两者应为同样的年度"]


# --- registration age -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("registered_on", "apply_on", "passed"),
    [
        (date(2023, 6, 1), date(2024, 5, 31), True),  # 365 days (across 29 February 2024)
        (date(2023, 6, 1), date(2024, 5, 30), False),  # 364 days
        (date(2023, 3, 1), date(2024, 2, 29), True),  # 365 days, ending on the leap day
        (date(2023, 3, 1), date(2024, 2, 28), False),  # 364 days
        (date(2024, 2, 29), date(2025, 2, 28), True),  # 365 days from the leap day
        (date(2024, 2, 29), date(2025, 2, 27), False),
        (date(2024, 1, 1), date(2024, 12, 31), True),  # a leap year: 365 days before the anniversary
        (date(2025, 1, 1), date(2025, 12, 31), False),  # an ordinary year: only 364 days
        (date(2025, 6, 1), date(2025, 1, 1), False),  # applying before registering
    ],
)
def test_registered_at_least_365_days(registered_on, apply_on, passed):
    result = check(facts(registered_on=registered_on, apply_on=apply_on))
    assert status(result, ConditionCode.REGISTERED_ONE_YEAR) is passed


def test_registration_gap_names_the_first_possible_day():
    condition = check(facts(registered_on=date(2025, 1, 1), apply_on=date(2025, 12, 31))).condition(
        ConditionCode.REGISTERED_ONE_YEAR
    )
    assert condition.actual == "2025-01-01 注册，至申请日 2025-12-31 共 364 天"
    assert condition.gap == "还差 1 天，2026-01-01 起方可申请"
    assert condition.shortfall == 1


# --- shares: staff, R&D in China, high-tech income --------------------------------------------


@pytest.mark.parametrize(
    ("staff_total", "sci_tech_staff", "passed"),
    [(100, 10, True), (100, 9, False), (10, 1, True), (1000, 99, False), (1000, 100, True), (0, 0, False)],
)
def test_sci_tech_staff_at_least_ten_percent(staff_total, sci_tech_staff, passed):
    result = check(facts(staff_total=staff_total, sci_tech_staff=sci_tech_staff))
    assert status(result, ConditionCode.SCI_TECH_STAFF) is passed


def test_staff_gap_in_points_and_people():
    condition = check(facts(staff_total=100, sci_tech_staff=9)).condition(ConditionCode.SCI_TECH_STAFF)
    # (9 + k) / (100 + k) >= 10% needs k = 2 (1 gives 10 / 101 = 9.9%).
    assert condition.gap == "科技人员占职工总数 9.00%，要求不低于 10.00%：还差 1.00 个百分点，需新增科技人员 2 人"
    assert condition.shortfall == 2


def test_zero_staff_fails_with_a_plain_reason():
    condition = check(facts(staff_total=0, sci_tech_staff=0)).condition(ConditionCode.SCI_TECH_STAFF)
    assert condition.gap == "职工总数为 0，请填写职工总数和科技人员数"


@pytest.mark.parametrize(
    ("rd_in_china", "passed", "shortfall"),
    [
        ("4500000", True, None),  # exactly 60% of 7.5M
        ("4499999.99", False, "0.03"),  # (0.6 x 7.5M - 4,499,999.99) / 0.4 = 0.025 -> 0.03
        ("3000000", False, "3750000.00"),  # (4.5M - 3M) / 0.4
        ("7500000", True, None),
    ],
)
def test_rd_in_china_at_least_sixty_percent(rd_in_china, passed, shortfall):
    condition = check(facts(rd_in_china=D(rd_in_china))).condition(ConditionCode.RD_IN_CHINA)
    assert condition.passed is passed
    assert condition.shortfall == (None if shortfall is None else D(shortfall))


def test_rd_in_china_uses_the_countable_rd():
    # 7.5M paid, 1M outsourced: 7.3M counts; 60% of it is 4.38M.
    result = check(facts(rd_outsourced=D("1000000"), rd_in_china=D("4380000")))
    assert status(result, ConditionCode.RD_IN_CHINA) is True
    result = check(facts(rd_outsourced=D("1000000"), rd_in_china=D("4379999.99")))
    assert status(result, ConditionCode.RD_IN_CHINA) is False


def test_rd_in_china_gap_text():
    condition = check(facts(rd_in_china=D("3000000"))).condition(ConditionCode.RD_IN_CHINA)
    assert condition.gap == (
        "境内研发费用占全部研发费用 40.00%，要求不低于 60.00%：还差 20.00 个百分点，还需增加境内研发投入 375.00 万元"
    )


@pytest.mark.parametrize(
    ("hightech_income", "total_income", "passed", "shortfall"),
    [
        ("30000000", "50000000", True, None),
        ("29999999.99", "50000000", False, "0.03"),
        ("25000000", "50000000", False, "12500000.00"),
        ("0", "0", False, None),
    ],
)
def test_hightech_income_at_least_sixty_percent(hightech_income, total_income, passed, shortfall):
    condition = check(facts(hightech_income=D(hightech_income), total_income=D(total_income))).condition(
        ConditionCode.HIGHTECH_INCOME
    )
    assert condition.passed is passed
    assert condition.shortfall == (None if shortfall is None else D(shortfall))


def test_hightech_income_gap_text():
    condition = check(facts(hightech_income=D("25000000"))).condition(ConditionCode.HIGHTECH_INCOME)
    assert condition.gap == (
        "高新技术产品（服务）收入占总收入 50.00%，要求不低于 60.00%：还差 10.00 个百分点，"
        "还需增加高新技术产品（服务）收入 1,250.00 万元"
    )


def test_zero_total_income_fails_with_a_plain_reason():
    condition = check(facts(hightech_income=D(0), total_income=D(0))).condition(ConditionCode.HIGHTECH_INCOME)
    assert condition.gap == "最近一年总收入为 0，无法计算高新技术产品（服务）收入占比"


# --- yes/no conditions and the innovation score -----------------------------------------------


@pytest.mark.parametrize(
    ("changes", "code", "gap"),
    [
        ({"has_core_ip": False}, ConditionCode.CORE_IP, "尚无对主要产品（服务）发挥核心支持作用的知识产权"),
        ({"supported_field": False}, ConditionCode.SUPPORTED_FIELD, "主要产品（服务）的核心技术不在八大领域范围内"),
        (
            {"violations": True},
            ConditionCode.NO_VIOLATION,
            "申请认定前一年内发生过重大安全、重大质量事故或严重环境违法行为",
        ),
    ],
)
def test_yes_no_conditions(changes, code, gap):
    result = check(facts(**changes))
    assert not result.passed
    assert [c.code for c in result.failed] == [code]
    assert result.condition(code).gap == gap


@pytest.mark.parametrize(
    ("score", "passed", "status_label"),
    [(100, True, "符合"), (71, True, "符合"), (70, False, "不符合"), (0, False, "不符合"), (None, None, "待评")],
)
def test_innovation_score_at_least_71(score, passed, status_label):
    result = check(facts(innovation_score=score))
    condition = result.condition(ConditionCode.INNOVATION_SCORE)
    assert condition.passed is passed
    assert condition.status_label == status_label
    assert result.passed is (passed is True)


def test_pending_innovation_score_blocks_the_pass_but_is_not_a_failure():
    result = check(facts(innovation_score=None))
    assert not result.passed
    assert result.failed == []
    assert [c.code for c in result.pending] == [ConditionCode.INNOVATION_SCORE]
    assert result.pending[0].status == "pending"
    assert result.pending[0].gap == "待专家评价，须不低于 71 分"


def test_innovation_gap_in_points():
    condition = check(facts(innovation_score=70)).condition(ConditionCode.INNOVATION_SCORE)
    assert condition.gap == "创新能力评价 70 分，要求不低于 71 分：还差 1 分"
    assert condition.shortfall == 1


def test_eight_supported_fields():
    assert [label for _, label in HIGHTECH_FIELD_CHOICES] == [
        "电子信息",
        "生物与新医药",
        "航空航天",
        "新材料",
        "高技术服务",
        "新能源与节能",
        "资源与环境",
        "先进制造与自动化",
    ]


# --- growth ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "score"),
    [
        # Two years: one ratio.
        (["100", "135"], 10),  # exactly 35%
        (["100", "134.99"], 8),
        (["100", "125"], 8),  # exactly 25%
        (["100", "124.99"], 6),
        (["100", "115"], 6),  # exactly 15%
        (["100", "114.99"], 4),
        (["100", "105"], 4),  # exactly 5%
        (["100", "104.99"], 2),
        (["100", "100.01"], 2),  # just above 0
        (["100", "100"], 0),  # exactly 0
        (["100", "90"], 0),
        # Three years: the mean of two ratios.
        (["100", "100", "170"], 10),  # (1 + 1.7) / 2 - 1 = 35%
        (["100", "100", "169.99"], 8),
        (["100", "125", "156.25"], 8),  # 25% twice
        (["100", "115", "132.25"], 6),  # 15% twice
        (["100", "105", "110.25"], 4),  # 5% twice
        (["100", "200", "100"], 8),  # (2 + 0.5) / 2 - 1 = 25%
        (["100", "50", "60"], 0),  # (0.5 + 1.2) / 2 - 1 = -15%
    ],
)
def test_growth_score_at_every_band_edge(values, score):
    assert growth_score([D(v) for v in values]) == score


@pytest.mark.parametrize(
    ("values", "score"),
    [
        ([], 0),
        (["100"], 0),
        (["0", "100"], 0),  # two years, base 0
        (["-50", "100"], 0),  # two years, negative base
        (["100", "0", "100"], 0),  # second-year base 0
        (["100", "-10", "50"], 0),  # second-year base negative
        (["-10", "100", "140"], 0),  # negative first year: no valid base
        (["0", "100", "140"], 0),  # first year 0 is a base <= 0 (DESIGN.md 4.2)
        (["0", "100", "104"], 0),
        (["1", "100", "100", "170"], 10),  # only the last three years count
    ],
)
def test_growth_bases_and_short_series(values, score):
    assert growth_score([D(v) for v in values]) == score


def test_the_guideline_reading_of_a_zero_first_year_can_be_turned_on():
    guideline = replace(INNOVATION_2016, growth_first_year_zero_uses_last_two=True)
    assert growth_score([D(0), D(100), D(140)], guideline) == 10  # the last two years: 40%
    assert growth_score([D(0), D(100), D(104)], guideline) == 2
    assert growth_rate([D(0), D(100), D(140)]) is None


def test_growth_rate_is_exact():
    assert growth_rate([D(100), D(130), D(169)]) == D("0.3")
    assert growth_rate([D(100), D(135)]) == D("0.35")
    assert growth_rate([D(100)]) is None


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["100", "135"], (9, 10)),
        (["100", "125"], (7, 8)),
        (["100", "115"], (5, 6)),
        (["100", "105"], (3, 4)),
        (["100", "101"], (1, 2)),
        (["100", "100"], (0, 0)),
        (["0", "100"], (0, 0)),
    ],
)
def test_growth_score_range(values, expected):
    assert growth_score_range([D(v) for v in values]) == expected


# --- innovation capability: objective helpers ---------------------------------------------------


@pytest.mark.parametrize(
    ("class1", "class2", "expected"),
    [
        (1, 0, (7, 8)),
        (2, 10, (7, 8)),
        (0, 6, (5, 6)),
        (0, 5, (5, 6)),
        (0, 4, (3, 4)),
        (0, 3, (3, 4)),
        (0, 2, (1, 2)),
        (0, 1, (1, 2)),
        (0, 0, (0, 0)),
    ],
)
def test_ip_quantity_score_range(class1, class2, expected):
    assert ip_quantity_score_range(class1, class2) == expected


@pytest.mark.parametrize(
    ("own_rd", "acquired", "expected"),
    [(True, False, (1, 6)), (True, True, (1, 6)), (False, True, (1, 3)), (False, False, (0, 0))],
)
def test_ip_obtained_score_range(own_rd, acquired, expected):
    assert ip_obtained_score_range(own_rd=own_rd, acquired=acquired) == expected


@pytest.mark.parametrize(
    ("average", "expected"),
    [
        ("6", (25, 30)),
        ("5", (25, 30)),
        ("4.99", (19, 24)),
        ("4", (19, 24)),
        ("3", (13, 18)),
        ("2", (7, 12)),
        ("1", (1, 6)),
        ("0.99", (0, 0)),
        ("0", (0, 0)),
    ],
)
def test_transformation_score_range(average, expected):
    assert transformation_score_range(D(average)) == expected


# --- innovation capability: the combined estimate -------------------------------------------------


def test_nothing_scored_by_experts_gives_the_widest_range():
    estimate = innovation_score_range(class1_ip=1, class2_ip=0, net_assets=[D(100), D(135)], revenues=[D(100), D(135)])
    # low: quantity 7 + growth 9 + 9; high: IP capped at 30 + 30 + 20 + 10 + 10.
    assert (estimate.low, estimate.high) == (25, 100)
    assert estimate.label == "预计创新能力得分 25-100 分"
    assert [p.computed for p in estimate.parts] == [False, False, True, False, False, False, False, True, True]


def test_expert_ranges_combine_with_computed_parts():
    estimate = innovation_score_range(
        class1_ip=0,
        class2_ip=3,  # quantity 3-4
        net_assets=[D(100), D(115)],  # 15%: 5-6
        revenues=[D(100), D(125)],  # 25%: 7-8
        expert=ExpertParts(
            ip_advancement=(5, 6),
            ip_core_role=(5, 6),
            ip_obtained=(4, 5),
            standards_bonus=(0, 0),
            transformation=(19, 24),
            rd_organisation=(14, 19),
        ),
    )
    # low: IP 5+5+3+4+0 = 17, +19 +14 +5 +7 = 62; high: IP 6+6+4+5 = 21, +24 +19 +6 +8 = 78.
    assert (estimate.low, estimate.high) == (62, 78)
    assert estimate.label == "预计创新能力得分 62-78 分"
    assert estimate.may_pass and not estimate.sure_to_pass


def test_ip_total_is_capped_at_thirty():
    estimate = innovation_score_range(
        class1_ip=1,  # 7-8
        class2_ip=0,
        net_assets=[],
        revenues=[],
        expert=ExpertParts(
            ip_advancement=(8, 8),
            ip_core_role=(8, 8),
            ip_obtained=(6, 6),
            standards_bonus=(2, 2),
            transformation=(30, 30),
            rd_organisation=(20, 20),
        ),
    )
    # IP 31-32 capped to 30, growth 0.
    assert (estimate.low, estimate.high) == (80, 80)
    assert estimate.label == "预计创新能力得分 80 分"
    assert estimate.sure_to_pass


@pytest.mark.parametrize(
    "expert",
    [
        ExpertParts(ip_advancement=(5, 4)),
        ExpertParts(ip_advancement=(0, 9)),
        ExpertParts(transformation=(-1, 10)),
        ExpertParts(rd_organisation=(0, 21)),
    ],
)
def test_expert_ranges_outside_the_part_are_refused(expert):
    with pytest.raises(ValueError, match="得分范围"):
        innovation_score_range(class1_ip=0, class2_ip=0, net_assets=[], revenues=[], expert=expert)


def test_policy_is_data():
    stricter = replace(HIGHTECH_2016, innovation=replace(INNOVATION_2016, pass_score=75))
    assert check(facts(innovation_score=72), stricter).passed is False
    assert check(facts(innovation_score=72)).passed is True
