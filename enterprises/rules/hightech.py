"""高新技术企业认定 (high-tech enterprise certification): self-check, DESIGN.md 4.2.

Policy: 《高新技术企业认定管理办法》(国科发火〔2016〕32号) and 《高新技术企业认定管理工作
指引》(国科发火〔2016〕195号). ``HIGHTECH_2016`` holds the thresholds.

Conditions (all must hold; ``check``):
1. registered in mainland China at least one year (365 days) before applying;
2. owns IP core to its main products (own R&D, transfer, gift or acquisition);
3. its technology is in one of the eight supported fields (``HighTechField``);
4. sci-tech staff ≥ 10% of all staff;
5. R&D over the last three fiscal years (fewer if younger) / revenue over the same years
   ≥ 5% when the latest year's revenue ≤ 50 million yuan, ≥ 4% in (50, 200] million,
   ≥ 3% above 200 million; outsourced R&D counts at 80% of what was paid;
6. R&D spent in China ≥ 60% of all R&D;
7. high-tech products and services ≥ 60% of total income in the latest year;
8. innovation-capability score ≥ 71 (pending until the experts have scored);
9. no major safety, quality or environmental violation in the year before applying.

Innovation capability (100): IP 30 (advancement 8, core role 8, quantity 8, how obtained 6,
standards bonus 2, capped at 30); transformation of results 30; R&D organisation 20
(6+6+4+4); growth 20 (net assets 10 + revenue 10). The objective parts (IP quantity,
growth) are computed here; the expert parts come in as (min, max) ranges, so the
self-check can say "预计创新能力得分 62-78 分" (``innovation_score_range``).

Growth rate = ((year2 / year1) + (year3 / year2)) / 2 - 1, one ratio when only two years
exist, 0 points when a base is ≤ 0. Deliberate refinement from the 工作指引: when the
first year is exactly 0 the rate is taken over the last two years (``第一年末净资产或销售
收入为0的，按后两年计算``); ``growth_first_year_zero_uses_last_two`` turns it off.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from itertools import pairwise

from enterprises.rules import ONE, ZERO, ceil_cent, money, pct, points_gap, ratio

ScoreRange = tuple[int, int]


class HighTechField(StrEnum):
    """The eight fields of 《国家重点支持的高新技术领域》."""

    ELECTRONIC_INFORMATION = "electronic_information"
    BIO_MEDICINE = "bio_medicine"
    AEROSPACE = "aerospace"
    NEW_MATERIALS = "new_materials"
    HIGHTECH_SERVICES = "hightech_services"
    NEW_ENERGY = "new_energy"
    RESOURCES_ENVIRONMENT = "resources_environment"
    ADVANCED_MANUFACTURING = "advanced_manufacturing"

    @property
    def label(self) -> str:
        return HIGHTECH_FIELD_LABELS[self]


HIGHTECH_FIELD_LABELS: dict[HighTechField, str] = {
    HighTechField.ELECTRONIC_INFORMATION: "电子信息",
    HighTechField.BIO_MEDICINE: "生物与新医药",
    HighTechField.AEROSPACE: "航空航天",
    HighTechField.NEW_MATERIALS: "新材料",
    HighTechField.HIGHTECH_SERVICES: "高技术服务",
    HighTechField.NEW_ENERGY: "新能源与节能",
    HighTechField.RESOURCES_ENVIRONMENT: "资源与环境",
    HighTechField.ADVANCED_MANUFACTURING: "先进制造与自动化",
}
HIGHTECH_FIELD_CHOICES: list[tuple[str, str]] = [(f.value, HIGHTECH_FIELD_LABELS[f]) for f in HighTechField]


class ConditionCode(StrEnum):
    """The conditions of ``check``, in the order of the 认定管理办法 article 11."""

    REGISTERED_ONE_YEAR = "registered_one_year"
    CORE_IP = "core_ip"
    SUPPORTED_FIELD = "supported_field"
    SCI_TECH_STAFF = "sci_tech_staff"
    RD_RATIO = "rd_ratio"
    RD_IN_CHINA = "rd_in_china"
    HIGHTECH_INCOME = "hightech_income"
    INNOVATION_SCORE = "innovation_score"
    NO_VIOLATION = "no_violation"


@dataclass(frozen=True)
class RevenueBand:
    """A latest-year revenue band and the R&D ratio it requires."""

    ceiling: Decimal | None  # revenue up to and including this; None: no ceiling
    rd_ratio: Decimal
    label: str


@dataclass(frozen=True)
class ScoreBand:
    """A band of a scored indicator: values at or above ``floor`` (above it when not
    ``inclusive``) score between ``low`` and ``high``; listed from the top down."""

    floor: Decimal
    low: int
    high: int
    inclusive: bool = True

    def contains(self, value: Decimal) -> bool:
        return value >= self.floor if self.inclusive else value > self.floor


@dataclass(frozen=True)
class HighTechPolicy:
    """Thresholds of one version of the high-tech certification rules."""

    name: str
    min_registered_days: int
    min_sci_tech_share: Decimal
    revenue_bands: tuple[RevenueBand, ...]
    outsourced_rd_counted: Decimal  # share of outsourced R&D that counts
    min_rd_in_china_share: Decimal
    min_hightech_income_share: Decimal
    min_innovation_score: int
    years: int  # fiscal years looked at
    # Innovation capability.
    ip_max: int
    ip_advancement_max: int
    ip_core_role_max: int
    ip_quantity_max: int
    ip_obtained_max: int
    standards_bonus_max: int
    transformation_max: int
    rd_organisation_max: int
    growth_max: int  # per series (net assets, revenue)
    growth_bands: tuple[ScoreBand, ...]
    transformation_bands: tuple[ScoreBand, ...]  # floors are results transformed per year
    growth_first_year_zero_uses_last_two: bool


HIGHTECH_2016 = HighTechPolicy(
    name="高新技术企业认定管理办法（国科发火〔2016〕32号）及工作指引（国科发火〔2016〕195号）",
    min_registered_days=365,
    min_sci_tech_share=Decimal("0.10"),
    revenue_bands=(
        RevenueBand(Decimal(50_000_000), Decimal("0.05"), "5000万元以下"),
        RevenueBand(Decimal(200_000_000), Decimal("0.04"), "5000万元至2亿元"),
        RevenueBand(None, Decimal("0.03"), "2亿元以上"),
    ),
    outsourced_rd_counted=Decimal("0.8"),
    min_rd_in_china_share=Decimal("0.60"),
    min_hightech_income_share=Decimal("0.60"),
    min_innovation_score=71,
    years=3,
    ip_max=30,
    ip_advancement_max=8,
    ip_core_role_max=8,
    ip_quantity_max=8,
    ip_obtained_max=6,
    standards_bonus_max=2,
    transformation_max=30,
    rd_organisation_max=20,
    growth_max=10,
    growth_bands=(
        ScoreBand(Decimal("0.35"), 9, 10),
        ScoreBand(Decimal("0.25"), 7, 8),
        ScoreBand(Decimal("0.15"), 5, 6),
        ScoreBand(Decimal("0.05"), 3, 4),
        ScoreBand(ZERO, 1, 2, inclusive=False),
    ),
    transformation_bands=(
        ScoreBand(Decimal(5), 25, 30),
        ScoreBand(Decimal(4), 19, 24),
        ScoreBand(Decimal(3), 13, 18),
        ScoreBand(Decimal(2), 7, 12),
        ScoreBand(Decimal(1), 1, 6),
    ),
    growth_first_year_zero_uses_last_two=True,
)
CURRENT = HIGHTECH_2016


@dataclass(frozen=True)
class HighTechFacts:
    """What the self-check needs.

    ``revenues`` and ``rd_expenses`` cover the last three fiscal years, oldest first (fewer
    if the firm is younger; only the last three are used). ``rd_expenses`` include
    outsourced R&D at its full paid amount; ``rd_outsourced`` is the three-year total paid
    for it. ``rd_in_china`` is the three-year R&D spent in China on the counted basis
    (outsourced work in China at 80%), so it compares with the countable R&D.
    ``hightech_income`` and ``total_income`` are the latest year's.
    """

    registered_on: date
    apply_on: date
    has_core_ip: bool
    supported_field: bool
    staff_total: int
    sci_tech_staff: int
    revenues: list[Decimal]
    rd_expenses: list[Decimal]
    rd_in_china: Decimal
    rd_outsourced: Decimal
    hightech_income: Decimal
    total_income: Decimal
    innovation_score: int | None
    violations: bool = False


@dataclass(frozen=True)
class Condition:
    """One legal condition: ``passed`` is True, False, or None while pending (待评)."""

    code: ConditionCode
    title: str
    passed: bool | None
    actual: str
    required: str
    gap: str = ""
    shortfall: Decimal | None = None  # how much is missing, in ``unit``
    unit: str = ""  # "yuan", "person", "pp" (a fraction), "day", "point" or "" (yes / no)

    @property
    def status(self) -> str:
        return {True: "passed", False: "failed", None: "pending"}[self.passed]

    @property
    def status_label(self) -> str:
        return {True: "符合", False: "不符合", None: "待评"}[self.passed]


@dataclass
class HighTechResult:
    """The outcome of ``check``: ``passed`` only when every condition has passed."""

    passed: bool
    conditions: list[Condition]
    rd_ratio: Decimal
    rd_required: Decimal
    rd_countable: Decimal
    revenue_total: Decimal
    latest_revenue: Decimal
    revenue_band: str
    rd_shortfall: Decimal
    warnings: list[str] = field(default_factory=list)

    @property
    def failed(self) -> list[Condition]:
        return [c for c in self.conditions if c.passed is False]

    @property
    def pending(self) -> list[Condition]:
        return [c for c in self.conditions if c.passed is None]

    def condition(self, code: ConditionCode | str) -> Condition:
        return next(c for c in self.conditions if c.code == code)


_YEARS_WORD = {1: "一", 2: "两", 3: "三"}


def revenue_band(latest_revenue: Decimal, policy: HighTechPolicy = CURRENT) -> RevenueBand:
    """Return the revenue band of the latest year's revenue (its ceiling is inclusive)."""
    for band in policy.revenue_bands:
        if band.ceiling is None or latest_revenue <= band.ceiling:
            return band
    raise AssertionError("the last revenue band must have no ceiling")


