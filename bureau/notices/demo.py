"""Demo notices of 株洲市科学技术局: calls, notices, policies and news (idempotent).

The wording follows the bureau's own reports (see /work/shared/seeds). Dates are set
around 2026-11-23 so one call is open, one is about to open and one has closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from bureau.accounts.models import Department, User
from bureau.core.models import TransitionLog

from . import services
from .models import Notice


@dataclass(frozen=True)
class DemoNotice:
    title: str
    category: str
    department: str
    published: date | None  # None: left as a draft
    body: str
    apply_from: date | None = None
    apply_until: date | None = None
    withdrawn_reason: str = ""


NOTICE, CALL, POLICY, NEWS = (c.value for c in Notice.Category)

NOTICES = [
    DemoNotice(
        title="关于组织申报2027年度株洲市科技计划项目的通知",
        category=CALL,
        department="planning",
        published=date(2026, 11, 16),
        apply_from=date(2026, 11, 16),
        apply_until=date(2026, 12, 18),
        body=(
            "各县市区科技主管部门，株洲高新区科技局，各有关单位：\n\n"
            "为深入实施创新驱动发展战略，加快发展新质生产力，根据《株洲市科技计划项目管理办法》，"
            "现组织申报2027年度株洲市科技计划项目。有关事项通知如下：\n\n"
            "一、申报范围。本年度重点支持先进轨道交通装备、航空动力、先进硬质材料、新能源汽车、"
            "生物医药等产业的关键核心技术攻关，以及科技成果转化、创新平台建设和科技型中小企业培育。\n\n"
            "二、申报条件。申报单位应为在株洲市内注册、具有独立法人资格的企业、高等院校、科研院所和医疗卫生机构，"
            "已在本平台完成单位注册，且无严重失信记录；项目负责人同期主持在研市级科技计划项目不超过1项。\n\n"
            "三、申报方式。申报单位登录株洲市科技政务服务平台在线填报，经县市区科技主管部门审核推荐后提交，"
            "纸质材料不再报送。逾期不予受理。\n\n"
            "四、联系方式。发展规划科，联系电话：0731-28688012。"
        ),
    ),
    DemoNotice(
        title="关于做好2026年第四批科技型中小企业评价工作的通知",
        category=CALL,
        department="hightech",
        published=date(2026, 10, 30),
        apply_from=date(2026, 11, 2),
        apply_until=date(2026, 12, 10),
        body=(
            "各县市区科技主管部门，各有关企业：\n\n"
            "根据《科技型中小企业评价办法》（国科发政〔2017〕115号）和《科技型中小企业评价服务工作指引》"
            "（国科火字〔2022〕67号），现就做好2026年第四批科技型中小企业评价工作通知如下。\n\n"
            "一、企业在本平台完善单位信息后，可按职工总数、科技人员占比、研发投入和知识产权等指标自评，"
            "系统自动计算得分；符合条件的企业提交评价信息。\n\n"
            "二、县市区科技主管部门对企业提交的信息进行形式审查，市科技局复核后报省科技厅，"
            "经公示10个工作日无异议的，予以入库登记并取得登记编号。\n\n"
            "三、已入库企业请于每年5月31日前更新信息，未按时更新的不再保留入库资格。\n\n"
            "联系科室：高新技术科，0731-28688021。"
        ),
    ),
    DemoNotice(
        title="关于开展2027年度“三尖”创新人才工程项目申报工作的通知",
        category=CALL,
        department="talent",
        published=date(2026, 11, 20),
        apply_from=date(2026, 12, 1),
        apply_until=date(2027, 1, 15),
        body=(
            "各有关单位：\n\n"
            "根据省科技厅工作安排，2027年度“三尖”创新人才工程项目申报工作即将启动。"
            "本年度遴选科技领军人才（“拔尖”人才）和科技创新类湖南青年英才（“荷尖”人才），"
            "并对引进的“湘聚”人才给予支持。\n\n"
            "一、“拔尖”人才重点支持承担关键核心技术和原创引领性技术攻关、在科研一线潜心研究的领军人才；"
            "“荷尖”人才重点支持优秀青年科技创新人才。\n\n"
            "二、今年新增鼓励博士后申报、优化企业科技人才评价等举措，请各单位做好组织推荐工作。\n\n"
            "三、申报人通过本平台在线填报，所在单位审核后推荐。联系科室：人才科，0731-28688035。"
        ),
    ),
    DemoNotice(
        title="关于组织申报2026年度株洲市科技成果转化项目的通知",
        category=CALL,
        department="transfer",
        published=date(2026, 4, 28),
        apply_from=date(2026, 5, 6),
        apply_until=date(2026, 6, 5),
        body=(
            "各有关单位：\n\n"
            "为推动科技成果在株转化落地，现组织申报2026年度株洲市科技成果转化项目，"
            "重点支持企业承接高校院所科技成果、开展中试熟化和产业化。\n\n"
            "已登记技术合同、取得技术交易额的项目优先支持。申报截止日期为2026年6月5日。"
        ),
    ),
    DemoNotice(
        title="关于开展2026年度企业研发投入统计填报工作的通知",
        category=NOTICE,
        department="planning",
        published=date(2026, 11, 18),
        body=(
            "各县市区科技主管部门，各有关企业：\n\n"
            "每年1月至3月是企业上年度研发投入数据填报的关键时间。为准确反映全市研发投入情况，"
            "现组织开展2026年度企业研发投入统计填报工作。\n\n"
            "一、规模以上工业企业、高新技术企业和科技型中小企业均应按统计制度如实填报研发费用，"
            "做到应统尽统。\n\n"
            "二、各县市区科技主管部门要会同统计部门开展业务辅导，指导企业规范归集研发费用、"
            "落实研发费用加计扣除政策。\n\n"
            "三、市科技局将通过本平台汇总各县市区进度，按月通报。联系科室：发展规划科，0731-28688012。"
        ),
    ),
    DemoNotice(
        title="关于举办2026年技术合同认定登记业务实操培训的通知",
        category=NOTICE,
        department="transfer",
        published=date(2026, 11, 10),
        body=(
            "各县市区科技主管部门、技术合同登记点，各技术转移机构：\n\n"
            "为提升技术合同认定登记质量，定于2026年11月27日在中国动力谷国际学术交流中心举办技术合同认定登记业务实操培训，"
            "内容包括技术合同认定规则、合同成交额与技术交易额的核定、技术性收入核定和在线登记操作。\n\n"
            "请各单位于11月25日前通过本平台报名。联系科室：成果转化科，0731-28688026。"
        ),
    ),
    DemoNotice(
        title="关于做好2027年度高新技术企业认定申报准备工作的通知",
        category=NOTICE,
        department="hightech",
        published=date(2026, 11, 5),
        body=(
            "各县市区科技主管部门，各有关企业：\n\n"
            "为做好2027年度高新技术企业认定工作，请拟申报企业对照《高新技术企业认定管理办法》"
            "（国科发火〔2016〕32号）开展自查，重点核对知识产权、科技人员占比、近三个会计年度研发费用占比"
            "和高新技术产品（服务）收入占比等条件。\n\n"
            "企业可在本平台使用“高企自测”服务，系统将逐项说明与认定条件的差距。"
            "高企后备库企业由县市区科技主管部门一对一跟踪辅导。"
        ),
    ),
    DemoNotice(
        title="株洲市支持科技型企业加快创新发展的若干措施",
        category=POLICY,
        department="policy",
        published=date(2026, 9, 15),
        body=(
            "为支持科技型企业加快创新发展，打通创新发展“最后一公里”，制定以下措施。\n\n"
            "一、加强重点科技项目跟踪服务，对市级重点项目实行一对一服务。\n\n"
            "二、支持科技型企业孵化成长壮大，对首次认定的高新技术企业给予奖励。\n\n"
            "三、优化科技计划项目管理服务，项目申报、评审实行全流程在线办理。\n\n"
            "四、加强科技日常业务线上受理服务，高新技术企业、科技型中小企业申报和技术合同认定登记网上办理。\n\n"
            "五、鼓励科技特派员提供线上技术指导，积极对接金融机构加强科技金融服务。"
        ),
    ),
    DemoNotice(
        title="株洲市科技特派员管理办法",
        category=POLICY,
        department="rural",
        published=date(2026, 6, 20),
        body=(
            "第一条 为规范科技特派员选派、管理和服务，根据国家和省有关规定，制定本办法。\n\n"
            "第二条 科技特派员包括个人科技特派员、法人科技特派员和团队科技特派员。"
            "法人科技特派员由派出单位选派不少于3名专业技术人员开展服务。\n\n"
            "第三条 科技特派员应在本平台如实填写服务日志，市科技局据此开展年度考核。"
        ),
    ),
    DemoNotice(
        title="我市召开科技成果转化和技术市场工作推进会",
        category=NEWS,
        department="transfer",
        published=date(2026, 11, 12),
        body=(
            "11月11日，全市科技成果转化和技术市场工作推进会召开。会议通报，全市认定的技术经纪人已达209人，"
            "技术合同登记数量和成交额保持全省前列。\n\n"
            "会议要求，各县市区要围绕“不能转”“不会转”“不敢转”“不愿转”等问题，"
            "加快技术合同认定登记便利化，推动更多科技成果在株转化落地。"
        ),
    ),
    DemoNotice(
        title="市科技局开展“科技志愿者进企业”服务活动",
        category=NEWS,
        department="office",
        published=date(2026, 10, 26),
        body=(
            "近日，市科技局组织科技志愿者深入企业一线，围绕研发投入、优惠政策落实、技术合同登记、"
            "知识产权和技术转移等方面问题开展服务，宣讲科技惠企政策，引导企业开展高新技术企业申报、"
            "研发费用入统和加计扣除。"
        ),
    ),
    DemoNotice(
        title="关于调整2026年度科技计划项目中期检查时间的通知",
        category=NOTICE,
        department="planning",
        published=date(2026, 9, 1),
        withdrawn_reason="中期检查时间以后续通知为准，本通知撤回。",
        body="各项目承担单位：原定于9月开展的中期检查时间调整为10月，具体安排另行通知。",
    ),
    DemoNotice(
        title="关于开展2026年度科技创新券兑付工作的通知（草稿）",
        category=NOTICE,
        department="planning",
        published=None,
        body="各有关企业：\n\n2026年度科技创新券兑付工作即将开始，具体安排如下。（待补充）",
    ),
]


def _actor(department: Department | None) -> User | None:
    """Return a city staff member of ``department`` (the demo's 张伟 by default) to act as author."""
    qs = User.objects.filter(groups__name="city_staff", is_active=True)
    return (
        qs.filter(department=department).first()
        or qs.order_by("pk").first()
        or User.objects.filter(is_superuser=True).first()
    )


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


@transaction.atomic
def _seed_one(entry: DemoNotice) -> bool:
    if Notice.objects.filter(title=entry.title).exists():
        return False
    department = Department.objects.filter(code=entry.department).first()
    actor = _actor(department)
    notice = services.create_notice(
        actor=actor,
        title=entry.title,
        category=entry.category,
        body=entry.body,
        department=department,
        apply_from=entry.apply_from,
        apply_until=entry.apply_until,
    )
    if entry.published is None:
        return True
    services.publish_notice(actor=actor, notice=notice)
    # Date the demo as if it had been published on its day (demo data only).
    Notice.objects.filter(pk=notice.pk).update(published_at=_at(entry.published))
    TransitionLog.objects.for_object(notice).filter(transition="publish").update(at=_at(entry.published))
    if entry.withdrawn_reason:
        notice.refresh_from_db()
        services.withdraw_notice(actor=actor, notice=notice, reason=entry.withdrawn_reason)
    return True


def seed(out) -> None:
    """Create the demo notices that do not exist yet."""
    created = sum(_seed_one(entry) for entry in NOTICES)
    out.write(f"通知公告：{len(NOTICES)} 条演示通知（新建 {created} 条），其中申报指南 4 条")
