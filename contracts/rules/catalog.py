"""The classifications of technology contracts (技术合同分类).

Policy: 技术合同认定登记管理办法 (MIIT 2026) and 技术合同认定登记工作指引
(国科火字〔2022〕159号); Civil Code articles 851-887 for the five types. The national
statistics (全国技术市场统计) classify every registered contract by technical field,
IP type, plan source, socio-economic objective and the nature of both parties: the
codes below are stable identifiers stored in the database, the labels are the
bureau's own words.

Technology contributed as equity (技术入股) is registered as a transfer: the
contributor transfers the right to the company in return for shares.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Subtype:
    code: str
    label: str


@dataclass(frozen=True)
class ContractType:
    code: str
    label: str
    subtypes: tuple[Subtype, ...]

    def subtype_codes(self) -> tuple[str, ...]:
        return tuple(s.code for s in self.subtypes)


CONTRACT_TYPES: tuple[ContractType, ...] = (
    ContractType(
        "development",
        "技术开发",
        (
            Subtype("commissioned", "委托开发"),
            Subtype("cooperative", "合作开发"),
        ),
    ),
    ContractType(
        "transfer",
        "技术转让",
        (
            Subtype("patent_right", "专利权转让"),
            Subtype("patent_application", "专利申请权转让"),
            Subtype("technical_secret", "技术秘密转让"),
            Subtype("ic_layout", "集成电路布图设计专有权转让"),
            Subtype("plant_variety", "植物新品种权转让"),
            Subtype("software_copyright", "计算机软件著作权转让"),
            Subtype("biomedical_variety", "生物医药新品种权转让"),
            Subtype("equity", "技术入股"),
            Subtype("other_rights", "其他技术权利转让"),
        ),
    ),
    ContractType(
        "licensing",
        "技术许可",
        (
            Subtype("patent_exclusive", "专利实施独占许可"),
            Subtype("patent_sole", "专利实施排他许可"),
            Subtype("patent_ordinary", "专利实施普通许可"),
            Subtype("secret_licence", "技术秘密使用许可"),
            Subtype("other_ip_licence", "其他知识产权许可"),
        ),
    ),
    ContractType(
        "consulting",
        "技术咨询",
        (
            Subtype("feasibility", "可行性论证"),
            Subtype("forecast", "技术预测"),
            Subtype("survey", "专题技术调查"),
            Subtype("evaluation", "分析评价报告"),
        ),
    ),
    ContractType(
        "service",
        "技术服务",
        (
            Subtype("technical_service", "一般技术服务"),
            Subtype("training", "技术培训"),
            Subtype("intermediary", "技术中介"),
        ),
    ),
)

TYPES_BY_CODE = {t.code: t for t in CONTRACT_TYPES}
SUBTYPE_LABELS = {s.code: s.label for t in CONTRACT_TYPES for s in t.subtypes}
TYPE_OF_SUBTYPE = {s.code: t.code for t in CONTRACT_TYPES for s in t.subtypes}


def subtype_belongs_to(contract_type: str, subtype: str) -> bool:
    """Return whether ``subtype`` is one of the subtypes of ``contract_type``."""
    kind = TYPES_BY_CODE.get(contract_type)
    return kind is not None and subtype in kind.subtype_codes()


# The 11 technical fields (技术领域) of the national statistics.
TECHNICAL_FIELDS: tuple[tuple[str, str], ...] = (
    ("electronic_information", "电子信息"),
    ("advanced_manufacturing", "先进制造"),
    ("aerospace", "航空航天"),
    ("modern_transport", "现代交通"),
    ("biomedicine", "生物、医药和医疗器械"),
    ("new_materials", "新材料及其应用"),
    ("new_energy", "新能源与高效节能"),
    ("environment", "环境保护与资源综合利用"),
    ("nuclear", "核应用技术"),
    ("agriculture", "农业"),
    ("urban_social", "城市建设与社会发展"),
)

# 知识产权类型: the IP right the contract's subject matter rests on.
IP_TYPES: tuple[tuple[str, str], ...] = (
    ("invention_patent", "发明专利"),
    ("utility_model", "实用新型专利"),
    ("design_patent", "外观设计专利"),
    ("software_copyright", "计算机软件著作权"),
    ("ic_layout", "集成电路布图设计专有权"),
    ("plant_variety", "植物新品种权"),
    ("biomedical_variety", "生物医药新品种"),
    ("technical_secret", "技术秘密"),
    ("other_ip", "其他知识产权"),
    ("none", "未涉及知识产权"),
)

# 计划来源: the science and technology plan the contract comes from, if any.
PLAN_SOURCES: tuple[tuple[str, str], ...] = (
    ("national", "国家科技计划"),
    ("ministerial", "省部级科技计划"),
    ("local", "地市县级科技计划"),
    ("enterprise", "企业自主立项"),
    ("none", "计划外"),
)

# 社会经济目标 of the national statistics.
OBJECTIVES: tuple[tuple[str, str], ...] = (
    ("environment", "环境保护、生态建设及污染防治"),
    ("energy", "能源生产、分配和合理利用"),
    ("health", "卫生事业发展"),
    ("education", "教育事业发展"),
    ("infrastructure", "基础设施以及城市和农村规划"),
    ("social", "社会发展和社会服务"),
    ("earth", "地球和大气层的探索与利用"),
    ("space", "民用空间探测及开发"),
    ("agriculture", "农林牧渔业发展"),
    ("industry", "工商业发展"),
    ("undirected", "非定向研究"),
    ("other_civil", "其他民用目标"),
    ("defence", "国防"),
)

# 合同主体性质: the nature of a party (seller or buyer).
PARTY_NATURES: tuple[tuple[str, str], ...] = (
    ("enterprise", "企业"),
    ("institute", "科研机构"),
    ("university", "高等院校"),
    ("medical", "医疗卫生机构"),
    ("government", "机关"),
    ("social", "社会团体及其他组织"),
    ("individual", "自然人"),
    ("foreign", "境外组织"),
)

# Where the buyer is, seen from the registering city: decides 吸纳 and the cross-region figures.
BUYER_LOCATIONS: tuple[tuple[str, str], ...] = (
    ("city", "本市"),
    ("province", "本省其他市州"),
    ("domestic", "外省（区、市）"),
    ("abroad", "境外"),
)

PAYMENT_METHODS: tuple[tuple[str, str], ...] = (
    ("lump_sum", "一次总付"),
    ("instalments", "分期支付"),
    ("royalty", "提成支付"),
    ("lump_sum_royalty", "一次总付加提成"),
    ("instalments_royalty", "分期支付加提成"),
    ("other", "其他方式"),
)

# Reasons to refuse registration (不予登记的情形).
REFUSAL_REASONS: tuple[tuple[str, str], ...] = (
    ("void", "合同无效或者尚未生效"),
    ("not_technical", "不属于技术合同"),
    ("oral", "以口头形式订立，未采用书面形式"),
    ("unclear", "当事人、标的、价款等主要条款约定不明确"),
    ("name_mismatch", "合同名称与合同内容不符"),
    ("monopolising", "含有非法垄断技术、妨碍技术进步的条款"),
    ("missing_approval", "依法应当办理批准等手续而未办理"),
    ("seals", "当事人签字盖章不全"),
    ("public_domain", "以公知技术、失效专利作为技术转让标的"),
    ("training_misuse", "将职工业务培训、产品销售培训等作为“技术培训”"),
    ("already_registered", "该合同已经登记"),
)
REFUSAL_REASON_LABELS = dict(REFUSAL_REASONS)


def label(choices: tuple[tuple[str, str], ...], code: str) -> str:
    """Return the label of ``code`` in ``choices`` (the code itself when unknown)."""
    return dict(choices).get(code, code)
