"""Demo data of the reports app: Zhuzhou's targets, published figures, ranks and a survey.

``seed_demo`` calls ``seed(out)`` after the other apps' demo data, so the organizations
(and contracts, when that app is installed) already exist. Every step is idempotent:
targets and entered values are set to the same figures each time, the campaign is made
once, and the rollup is recomputed at the end so the dashboard is alive after ``make run``.

Figures follow the bureau's published reports: R&D spending 3.27% of GDP in 2023, first
in the province; 4,467 technology contracts worth 39.4 billion yuan in 2023, second.
"""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bureau.accounts.models import User
from bureau.core.demo import CITY
from bureau.regions.models import Region

from .models import Answer, Campaign, Indicator
from .periods import Period
from .rollup import refresh
from .services import campaigns as campaign_services
from .services import indicators as services

SURVEY_TITLE = "高新技术企业复工复产情况调查"
RD_TITLE = "企业研发投入数据填报"

# Share of the city's target per county and park (percent), from the size of each economy.
COUNTY_SHARES = {
    "430271": 30,  # 株洲高新区
    "430211": 18,  # 天元区
    "430202": 8,
    "430203": 7,
    "430204": 9,
    "430212": 4,
    "430223": 6,
    "430224": 3,
    "430225": 2,
    "430281": 13,  # 醴陵市
}

# (indicator, years back from this year, value in the indicator's unit), sized to the demo
# data so the dashboard shows believable completion rates in November
CITY_TARGETS = [
    ("contracts.turnover.output", 0, "70"),
    ("contracts.turnover.output", 1, "60"),
    ("contracts.count.output", 0, "3000"),
    ("contracts.count.output", 1, "2800"),
    ("contracts.tech_amount.output", 0, "60"),
    ("org.verified", 0, "400"),
    ("hightech.valid", 0, "50"),
    ("hightech.new", 0, "15"),
    ("sme.registered", 0, "40"),
    ("rd.intensity", 0, "3.45"),
    ("rd.intensity", 1, "3.40"),
    ("hightech.va_share", 0, "30"),
    ("patents.per_10k", 0, "23"),
    ("projects.funded", 0, "20"),
    ("projects.funding", 0, "800"),
    ("talent.selected", 0, "40"),
    ("talent.commissioners", 0, "20"),
]
SPLIT = {"contracts.turnover.output", "contracts.count.output", "org.verified", "hightech.valid", "sme.registered"}

# (indicator, region code, period key relative to this year "Y-3" -> 2023-Y, value)
ENTERED = [
    ("gdp", CITY[0], "Y-3", "3800"),
    ("gdp", CITY[0], "Y-2", "3950"),
    ("gdp", CITY[0], "Y-1", "4120"),
    ("gdp", CITY[0], "H1-1", "1980"),
    ("gdp", CITY[0], "H1-0", "2080"),
    ("rd.spending", CITY[0], "Y-3", "124.26"),
    ("rd.spending", CITY[0], "Y-2", "132.33"),
    ("rd.spending", CITY[0], "Y-1", "140.08"),
    ("hightech.value_added", CITY[0], "Y-2", "1106"),
    ("hightech.value_added", CITY[0], "Y-1", "1194.8"),
    ("hightech.value_added", CITY[0], "H1-1", "570"),
    ("hightech.value_added", CITY[0], "H1-0", "612"),
    ("population", CITY[0], "Y-3", "385.6"),
    ("population", CITY[0], "Y-2", "384.9"),
    ("population", CITY[0], "Y-1", "384.2"),
    ("patents.invention", CITY[0], "Y-3", "6800"),
    ("patents.invention", CITY[0], "Y-2", "7600"),
    ("patents.invention", CITY[0], "Y-1", "8300"),
    ("gdp", "430281", "Y-1", "820"),
    ("rd.spending", "430281", "Y-1", "21.3"),
    ("gdp", "430211", "Y-1", "760"),
    ("rd.spending", "430211", "Y-1", "34.2"),
]

# (indicator, period key relative to this year, rank, out of, source)
RANKS = [
    ("rd.intensity", "Y-3", 1, 14, "湖南省统计公报（连续5年全省第一）"),
    ("rd.intensity", "Y-1", 1, 14, "湖南省统计公报"),
    ("contracts.turnover.output", "Y-3", 2, 14, "省科技成果转化和技术市场工作会议"),
    ("contracts.count.output", "Y-3", 2, 14, "省科技成果转化和技术市场工作会议"),
]


def _period(relative: str, year: int) -> Period:
    part, back = relative.split("-")
    return Period.parse(f"{year - int(back)}-{part}")


def _actor() -> User | None:
    return User.objects.filter(is_superuser=True).order_by("pk").first()


def seed_figures(actor, year: int) -> int:
    """Set the demo targets, entered values and ranks; return how many were set."""
    indicators = {i.code: i for i in Indicator.objects.active()}
    regions = {r.code: r for r in Region.objects.filter(code__in=[CITY[0], *COUNTY_SHARES])}
    city = regions.get(CITY[0])
    if city is None:
        return 0
    count = 0
    for code, back, value in CITY_TARGETS:
        indicator = indicators.get(code)
        if indicator is None:
            continue
        services.set_target(actor=actor, indicator=indicator, region=city, year=year - back, value=Decimal(value))
        count += 1
        if code in SPLIT and back == 0:
            for region_code, share in COUNTY_SHARES.items():
                if region_code in regions:
                    part = (Decimal(value) * share / 100).quantize(Decimal("0.01"))
                    services.set_target(
                        actor=actor, indicator=indicator, region=regions[region_code], year=year, value=part
                    )
                    count += 1
    for code, region_code, relative, value in ENTERED:
        if code in indicators and region_code in regions:
            services.set_entered_value(
                actor=actor,
                indicator=indicators[code],
                region=regions[region_code],
                period=_period(relative, year),
                value=Decimal(value),
                note="演示数据",
                refresh=False,
            )
            count += 1
    for code, relative, rank, out_of, note in RANKS:
        if code in indicators:
            services.set_province_rank(
                actor=actor,
                indicator=indicators[code],
                period=_period(relative, year),
                rank=rank,
                out_of=out_of,
                note=note,
            )
            count += 1
    return count


