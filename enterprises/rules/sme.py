"""科技型中小企业评价 (technology-based SME evaluation), DESIGN.md 4.1.

Policy: 《科技型中小企业评价办法》(国科发政〔2017〕115号) and 《科技型中小企业评价服务工作
指引》(国科火字〔2022〕67号). ``SME_2022`` holds the thresholds.

Eligibility: at most 500 staff, annual revenue and total assets at most 200 million yuan
each; not in a prohibited / restricted / eliminated industry; no major safety, quality or
environmental violation and no serious research misconduct in the reporting year and the
year before; not on the abnormal-operation or serious-dishonesty lists. (Resident
enterprise, sound accounts and separate R&D accounting are checked by the reviewer, not here.)

Score, 100 points:
- sci-tech staff / all staff (20): ≥30% 20; [25,30) 16; [20,25) 12; [15,20) 8; [10,15) 4; <10% 0.
- R&D (50), the better of two measures (the firm may choose; the form proposes the better):
  R&D / revenue ≥6% 50; [5,6) 40; [4,5) 30; [3,4) 20; [2,3) 10; <2% 0;
  R&D / total cost and expenses ≥30% 50; [25,30) 40; [20,25) 30; [15,20) 20; [10,15) 10; <10% 0.
- IP (30): ≥1 class-I item 30; otherwise class-II items ≥4 24, 3 18, 2 12, 1 6, 0 0.

Pass: eligible, and either a direct-qualification ground (valid high-tech certificate; a
national S&T award in the last five years, ranked in the top three units; a recognised
provincial-or-higher R&D institution; led an international / national / industry standard
in the last five years) or a total ≥ 60 with a staff score above 0.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from enterprises.rules import (
    ONE,
    Band,
    Gap,
    Indicator,
    band_label,
    band_points,
    ceil_cent,
    money,
    money_limit,
    next_band,
    pct,
    pct_limit,
    ratio,
    yuan,
)


class RdMeasure(StrEnum):
    """The two ways of scoring R&D (研发投入指标的两种计算口径)."""

    REVENUE = "revenue"  # 研发费用总额占销售收入总额的比例
    COST = "cost"  # 研发费用总额占成本费用支出总额的比例

    @property
    def label(self) -> str:
        return {RdMeasure.REVENUE: "研发费用占销售收入比例", RdMeasure.COST: "研发费用占成本费用总额比例"}[self]


def _bands(*pairs: tuple[str, int]) -> tuple[Band, ...]:
    return tuple(Band(Decimal(floor), points) for floor, points in pairs)


@dataclass(frozen=True)
class SmePolicy:
    """Thresholds of one version of the SME evaluation rules; bands are listed from the top down."""

    name: str
    max_staff: int
    max_revenue: Decimal
    max_assets: Decimal
    staff_bands: tuple[Band, ...]
    staff_max: int
    rd_revenue_bands: tuple[Band, ...]
    rd_cost_bands: tuple[Band, ...]
    rd_max: int
    class1_ip_points: int
    class2_ip_bands: tuple[Band, ...]  # floors are item counts
    ip_max: int
    pass_total: int
    # GB/T 4754 code prefixes of the prohibited / restricted / eliminated industries.
    # UNCONFIRMED: believed to follow the R&D super-deduction exclusions (tobacco C16,
    # wholesale and retail F, accommodation and catering H, real estate K, leasing and
    # business services L, entertainment R90); the bureau may change the list.
    restricted_industry_codes: tuple[str, ...]


SME_2022 = SmePolicy(
    name="科技型中小企业评价办法（国科发政〔2017〕115号）及服务工作指引（国科火字〔2022〕67号）",
    max_staff=500,
    max_revenue=Decimal(200_000_000),
    max_assets=Decimal(200_000_000),
    staff_bands=_bands(("0.30", 20), ("0.25", 16), ("0.20", 12), ("0.15", 8), ("0.10", 4)),
    staff_max=20,
    rd_revenue_bands=_bands(("0.06", 50), ("0.05", 40), ("0.04", 30), ("0.03", 20), ("0.02", 10)),
    rd_cost_bands=_bands(("0.30", 50), ("0.25", 40), ("0.20", 30), ("0.15", 20), ("0.10", 10)),
    rd_max=50,
    class1_ip_points=30,
    class2_ip_bands=_bands(("4", 24), ("3", 18), ("2", 12), ("1", 6)),
    ip_max=30,
    pass_total=60,
    restricted_industry_codes=("C16", "F", "H", "K", "L", "R90"),
)
CURRENT = SME_2022


@dataclass(frozen=True)
class SmeFacts:
    """What the evaluation needs, for the reporting year (上一会计年度).

    ``staff_total`` and ``sci_tech_staff`` count part-time and temporary staff only with at
    least six months' work. ``total_cost`` is 成本费用支出总额 and includes R&D.
    ``violations`` covers major safety / quality / environmental violations and serious
    research misconduct; ``dishonest`` covers the abnormal-operation and serious-dishonesty lists.
    """

    staff_total: int
    sci_tech_staff: int
    revenue: Decimal
    total_cost: Decimal
    total_assets: Decimal
    rd_expense: Decimal
    class1_ip: int
    class2_ip: int
    restricted_industry: bool = False
    violations: bool = False
    dishonest: bool = False
    valid_hightech_cert: bool = False
    national_award_top3: bool = False
    provincial_rd_institution: bool = False
    led_standard: bool = False
    rd_measure: RdMeasure | None = None  # the firm's choice; None proposes the better measure


@dataclass
class SmeResult:
    """The outcome of ``evaluate``; ``reasons`` explain it in plain words."""

    eligible: bool
    eligibility_problems: list[str]
    direct: bool
    direct_grounds: list[str]
    staff_ratio: Decimal | None
    staff_score: int
    rd_revenue_ratio: Decimal | None
    rd_revenue_score: int
    rd_cost_ratio: Decimal | None
    rd_cost_score: int
    rd_measure_proposed: RdMeasure
    rd_measure: RdMeasure
    rd_score: int
    ip_score: int
    total: int
    score_passed: bool
    qualified: bool
    indicators: list[Indicator]
    reasons: list[str]
    warnings: list[str] = field(default_factory=list)

    @property
    def max_total(self) -> int:
        return sum(indicator.max_score for indicator in self.indicators if indicator.counted)


def is_restricted_industry(industry_code: str, policy: SmePolicy = CURRENT) -> bool:
    """Say whether a GB/T 4754 industry code (e.g. "F5123") is in the excluded list."""
    code = (industry_code or "").strip().upper()
    return bool(code) and code.startswith(policy.restricted_industry_codes)


def eligibility_problems(facts: SmeFacts, policy: SmePolicy = CURRENT) -> list[str]:
    """List, in plain words, every basic condition the enterprise does not meet."""
    problems = []
    if facts.staff_total > policy.max_staff:
        problems.append(f"职工总数 {facts.staff_total} 人，超过 {policy.max_staff} 人的上限")
    if facts.revenue > policy.max_revenue:
        problems.append(f"年销售收入 {yuan(facts.revenue)}，超过 {money_limit(policy.max_revenue)}的上限")
    if facts.total_assets > policy.max_assets:
        problems.append(f"资产总额 {yuan(facts.total_assets)}，超过 {money_limit(policy.max_assets)}的上限")
    if facts.restricted_industry:
        problems.append("所属行业为国家禁止、限制或淘汰类行业，不能参加科技型中小企业评价")
    if facts.violations:
        problems.append("填报上一年及当年内发生过重大安全、重大质量事故或严重环境违法行为，或有科研严重失信行为")
    if facts.dishonest:
        problems.append("被列入经营异常名录或严重违法失信企业名单")
    return problems


def direct_grounds(facts: SmeFacts) -> list[str]:
    """List the direct-qualification grounds (直接认定条件) the enterprise has."""
    grounds = []
    if facts.valid_hightech_cert:
        grounds.append("拥有在有效期内的高新技术企业资格证书")
    if facts.national_award_top3:
        grounds.append("近五年内获得过国家级科技奖励，并在获奖单位中排名前三名")
    if facts.provincial_rd_institution:
        grounds.append("拥有经认定的省部级以上研发机构")
    if facts.led_standard:
        grounds.append("近五年内主导制定过国际标准、国家标准或行业标准")
    return grounds


def ip_points(class1_ip: int, class2_ip: int, policy: SmePolicy = CURRENT) -> int:
    """Score the IP indicator: any class-I item gives full marks, else count class-II items."""
    if class1_ip >= 1:
        return policy.class1_ip_points
    return band_points(Decimal(class2_ip), policy.class2_ip_bands)


def _ip_band(class1_ip: int, class2_ip: int, policy: SmePolicy) -> str:
    if class1_ip >= 1:
        return "Ⅰ类知识产权≥1项"
    top = policy.class2_ip_bands[0].floor
    if class2_ip >= top:
        return f"Ⅱ类知识产权≥{top}项"
    return f"Ⅱ类知识产权 {max(class2_ip, 0)} 项"


def evaluate(facts: SmeFacts, policy: SmePolicy = CURRENT) -> SmeResult:
    """Evaluate an enterprise against the SME rules; never raises on zero or missing denominators."""
    reasons: list[str] = []
    warnings: list[str] = []

    problems = eligibility_problems(facts, policy)
    eligible = not problems
    grounds = direct_grounds(facts)
    direct = eligible and bool(grounds)

    # Sci-tech staff share (科技人员指标).
    staff_ratio = ratio(Decimal(facts.sci_tech_staff), Decimal(facts.staff_total))
    if staff_ratio is None:
        staff_score = 0
        reasons.append("职工总数为 0，无法计算科技人员占比，该项按 0 分计")
    else:
        staff_score = band_points(staff_ratio, policy.staff_bands)
    if facts.sci_tech_staff > facts.staff_total:
        warnings.append(f"科技人员 {facts.sci_tech_staff} 人多于职工总数 {facts.staff_total} 人，请核对")

    # R&D, both measures (研发投入指标).
    rd_revenue_ratio = ratio(facts.rd_expense, facts.revenue)
    if rd_revenue_ratio is None:
        rd_revenue_score = 0
        reasons.append("销售收入为 0，无法按研发费用占销售收入计算，该口径按 0 分计")
    else:
        rd_revenue_score = band_points(rd_revenue_ratio, policy.rd_revenue_bands)
    rd_cost_ratio = ratio(facts.rd_expense, facts.total_cost)
    if rd_cost_ratio is None:
        rd_cost_score = 0
        reasons.append("成本费用支出总额为 0，无法按研发费用占成本费用总额计算，该口径按 0 分计")
    else:
        rd_cost_score = band_points(rd_cost_ratio, policy.rd_cost_bands)
    if facts.total_cost > 0 and facts.rd_expense > facts.total_cost:
        warnings.append("研发费用大于成本费用支出总额（后者应包含研发费用），请核对")
    # On a tie the revenue measure is proposed: it is the one most firms report.
    proposed = RdMeasure.REVENUE if rd_revenue_score >= rd_cost_score else RdMeasure.COST
    measure = facts.rd_measure or proposed
    rd_score = rd_revenue_score if measure == RdMeasure.REVENUE else rd_cost_score

    ip_score = ip_points(facts.class1_ip, facts.class2_ip, policy)

    total = staff_score + rd_score + ip_score
    score_passed = total >= policy.pass_total and staff_score > 0
    qualified = eligible and (direct or score_passed)

    reasons[:0] = problems
    if not eligible and grounds:
        reasons.append("虽符合直接认定条件，但不满足科技型中小企业的基本条件")
    if direct:
        reasons.append("符合直接认定条件：" + "；".join(grounds))
    elif score_passed:
        reasons.append(f"综合评价得分 {total} 分，达到 {policy.pass_total} 分且科技人员指标得分不为 0")
    else:
        if total < policy.pass_total:
            reasons.append(f"综合评价得分 {total} 分，低于 {policy.pass_total} 分")
        if staff_score == 0:
            reasons.append(
                f"科技人员指标得 0 分（占比 {pct(staff_ratio)}，低于 {pct_limit(policy.staff_bands[-1].floor)}），"
                "不论总分多少都不能通过评价"
            )

    indicators = [
        Indicator(
            code="staff",
            name="科技人员占职工总数比例",
            actual=pct(staff_ratio),
            band=_band_or_dash(staff_ratio, policy.staff_bands),
            score=staff_score,
            max_score=policy.staff_max,
            note=f"科技人员 {facts.sci_tech_staff} 人 / 职工总数 {facts.staff_total} 人",
        ),
        Indicator(
            code="rd_revenue",
            name=RdMeasure.REVENUE.label,
            actual=pct(rd_revenue_ratio),
            band=_band_or_dash(rd_revenue_ratio, policy.rd_revenue_bands),
            score=rd_revenue_score,
            max_score=policy.rd_max,
            counted=measure == RdMeasure.REVENUE,
            note=_rd_note(RdMeasure.REVENUE, measure, proposed),
        ),
        Indicator(
            code="rd_cost",
            name=RdMeasure.COST.label,
            actual=pct(rd_cost_ratio),
            band=_band_or_dash(rd_cost_ratio, policy.rd_cost_bands),
            score=rd_cost_score,
            max_score=policy.rd_max,
            counted=measure == RdMeasure.COST,
            note=_rd_note(RdMeasure.COST, measure, proposed),
        ),
        Indicator(
            code="ip",
            name="知识产权",
            actual=f"Ⅰ类 {facts.class1_ip} 项，Ⅱ类 {facts.class2_ip} 项",
            band=_ip_band(facts.class1_ip, facts.class2_ip, policy),
            score=ip_score,
            max_score=policy.ip_max,
        ),
    ]

    return SmeResult(
        eligible=eligible,
        eligibility_problems=problems,
        direct=direct,
        direct_grounds=grounds,
        staff_ratio=staff_ratio,
        staff_score=staff_score,
        rd_revenue_ratio=rd_revenue_ratio,
        rd_revenue_score=rd_revenue_score,
        rd_cost_ratio=rd_cost_ratio,
        rd_cost_score=rd_cost_score,
        rd_measure_proposed=proposed,
        rd_measure=measure,
        rd_score=rd_score,
        ip_score=ip_score,
        total=total,
        score_passed=score_passed,
        qualified=qualified,
        indicators=indicators,
        reasons=reasons,
        warnings=warnings,
    )


def _band_or_dash(share: Decimal | None, bands: tuple[Band, ...]) -> str:
    return "—" if share is None else band_label(share, bands, pct_limit)


def _rd_note(this: RdMeasure, used: RdMeasure, proposed: RdMeasure) -> str:
    if this == used:
        return "采用此口径（得分较高，建议采用）" if this == proposed else "采用此口径（企业选择）"
    return "未采用（仅供对照）"


def _staff_to_hire(sci_tech: int, total: int, target: Decimal) -> int:
    """Return how many new sci-tech staff lift the share to ``target``: (s+k)/(t+k) ≥ target."""
    needed = (target * total - sci_tech) / (ONE - target)
    return max(int(needed.to_integral_value(rounding=ROUND_CEILING)), 0)


def score_gaps(facts: SmeFacts, policy: SmePolicy = CURRENT) -> list[Gap]:
    """Say what would lift each indicator to its next band, for an enterprise not yet passing.

    Empty when the enterprise already qualifies, or cannot (basic conditions unmet: those
    are listed instead, since no score fixes them). When the total is enough and only the
    staff score is 0, only the staff gap is given. An R&D measure is only mentioned when its
    next band beats the R&D score already counted. Each gap assumes one change at a time:
    a new hire is a sci-tech hire (raising both counts), extra R&D also raises the total
    cost and expenses, revenue stays as it is.
    """
    result = evaluate(facts, policy)
    if result.qualified:
        return []
    if not result.eligible:
        return [Gap("eligibility", problem) for problem in result.eligibility_problems]

    gaps: list[Gap] = []
    if result.total < policy.pass_total:
        missing = policy.pass_total - result.total
        gaps.append(
            Gap(
                "total", f"综合评价得分 {result.total} 分，距 {policy.pass_total} 分还差 {missing} 分", missing, "point"
            )
        )

    # Staff: the only indicator that must not be 0, so it comes first.
    if facts.staff_total > 0 and result.staff_ratio is not None:
        step = next_band(result.staff_ratio, policy.staff_bands)
        if step is not None:
            hires = _staff_to_hire(facts.sci_tech_staff, facts.staff_total, step.floor)
            if result.staff_score == 0:
                target = f"须不低于 {pct_limit(step.floor)}（得 {step.points} 分）才能通过评价"
            else:
                target = f"达到 {pct_limit(step.floor)} 可得 {step.points} 分"
            gaps.append(
                Gap(
                    "staff",
                    f"科技人员占职工总数 {pct(result.staff_ratio)}，{target}：还需新增科技人员 {hires} 人",
                    Decimal(hires),
                    "person",
                )
            )
    else:
        gaps.append(Gap("staff", "请填写职工总数和科技人员数，科技人员指标须得分才能通过评价"))

    if result.total >= policy.pass_total:
        return gaps  # the total is enough: only the staff score was missing

    if facts.revenue > 0 and result.rd_revenue_ratio is not None:
        step = next_band(result.rd_revenue_ratio, policy.rd_revenue_bands)
        if step is not None and step.points > result.rd_score:
            extra = ceil_cent(step.floor * facts.revenue - facts.rd_expense)
            gaps.append(
                Gap(
                    "rd_revenue",
                    f"研发费用占销售收入 {pct(result.rd_revenue_ratio)}，达到 {pct_limit(step.floor)} 可得 "
                    f"{step.points} 分：还需增加研发投入 {money(extra, round_up=True)}",
                    extra,
                    "yuan",
                )
            )
    if facts.total_cost > 0 and result.rd_cost_ratio is not None:
        step = next_band(result.rd_cost_ratio, policy.rd_cost_bands)
        if step is not None and step.points > result.rd_score:
            # R&D is part of the total cost, so extra R&D x needs (rd + x) / (cost + x) ≥ floor.
            extra = ceil_cent((step.floor * facts.total_cost - facts.rd_expense) / (ONE - step.floor))
            gaps.append(
                Gap(
                    "rd_cost",
                    f"研发费用占成本费用总额 {pct(result.rd_cost_ratio)}，达到 {pct_limit(step.floor)} 可得 "
                    f"{step.points} 分：还需增加研发投入 {money(extra, round_up=True)}",
                    extra,
                    "yuan",
                )
            )

    if result.ip_score < policy.ip_max:
        gaps.append(
            Gap("ip_class1", f"取得 1 项Ⅰ类知识产权（如发明专利）可得 {policy.class1_ip_points} 分", ONE, "item")
        )
        step = next_band(Decimal(max(facts.class2_ip, 0)), policy.class2_ip_bands)
        if step is not None:
            more = step.floor - max(facts.class2_ip, 0)
            gaps.append(
                Gap(
                    "ip_class2",
                    f"或再取得 {more} 项Ⅱ类知识产权（实用新型、外观设计、软件著作权）可得 {step.points} 分",
                    more,
                    "item",
                )
            )
    return gaps
