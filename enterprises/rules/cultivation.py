"""梯度培育 (gradient cultivation): the stages and what is missing for the next one.

Pipeline (DESIGN.md section 1, "gradient cultivation"): registered innovation entity ->
registered technology-based SME (科技型中小企业入库) -> high-tech reserve (高企后备库) ->
certified high-tech enterprise (高新技术企业) -> little giant (科技小巨人) -> leading
enterprise (领军企业).

The SME and high-tech stages follow national rules and reuse ``sme`` and ``hightech``.
The reserve and the two upper tiers are defined by each bureau: ``CULTIVATION_DEFAULT``
holds placeholder thresholds. UNCONFIRMED — they are sensible defaults, not a published
policy; the bureau must set its own and the page must say they are the bureau's criteria.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from enterprises.rules import (
    Gap,
    ceil_cent,
    money,
    money_limit,
    pct,
    pct_limit,
    points_gap,
    ratio,
)
from enterprises.rules import hightech as hightech_rules
from enterprises.rules import sme as sme_rules
from enterprises.rules.hightech import HighTechFacts, HighTechPolicy
from enterprises.rules.sme import SmeFacts, SmePolicy


class Stage(StrEnum):
    """A stage of the cultivation pipeline, from the bottom up."""

    REGISTERED = "registered"
    SME_REGISTERED = "sme_registered"
    HIGHTECH_RESERVE = "hightech_reserve"
    HIGHTECH_CERTIFIED = "hightech_certified"
    LITTLE_GIANT = "little_giant"
    LEADING = "leading"

    @property
    def label(self) -> str:
        return STAGE_INFO[self].label

    @property
    def order(self) -> int:
        return list(Stage).index(self)


@dataclass(frozen=True)
class StageInfo:
    stage: Stage
    label: str
    description: str
    national: bool  # True: national rules decide; False: the bureau's own criteria


STAGES: tuple[StageInfo, ...] = (
    StageInfo(Stage.REGISTERED, "已注册创新主体", "在平台注册并完善单位信息", national=False),
    StageInfo(
        Stage.SME_REGISTERED,
        "科技型中小企业",
        "通过科技型中小企业评价并取得入库登记编号（当年有效）",
        national=True,
    ),
    StageInfo(Stage.HIGHTECH_RESERVE, "高企后备库", "纳入高新技术企业后备培育库（市科技局标准）", national=False),
    StageInfo(
        Stage.HIGHTECH_CERTIFIED,
        "高新技术企业",
        "取得高新技术企业证书（有效期三年）",
        national=True,
    ),
    StageInfo(Stage.LITTLE_GIANT, "科技小巨人", "达到市科技局确定的科技小巨人企业标准", national=False),
    StageInfo(Stage.LEADING, "领军企业", "达到市科技局确定的科技领军企业标准", national=False),
)
STAGE_INFO: dict[Stage, StageInfo] = {info.stage: info for info in STAGES}
STAGE_CHOICES: list[tuple[str, str]] = [(info.stage.value, info.label) for info in STAGES]


@dataclass(frozen=True)
class ReserveCriteria:
    """Entry to the high-tech reserve, on the latest year's data. UNCONFIRMED, bureau-configurable."""

    min_rd_intensity: Decimal  # R&D / revenue
    min_sci_tech_share: Decimal  # sci-tech staff / all staff
    min_ip_items: int  # class-I plus class-II items


@dataclass(frozen=True)
class TierThresholds:
    """A bureau-defined tier (little giant, leading), on the latest year's data. UNCONFIRMED."""

    label: str
    min_revenue: Decimal
    min_rd_intensity: Decimal  # R&D / revenue
    min_class1_ip: int


@dataclass(frozen=True)
class CultivationPolicy:
    """The bureau's own cultivation thresholds (梯度培育标准, 市科技局确定)."""

    name: str
    reserve: ReserveCriteria
    little_giant: TierThresholds
    leading: TierThresholds


