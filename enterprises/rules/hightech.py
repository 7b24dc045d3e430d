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

The innovation-capability score (objective parts, expert ranges, the overall estimate) is
in ``enterprises.rules.innovation``; its functions are re-exported here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum

from enterprises.rules import ONE, ZERO, ceil_cent, money, pct, points_gap, ratio
from enterprises.rules.innovation import (  # re-exported: the self-check's innovation helpers
    INNOVATION_2016,
    ExpertParts,
    InnovationEstimate,
    InnovationPart,
    InnovationPolicy,
    ScoreRange,
    growth_rate,
    growth_score,
    growth_score_range,
    innovation_score_range,
    ip_obtained_score_range,
    ip_quantity_score_range,
    transformation_score_range,
)

__all__ = [
    "CURRENT",
    "HIGHTECH_2016",
    "HIGHTECH_FIELD_CHOICES",
    "INNOVATION_2016",
    "Condition",
    "ConditionCode",
    "ExpertParts",
    "HighTechFacts",
    "HighTechField",
    "HighTechPolicy",
    "HighTechResult",
    "InnovationEstimate",
    "InnovationPart",
    "InnovationPolicy",
    "RevenueBand",
    "ScoreRange",
    "check",
    "countable_rd",
    "growth_rate",
    "growth_score",
    "growth_score_range",
    "innovation_score_range",
    "ip_obtained_score_range",
    "ip_quantity_score_range",
    "revenue_band",
    "transformation_score_range",
]


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
class HighTechPolicy:
    """Thresholds of one version of the high-tech certification rules."""

    name: str
    min_registered_days: int
    min_sci_tech_share: Decimal
    revenue_bands: tuple[RevenueBand, ...]
    outsourced_rd_counted: Decimal  # share of outsourced R&D that counts
    min_rd_in_china_share: Decimal
    min_hightech_income_share: Decimal
    years: int  # fiscal years looked at
    innovation: InnovationPolicy  # scoring of innovation capability, incl. the pass score (71)


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
    years=3,
    innovation=INNOVATION_2016,
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
    required = f"不低于 {policy.innovation.pass_score} 分"
    if score is None:
        return Condition(
            code, title, None, "待评", required, gap=f"待专家评价，须不低于 {policy.innovation.pass_score} 分"
        )
    if score >= policy.innovation.pass_score:
        return Condition(code, title, True, f"{score} 分", required)
    missing = policy.innovation.pass_score - score
    return Condition(
        code,
        title,
        False,
        f"{score} 分",
        required,
        gap=f"创新能力评价 {score} 分，要求不低于 {policy.innovation.pass_score} 分：还差 {missing} 分",
        shortfall=Decimal(missing),
        unit="point",
    )