def countable_rd(rd_expenses: Sequence[Decimal], rd_outsourced: Decimal, policy: HighTechPolicy = CURRENT) -> Decimal:
    """Return the R&D that counts: all R&D paid, less the part of outsourced R&D that does not count."""
    paid = sum(list(rd_expenses)[-policy.years :], ZERO)
    return paid - (ONE - policy.outsourced_rd_counted) * rd_outsourced


def _iso(day: date) -> str:
    return day.isoformat()


def _needed_to_reach(part: Decimal, whole: Decimal, target: Decimal) -> Decimal:
    """Return x with (part + x) / (whole + x) = target: what to add to both to reach a share."""
    return ceil_cent((target * whole - part) / (ONE - target))


def check(facts: HighTechFacts, policy: HighTechPolicy = CURRENT) -> HighTechResult:
    """Check every condition of high-tech certification; never raises on zero denominators."""
    conditions: list[Condition] = []
    warnings: list[str] = []

    # 1. Registered at least one year (365 days) before applying.
    days = (facts.apply_on - facts.registered_on).days
    earliest = facts.registered_on + timedelta(days=policy.min_registered_days)
    registered_ok = days >= policy.min_registered_days
    conditions.append(
        Condition(
            ConditionCode.REGISTERED_ONE_YEAR,
            "注册成立满一年",
            registered_ok,
            actual=f"{_iso(facts.registered_on)} 注册，至申请日 {_iso(facts.apply_on)} 共 {days} 天",
            required=f"申请认定时须注册成立一年以上（不少于 {policy.min_registered_days} 天）",
            gap="" if registered_ok else f"还差 {policy.min_registered_days - days} 天，{_iso(earliest)} 起方可申请",
            shortfall=None if registered_ok else Decimal(policy.min_registered_days - days),
            unit="day",
        )
    )

    # 2. Core IP.
    conditions.append(
        Condition(
            ConditionCode.CORE_IP,
            "拥有核心知识产权",
            facts.has_core_ip,
            actual="拥有" if facts.has_core_ip else "未拥有",
            required="通过自主研发、受让、受赠、并购等方式，获得对主要产品（服务）在技术上发挥核心支持作用的知识产权所有权",
            gap="" if facts.has_core_ip else "尚无对主要产品（服务）发挥核心支持作用的知识产权",
        )
    )

    # 3. Supported field.
    conditions.append(
        Condition(
            ConditionCode.SUPPORTED_FIELD,
            "属于国家重点支持的高新技术领域",
            facts.supported_field,
            actual="属于" if facts.supported_field else "不属于",
            required="主要产品（服务）的核心技术属于《国家重点支持的高新技术领域》八大领域之一",
            gap="" if facts.supported_field else "主要产品（服务）的核心技术不在八大领域范围内",
        )
    )

    # 4. Sci-tech staff share.
    conditions.append(_staff_condition(facts, policy, warnings))

    # 5. R&D ratio over the years looked at.
    revenues = list(facts.revenues)[-policy.years :]
    rd_expenses = list(facts.rd_expenses)[-policy.years :]
    if len(revenues) != len(rd_expenses):
        warnings.append(f"销售收入填了 {len(revenues)} 年、研发费用填了 {len(rd_expenses)} 年，两者应为同样的年度")
    revenue_total = sum(revenues, ZERO)
    latest_revenue = revenues[-1] if revenues else ZERO
    band = revenue_band(latest_revenue, policy)
    rd_total = countable_rd(rd_expenses, facts.rd_outsourced, policy)
    if facts.rd_outsourced > sum(rd_expenses, ZERO):
        warnings.append("委托外部研发费用大于研发费用合计（后者应包含前者），请核对")
    years_word = "近" + _YEARS_WORD.get(len(revenues), _YEARS_WORD[policy.years]) + "年"
    rd_ratio = ratio(rd_total, revenue_total)
    required_text = f"不低于 {pct(band.rd_ratio)}（最近一年销售收入{band.label}）"
    if rd_ratio is None:
        rd_shortfall = ZERO
        conditions.append(
            Condition(
                ConditionCode.RD_RATIO,
                "研发费用占销售收入比例",
                False,
                actual=f"{years_word}销售收入合计为 0",
                required=required_text,
                gap=f"{years_word}销售收入合计为 0，无法计算研发费用占比，请填写各年度销售收入",
            )
        )
        rd_ratio = ZERO
    else:
        rd_ok = rd_ratio >= band.rd_ratio
        rd_shortfall = ZERO if rd_ok else ceil_cent(band.rd_ratio * revenue_total - rd_total)
        conditions.append(
            Condition(
                ConditionCode.RD_RATIO,
                "研发费用占销售收入比例",
                rd_ok,
                actual=pct(rd_ratio),
                required=required_text,
                gap=""
                if rd_ok
                else (
                    f"研发费用占销售收入 {pct(rd_ratio)}，您所在收入档（{band.label}）要求不低于 {pct(band.rd_ratio)}："
                    f"{years_word}还需增加研发投入 {money(rd_shortfall, round_up=True)}"
                ),
                shortfall=None if rd_ok else rd_shortfall,
                unit="yuan",
            )
        )

    # 6. R&D in China.
    conditions.append(
        _share_condition(
            ConditionCode.RD_IN_CHINA,
            "境内研发费用占比",
            facts.rd_in_china,
            rd_total,
            policy.min_rd_in_china_share,
            subject="境内研发费用占全部研发费用",
            empty="研发费用合计为 0，无法计算境内研发费用占比",
            remedy="还需增加境内研发投入",
        )
    )
    if rd_total > 0 and facts.rd_in_china > rd_total:
        warnings.append("境内研发费用大于可计入的研发费用总额，请核对（委托境内研发按 80% 计入）")

    # 7. High-tech income share (latest year).
    conditions.append(
        _share_condition(
            ConditionCode.HIGHTECH_INCOME,
            "高新技术产品（服务）收入占比",
            facts.hightech_income,
            facts.total_income,
            policy.min_hightech_income_share,
            subject="高新技术产品（服务）收入占总收入",
            empty="最近一年总收入为 0，无法计算高新技术产品（服务）收入占比",
            remedy="还需增加高新技术产品（服务）收入",
        )
    )

    # 8. Innovation-capability score.
    conditions.append(_innovation_condition(facts.innovation_score, policy))

    # 9. No major violation.
    conditions.append(
        Condition(
            ConditionCode.NO_VIOLATION,
            "无重大安全、质量事故或严重环境违法行为",
            not facts.violations,
            actual="有" if facts.violations else "无",
            required="申请认定前一年内未发生重大安全、重大质量事故或严重环境违法行为",
            gap="申请认定前一年内发生过重大安全、重大质量事故或严重环境违法行为" if facts.violations else "",
        )
    )

    return HighTechResult(
        passed=all(c.passed is True for c in conditions),
        conditions=conditions,
        rd_ratio=rd_ratio,
        rd_required=band.rd_ratio,
        rd_countable=rd_total,
        revenue_total=revenue_total,
        latest_revenue=latest_revenue,
        revenue_band=band.label,
        rd_shortfall=rd_shortfall,
        warnings=warnings,
    )


