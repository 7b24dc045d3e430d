"""Demo data of contract registration for Zhuzhou (idempotent): ``seed(out)``.

A registration office for the city (成果转化科), a dozen seller and buyer organizations
spread over the counties, 40 technology brokers, two years of registered contracts
(2025 in full and 2026 to date, a few thousand, with a realistic mix of types, fields
and amounts so year-on-year figures mean something), a few filings waiting in the
queue of the demo registrar ``chengguo`` (one overdue, one for expert review, one
waiting for papers), and drafts and a registered contract of the demo applicant ``qiye``.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric, uscc

from bureau.accounts.models import Department, User
from bureau.core.demo import CITY
from bureau.regions.models import Region
from enterprises.models import Membership, Organization

from .models import Broker, ContractAttachment, NumberCounter, RegistrationOffice, TechnologyContract
from .rules import catalog
from .rules.numbering import format_number

VERIFIED = getattr(getattr(Organization, "Status", None), "VERIFIED", "verified")

# name, county code, kind
SELLERS = [
    ("株洲智造科技有限公司", "430211", "enterprise"),
    ("株洲中车时代电气股份有限公司", "430204", "enterprise"),
    ("中国航发南方工业有限公司", "430203", "enterprise"),
    ("株洲硬质合金集团有限公司", "430202", "enterprise"),
    ("时代新材料科技股份有限公司", "430211", "enterprise"),
    ("醴陵华鑫电瓷科技股份有限公司", "430281", "enterprise"),
    ("湖南工业大学", "430211", "university"),
    ("株洲市农业科学研究所", "430212", "institute"),
    ("攸县新能源动力科技有限公司", "430223", "enterprise"),
    ("茶陵县中药材开发有限公司", "430224", "enterprise"),
    ("炎陵县黄桃产业研究院", "430225", "institute"),
    ("株洲高新区北斗应用技术有限公司", "430271", "enterprise"),
]
BUYERS_IN_CITY = [
    ("中车株洲电力机车有限公司", "430204"),
    ("株洲旗滨集团股份有限公司", "430212"),
    ("醴陵陶瓷产业园发展有限公司", "430281"),
    ("株洲千金药业股份有限公司", "430211"),
    ("湖南宏达轨道装备有限公司", "430202"),
]
BUYERS_OUTSIDE = [
    ("长沙智能装备有限公司", "province", "湖南省长沙市"),
    ("湘潭钢铁集团有限公司", "province", "湖南省湘潭市"),
    ("深圳市新能科技有限公司", "domestic", "广东省深圳市"),
    ("上海轨道交通设备有限公司", "domestic", "上海市"),
    ("成都航空零部件有限公司", "domestic", "四川省成都市"),
    ("德国某工程技术有限公司", "abroad", "德国"),
]
TOPICS = {
    "advanced_manufacturing": ["数控刀具涂层", "硬质合金刀片", "智能产线", "精密齿轮传动", "工业机器人视觉"],
    "modern_transport": ["轨道交通牵引变流器", "动车组转向架", "城轨信号系统", "磁浮列车悬浮控制"],
    "aerospace": ["航空发动机叶片", "中小型航空发动机控制", "无人机动力"],
    "electronic_information": ["北斗定位终端", "工业互联网平台", "IGBT 功率模块", "智慧园区软件"],
    "new_materials": ["高分子减振材料", "电瓷釉料", "稀土功能材料", "碳纤维复合材料"],
    "new_energy": ["储能电池管理系统", "光伏逆变器", "余热回收节能"],
    "biomedicine": ["中药配方颗粒", "医用防护材料", "黄精提取工艺"],
    "environment": ["冶炼废渣资源化", "工业废水处理", "土壤修复"],
    "agriculture": ["黄桃品种选育", "油茶低产林改造", "水稻绿色种植"],
    "urban_social": ["智慧社区管理", "老旧小区改造设计"],
    "nuclear": ["核电阀门检测"],
}
FIELD_WEIGHTS = {
    "advanced_manufacturing": 28,
    "modern_transport": 16,
    "electronic_information": 15,
    "new_materials": 12,
    "aerospace": 7,
    "new_energy": 6,
    "biomedicine": 5,
    "environment": 4,
    "agriculture": 4,
    "urban_social": 2,
    "nuclear": 1,
}
TYPE_WEIGHTS = {"service": 44, "development": 32, "consulting": 9, "transfer": 10, "licensing": 5}
SUFFIX = {"development": "开发", "transfer": "转让", "licensing": "许可", "consulting": "咨询", "service": "服务"}


def _uscc(serial: int) -> str:
    body = f"91430200MA4L{serial:05d}"
    return body + uscc.calc_check_digit(body)


def _id_number(serial: int) -> str:
    body = f"43020219{75 + serial % 20:02d}0{1 + serial % 9}{10 + serial % 18:02d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def _pdf() -> bytes:
    return b"%PDF-1.4\n% demo scan of a signed contract\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@transaction.atomic
def seed_office() -> RegistrationOffice:
    city = Region.objects.get(code=CITY[0])
    office, _ = RegistrationOffice.objects.update_or_create(
        region=city,
        defaults={
            "name": "株洲市技术合同登记处",
            "code": city.code,
            "department": Department.objects.filter(code="transfer").first(),
            "address": "株洲市天元区神农大道市政府大院",
            "phone": "0731-28688123",
        },
    )
    return office


@transaction.atomic
def seed_organizations() -> tuple[list[Organization], list[Organization]]:
    regions = {r.code: r for r in Region.objects.all()}
    now = timezone.now()
    sellers, buyers = [], []
    for i, (name, county, kind) in enumerate(SELLERS, start=1):
        # An organization the registry's demo already made is used as it is.
        org = Organization.objects.filter(name=name).first() or Organization.objects.create(
            uscc=_uscc(i), name=name, kind=kind, region=regions[county], verified_at=now, status=VERIFIED
        )
        sellers.append(org)
    for i, (name, county) in enumerate(BUYERS_IN_CITY, start=100):
        org = Organization.objects.filter(name=name).first() or Organization.objects.create(
            uscc=_uscc(i), name=name, region=regions[county], verified_at=now, status=VERIFIED
        )
        buyers.append(org)
    qiye = User.objects.filter(username="qiye").first()
    if qiye is not None:
        Membership.objects.get_or_create(user=qiye, organization=sellers[0], defaults={"is_admin": True})
    return sellers, buyers


@transaction.atomic
def seed_brokers(count: int = 40) -> list[Broker]:
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
    given = ["建国", "晓东", "丽华", "志强", "海燕", "伟", "敏", "军", "静", "磊", "婷", "勇"]
    agencies = [
        "株洲市技术转移中心",
        "湖南工业大学技术转移中心",
        "株洲高新区科技服务中心",
        "潇湘科技要素大市场株洲分市场",
    ]
    regions = list(Region.objects.counties())
    today = timezone.localdate()
    brokers = []
    for i in range(1, count + 1):
        cert = f"HNJJR{2021 + i % 4}{i:04d}"
        broker, _ = Broker.objects.get_or_create(
            certificate_number=cert,
            defaults={
                "full_name": surnames[i % len(surnames)] + given[i % len(given)],
                "id_number": _id_number(i),
                "organization_name": agencies[i % len(agencies)],
                "region": regions[i % len(regions)] if regions else None,
                "level": [Broker.Level.JUNIOR, Broker.Level.INTERMEDIATE, Broker.Level.SENIOR][i % 3],
                "valid_from": date(2021 + i % 4, 6, 1),
                # A few certificates have lapsed, so the list shows both states.
                "valid_until": today - timedelta(days=30) if i % 13 == 0 else date(2027 + i % 3, 5, 31),
                "phone": f"1397331{i:04d}",
            },
        )
        brokers.append(broker)
    return brokers


def _amount(rng: random.Random) -> tuple[Decimal, Decimal]:
    total = Decimal(str(round(rng.lognormvariate(13.4, 1.6), -2))).quantize(Decimal("1"))
    total = min(max(total, Decimal("20000")), Decimal("200000000"))
    share = Decimal(str(rng.choice([1, 1, 1, 0.95, 0.9, 0.8, 0.7])))
    technical = (total * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return total, technical


def _registered_rows(
    office, sellers, buyers, brokers, rng, year: int, until: date, count: int
) -> list[TechnologyContract]:
    fields, field_w = zip(*FIELD_WEIGHTS.items(), strict=True)
    types, type_w = zip(*TYPE_WEIGHTS.items(), strict=True)
    start = date(year, 1, 1)
    span = (until - start).days
    rows = []
    for serial in range(1, count + 1):
        # Registrations spread over the year, with more of them towards December (year-end rush).
        offset = int(span * (rng.random() ** 0.8))
        registered = start + timedelta(days=offset)
        field = rng.choices(fields, field_w)[0]
        kind = rng.choices(types, type_w)[0]
        sub = rng.choice(catalog.TYPES_BY_CODE[kind].subtypes).code
        seller = rng.choice(sellers)
        total, technical = _amount(rng)
        if rng.random() < 0.45:
            buyer = rng.choice(buyers)
            buyer_kw = {
                "buyer_name": buyer.name,
                "buyer_code": buyer.uscc,
                "buyer_organization": buyer,
                "buyer_location": "city",
                "buyer_region_id": buyer.region_id,
            }
        else:
            name, location, where = rng.choice(BUYERS_OUTSIDE)
            buyer_kw = {
                "buyer_name": name,
                "buyer_location": location,
                "buyer_region_name": where,
                "buyer_nature": "foreign" if location == "abroad" else "enterprise",
            }
        signed = registered - timedelta(days=rng.randint(3, 40))
        rows.append(
            TechnologyContract(
                seller=seller,
                seller_name=seller.name,
                seller_code=seller.uscc,
                seller_nature={"university": "university", "institute": "institute"}.get(seller.kind, "enterprise"),
                seller_region_id=seller.region_id,
                office=office,
                name=f"{rng.choice(TOPICS[field])}技术{SUFFIX[kind]}合同",
                contract_type=kind,
                subtype=sub,
                signed_on=signed,
                starts_on=signed,
                ends_on=signed + timedelta(days=rng.choice([90, 180, 365, 730])),
                payment_method=rng.choice(["lump_sum", "instalments", "instalments", "royalty"]),
                total_amount=total,
                technical_amount=technical,
                equipment_amount=total - technical,
                technical_field=field,
                ip_type=rng.choice(
                    ["none", "none", "technical_secret", "invention_patent", "utility_model", "software_copyright"]
                ),
                plan_source=rng.choices(["none", "enterprise", "local", "ministerial", "national"], [60, 20, 10, 7, 3])[
                    0
                ],
                objective=rng.choices(
                    ["industry", "energy", "environment", "agriculture", "health", "social"], [60, 10, 10, 8, 6, 6]
                )[0],
                is_related_party=rng.random() < 0.06,
                status=TechnologyContract.Status.REGISTERED,
                source=TechnologyContract.Source.ONLINE,
                submitted_at=timezone.make_aware(
                    timezone.datetime.combine(registered - timedelta(days=6), timezone.datetime.min.time())
                ),
                clock_started_on=registered - timedelta(days=6),
                time_limit_days=15,
                registration_number=format_number(office.code, year, serial),
                registered_on=registered,
                decided_at=timezone.make_aware(timezone.datetime.combine(registered, timezone.datetime.min.time())),
                created_at=timezone.make_aware(
                    timezone.datetime.combine(registered - timedelta(days=7), timezone.datetime.min.time())
                ),
                **buyer_kw,
            )
        )
    return rows


@transaction.atomic
def seed_history(office, sellers, buyers, brokers) -> int:
    """Create two years of registered contracts once (2025 in full, 2026 to date)."""
    if TechnologyContract.objects.filter(office=office, status=TechnologyContract.Status.REGISTERED).count() >= 1000:
        return 0
    rng = random.Random(4467)
    today = timezone.localdate()
    plan = [(today.year - 1, date(today.year - 1, 12, 31), 2300), (today.year, today, 2500)]
    created = 0
    for year, until, count in plan:
        rows = _registered_rows(office, sellers, buyers, brokers, rng, year, until, count)
        made = TechnologyContract.objects.bulk_create(rows, batch_size=1000)
        through = TechnologyContract.brokers.through
        links = [
            through(technologycontract_id=c.pk, broker_id=rng.choice(brokers).pk) for c in made if rng.random() < 0.3
        ]
        through.objects.bulk_create(links, batch_size=2000)
        NumberCounter.objects.update_or_create(office=office, year=year, defaults={"last_serial": count})
        created += len(made)
    return created


def seed_queue(office, sellers, buyers) -> int:
    """File a few contracts through the services so chengguo has a queue to work on."""
    from . import services

    qiye = User.objects.filter(username="qiye").first()
    if (
        qiye is None
        or TechnologyContract.objects.filter(
            seller=sellers[0], status__in=["submitted", "papers_requested", "draft"]
        ).exists()
    ):
        return 0
    today = timezone.localdate()
    specs = [
        (
            "轨道交通牵引变流器散热系统委托开发合同",
            "development",
            "commissioned",
            Decimal("1800000"),
            Decimal("1500000"),
            0,
        ),
        ("硬质合金刀具涂层工艺技术服务合同", "service", "technical_service", Decimal("360000"), Decimal("360000"), 0),
        (
            "北斗高精度定位算法技术秘密转让合同",
            "transfer",
            "technical_secret",
            Decimal("6800000"),
            Decimal("6200000"),
            0,
        ),
        ("智能产线数字孪生平台合作开发合同", "development", "cooperative", Decimal("950000"), Decimal("800000"), 25),
        ("电瓷釉料配方专利实施普通许可合同", "licensing", "patent_ordinary", Decimal("500000"), Decimal("500000"), 0),
    ]
    made = 0
    for i, (name, kind, sub, total, technical, days_ago) in enumerate(specs):
        buyer = buyers[i % len(buyers)]
        contract = services.save_draft(
            actor=qiye,
            organization=sellers[0],
            data={
                "name": name,
                "contract_type": kind,
                "subtype": sub,
                "buyer_name": buyer.name,
                "buyer_code": buyer.uscc,
                "buyer_location": "city",
                "buyer_nature": "enterprise",
                "signed_on": today - timedelta(days=20 + days_ago),
                "starts_on": today - timedelta(days=20 + days_ago),
                "ends_on": today + timedelta(days=300),
                "payment_method": "instalments",
                "total_amount": total,
                "technical_amount": technical,
                "equipment_amount": total - technical,
                "technical_field": "advanced_manufacturing",
                "ip_type": "technical_secret",
                "plan_source": "none",
                "objective": "industry",
                "summary": "演示数据：合同的主要技术内容。",
            },
        )
        ContractAttachment.objects.create(
            contract=contract,
            file=ContentFile(_pdf(), name="signed.pdf"),
            original_name="合同文本扫描件.pdf",
            kind="pdf",
            size=len(_pdf()),
            uploaded_by=qiye,
        )
        services.submit_contract(actor=qiye, contract=contract)
        if days_ago:
            # Filed weeks ago: past its 15 working days, so it shows as overdue.
            from bureau import calendar

            started = today - timedelta(days=days_ago)
            TechnologyContract.objects.filter(pk=contract.pk).update(
                clock_started_on=started,
                due_on=calendar.add_working_days(started, 15),
                submitted_at=timezone.now() - timedelta(days=days_ago),
            )
        made += 1
    chengguo = User.objects.filter(username="chengguo").first()
    waiting = TechnologyContract.objects.filter(seller=sellers[0], status="submitted").order_by("pk")
    if chengguo is not None and waiting.count() >= 2:
        services.request_papers(
            actor=chengguo, contract=waiting[1], comment="请补充加盖双方公章的合同首页和签字页扫描件。"
        )
    services.report_overdue()  # the overdue filing reaches the leaders' to-dos at once
    # One draft left half-filled, as a filer would.
    services.save_draft(
        actor=qiye,
        organization=sellers[0],
        data={"name": "陶瓷窑炉余热回收技术咨询合同（草稿）", "contract_type": "consulting", "subtype": "feasibility"},
    )
    return made


def seed(out) -> None:
    office = seed_office()
    sellers, buyers = seed_organizations()
    brokers = seed_brokers()
    created = seed_history(office, sellers, buyers, brokers)
    queued = seed_queue(office, sellers, buyers)
    total = TechnologyContract.objects.filter(status=TechnologyContract.Status.REGISTERED).count()
    out.write(
        f"技术合同：登记机构 1 个，技术经纪人 {len(brokers)} 名，已登记合同 {total} 份（本次新增 {created}），"
        f"待审查 {queued} 份（演示登记员 chengguo）"
    )
