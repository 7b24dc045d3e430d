"""Demo data of the core: the demo city, its departments and one account per role.

``seed_demo`` calls ``seed(out)`` here first, then the ``demo.seed(out)`` of every other
installed app that has one, in INSTALLED_APPS order. Every step is idempotent.
"""

from django.contrib.auth.models import Group
from django.db import transaction

from bureau.accounts.models import Department, Role, User
from bureau.regions.models import Region

DEMO_PASSWORD = "Demo@2026"

PROVINCE = ("430000", "湖南省")
CITY = ("430200", "株洲市")
COUNTIES = [
    ("430202", "荷塘区"),
    ("430203", "芦淞区"),
    ("430204", "石峰区"),
    ("430211", "天元区"),
    ("430212", "渌口区"),
    ("430223", "攸县"),
    ("430224", "茶陵县"),
    ("430225", "炎陵县"),
    ("430281", "醴陵市"),
]
# Development zones use the statistical codes whose digits 5-6 are 71..79.
PARKS = [("430271", "株洲高新技术产业开发区", "株洲高新区")]

DEPARTMENTS = [
    ("office", "办公室", "综合协调、政务公开"),
    ("hightech", "高新技术科", "高新技术企业认定、科技型中小企业评价、梯度培育"),
    ("transfer", "成果转化科", "技术合同认定登记、技术经纪人、科技成果转化"),
    ("talent", "人才科", "人才计划、专家库、科技特派员、外国专家"),
    ("planning", "发展规划科", "科技计划项目、指标统计与考核"),
    ("rural", "农村科技科", "农业科技、乡村振兴科技支撑"),
    ("policy", "政策法规科", "政策文件、科技监督与诚信"),
]

# username, full name, roles, region code, department code
ACCOUNTS = [
    ("admin", "系统管理员", [Role.ADMINISTRATOR], None, None),
    ("qiye", "李明（株洲智造科技有限公司）", [Role.APPLICANT], None, None),
    ("liling", "王芳（醴陵市科技局）", [Role.COUNTY_STAFF], "430281", None),
    ("gaoxinke", "张伟（市局高新技术科）", [Role.CITY_STAFF], None, "hightech"),
    ("chengguo", "刘洋（市局成果转化科）", [Role.CITY_STAFF], None, "transfer"),
    ("guihua", "陈静（市局发展规划科）", [Role.CITY_STAFF], None, "planning"),
    ("rencai", "孙丽（市局人才科）", [Role.CITY_STAFF], None, "talent"),
    ("zhuanjia", "陈教授（评审专家）", [Role.EXPERT], None, None),
    ("lingdao", "赵局长（局领导）", [Role.LEADER], None, None),
    ("tianyuan", "周强（天元区科技局，兼评审专家）", [Role.COUNTY_STAFF, Role.EXPERT], "430211", None),
]


@transaction.atomic
def seed_regions() -> Region:
    province, _ = Region.objects.update_or_create(
        code=PROVINCE[0], defaults={"name": PROVINCE[1], "kind": Region.Kind.PROVINCE}
    )
    city, _ = Region.objects.update_or_create(
        code=CITY[0], defaults={"name": CITY[1], "kind": Region.Kind.CITY, "parent": province}
    )
    for order, (code, name) in enumerate(COUNTIES, start=1):
        Region.objects.update_or_create(
            code=code,
            defaults={"name": name, "kind": Region.Kind.COUNTY, "parent": city, "sort_order": order},
        )
    for order, (code, name, short) in enumerate(PARKS, start=len(COUNTIES) + 1):
        Region.objects.update_or_create(
            code=code,
            defaults={"name": name, "short_name": short, "kind": Region.Kind.PARK, "parent": city, "sort_order": order},
        )
    return city


@transaction.atomic
def seed_departments():
    for order, (code, name, duties) in enumerate(DEPARTMENTS, start=1):
        Department.objects.update_or_create(code=code, defaults={"name": name, "duties": duties, "sort_order": order})


@transaction.atomic
def seed_accounts() -> list[tuple[str, str]]:
    """Create or refresh one account per role; return (username, roles) for printing."""
    rows = []
    for username, full_name, roles, region_code, dept_code in ACCOUNTS:
        user, created = User.objects.get_or_create(username=username)
        user.full_name = full_name
        user.email = f"{username}@demo.kjj.example.gov.cn"
        user.region = Region.objects.get(code=region_code) if region_code else None
        user.department = Department.objects.get(code=dept_code) if dept_code else None
        user.is_staff = Role.ADMINISTRATOR in roles
        user.is_superuser = Role.ADMINISTRATOR in roles
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.set(Group.objects.filter(name__in=[r.value for r in roles]))
        rows.append((username, "、".join(str(r.label) for r in roles)))
    return rows


def seed(out) -> None:
    seed_regions()
    seed_departments()
    out.write("区划与科室：株洲市 9 个县市区 + 株洲高新区，7 个业务科室")