def _staff_condition(facts: HighTechFacts, policy: HighTechPolicy, warnings: list[str]) -> Condition:
    code, title = ConditionCode.SCI_TECH_STAFF, "科技人员占职工总数比例"
    required = f"不低于 {pct(policy.min_sci_tech_share)}"
    share = ratio(Decimal(facts.sci_tech_staff), Decimal(facts.staff_total))
    if facts.sci_tech_staff > facts.staff_total:
        warnings.append(f"科技人员 {facts.sci_tech_staff} 人多于职工总数 {facts.staff_total} 人，请核对")
    if share is None:
        return Condition(code, title, False, "职工总数为 0", required, gap="职工总数为 0，请填写职工总数和科技人员数")
    if share >= policy.min_sci_tech_share:
        return Condition(code, title, True, pct(share), required)
    target = policy.min_sci_tech_share
    hires = (target * facts.staff_total - facts.sci_tech_staff) / (ONE - target)
    hires = max(int(hires.to_integral_value(rounding=ROUND_CEILING)), 1)
    return Condition(
        code,
        title,
        False,
        pct(share),
        required,
        gap=(
            f"科技人员占职工总数 {pct(share)}，要求不低于 {pct(target)}："
            f"还差 {points_gap(target - share)}，需新增科技人员 {hires} 人"
        ),
        shortfall=Decimal(hires),
        unit="person",
    )


