"""Demo data of the city's S&T plan projects for Zhuzhou (idempotent): ``seed(out)``.

- last year: three closed calls (重点研发计划, 科技成果转化, 农业农村科技) with 40 applications
  from organizations across the counties and the park, 16 of them approved with amounts;
- this year: the key R&D call, closed in spring, its projects approved in mid-year;
- a call open now (the window includes today), where the demo applicant ``qiye`` has a
  draft, an application returned for correction and one waiting, and organizations of
  other counties have applications waiting for the city staff (one already accepted);
- a call opening next year (未开始) and an unpublished draft call, for the call pages.

History is written directly with ``source = imported`` and its numbers set in the
counters; the open call's work goes through the services, so its progress log, numbers,
messages and to-dos are the real ones.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from bureau.accounts.models import Department, Role, User
from enterprises.models import Organization

from . import services
from .conf import application_series, project_series
from .models import ProjectApplication, ProjectCall, ProjectCategory, ProjectNumberCounter

S = ProjectApplication.Status
WAN = Decimal(10_000)
DEMO_ENTERPRISE = "株洲智造科技有限公司"

KEY_RD_SUMMARY = (
    "聚焦全市“3+3+2”现代产业体系中的“卡脖子”“卡链”“断链”环节，围绕先进轨道交通装备、"
    "中小航空发动机、先进硬质材料、先进陶瓷、功率半导体、新能源汽车等重点产业链，"
    "支持企业牵头、产学研协同开展关键核心技术攻关和进口替代技术与产品研发。\n"
    "项目实施期一般为2年，市级财政资助采取前资助方式，单项资助一般不超过100万元。"
)
TRANSFER_SUMMARY = (
    "支持企业承接高等院校、科研院所科技成果到株转化，支持企业将自主研发的先进技术实现产业化，"
    "推动一批科技成果在株落地、形成新产品新产线。优先支持与中南大学、湖南工业大学、"
    "中国科技开发院等合作开展的转化项目。\n"
    "项目实施期一般为1至2年，单项资助一般不超过50万元。"
)
AGRICULTURE_SUMMARY = (
    "围绕乡村振兴和县域特色产业，支持炎陵黄桃、油茶、茶陵白芷、醴陵玻璃椒等特色作物的品种选育、"
    "绿色高效栽培、精深加工技术研发与示范推广，鼓励科技特派员领办创办项目。\n"
    "单项资助一般不超过30万元。"
)
SOFT_SUMMARY = "围绕全市科技创新发展战略、科技体制机制改革、创新生态建设等开展软科学研究，为科技决策提供支撑。"
ELIGIBILITY = (
    "1. 申报单位为在株洲市注册、具有独立法人资格的企业、高等院校、科研院所等，已在本平台完成单位注册并通过核验；\n"
    "2. 企业申报的，上年度研发投入占营业收入比例原则上不低于3%；\n"
    "3. 项目负责人须为申报单位在职人员，同一负责人同一年度只能申报1个项目；\n"
    "4. 申报单位及项目负责人无严重失信行为记录。"
)

TOPICS = {
    ProjectCategory.KEY_RD: [
        "轨道交通牵引变流器碳化硅功率模块",
        "重载机车永磁同步牵引电机",
        "中小型航空发动机涡轮叶片精密铸造",
        "超细晶硬质合金棒材制备",
        "数控刀片多层纳米涂层",
        "高压电瓷绝缘子智能检测",
        "先进结构陶瓷轴承球",
        "新能源汽车电驱动总成",
        "北斗高精度定位终端",
        "储能电池热管理系统",
        "工业互联网边缘计算网关",
        "高分子减振降噪材料",
    ],
    ProjectCategory.TRANSFER: [
        "轨道车辆轻量化复合材料部件",
        "稀土永磁电机高效控制技术",
        "陶瓷窑炉余热回收装备",
        "硬质合金废料再生利用技术",
        "智能产线数字孪生平台",
        "医用防护材料连续化生产技术",
        "中药配方颗粒提取工艺",
        "冶炼废渣资源化利用技术",
    ],
    ProjectCategory.AGRICULTURE: [
        "炎陵黄桃品种改良与绿色栽培技术示范",
        "油茶低产林改造与高产栽培技术集成",
        "茶陵白芷规范化种植与加工技术",
        "醴陵玻璃椒良种繁育与推广",
        "攸县香干传统工艺标准化",
        "水稻绿色高效生产技术集成示范",
    ],
}
SUFFIX = {
    ProjectCategory.KEY_RD: "关键技术研发",
    ProjectCategory.TRANSFER: "成果转化与产业化",
    ProjectCategory.AGRICULTURE: "",
}
LEADERS = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["建华", "志强", "海波", "丽", "敏", "国平", "晓东", "卫东", "红梅", "子轩", "建军", "雪梅"]
REJECTIONS = [
    "经专家评审，项目创新性不足，技术路线与已有成果重复较多，不予立项。",
    "经专家评审，项目考核指标不够明确、可量化程度低，综合排名未进入资助范围。",
    "项目经费预算编制不合理，自筹经费落实情况说明不充分，不予立项。",
]


def _at(day: date, hour: int = 9, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _department(code: str) -> Department:
    return Department.objects.filter(code=code).first() or Department.objects.order_by("sort_order").first()


def _calls(today: date) -> dict[str, ProjectCall]:
    last, this = today.year - 1, today.year
    specs = {
        "key_rd_last": (
            f"{last}年度株洲市重点研发计划项目申报指南",
            last,
            ProjectCategory.KEY_RD,
            "planning",
            KEY_RD_SUMMARY,
            _at(date(last, 3, 3)),
            _at(date(last, 4, 15), 17, 30),
            Decimal("1000000"),
            True,
        ),
        "transfer_last": (
            f"{last}年度株洲市科技成果转化项目申报指南",
            last,
            ProjectCategory.TRANSFER,
            "transfer",
            TRANSFER_SUMMARY,
            _at(date(last, 5, 6)),
            _at(date(last, 6, 20), 17, 30),
            Decimal("500000"),
            True,
        ),
        "agriculture_last": (
            f"{last}年度株洲市农业农村科技项目申报指南",
            last,
            ProjectCategory.AGRICULTURE,
            "rural",
            AGRICULTURE_SUMMARY,
            _at(date(last, 4, 1)),
            _at(date(last, 5, 10), 17, 30),
            Decimal("300000"),
            True,
        ),
        "key_rd_this": (
            f"{this}年度株洲市重点研发计划项目申报指南",
            this,
            ProjectCategory.KEY_RD,
            "planning",
            KEY_RD_SUMMARY,
            _at(date(this, 3, 2)),
            _at(date(this, 4, 17), 17, 30),
            Decimal("1000000"),
            True,
        ),
        "open": (
            f"{this}年度株洲市科技成果转化项目（第二批）申报指南",
            this,
            ProjectCategory.TRANSFER,
            "planning",
            TRANSFER_SUMMARY,
            _at(today - timedelta(days=22)),
            _at(today + timedelta(days=27), 17, 30),
            Decimal("500000"),
            True,
        ),
        "upcoming": (
            f"{this + 1}年度株洲市软科学研究项目申报指南",
            this + 1,
            ProjectCategory.SOFT_SCIENCE,
            "planning",
            SOFT_SUMMARY,
            _at(date(this + 1, 1, 5)),
            _at(date(this + 1, 2, 28), 17, 30),
            Decimal("100000"),
            True,
        ),
        "draft": (
            f"{this + 1}年度株洲市重点研发计划项目申报指南（征求意见稿）",
            this + 1,
            ProjectCategory.KEY_RD,
            "planning",
            KEY_RD_SUMMARY,
            _at(date(this + 1, 3, 2)),
            _at(date(this + 1, 4, 16), 17, 30),
            Decimal("1000000"),
            False,
        ),
    }
    calls = {}
    for key, (title, year, category, dept, summary, opens, closes, ceiling, published) in specs.items():
        defaults = {
            "category": category,
            "department": _department(dept),
            "summary": summary,
            "eligibility": ELIGIBILITY,
            "opens_at": opens,
            "closes_at": closes,
            "max_funding": ceiling,
        }
        call, created = ProjectCall.objects.get_or_create(
            title=title, year=year, defaults={**defaults, "is_published": published}
        )
        if not created and key == "open" and not call.is_open():
            # A later run (another day) keeps the open call open around today.
            ProjectCall.objects.filter(pk=call.pk).update(opens_at=opens, closes_at=closes)
            call.refresh_from_db()
        calls[key] = call
    return calls


def _round_wan(value: Decimal) -> Decimal:
    return (value / WAN).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * WAN


def _organizations() -> list[Organization]:
    """Verified enterprises spread over the counties and the park, in a stable order."""
    rows = list(
        Organization.objects.filter(status=Organization.Status.VERIFIED, kind=Organization.Kind.ENTERPRISE)
        .exclude(name=DEMO_ENTERPRISE)
        .select_related("region")
        .order_by("uscc")[:400]
    )
    by_region: dict[int, list[Organization]] = {}
    for org in rows:
        by_region.setdefault(org.region_id, []).append(org)
    spread = []
    while any(by_region.values()):
        for orgs in by_region.values():
            if orgs:
                spread.append(orgs.pop(0))
    return spread


def _application(rng, call, org, title, submitted: datetime, number: str) -> ProjectApplication:
    ceiling = call.max_funding or Decimal("1000000")
    requested = _round_wan(ceiling * Decimal(str(rng.uniform(0.4, 1.0))))
    total = _round_wan(requested * Decimal(str(rng.uniform(2.5, 6))))
    start = date(call.year, 7, 1)
    return ProjectApplication(
        call=call,
        category=call.category,
        organization=org,
        region_id=org.region_id,
        number=number,
        title=title,
        leader_name=rng.choice(LEADERS) + rng.choice(GIVEN),
        leader_phone=f"139{rng.randint(0, 99999999):08d}",
        summary="研究内容：……；预期目标：……；考核指标：新产品、专利、产值等。（演示数据）",
        starts_on=start,
        ends_on=start.replace(year=start.year + 2) - timedelta(days=1),
        total_budget=total,
        requested_amount=requested,
        self_funding=total - requested,
        status=S.SUBMITTED,
        source=ProjectApplication.Source.IMPORTED,
        submitted_at=submitted,
        created_at=submitted - timedelta(days=rng.randint(1, 10)),
    )


def _titles(rng, category, count: int) -> list[str]:
    topics = list(TOPICS[category])
    rng.shuffle(topics)
    titles = []
    for i in range(count):
        topic = topics[i % len(topics)]
        suffix = SUFFIX[category]
        title = f"{topic}{suffix}" if suffix else topic
        titles.append(title if i < len(topics) else f"{title}（二期）")
    return titles


def _history(
    calls: list[tuple[ProjectCall, int, int]], orgs, year: int, decided: tuple[date, date], rng, featured=None
) -> int:
    """Write one year's decided applications directly, numbered in submission and approval order.

    ``featured`` (the demo enterprise) gets the first approved project of the first call.
    """
    if ProjectApplication.objects.filter(call__in=[c for c, _n, _a in calls]).exists():
        return 0
    rows = []
    for call, count, approved in calls:
        span = max(1, (timezone.localdate(call.closes_at) - timezone.localdate(call.opens_at)).days)
        picked = [orgs[(len(rows) + i) % len(orgs)] for i in range(count)]
        if featured is not None and not rows:
            picked[0] = featured
        for i, (org, title) in enumerate(zip(picked, _titles(rng, call.category, count), strict=True)):
            day = timezone.localdate(call.opens_at) + timedelta(days=rng.randint(0, span - 1))
            app = _application(rng, call, org, title, _at(day, rng.randint(8, 17), rng.randint(0, 59)), "")
            app.status = S.APPROVED if i < approved else (S.WITHDRAWN if i == count - 1 else S.REJECTED)
            rows.append(app)
    rows.sort(key=lambda a: a.submitted_at)
    rule = application_series()
    for serial, app in enumerate(rows, start=1):
        app.number = rule.format(year, serial)
    approved_rows = [a for a in rows if a.status == S.APPROVED]
    first, last = decided
    for app in approved_rows:
        app.approved_on = first + timedelta(days=rng.randint(0, (last - first).days))
        app.approved_amount = min(
            app.requested_amount, _round_wan(app.requested_amount * Decimal(str(rng.uniform(0.5, 1.0))))
        )
    approved_rows.sort(key=lambda a: (a.approved_on, a.number))
    rule = project_series()
    for serial, app in enumerate(approved_rows, start=1):
        app.project_number = rule.format(year, serial)
    for app in rows:
        if app.status == S.REJECTED:
            app.return_reason = ""
    ProjectApplication.objects.bulk_create(rows)
    for series, last_serial in (
        (ProjectNumberCounter.Series.APPLICATION, len(rows)),
        (ProjectNumberCounter.Series.PROJECT, len(approved_rows)),
    ):
        counter, _created = ProjectNumberCounter.objects.get_or_create(series=series, year=year)
        if counter.last_serial < last_serial:
            counter.last_serial = last_serial
            counter.save(update_fields=["last_serial"])
    return len(rows)


def _staff() -> User | None:
    city = User.objects.filter(groups__name=Role.CITY_STAFF.value, is_active=True)
    return city.filter(department__code="planning").order_by("pk").first() or city.order_by("pk").first()


def _open_call_work(call: ProjectCall, orgs, rng) -> int:
    """Drafts, a returned and waiting applications under the open call, through the services."""
    qiye = User.objects.filter(username="qiye").first()
    own = Organization.objects.filter(name=DEMO_ENTERPRISE).first()
    staff = _staff()
    if qiye is None or own is None or staff is None or ProjectApplication.objects.filter(call=call).exists():
        return 0
    today = timezone.localdate()
    base = {
        "leader_name": "李明",
        "leader_phone": "13907330018",
        "starts_on": date(today.year + 1, 1, 1),
        "ends_on": date(today.year + 2, 12, 31),
    }
    services.create_application(
        actor=qiye,
        call=call,
        organization=own,
        data={
            **base,
            "title": "城轨车辆智能运维系统成果转化与产业化",
            "total_budget": Decimal("1800000"),
            "requested_amount": Decimal("400000"),
            "self_funding": Decimal("1400000"),
        },
    )
    returned = services.create_application(
        actor=qiye,
        call=call,
        organization=own,
        data={
            **base,
            "title": "轨道交通牵引变流器散热系统成果转化",
            "summary": "承接中南大学牵引变流器高效散热技术成果，建设年产 2000 台套散热系统生产线。",
            "total_budget": Decimal("2600000"),
            "requested_amount": Decimal("500000"),
            "self_funding": Decimal("2100000"),
        },
    )
    services.submit_application(actor=qiye, application=returned)
    services.send_back(
        actor=staff,
        application=returned,
        reason="请补充成果来源证明（技术转让合同或合作协议），并将考核指标细化为可量化的产值、专利和新产品数量。",
    )
    waiting = services.create_application(
        actor=qiye,
        call=call,
        organization=own,
        data={
            **base,
            "title": "重载机车永磁牵引电机控制技术成果转化",
            "summary": "将自主研发的永磁同步牵引电机控制算法应用于重载机车，形成批量供货能力。",
            "total_budget": Decimal("3200000"),
            "requested_amount": Decimal("500000"),
            "self_funding": Decimal("2700000"),
        },
    )
    services.submit_application(actor=qiye, application=waiting)
    return 3 + _others_waiting(call, orgs, rng, staff)


def _others_waiting(call, orgs, rng, staff) -> int:
    """Applications of organizations in other counties waiting for the city staff.

    Their users are not demo accounts, so they are written directly as submitted with the
    year's next numbers and a log row, as a submission through the portal leaves them.
    """
    from django.contrib.contenttypes.models import ContentType

    from bureau.core.models import TransitionLog

    from .services._common import open_review_todo
    from .services.numbering import next_number

    content_type = ContentType.objects.get_for_model(ProjectApplication)
    titles = _titles(rng, call.category, 5)
    made = 0
    for i, title in enumerate(titles):
        org = orgs[(i * 7) % len(orgs)]
        submitted = timezone.now() - timedelta(days=rng.randint(1, 18), hours=rng.randint(0, 8))
        with transaction.atomic():
            app = _application(rng, call, org, title, submitted, "")
            app.number = next_number(series=ProjectNumberCounter.Series.APPLICATION, year=timezone.localdate().year)
            app.source = ProjectApplication.Source.ONLINE
            app.summary = f"{title}：承接高校院所科技成果，建设中试线并实现产业化。（演示数据）"
            app.save()
            TransitionLog.objects.create(
                content_type=content_type,
                object_id=app.pk,
                transition="submit",
                label="提交申报",
                from_state=S.DRAFT,
                to_state=S.SUBMITTED,
                comment=f"申报编号 {app.number}",
            )
            if i == 0:
                services.accept(actor=staff, application=app, comment="材料齐全，予以受理。")
            else:
                open_review_todo(app, actor=None, title=f"项目申报待受理：{app.title}")
        made += 1
    return made


@transaction.atomic
def seed(out) -> None:
    if not Department.objects.exists():
        out.write("科技计划项目：缺少业务科室，跳过（请先运行核心的演示数据）")
        return
    today = timezone.localdate()
    calls = _calls(today)
    orgs = _organizations()
    if not orgs:
        out.write("科技计划项目：单位库为空，跳过申报数据")
        return
    rng = random.Random(2026)
    last, this = today.year - 1, today.year
    created = _history(
        [(calls["key_rd_last"], 16, 6), (calls["transfer_last"], 14, 6), (calls["agriculture_last"], 10, 4)],
        orgs,
        last,
        (date(last, 7, 10), date(last, 9, 30)),
        rng,
        featured=Organization.objects.filter(name=DEMO_ENTERPRISE).first(),
    )
    mid = min(date(this, 6, 20), today)
    created += _history(
        [(calls["key_rd_this"], 20, 8)], orgs[40:] or orgs, this, (mid, min(date(this, 7, 15), today)), rng
    )
    created += _open_call_work(calls["open"], orgs, rng)
    approved = ProjectApplication.objects.approved().count()
    out.write(
        f"科技计划项目：申报指南 {len(calls)} 个（正在申报 1 个），项目申报 {ProjectApplication.objects.count()} 份"
        f"（本次新增 {created}），已立项 {approved} 项；演示企业 qiye 有草稿、退回修改和待受理的申报"
    )