def seed_survey(actor) -> Campaign | None:
    """Publish the resumption-of-work survey to the high-tech enterprises in force and fill most answers."""
    from reports import campaign_filters

    if Campaign.objects.filter(title__endswith=SURVEY_TITLE).exists():
        return None
    # All high-tech enterprises in force, as in 2020; without certificates, the verified enterprises.
    targets = ({"certification": ["hightech"]}, {"kind": ["enterprise"], "verified": "yes"}, {"kind": ["enterprise"]})
    for target in targets:
        if campaign_filters.matching_organizations(target).exists():
            break
    else:
        return None
    today = timezone.localdate()
    campaign = campaign_services.save_campaign(
        actor=actor,
        title=f"{today.year}年{SURVEY_TITLE}",
        kind=Campaign.Kind.SURVEY,
        description="请各高新技术企业如实填报复工复产情况和主要困难，市科技局将据此协调解决。",
        opens_on=today - timedelta(days=5),
        deadline=today + timedelta(days=20),
        target_filter=target,
    )
    campaign_services.save_fields(
        actor=actor,
        campaign=campaign,
        fields=[
            {"label": "是否已复工复产", "field_type": "yes_no", "required": True},
            {"label": "到岗职工人数", "field_type": "number", "required": True, "help_text": "填写截至填报日的人数。"},
            {"label": "一季度预计营业收入损失", "field_type": "money", "required": False},
            {"label": "主要困难", "field_type": "choice", "choices": "用工\n物流\n资金\n订单\n无明显困难"},
        ],
    )
    campaign_services.publish_campaign(actor=actor, campaign=campaign)
    _fill_answers(campaign)
    return campaign


def _fill_answers(campaign: Campaign) -> None:
    """Answer for about nine in ten organizations, leaving the demo applicant's to do by hand."""
    rng = random.Random(2020)
    keys = {f.label: f.key for f in campaign.fields.all()}
    demo_orgs = set(User.objects.filter(username="qiye").values_list("memberships__organization_id", flat=True))
    now = timezone.now()
    for answer in Answer.objects.filter(campaign=campaign).order_by("pk"):
        if answer.organization_id in demo_orgs or rng.random() > 0.9:
            continue
        resumed = rng.random() < 0.86
        answer.data = {
            keys["是否已复工复产"]: resumed,
            keys["到岗职工人数"]: str(rng.randint(20, 900) if resumed else rng.randint(0, 15)),
            keys["一季度预计营业收入损失"]: f"{rng.randint(5, 800) * 10000}.00",
            keys["主要困难"]: rng.choice(["用工", "物流", "资金", "订单", "无明显困难"]),
        }
        answer.submitted_at = now - timedelta(hours=rng.randint(1, 100))
        answer.save(update_fields=["data", "submitted_at"])
        from bureau.inbox.services import close_todos

        close_todos(subject=answer)


def seed_rd_filing(actor) -> Campaign | None:
    """Leave a draft R&D filing for staff to finish and publish."""
    year = timezone.localdate().year
    title = f"{year - 1}年度{RD_TITLE}"
    if Campaign.objects.filter(title=title).exists():
        return None
    today = timezone.localdate()
    campaign = campaign_services.save_campaign(
        actor=actor,
        title=title,
        kind=Campaign.Kind.RD_FILING,
        data_year=year - 1,
        description="每年 1 月至 3 月填报上年度研发投入数据，市局确认后更新单位年度数据。",
        opens_on=today,
        deadline=today + timedelta(days=60),
        target_filter={"kind": ["enterprise"], "verified": "yes"},
    )
    campaign_services.save_fields(
        actor=actor,
        campaign=campaign,
        fields=[
            {"label": "研究开发费用总额", "field_type": "money", "required": True, "maps_to": "rd_total"},
            {"label": "其中：境内研究开发费用", "field_type": "money", "required": True, "maps_to": "rd_in_china"},
            {"label": "其中：委托外部研发费用", "field_type": "money", "required": True, "maps_to": "rd_outsourced"},
            {"label": "科技人员数", "field_type": "number", "required": True, "maps_to": "sci_tech_staff"},
        ],
    )
    return campaign


def seed(out) -> None:
    actor = _actor()
    if actor is None:
        out.write("指标与报表：没有系统管理员账号，跳过演示数据")
        return
    services.sync_indicators()
    year = timezone.localdate().year
    with transaction.atomic():
        figures = seed_figures(actor, year)
        survey = seed_survey(actor)
        seed_rd_filing(actor)
    result = refresh()
    out.write(
        f"指标与报表：{figures} 项目标、录入数据和排名；"
        f"{'已发布复工复产调查；' if survey else ''}汇总 {result.total_written} 行（{result.seconds:.1f} 秒）"
    )