def _share_condition(
    code: ConditionCode,
    title: str,
    part: Decimal,
    whole: Decimal,
    target: Decimal,
    *,
    subject: str,
    empty: str,
    remedy: str,
) -> Condition:
    """Check part / whole ≥ target; the money gap assumes what is added raises both part and whole."""
    required = f"不低于 {pct(target)}"
    share = ratio(part, whole)
    if share is None:
        return Condition(code, title, False, "—", required, gap=empty)
    if share >= target:
        return Condition(code, title, True, pct(share), required)
    extra = _needed_to_reach(part, whole, target)
    return Condition(
        code,
        title,
        False,
        pct(share),
        required,
        gap=(
            f"{subject} {pct(share)}，要求不低于 {pct(target)}：还差 {points_gap(target - share)}，"
            f"{remedy} {money(extra, round_up=True)}"
        ),
        shortfall=extra,
        unit="yuan",
    )


def _innovation_condition(score: int | None, policy: HighTechPolicy) -> Condition:
    code, title = ConditionCode.INNOVATION_SCORE, "企业创新能力评价"
    required = f"不低于 {policy.min_innovation_score} 分"
    if score is None:
        return Condition(
            code, title, None, "待评", required, gap=f"待专家评价，须不低于 {policy.min_innovation_score} 分"
        )
    if score >= policy.min_innovation_score:
        return Condition(code, title, True, f"{score} 分", required)
    missing = policy.min_innovation_score - score
    return Condition(
        code,
        title,
        False,
        f"{score} 分",
        required,
        gap=f"创新能力评价 {score} 分，要求不低于 {policy.min_innovation_score} 分：还差 {missing} 分",
        shortfall=Decimal(missing),
        unit="point",
    )


