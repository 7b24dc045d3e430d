"""Demo data of the talent app for Zhuzhou (idempotent): ``seed(out)``.

Programs: the Hunan "三尖" innovation-talent programs of 湖湘高层次人才聚集工程 (顶尖,
拔尖, 荷尖, 湘聚 — Zhuzhou had 22 拔尖, 22 荷尖 and 1 湘聚 in 2024, seed 001) and a city
program (its name is made up: the seeds name none for Zhuzhou). About 60 people selected
in 2025 and 2026 over the counties, 30 experts (the demo accounts ``zhuanjia`` and
``tianyuan`` linked to their profiles), 20 commissioners of the three kinds with service
logs recorded by the 人才科 officer ``rencai`` (a core demo account).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from stdnum.cn import ric

from bureau.accounts.models import User
from bureau.regions.models import Region
from enterprises.models import Organization

from .models import Commissioner, CommissionerServiceLog, Expert, TalentProgram, TalentSelection

PROVINCE_ISSUER = "湖南省科学技术厅"
THREE_TIPS = "湖湘高层次人才聚集工程“三尖”创新人才工程"

# code, name, short name, level, issuer, description, order
PROGRAMS = [
    (
        "hn-dingjian",
        "湖南省科技创新“顶尖”人才",
        "顶尖",
        TalentProgram.Level.PROVINCIAL,
        PROVINCE_ISSUER,
        f"{THREE_TIPS}：吸纳处于科技发展最前沿、具有卓越科技组织领导才能的战略科学家。",
        10,
    ),
    (
        "hn-bajian",
        "湖南省科技领军人才（“拔尖”人才）",
        "拔尖",
        TalentProgram.Level.PROVINCIAL,
        PROVINCE_ISSUER,
        f"{THREE_TIPS}：遴选承担关键核心技术攻关、在科研一线潜心研究的科技领军人才。",
        20,
    ),
    (
        "hn-hejian",
        "科技创新类湖南青年英才（“荷尖”人才）",
        "荷尖",
        TalentProgram.Level.PROVINCIAL,
        PROVINCE_ISSUER,
        f"{THREE_TIPS}：培育优秀青年科技创新人才，“小荷才露尖尖角”。",
        30,
    ),
    (
        "hn-xiangju",
        "湘聚高层次人才聚集工程（“湘聚”人才）",
        "湘聚",
        TalentProgram.Level.PROVINCIAL,
        PROVINCE_ISSUER,
        "以阶段性工作、挂职兼职、平台共建、项目合作等方式柔性引进不能全职来湘的高层次人才。",
        40,
    ),
    (
        "zz-innovation",
        "株洲市科技创新人才计划（演示）",
        "市科技创新人才",
        TalentProgram.Level.CITY,
        "株洲市科学技术局",
        "演示用的市级人才计划：支持在株企业、高校院所的科技创新领军人才和青年人才。",
        50,
    ),
]

# program code -> (category, funding in yuan, list date) per year
SELECTION_PLAN = {
    "hn-bajian": ("科技领军人才", Decimal("1000000"), {2025: (9, date(2025, 9, 18)), 2026: (10, date(2026, 9, 25))}),
    "hn-hejian": (
        "科技创新类湖南青年英才",
        Decimal("300000"),
        {2025: (11, date(2025, 9, 18)), 2026: (12, date(2026, 9, 25))},
    ),
    "hn-xiangju": (
        "湘聚人才（柔性引进）",
        Decimal("500000"),
        {2025: (1, date(2025, 11, 6)), 2026: (1, date(2026, 10, 30))},
    ),
    "zz-innovation": ("创新领军人才", Decimal("200000"), {2025: (8, date(2025, 6, 30)), 2026: (8, date(2026, 7, 15))}),
}

# work unit, county code (used when the unit is not in the registry)
UNITS = [
    ("株洲中车时代电气股份有限公司", "430204"),
    ("中车株洲电力机车有限公司", "430204"),
    ("中国航发南方工业有限公司", "430203"),
    ("株洲硬质合金集团有限公司", "430202"),
    ("湖南宏达轨道装备有限公司", "430202"),
    ("湖南工业大学", "430211"),
    ("时代新材料科技股份有限公司", "430211"),
    ("株洲千金药业股份有限公司", "430211"),
    ("株洲智造科技有限公司", "430211"),
    ("株洲市农业科学研究所", "430212"),
    ("株洲旗滨集团股份有限公司", "430212"),
    ("攸县新能源动力科技有限公司", "430223"),
    ("茶陵县中药材开发有限公司", "430224"),
    ("炎陵县黄桃产业研究院", "430225"),
    ("醴陵华鑫电瓷科技股份有限公司", "430281"),
    ("株洲高新区北斗应用技术有限公司", "430271"),
]
FIELDS = ["轨道交通装备", "航空发动机", "硬质合金", "功率半导体", "高分子材料", "中药现代化", "智能制造", "北斗应用"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
MEN = ["志刚", "海涛", "建华", "文杰", "明辉", "俊峰", "国庆", "宇航", "思远", "子轩", "立新"]
WOMEN = ["晓燕", "丽娟", "雪梅", "佳怡", "慧敏", "秀英", "婷婷"]
# Division codes of the ID numbers: python-stdnum accepts a code only if it existed in the
# holder's birth year, so the demo people are born 1986-1998 in codes that existed then.
ID_DIVISIONS = ["430202", "430203", "430204", "430211", "430221", "430223", "430224", "430225"]


def id_number(serial: int) -> str:
    """Return a valid, stable demo 居民身份证号 for ``serial``."""
    born = date(1986, 1, 1) + timedelta(days=(serial * 397) % 4700)
    body = f"{ID_DIVISIONS[serial % len(ID_DIVISIONS)]}{born:%Y%m%d}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def person_name(serial: int) -> str:
    """Return a stable demo name whose sex agrees with ``id_number(serial)`` (odd serials are men)."""
    given = MEN if serial % 2 else WOMEN
    return SURNAMES[(serial * 7) % len(SURNAMES)] + given[(serial // 2) % len(given)]


@transaction.atomic
def seed_programs() -> dict[str, TalentProgram]:
    programs = {}
    for code, name, short, level, issuer, description, order in PROGRAMS:
        programs[code], _ = TalentProgram.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "short_name": short,
                "level": level,
                "issuer": issuer,
                "description": description,
                "sort_order": order,
            },
        )
    return programs


def _units() -> list[tuple[str, Organization | None, Region]]:
    regions = {r.code: r for r in Region.objects.all()}
    organizations = {o.name: o for o in Organization.objects.filter(name__in=[n for n, _c in UNITS])}
    result = []
    for name, county in UNITS:
        organization = organizations.get(name)
        region = organization.region if organization and organization.region_id else regions[county]
        result.append((name, organization, region))
    return result


@transaction.atomic
def seed_selections(programs) -> int:
    units = _units()
    serial = 0
    made = 0
    for code, (category, funding, years) in SELECTION_PLAN.items():
        for year, (count, published) in years.items():
            for i in range(count):
                serial += 1
                name, organization, region = units[(serial * 5 + i) % len(units)]
                number = id_number(1000 + serial) if serial % 4 else ""  # some lists carry no ID numbers
                _sel, created = TalentSelection.objects.update_or_create(
                    program=programs[code],
                    year=year,
                    full_name=person_name(1000 + serial),
                    organization_name=name,
                    defaults={
                        "category": category,
                        "selected_on": published,
                        "id_number": number,
                        "gender": ("male" if int(number[16]) % 2 else "female") if number else "",
                        "organization": organization,
                        "region": region,
                        "title": "正高级工程师" if code == "hn-bajian" else "高级工程师" if i % 2 else "副教授",
                        "field": FIELDS[serial % len(FIELDS)],
                        "funding": funding,
                    },
                )
                made += created
    return made


EXPERT_SPECIALTIES = [
    ("advanced_manufacturing", "数控刀具与精密加工"),
    ("advanced_manufacturing", "轨道交通牵引传动"),
    ("aerospace", "中小型航空发动机"),
    ("new_materials", "硬质合金与粉末冶金"),
    ("new_materials", "电瓷与陶瓷材料"),
    ("electronic_information", "功率半导体器件"),
    ("electronic_information", "北斗导航与位置服务"),
    ("biomedicine", "中药制剂"),
    ("new_energy", "储能与电池管理"),
    ("resources_environment", "冶炼废渣资源化"),
    ("hightech_services", "科技金融与技术转移"),
]
EXPERT_UNITS = [
    ("湖南工业大学", "430211"),
    ("株洲中车时代电气股份有限公司", "430204"),
    ("中国航发南方工业有限公司", "430203"),
    ("株洲硬质合金集团有限公司", "430202"),
    ("株洲市农业科学研究所", "430212"),
    ("醴陵华鑫电瓷科技股份有限公司", "430281"),
    ("湖南化工职业技术学院", "430202"),
    ("株洲高新区北斗应用技术有限公司", "430271"),
]


@transaction.atomic
def seed_experts(count: int = 30) -> int:
    regions = {r.code: r for r in Region.objects.all()}
    organizations = {o.name: o for o in Organization.objects.filter(name__in=[n for n, _c in EXPERT_UNITS])}
    titles = [Expert.Title.SENIOR, Expert.Title.SENIOR, Expert.Title.ASSOCIATE, Expert.Title.INTERMEDIATE]
    made = 0
    linked = {1: "zhuanjia", 2: "tianyuan"}
    for i in range(1, count + 1):
        unit, county = EXPERT_UNITS[i % len(EXPERT_UNITS)]
        field, specialty = EXPERT_SPECIALTIES[i % len(EXPERT_SPECIALTIES)]
        second = EXPERT_SPECIALTIES[(i * 3) % len(EXPERT_SPECIALTIES)][0]
        defaults = {
            "full_name": person_name(i),
            "organization_name": unit,
            "organization": organizations.get(unit),
            "region": regions[county],
            "title": titles[i % len(titles)],
            "position": "教授" if unit.endswith(("大学", "学院")) else "总工程师" if i % 3 == 0 else "",
            "technical_fields": sorted({field, second}),
            "specialty": specialty,
            "joined_on": date(2021 + i % 5, 3, 1),
            "phone": f"1387332{i:04d}",
            "status": Expert.Status.ACTIVE,
            "left_on": None,
        }
        if i in linked:
            user = User.objects.filter(username=linked[i]).first()
            defaults["user"] = user
            if linked[i] == "zhuanjia":
                defaults.update(
                    full_name="陈学军",
                    organization_name="湖南工业大学",
                    organization=organizations.get("湖南工业大学"),
                    region=regions["430211"],
                )
            else:
                defaults.update(
                    full_name="周强",
                    organization_name="株洲市天元区科学技术局",
                    organization=None,
                    region=regions["430211"],
                    title=Expert.Title.ASSOCIATE,
                    position="副局长",
                )
        elif i in (7, 19):
            defaults["status"] = Expert.Status.SUSPENDED
            defaults["note"] = "本人申请暂停一年"
        elif i == 23:
            defaults.update(status=Expert.Status.LEFT, left_on=date(2026, 3, 1), note="退休出库")
        defaults["id_number"] = id_number(i)
        name, unit = defaults.pop("full_name"), defaults.pop("organization_name")
        _expert, created = Expert.objects.update_or_create(full_name=name, organization_name=unit, defaults=defaults)
        made += created
    return made


# name, kind, leader, members, unit, served county, target, field, year
COMMISSIONERS = [
    (
        "谭建军",
        "individual",
        "",
        1,
        "株洲市农业科学研究所",
        "430212",
        "渌口区南洲镇水稻种植合作社",
        "水稻绿色种植",
        2026,
    ),
    ("罗晓红", "individual", "", 1, "湖南省农业科学院", "430225", "炎陵县鹿原镇黄桃专业合作社", "黄桃栽培", 2026),
    ("彭志勇", "individual", "", 1, "湖南工业大学", "430281", "醴陵市陶瓷产业园", "陶瓷窑炉节能", 2026),
    ("段丽萍", "individual", "", 1, "湖南农业大学", "430224", "茶陵县严塘镇中药材种植基地", "中药材种植", 2026),
    ("刘海军", "individual", "", 1, "株洲市农业科学研究所", "430223", "攸县皇图岭镇油茶基地", "油茶低产林改造", 2026),
    ("黄文斌", "individual", "", 1, "湖南工业大学", "430204", "石峰区清水塘街道企业", "工业废水处理", 2026),
    ("邓明", "individual", "", 1, "湖南化工职业技术学院", "430202", "荷塘区明照街道社区", "智慧社区管理", 2026),
    ("周艳", "individual", "", 1, "湖南省农业科学院", "430225", "炎陵县沔渡镇茶叶合作社", "茶叶加工", 2025),
    ("钟卫东", "individual", "", 1, "株洲市农业科学研究所", "430212", "渌口区龙船镇蔬菜基地", "设施蔬菜", 2025),
    ("易春华", "individual", "", 1, "湖南农业大学", "430223", "攸县网岭镇生猪养殖场", "生猪健康养殖", 2025),
    ("贺立新", "individual", "", 1, "湖南工业大学", "430281", "醴陵市浦口镇烟花企业", "烟花安全生产", 2025),
    (
        "株洲市农业科学研究所",
        "legal_person",
        "陈志强",
        5,
        "株洲市农业科学研究所",
        "430212",
        "渌口区现代农业产业园",
        "粮油作物",
        2026,
    ),
    (
        "湖南工业大学包装与材料学院",
        "legal_person",
        "李文华",
        4,
        "湖南工业大学",
        "430281",
        "醴陵市日用陶瓷企业",
        "陶瓷釉料",
        2026,
    ),
    (
        "炎陵县黄桃产业研究院",
        "legal_person",
        "谢芳",
        3,
        "炎陵县黄桃产业研究院",
        "430225",
        "炎陵县黄桃产业带",
        "黄桃品种选育",
        2025,
    ),
    (
        "茶陵县中药材开发有限公司",
        "legal_person",
        "尹国平",
        6,
        "茶陵县中药材开发有限公司",
        "430224",
        "茶陵县中药材种植户",
        "中药材初加工",
        2026,
    ),
    ("油茶提质增效服务团队", "team", "刘海军", 4, "株洲市农业科学研究所", "430223", "攸县油茶种植大户", "油茶", 2026),
    ("陶瓷智能制造服务团队", "team", "彭志勇", 3, "湖南工业大学", "430281", "醴陵市电瓷企业", "智能制造", 2026),
    (
        "北斗农机应用服务团队",
        "team",
        "王建华",
        5,
        "株洲高新区北斗应用技术有限公司",
        "430212",
        "渌口区农机合作社",
        "北斗农机导航",
        2025,
    ),
    ("石国良", "individual", "", 1, "湖南农业大学", "430224", "茶陵县虎踞镇水稻基地", "水稻病虫害防治", 2026),
    ("曹丽", "individual", "", 1, "株洲市中心医院", "430203", "芦淞区社区卫生服务中心", "基层医疗技术", 2026),
]
LOG_TOPICS = [
    ("现场技术指导", "到田间地头开展技术指导，解答种植户问题", 25),
    ("实用技术培训", "举办实用技术培训班，讲解新品种和新技术", 60),
    ("技术需求对接", "走访企业收集技术需求，对接高校院所专家", 8),
    ("新技术示范推广", "建设示范点，推广绿色高效生产技术", 40),
]


@transaction.atomic
def seed_commissioners() -> tuple[int, int]:
    regions = {r.code: r for r in Region.objects.all()}
    organizations = {o.name: o for o in Organization.objects.filter(name__in=[c[4] for c in COMMISSIONERS])}
    recorder = User.objects.filter(username="rencai").first()
    today = timezone.localdate()
    made = logs = 0
    for i, (name, kind, leader, members, unit, county, target, field, year) in enumerate(COMMISSIONERS, start=1):
        start, until = date(year, 3, 1), date(year + 1, 2, 28)
        commissioner, created = Commissioner.objects.update_or_create(
            name=name,
            kind=kind,
            year=year,
            defaults={
                "id_number": id_number(500 + i) if kind == "individual" else "",
                "leader_name": leader,
                "member_count": members,
                "organization": organizations.get(unit),
                "organization_name": unit,
                "region": regions[county],
                "service_target": target,
                "field": field,
                "phone": f"1397333{i:04d}",
                "service_from": start,
                "service_until": until,
                "ended_on": date(2026, 8, 31) if name == "邓明" else None,
                "note": "工作调动，提前终止服务" if name == "邓明" else "",
            },
        )
        made += created
        rng = random.Random(i)
        last = min(until, commissioner.ended_on or until, today)
        for n in range(2 + i % 3):
            served = start + timedelta(days=20 + n * 47 + rng.randint(0, 20))
            if served > last:
                break
            place, content, people = LOG_TOPICS[(i + n) % len(LOG_TOPICS)]
            _log, added = CommissionerServiceLog.objects.get_or_create(
                commissioner=commissioner,
                served_on=served,
                defaults={
                    "place": f"{target}（{place}）",
                    "content": f"{content}（{field}）。",
                    "people_served": people + rng.randint(0, 15),
                    "recorded_by": recorder,
                },
            )
            logs += added
    return made, logs


def seed(out) -> None:
    programs = seed_programs()
    seeded = seed_selections(programs)
    experts = seed_experts()
    commissioners, logs = seed_commissioners()
    out.write(
        f"人才：人才计划 {len(programs)} 项，入选人才 {TalentSelection.objects.count()} 人（本次新增 {seeded}），"
        f"专家库 {Expert.objects.count()} 人（新增 {experts}，zhuanjia、tianyuan 已关联），"
        f"科技特派员 {Commissioner.objects.count()} 名（新增 {commissioners}，服务日志新增 {logs} 条）"
    )
