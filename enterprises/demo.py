"""Demo data of the registry: a few hundred Zhuzhou organizations with their profiles.

``seed(out)`` is called by ``seed_demo`` after the core's regions and accounts exist. It
is idempotent: organizations are keyed by their (generated, valid) 统一社会信用代码 and
their profile rows are only created the first time. Names are invented from the city's
industries (rail transit, ceramics, cemented carbide, aviation, new materials...).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from stdnum.cn import uscc

from bureau.accounts.models import Role, User
from bureau.regions.models import Region

from .models import (
    HighTechField,
    Industry,
    IntellectualProperty,
    IPKind,
    Membership,
    Organization,
    OrganizationYear,
    Qualification,
    ip_class_of,
)

SEED = 20260
#: Generated enterprises besides the demo enterprise, the institutions and the pending ones.
GENERATED = 320
CENTS = Decimal("0.01")

# County code -> (place prefix used in names, share of organizations)
COUNTY_WEIGHTS = {
    "430271": ("株洲", 22),  # 株洲高新区
    "430211": ("株洲", 12),  # 天元区
    "430202": ("株洲", 8),
    "430203": ("株洲", 7),
    "430204": ("株洲", 9),
    "430212": ("株洲", 5),
    "430223": ("攸县", 8),
    "430224": ("茶陵", 5),
    "430225": ("炎陵", 4),
    "430281": ("醴陵", 20),
}

# (trade words, industry division, high-tech field)
TRADES = [
    ("电力机车配件", "37", HighTechField.ADVANCED_MANUFACTURING),
    ("轨道交通装备", "37", HighTechField.ADVANCED_MANUFACTURING),
    ("牵引电气", "38", HighTechField.ADVANCED_MANUFACTURING),
    ("硬质合金", "32", HighTechField.NEW_MATERIALS),
    ("精密刀具", "33", HighTechField.NEW_MATERIALS),
    ("航空动力", "37", HighTechField.AEROSPACE),
    ("通航科技", "37", HighTechField.AEROSPACE),
    ("电瓷电器", "30", HighTechField.NEW_MATERIALS),
    ("日用陶瓷", "30", HighTechField.NEW_MATERIALS),
    ("先进陶瓷", "30", HighTechField.NEW_MATERIALS),
    ("新材料", "26", HighTechField.NEW_MATERIALS),
    ("高分子材料", "29", HighTechField.NEW_MATERIALS),
    ("电子信息", "39", HighTechField.ELECTRONIC_INFORMATION),
    ("软件", "65", HighTechField.ELECTRONIC_INFORMATION),
    ("智能控制", "40", HighTechField.ADVANCED_MANUFACTURING),
    ("汽车零部件", "36", HighTechField.ADVANCED_MANUFACTURING),
    ("生物医药", "27", HighTechField.BIOMEDICINE),
    ("医疗器械", "35", HighTechField.BIOMEDICINE),
    ("节能环保", "77", HighTechField.RESOURCES_ENVIRONMENT),
    ("新能源", "38", HighTechField.NEW_ENERGY),
    ("检验检测", "74", HighTechField.HIGHTECH_SERVICES),
    ("花炮机械", "35", HighTechField.ADVANCED_MANUFACTURING),
    ("农业科技", "01", HighTechField.NONE),
    ("商贸", "51", HighTechField.NONE),
]
MIDDLE = list("华鑫瑞恒泰盛宏达通博创智精联信远兴科新力晨凯航宇中天弘益峰卓汇")
STREETS = ["工业园", "创业大道", "新马路", "陶瓷产业园", "航空城"]
SUFFIX = ["有限公司", "科技有限公司", "股份有限公司", "技术有限公司", "制造有限公司"]

INSTITUTIONS = [
    ("430211", "株洲工学院（演示）", Organization.Kind.UNIVERSITY, "83", HighTechField.NONE),
    ("430211", "株洲职业技术学院（演示）", Organization.Kind.UNIVERSITY, "83", HighTechField.NONE),
    (
        "430271",
        "株洲市轨道交通技术研究院（演示）",
        Organization.Kind.INSTITUTE,
        "73",
        HighTechField.ADVANCED_MANUFACTURING,
    ),
    ("430281", "醴陵市陶瓷研究所（演示）", Organization.Kind.INSTITUTE, "73", HighTechField.NEW_MATERIALS),
    ("430223", "攸县农业科学研究所（演示）", Organization.Kind.INSTITUTE, "73", HighTechField.NONE),
    ("430202", "株洲市中心医院（演示）", Organization.Kind.HOSPITAL, "84", HighTechField.BIOMEDICINE),
]

DEMO_ENTERPRISE = "株洲智造科技有限公司"
PENDING = [
    ("liling_xc", "刘建国", "13973300001", "醴陵市新瓷电瓷科技有限公司", "30", HighTechField.NEW_MATERIALS),
    ("liling_hy", "何玉兰", "13973300002", "醴陵华宇陶瓷新材料有限公司", "30", HighTechField.NEW_MATERIALS),
    ("liling_jd", "蒋东", "13973300003", "醴陵精电绝缘子制造有限公司", "38", HighTechField.ADVANCED_MANUFACTURING),
]

IP_TITLES = {
    IPKind.INVENTION_PATENT: ["一种{t}的制备方法", "{t}用高强度复合材料及其制备方法", "一种基于视觉识别的{t}检测方法"],
    IPKind.UTILITY_MODEL: ["一种{t}的快速夹持装置", "一种{t}用散热结构", "一种{t}生产线的输送机构"],
    IPKind.DESIGN_PATENT: ["{t}外壳", "{t}控制面板"],
    IPKind.SOFTWARE_COPYRIGHT: ["{t}生产管理系统V1.0", "{t}在线监测平台V2.0", "{t}数据采集软件V1.2"],
    IPKind.TRADEMARK: ["{t}商标"],
}


def _code(region_code: str, serial: int) -> str:
    """Return a valid 统一社会信用代码 for demo organization ``serial`` of a region."""
    body = f"91{region_code}MA4L{serial:05d}"
    return body + uscc.calc_check_digit(body)


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENTS)


def _years(rng: random.Random, last_year: int, size: str) -> list[dict]:
    base_revenue = {"small": rng.uniform(3e6, 4e7), "medium": rng.uniform(4e7, 3e8), "large": rng.uniform(3e8, 2.5e9)}[
        size
    ]
    staff = {"small": rng.randint(15, 120), "medium": rng.randint(120, 480), "large": rng.randint(500, 4000)}[size]
    rows = []
    revenue = base_revenue
    for year in (last_year - 2, last_year - 1, last_year):
        revenue *= rng.uniform(0.92, 1.35)
        staff_total = max(8, int(staff * rng.uniform(0.95, 1.1)))
        sci = int(staff_total * rng.uniform(0.08, 0.38))
        rd = revenue * rng.uniform(0.012, 0.085)
        outsourced = rd * rng.uniform(0, 0.2)
        assets = revenue * rng.uniform(0.9, 1.6)
        total_income = revenue * rng.uniform(1.0, 1.05)
        rows.append(
            {
                "year": year,
                "staff_total": staff_total,
                "sci_tech_staff": sci,
                "revenue": _money(revenue),
                "total_cost": _money(revenue * rng.uniform(0.82, 0.97)),
                "rd_total": _money(rd),
                "rd_in_china": _money(rd * rng.uniform(0.9, 1.0)),
                "rd_outsourced": _money(outsourced),
                "total_assets": _money(assets),
                "net_assets": _money(assets * rng.uniform(-0.05, 0.6)),
                "hightech_income": _money(total_income * rng.uniform(0.3, 0.92)),
                "total_income": _money(total_income),
            }
        )
    return rows


def _ip_items(rng: random.Random, org: Organization, trade: str, count: int) -> list[IntellectualProperty]:
    kinds = [IPKind.UTILITY_MODEL] * 5 + [IPKind.INVENTION_PATENT] * 2 + [IPKind.SOFTWARE_COPYRIGHT] * 3
    kinds += [IPKind.DESIGN_PATENT, IPKind.TRADEMARK]
    items = []
    for n in range(count):
        kind = rng.choice(kinds)
        applied = date(rng.randint(2016, 2024), rng.randint(1, 12), rng.randint(1, 28))
        granted = applied + timedelta(
            days=rng.randint(120, 900) if kind == IPKind.INVENTION_PATENT else rng.randint(60, 300)
        )
        pending = granted > timezone.localdate()
        if kind == IPKind.SOFTWARE_COPYRIGHT:
            number = f"{granted.year}SR{rng.randint(100000, 1999999):07d}"
        elif kind == IPKind.TRADEMARK:
            number = f"{rng.randint(10000000, 69999999)}"
        else:
            type_digit = {IPKind.INVENTION_PATENT: 1, IPKind.UTILITY_MODEL: 2, IPKind.DESIGN_PATENT: 3}[kind]
            number = f"ZL{applied.year}{type_digit}{rng.randint(0, 9999999):07d}.{rng.randint(0, 9)}"
        title = rng.choice(IP_TITLES[kind]).format(t=trade)
        status = (
            IntellectualProperty.Status.PENDING
            if pending
            else rng.choices([IntellectualProperty.Status.VALID, IntellectualProperty.Status.EXPIRED], [9, 1])[0]
        )
        items.append(
            IntellectualProperty(
                organization=org,
                kind=kind,
                ip_class=ip_class_of(kind),
                number=number,
                title=f"{title}" if n < 3 else f"{title}（{n}）",
                applied_on=applied,
                granted_on=None if pending else granted,
                status=status,
                obtained_by=rng.choices(["own_rd", "transfer", "acquisition"], [8, 1, 1])[0],
            )
        )
    return items


def _qualifications(rng: random.Random, org: Organization, trade: str, last_year: int) -> list[Qualification]:
    items = []
    if rng.random() < 0.25:
        items.append(
            Qualification(
                organization=org,
                kind=Qualification.Kind.RD_INSTITUTION,
                level=rng.choice([Qualification.Level.PROVINCIAL, Qualification.Level.CITY]),
                name=f"{trade}工程技术研究中心",
                year=rng.randint(2015, last_year),
            )
        )
    if rng.random() < 0.06:
        items.append(
            Qualification(
                organization=org,
                kind=Qualification.Kind.AWARD,
                level=Qualification.Level.NATIONAL,
                name="国家科学技术进步奖",
                grade="二等奖",
                rank=rng.randint(1, 5),
                year=rng.randint(last_year - 6, last_year),
            )
        )
    if rng.random() < 0.12:
        items.append(
            Qualification(
                organization=org,
                kind=Qualification.Kind.STANDARD,
                level=rng.choice([Qualification.Level.INDUSTRY, Qualification.Level.NATIONAL]),
                name=f"{trade}通用技术条件",
                is_lead=rng.random() < 0.6,
                year=rng.randint(last_year - 6, last_year),
            )
        )
    return items


def _fill_profile(rng, org: Organization, trade: str, size: str, last_year: int, ip_count: int) -> None:
    OrganizationYear.objects.bulk_create(
        [OrganizationYear(organization=org, **row) for row in _years(rng, last_year, size)]
    )
    IntellectualProperty.objects.bulk_create(_ip_items(rng, org, trade, ip_count), ignore_conflicts=True)
    Qualification.objects.bulk_create(_qualifications(rng, org, trade, last_year))


def _user(username: str, full_name: str, phone: str) -> User:
    user, created = User.objects.get_or_create(username=username, defaults={"full_name": full_name, "phone": phone})
    if created:
        from bureau.core.demo import DEMO_PASSWORD

        user.email = f"{username}@demo.kjj.example.gov.cn"
        user.set_password(DEMO_PASSWORD)
        user.save()
    user.groups.add(Group.objects.get_or_create(name=Role.APPLICANT.value)[0])
    return user


@transaction.atomic
def seed(out) -> None:
    regions = {r.code: r for r in Region.objects.filter(code__in=list(COUNTY_WEIGHTS))}
    if len(regions) < len(COUNTY_WEIGHTS):
        out.write("创新主体：缺少县市区，跳过（请先运行核心的演示数据）")
        return
    industries = {i.code: i for i in Industry.objects.all()}
    last_year = timezone.localdate().year - 1
    codes = list(COUNTY_WEIGHTS)
    weights = [COUNTY_WEIGHTS[c][1] for c in codes]
    created = 0
    used_names = set(Organization.objects.values_list("name", flat=True))

    # The demo enterprise of the account `qiye` (李明): verified, with complete data.
    qiye = User.objects.filter(username="qiye").first()
    demo_code = _code("430271", 1)
    demo_org, made = Organization.objects.get_or_create(
        uscc=demo_code,
        defaults={
            "name": DEMO_ENTERPRISE,
            "region": regions["430271"],
            "industry": industries["37"],
            "hightech_field": HighTechField.ADVANCED_MANUFACTURING,
            "registered_on": date(2014, 3, 18),
            "legal_representative": "李明",
            "address": "湖南省株洲市天元区株洲大道18号智造产业园3栋",
            "contact_name": "李明",
            "contact_phone": "13907330018",
            "contact_email": "qiye@demo.kjj.example.gov.cn",
            "status": Organization.Status.VERIFIED,
            "verified_at": timezone.now(),
        },
    )
    if made:
        created += 1
        OrganizationYear.objects.bulk_create(
            [
                OrganizationYear(organization=demo_org, **row)
                for row in [
                    _demo_year(last_year - 2, 168, 46, "62350000", "2980000"),
                    _demo_year(last_year - 1, 182, 51, "78410000", "3760000"),
                    _demo_year(last_year, 205, 58, "96820000", "4850000"),
                ]
            ]
        )
        IntellectualProperty.objects.bulk_create(_ip_items(random.Random(7), demo_org, "轨道交通装备", 12))
        Qualification.objects.bulk_create(
            [
                Qualification(
                    organization=demo_org,
                    kind=Qualification.Kind.RD_INSTITUTION,
                    level=Qualification.Level.PROVINCIAL,
                    name="湖南省轨道交通智能运维工程技术研究中心",
                    year=2021,
                ),
                Qualification(
                    organization=demo_org,
                    kind=Qualification.Kind.STANDARD,
                    level=Qualification.Level.INDUSTRY,
                    name="城市轨道交通车辆智能运维系统技术规范",
                    is_lead=True,
                    year=last_year - 1,
                ),
            ]
        )
    if qiye is not None:
        Membership.objects.get_or_create(user=qiye, organization=demo_org, defaults={"is_admin": True})
        if not qiye.phone:
            qiye.phone = "13907330018"
            qiye.save(update_fields=["phone"])

    # A few hundred enterprises across the counties and the park.
    for serial in range(2, GENERATED + 2):
        rng = random.Random(SEED * 1000 + serial)  # one generator per organization: re-runs match
        county = rng.choices(codes, weights)[0]
        code = _code(county, serial)
        trade, division, field = rng.choice(TRADES)
        place = COUNTY_WEIGHTS[county][0]
        size = rng.choices(["small", "medium", "large"], [60, 32, 8])[0]
        ip_count = rng.randint(0, {"small": 8, "medium": 18, "large": 30}[size])
        if Organization.objects.filter(uscc=code).exists():
            continue
        for _attempt in range(20):
            name = f"{place}{rng.choice(MIDDLE)}{rng.choice(MIDDLE)}{trade}{rng.choice(SUFFIX)}"
            if name not in used_names:
                break
        used_names.add(name)
        registered = date(rng.randint(1998, last_year), rng.randint(1, 12), rng.randint(1, 28))
        org = Organization.objects.create(
            uscc=code,
            name=name,
            region=regions[county],
            industry=industries[division],
            hightech_field=field,
            registered_on=registered,
            legal_representative=rng.choice("王李张刘陈杨黄赵周吴")
            + rng.choice(["建华", "志强", "海波", "丽", "敏", "国平", "晓东"]),
            address=f"湖南省株洲市{regions[county].name}{rng.choice(STREETS)}{rng.randint(1, 300)}号",
            contact_name=rng.choice("王李张刘陈杨黄赵周吴") + rng.choice(["先生", "女士", "经理"]),
            contact_phone=f"139{rng.randint(0, 99999999):08d}",
            status=Organization.Status.VERIFIED,
            verified_at=timezone.now() - timedelta(days=rng.randint(30, 900)),
            tier=rng.choices(["none", "little_giant", "leading"], [94, 5, 1])[0] if size != "small" else "none",
        )
        if org.tier != "none":
            org.tier_year = last_year
            org.save(update_fields=["tier_year"])
        # Registered a few days before it was verified (created_at is set on insert).
        Organization.objects.filter(pk=org.pk).update(created_at=org.verified_at - timedelta(days=rng.randint(1, 10)))
        years_filled = rng.random() < 0.9
        if years_filled:
            _fill_profile(rng, org, trade, size, last_year, ip_count)
        created += 1

    # Universities, institutes and a hospital.
    for offset, (county, name, kind, division, field) in enumerate(INSTITUTIONS, start=900):
        code = _code(county, offset).replace("91", "12", 1)
        code = code[:-1] + uscc.calc_check_digit(code[:-1])
        _org, made = Organization.objects.get_or_create(
            uscc=code,
            defaults={
                "name": name,
                "kind": kind,
                "region": regions[county],
                "industry": industries[division],
                "hightech_field": field,
                "registered_on": date(1980 + offset % 30, 9, 1),
                "status": Organization.Status.VERIFIED,
                "verified_at": timezone.now(),
            },
        )
        created += int(made)

    # Registrations waiting for 醴陵市 (county staff `liling`).
    for serial, (username, full_name, phone, name, division, field) in enumerate(PENDING, start=950):
        user = _user(username, full_name, phone)
        org, made = Organization.objects.get_or_create(
            uscc=_code("430281", serial),
            defaults={
                "name": name,
                "region": regions["430281"],
                "industry": industries[division],
                "hightech_field": field,
                "registered_on": date(2019 + serial % 4, 4, 10),
                "legal_representative": full_name,
                "address": "湖南省醴陵市经济开发区陶瓷产业园",
                "contact_name": full_name,
                "contact_phone": phone,
                "status": Organization.Status.PENDING,
            },
        )
        Membership.objects.get_or_create(user=user, organization=org, defaults={"is_admin": True})
        if made:
            created += 1
            org.business_licence.save("licence.pdf", ContentFile(_licence_pdf(org.uscc)), save=False)
            org.save(update_fields=["business_licence"])
            _open_demo_todo(org, user)

    total = Organization.objects.count()
    pending = Organization.objects.filter(status=Organization.Status.PENDING).count()
    out.write(f"创新主体：共 {total} 家（本次新增 {created} 家），待核验 {pending} 家；")
    out.write(f"  演示企业 {DEMO_ENTERPRISE}（账号 qiye），醴陵市待核验注册由账号 liling 处理")


def _demo_year(year: int, staff: int, sci: int, revenue: str, rd: str) -> dict:
    revenue_d = Decimal(revenue)
    rd_d = Decimal(rd)
    total_income = (revenue_d * Decimal("1.02")).quantize(CENTS)
    return {
        "year": year,
        "staff_total": staff,
        "sci_tech_staff": sci,
        "revenue": revenue_d,
        "total_cost": (revenue_d * Decimal("0.88")).quantize(CENTS),
        "rd_total": rd_d,
        "rd_in_china": rd_d,
        "rd_outsourced": (rd_d * Decimal("0.08")).quantize(CENTS),
        "total_assets": (revenue_d * Decimal("1.25")).quantize(CENTS),
        "net_assets": (revenue_d * Decimal("0.62")).quantize(CENTS),
        "hightech_income": (total_income * Decimal("0.78")).quantize(CENTS),
        "total_income": total_income,
    }


def _licence_pdf(code: str) -> bytes:
    """Return a one-page PDF standing in for a scanned business licence."""
    text = f"BUSINESS LICENCE (DEMO)  USCC {code}"
    stream = f"BT /F1 18 Tf 60 760 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _open_demo_todo(org: Organization, user: User) -> None:
    from django.urls import reverse

    from bureau.inbox.services import open_todo

    open_todo(
        title=f"核验单位注册：{org.name}",
        url=reverse("enterprises:org-detail", args=[org.pk]),
        subject=org,
        role=Role.COUNTY_STAFF,
        region=org.region,
        actor=user,
    )