# --- Innovation capability: objective parts -------------------------------------------------


def ip_quantity_score_range(class1: int, class2: int, policy: HighTechPolicy = CURRENT) -> ScoreRange:
    """Score IP quantity (知识产权数量, 8): ≥1 class I 7-8, ≥5 class II 5-6, 3-4 3-4, 1-2 1-2, else 0."""
    if class1 >= 1:
        return (7, 8)
    if class2 >= 5:
        return (5, 6)
    if class2 >= 3:
        return (3, 4)
    if class2 >= 1:
        return (1, 2)
    return (0, 0)


def ip_obtained_score_range(*, own_rd: bool, acquired: bool) -> ScoreRange:
    """Score how the IP was obtained (获得方式, 6): own R&D 1-6, only transfer / gift / acquisition 1-3."""
    if own_rd:
        return (1, 6)
    if acquired:
        return (1, 3)
    return (0, 0)


def transformation_score_range(yearly_average: Decimal, policy: HighTechPolicy = CURRENT) -> ScoreRange:
    """Score the transformation of results (科技成果转化能力, 30) from the yearly average count.

    Bands per the 工作指引: ≥5 25-30, ≥4 19-24, ≥3 13-18, ≥2 7-12, ≥1 1-6, else 0.
    """
    return _band_range(Decimal(yearly_average), policy.transformation_bands)


