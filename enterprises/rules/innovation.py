"""企业创新能力评价 (innovation-capability score) of high-tech certification, DESIGN.md 4.2.

Policy: 《高新技术企业认定管理工作指引》(国科发火〔2016〕195号), part 《企业创新能力评价》.
``INNOVATION_2016`` holds the scoring; ``hightech`` re-exports these functions and checks
the pass score (≥ 71 of 100) as one of its conditions.

- IP 30: advancement 8, core role 8, quantity 8 (≥1 class I 7-8, ≥5 class II 5-6, 3-4 3-4,
  1-2 1-2, else 0), how obtained 6 (own R&D 1-6, only acquired 1-3), standards bonus 2;
  the five together are capped at 30.
- Transformation of results 30: yearly average ≥5 25-30, ≥4 19-24, ≥3 13-18, ≥2 7-12,
  ≥1 1-6, else 0.
- R&D organisation 20 (6+6+4+4), scored by experts.
- Growth 20: net assets 10 and revenue 10, each from a rate
  ((year2 / year1) + (year3 / year2)) / 2 - 1 (one ratio when only two years exist):
  ≥35% 9-10, [25,35) 7-8, [15,25) 5-6, [5,15) 3-4, (0,5) 1-2, ≤0 0; 0 points when a base
  is ≤ 0 (DESIGN.md 4.2, the default). The 工作指引 reads that when the first of three
  years is exactly 0 the rate is taken over the last two years (第一年末净资产或销售收入为0
  的，按后两年计算); a bureau that applies that reading sets
  ``growth_first_year_zero_uses_last_two`` in its policy.

The objective parts (IP quantity, growth) are computed; the expert parts come in as
(min, max) ranges, so the self-check can say "预计创新能力得分 62-78 分"
(``innovation_score_range``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from enterprises.rules import ONE, ZERO

ScoreRange = tuple[int, int]


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
class InnovationPolicy:
    """Scoring of one version of the innovation-capability evaluation."""

    pass_score: int  # the score must reach this (总分 70 分以上, i.e. at least 71)
    years: int  # fiscal years of the growth series
    ip_max: int
    ip_advancement_max: int
    ip_core_role_max: int
    ip_quantity_max: int
    ip_quantity_class1: ScoreRange  # any class-I item
    ip_quantity_class2_bands: tuple[ScoreBand, ...]  # otherwise, floors are class-II counts
    ip_obtained_max: int
    standards_bonus_max: int
    transformation_max: int
    rd_organisation_max: int
    growth_max: int  # per series (net assets, revenue)
    growth_bands: tuple[ScoreBand, ...]
    transformation_bands: tuple[ScoreBand, ...]  # floors are results transformed per year
    growth_first_year_zero_uses_last_two: bool


INNOVATION_2016 = InnovationPolicy(
    pass_score=71,
    years=3,
    ip_max=30,
    ip_advancement_max=8,
    ip_core_role_max=8,
    ip_quantity_max=8,
    ip_quantity_class1=(7, 8),
    ip_quantity_class2_bands=(
        ScoreBand(Decimal(5), 5, 6),
        ScoreBand(Decimal(3), 3, 4),
        ScoreBand(Decimal(1), 1, 2),
    ),
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
    growth_first_year_zero_uses_last_two=False,
)
CURRENT = INNOVATION_2016


# --- Innovation capability: objective parts -------------------------------------------------


def ip_quantity_score_range(class1: int, class2: int, policy: InnovationPolicy = CURRENT) -> ScoreRange:
    """Score IP quantity (知识产权数量, 8): ≥1 class I 7-8, ≥5 class II 5-6, 3-4 3-4, 1-2 1-2, else 0."""
    if class1 >= 1:
        return policy.ip_quantity_class1
    return _band_range(Decimal(class2), policy.ip_quantity_class2_bands)


def ip_obtained_score_range(*, own_rd: bool, acquired: bool) -> ScoreRange:
    """Score how the IP was obtained (获得方式, 6): own R&D 1-6, only transfer / gift / acquisition 1-3."""
    if own_rd:
        return (1, 6)
    if acquired:
        return (1, 3)
    return (0, 0)


def transformation_score_range(yearly_average: Decimal, policy: InnovationPolicy = CURRENT) -> ScoreRange:
    """Score the transformation of results (科技成果转化能力, 30) from the yearly average count.

    Bands per the 工作指引: ≥5 25-30, ≥4 19-24, ≥3 13-18, ≥2 7-12, ≥1 1-6, else 0.
    """
    return _band_range(Decimal(yearly_average), policy.transformation_bands)


def growth_rate(values: Sequence[Decimal], policy: InnovationPolicy = CURRENT) -> Decimal | None:
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


def growth_score_range(values: Sequence[Decimal], policy: InnovationPolicy = CURRENT) -> ScoreRange:
    """Score one growth series (净资产 or 销售收入, 10) as the (min, max) of its band."""
    rate = growth_rate(values, policy)
    if rate is None:
        return (0, 0)
    return _band_range(rate, policy.growth_bands)


def growth_score(values: Sequence[Decimal], policy: InnovationPolicy = CURRENT) -> int:
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
    policy: InnovationPolicy = CURRENT,
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
    return InnovationEstimate(low=low, high=high, parts=parts, pass_score=p.pass_score)


def _part(name: str, score: ScoreRange, max_score: int, *, computed: bool) -> InnovationPart:
    low, high = score
    if not 0 <= low <= high <= max_score:
        raise ValueError(f"{name}：得分范围 {low}-{high} 不在 0-{max_score} 之内")
    return InnovationPart(name, low, high, max_score, computed)