CULTIVATION_DEFAULT = CultivationPolicy(
    name="梯度培育标准（暂定，待市科技局确认）",
    reserve=ReserveCriteria(min_rd_intensity=Decimal("0.03"), min_sci_tech_share=Decimal("0.10"), min_ip_items=1),
    little_giant=TierThresholds(
        label="科技小巨人", min_revenue=Decimal(20_000_000), min_rd_intensity=Decimal("0.04"), min_class1_ip=1
    ),
    leading=TierThresholds(
        label="领军企业", min_revenue=Decimal(200_000_000), min_rd_intensity=Decimal("0.03"), min_class1_ip=5
    ),
)
CURRENT = CULTIVATION_DEFAULT


@dataclass(frozen=True)
class CultivationFacts:
    """Where the enterprise stands and its data.

    ``sme`` carries the latest year's profile (staff, revenue, R&D, IP) and is used for the
    SME, reserve and tier stages; ``hightech`` carries the three-year data for certification.
    """

    stage: Stage
    sme: SmeFacts | None = None
    hightech: HighTechFacts | None = None


def next_stage(stage: Stage) -> Stage | None:
    """Return the stage after ``stage`` in the pipeline, or None at the top."""
    stages = list(Stage)
    position = stages.index(stage)
    return stages[position + 1] if position + 1 < len(stages) else None


def target_stage(facts: CultivationFacts, sme_policy: SmePolicy = sme_rules.CURRENT) -> Stage | None:
    """Return the stage the enterprise should aim for next.

    A registered enterprise too large for SME evaluation (staff, revenue or assets above
    its limits) can never become an SME, so it aims straight for high-tech certification.
    """
    if facts.stage == Stage.REGISTERED and facts.sme is not None and _too_large_for_sme(facts.sme, sme_policy):
        return Stage.HIGHTECH_CERTIFIED
    return next_stage(facts.stage)


def _too_large_for_sme(facts: SmeFacts, policy: SmePolicy) -> bool:
    return (
        facts.staff_total > policy.max_staff
        or facts.revenue > policy.max_revenue
        or facts.total_assets > policy.max_assets
    )


def next_stage_gaps(
    facts: CultivationFacts,
    policy: CultivationPolicy = CURRENT,
    *,
    sme_policy: SmePolicy = sme_rules.CURRENT,
    hightech_policy: HighTechPolicy = hightech_rules.CURRENT,
) -> list[Gap]:
    """Say, in plain words, what the enterprise lacks for its next stage (empty: it is a candidate).

    A gap marked ``pending`` (e.g. the experts' innovation score) is not a shortfall.
    """
    target = target_stage(facts, sme_policy)
    if target is None:
        return []
    if target == Stage.HIGHTECH_CERTIFIED:
        return _hightech_gaps(facts.hightech, hightech_policy)
    if facts.sme is None:
        return [Gap("missing_data", "请先填写最近一年的职工、销售收入、研发费用和知识产权等数据")]
    if target == Stage.SME_REGISTERED:
        return sme_rules.score_gaps(facts.sme, sme_policy)
    if target == Stage.HIGHTECH_RESERVE:
        return _reserve_gaps(facts.sme, policy.reserve)
    tier = policy.little_giant if target == Stage.LITTLE_GIANT else policy.leading
    return _tier_gaps(facts.sme, tier)


def is_candidate(
    facts: CultivationFacts,
    policy: CultivationPolicy = CURRENT,
    *,
    sme_policy: SmePolicy = sme_rules.CURRENT,
    hightech_policy: HighTechPolicy = hightech_rules.CURRENT,
) -> bool:
    """Say whether the enterprise meets everything known for its next stage (automatic detection).

    Only pending items (such as the experts' innovation score) may remain.
    """
    if target_stage(facts, sme_policy) is None:
        return False
    gaps = next_stage_gaps(facts, policy, sme_policy=sme_policy, hightech_policy=hightech_policy)
    return all(gap.pending for gap in gaps)