def growth_rate(values: Sequence[Decimal], policy: HighTechPolicy = CURRENT) -> Decimal | None:
    """Return the growth rate of a series (oldest first), or None when it cannot score.

    rate = ((y2 / y1) + (y3 / y2)) / 2 - 1, or y2 / y1 - 1 with two years; None with fewer
    than two years or when a base (every year but the last) is ≤ 0. With three years and
    the first exactly 0, the last two years are used instead (工作指引).
    """
    series = [Decimal(v) for v in list(values)[-policy.years :]]
    if len(series) == 3 and series[0] == 0 and policy.growth_first_year_zero_uses_last_two:
        series = series[1:]
    if len(series) < 2 or any(base <= 0 for base in series[:-1]):
        return None
    ratios = [later / earlier for earlier, later in pairwise(series)]
    return sum(ratios, ZERO) / len(ratios) - ONE


def growth_score_range(values: Sequence[Decimal], policy: HighTechPolicy = CURRENT) -> ScoreRange:
    """Score one growth series (净资产 or 销售收入, 10) as the (min, max) of its band."""
    rate = growth_rate(values, policy)
    if rate is None:
        return (0, 0)
    return _band_range(rate, policy.growth_bands)


def growth_score(values: Sequence[Decimal], policy: HighTechPolicy = CURRENT) -> int:
    """Score one growth series as the upper value of its band: ≥35% 10, [25,35) 8, [15,25) 6,
    [5,15) 4, (0,5) 2, ≤0 (or no valid base) 0."""
    return growth_score_range(values, policy)[1]


def _band_range(value: Decimal, bands: Sequence[ScoreBand]) -> ScoreRange:
    for band in bands:
        if band.contains(value):
            return (band.low, band.high)
    return (0, 0)


# --- Innovation capability: combining objective and expert parts ---------------------------


@dataclass(frozen=True)
class ExpertParts:
    """The expert-scored parts as (min, max) ranges; the defaults mean "not yet scored"."""

    ip_advancement: ScoreRange = (0, 8)  # 技术的先进程度
    ip_core_role: ScoreRange = (0, 8)  # 对主要产品（服务）在技术上发挥核心支持作用
    ip_obtained: ScoreRange = (0, 6)  # 知识产权获得方式
    standards_bonus: ScoreRange = (0, 2)  # 参与编制标准（加分项）
    transformation: ScoreRange = (0, 30)  # 科技成果转化能力
    rd_organisation: ScoreRange = (0, 20)  # 研究开发组织管理水平 (6+6+4+4)


@dataclass(frozen=True)
class InnovationPart:
    name: str
    low: int
    high: int
    max_score: int
    computed: bool  # True: computed from data; False: scored by experts


@dataclass(frozen=True)
class InnovationEstimate:
    """An innovation-capability score as a range, with its parts."""

    low: int
    high: int
    parts: list[InnovationPart]
    pass_score: int

    @property
    def label(self) -> str:
        span = f"{self.low}" if self.low == self.high else f"{self.low}-{self.high}"
        return f"预计创新能力得分 {span} 分"

    @property
    def may_pass(self) -> bool:
        return self.high >= self.pass_score

    @property
    def sure_to_pass(self) -> bool:
        return self.low >= self.pass_score


def innovation_score_range(
    *,
    class1_ip: int,
    class2_ip: int,
    net_assets: Sequence[Decimal],
    revenues: Sequence[Decimal],
    expert: ExpertParts | None = None,
    policy: HighTechPolicy = CURRENT,
) -> InnovationEstimate:
    """Combine the computed parts with the expert ranges into an overall (min, max) score.

    IP quantity and both growth rates are computed; the rest come from ``expert``. The IP
    indicator (advancement + core role + quantity + obtained + standards bonus) is capped at 30.
    """
    expert = expert or ExpertParts()
    p = policy
    quantity = ip_quantity_score_range(class1_ip, class2_ip, p)
    net_growth = growth_score_range(net_assets, p)
    revenue_growth = growth_score_range(revenues, p)
    parts = [
        _part("知识产权：技术的先进程度", expert.ip_advancement, p.ip_advancement_max, computed=False),
        _part("知识产权：核心支持作用", expert.ip_core_role, p.ip_core_role_max, computed=False),
        _part("知识产权：数量", quantity, p.ip_quantity_max, computed=True),
        _part("知识产权：获得方式", expert.ip_obtained, p.ip_obtained_max, computed=False),
        _part("知识产权：参与编制标准（加分）", expert.standards_bonus, p.standards_bonus_max, computed=False),
        _part("科技成果转化能力", expert.transformation, p.transformation_max, computed=False),
        _part("研究开发组织管理水平", expert.rd_organisation, p.rd_organisation_max, computed=False),
        _part("企业成长性：净资产增长率", net_growth, p.growth_max, computed=True),
        _part("企业成长性：销售收入增长率", revenue_growth, p.growth_max, computed=True),
    ]
    ip_parts, other_parts = parts[:5], parts[5:]
    low = min(sum(part.low for part in ip_parts), p.ip_max) + sum(part.low for part in other_parts)
    high = min(sum(part.high for part in ip_parts), p.ip_max) + sum(part.high for part in other_parts)
    return InnovationEstimate(low=low, high=high, parts=parts, pass_score=p.min_innovation_score)


def _part(name: str, score: ScoreRange, max_score: int, *, computed: bool) -> InnovationPart:
    low, high = score
    if not 0 <= low <= high <= max_score:
        raise ValueError(f"{name}：得分范围 {low}-{high} 不在 0-{max_score} 之内")
    return InnovationPart(name, low, high, max_score, computed)