def _hightech_gaps(facts: HighTechFacts | None, policy: HighTechPolicy) -> list[Gap]:
    if facts is None:
        return [Gap("missing_data", "请先填写近三年的销售收入、研发费用、人员和高新技术产品（服务）收入等数据")]
    result = hightech_rules.check(facts, policy)
    return [
        Gap(str(c.code), c.gap, c.shortfall, c.unit, pending=c.passed is None)
        for c in result.conditions
        if c.passed is not True
    ]


def _rd_intensity_gap(facts: SmeFacts, target: Decimal, who: str) -> Gap | None:
    """Gap in R&D intensity (R&D / revenue of the latest year) at the current revenue."""
    intensity = ratio(facts.rd_expense, facts.revenue)
    if intensity is None:
        return Gap("rd_intensity", f"最近一年销售收入为 0，无法计算研发投入强度（{who}要求不低于 {pct_limit(target)}）")
    if intensity >= target:
        return None
    extra = ceil_cent(target * facts.revenue - facts.rd_expense)
    return Gap(
        "rd_intensity",
        f"研发费用占销售收入 {pct(intensity)}，{who}要求不低于 {pct_limit(target)}："
        f"还差 {points_gap(target - intensity)}，按当前收入还需增加研发投入 {money(extra, round_up=True)}",
        extra,
        "yuan",
    )


def _reserve_gaps(facts: SmeFacts, criteria: ReserveCriteria) -> list[Gap]:
    who = "高企后备库"
    gaps = []
    rd_gap = _rd_intensity_gap(facts, criteria.min_rd_intensity, who)
    if rd_gap:
        gaps.append(rd_gap)
    share = ratio(Decimal(facts.sci_tech_staff), Decimal(facts.staff_total))
    if share is None:
        gaps.append(Gap("sci_tech_staff", "职工总数为 0，请填写职工总数和科技人员数"))
    elif share < criteria.min_sci_tech_share:
        gaps.append(
            Gap(
                "sci_tech_staff",
                f"科技人员占职工总数 {pct(share)}，{who}要求不低于 {pct_limit(criteria.min_sci_tech_share)}："
                f"还差 {points_gap(criteria.min_sci_tech_share - share)}",
                criteria.min_sci_tech_share - share,
                "pp",
            )
        )
    items = max(facts.class1_ip, 0) + max(facts.class2_ip, 0)
    if items < criteria.min_ip_items:
        missing = criteria.min_ip_items - items
        gaps.append(
            Gap(
                "ip",
                f"有效知识产权（Ⅰ类、Ⅱ类）{items} 项，{who}要求不少于 {criteria.min_ip_items} 项：还需 {missing} 项",
                Decimal(missing),
                "item",
            )
        )
    return gaps


def _tier_gaps(facts: SmeFacts, tier: TierThresholds) -> list[Gap]:
    who = tier.label
    gaps = []
    if facts.revenue < tier.min_revenue:
        missing = ceil_cent(tier.min_revenue - facts.revenue)
        gaps.append(
            Gap(
                "revenue",
                f"最近一年销售收入 {money(facts.revenue)}，{who}要求不低于 {money_limit(tier.min_revenue)}："
                f"还差 {money(missing, round_up=True)}",
                missing,
                "yuan",
            )
        )
    rd_gap = _rd_intensity_gap(facts, tier.min_rd_intensity, who)
    if rd_gap:
        gaps.append(rd_gap)
    if facts.class1_ip < tier.min_class1_ip:
        missing = tier.min_class1_ip - max(facts.class1_ip, 0)
        gaps.append(
            Gap(
                "class1_ip",
                f"Ⅰ类知识产权（如发明专利）{facts.class1_ip} 项，{who}要求不少于 {tier.min_class1_ip} 项："
                f"还需 {missing} 项",
                Decimal(missing),
                "item",
            )
        )
    return gaps
