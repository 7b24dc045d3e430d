"""django-import-export resources for the admin (contracts and brokers).

The contract resource reads the same columns as ``contracts.imports`` so an
administrator can use either; the admin's import goes row by row through the ORM
(validation and one INSERT per row), the import page's path checks everything in
Python first and writes with COPY (see ``tests/bench/test_contracts_import.py``).
"""

from __future__ import annotations

from import_export import fields, resources, widgets

from bureau.core.formatting import mask_id_number
from bureau.regions.models import Region

from .imports import CHOICE_TABLES, SUBTYPE_CODES, TYPE_CODES
from .models import Broker, RegistrationOffice, TechnologyContract


class LabelWidget(widgets.Widget):
    """Read a choice by its label (or code); write the label."""

    def __init__(self, table: dict[str, str], default=None, labels: dict[str, str] | None = None):
        super().__init__()
        self.table, self.default, self.labels = table, default, labels or {}

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return self.default
        if text not in self.table:
            raise ValueError(f"“{text}”不是可选值")
        return self.table[text]

    def render(self, value, obj=None, **kwargs):
        return self.labels.get(value, value or "")


class RegionWidget(widgets.ForeignKeyWidget):
    """A region by its GB/T 2260 code; a code outside the registry (another province) gives None."""

    def __init__(self):
        super().__init__(Region, "code")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except Region.DoesNotExist:
            return None


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return str(value or "").strip() in ("是", "1", "True", "true")

    def render(self, value, obj=None, **kwargs):
        return "是" if value else "否"


def _labels(choices):
    return {code: str(label) for code, label in choices}


class ContractResource(resources.ModelResource):
    registration_number = fields.Field("registration_number", "登记编号", widget=widgets.CharWidget())
    name = fields.Field("name", "合同名称", widget=widgets.CharWidget())
    contract_type = fields.Field(
        "contract_type",
        "合同类别",
        widget=LabelWidget(TYPE_CODES, labels=_labels(TechnologyContract._meta.get_field("contract_type").choices)),
    )
    subtype = fields.Field(
        "subtype",
        "合同子类",
        widget=LabelWidget(SUBTYPE_CODES, labels=_labels(TechnologyContract._meta.get_field("subtype").choices)),
    )
    seller_name = fields.Field("seller_name", "卖方名称", widget=widgets.CharWidget())
    seller_code = fields.Field("seller_code", "卖方统一社会信用代码", widget=widgets.CharWidget())
    seller_nature = fields.Field("seller_nature", "卖方性质", widget=LabelWidget(*CHOICE_TABLES["seller_nature"]))
    seller_region = fields.Field("seller_region", "卖方所在地区代码", widget=widgets.ForeignKeyWidget(Region, "code"))
    buyer_name = fields.Field("buyer_name", "买方名称", widget=widgets.CharWidget())
    buyer_code = fields.Field("buyer_code", "买方统一社会信用代码", widget=widgets.CharWidget())
    buyer_nature = fields.Field("buyer_nature", "买方性质", widget=LabelWidget(*CHOICE_TABLES["buyer_nature"]))
    buyer_region = fields.Field("buyer_region", "买方所在地区代码", widget=RegionWidget())
    buyer_location = fields.Field(
        "buyer_location", "买方所在地", widget=LabelWidget(CHOICE_TABLES["buyer_location"][0], "city")
    )
    signed_on = fields.Field("signed_on", "签订日期", widget=widgets.DateWidget())
    starts_on = fields.Field("starts_on", "履行期限起", widget=widgets.DateWidget())
    ends_on = fields.Field("ends_on", "履行期限止", widget=widgets.DateWidget())
    registered_on = fields.Field("registered_on", "登记日期", widget=widgets.DateWidget())
    total_amount = fields.Field("total_amount", "合同成交额（元）", widget=widgets.DecimalWidget())
    technical_amount = fields.Field("technical_amount", "技术交易额（元）", widget=widgets.DecimalWidget())
    technical_field = fields.Field("technical_field", "技术领域", widget=LabelWidget(*CHOICE_TABLES["technical_field"]))
    ip_type = fields.Field("ip_type", "知识产权类型", widget=LabelWidget(*CHOICE_TABLES["ip_type"]))
    plan_source = fields.Field("plan_source", "计划来源", widget=LabelWidget(*CHOICE_TABLES["plan_source"]))
    objective = fields.Field("objective", "社会经济目标", widget=LabelWidget(*CHOICE_TABLES["objective"]))
    payment_method = fields.Field("payment_method", "支付方式", widget=LabelWidget(*CHOICE_TABLES["payment_method"]))
    is_related_party = fields.Field("is_related_party", "关联交易", widget=YesNoWidget())

    class Meta:
        model = TechnologyContract
        import_id_fields = ("registration_number",)
        fields = (
            "registration_number",
            "name",
            "contract_type",
            "subtype",
            "seller_name",
            "seller_code",
            "seller_nature",
            "seller_region",
            "buyer_name",
            "buyer_code",
            "buyer_nature",
            "buyer_region",
            "buyer_location",
            "signed_on",
            "starts_on",
            "ends_on",
            "registered_on",
            "total_amount",
            "technical_amount",
            "technical_field",
            "ip_type",
            "plan_source",
            "objective",
            "payment_method",
            "is_related_party",
        )
        clean_model_instances = True
        skip_unchanged = False

    def before_save_instance(self, instance, row, **kwargs):
        # Imported history is registered already; its office follows the seller's region.
        instance.status = TechnologyContract.Status.REGISTERED
        instance.source = TechnologyContract.Source.IMPORTED
        if instance.total_amount is not None and instance.technical_amount is not None:
            instance.other_non_technical_amount = instance.total_amount - instance.technical_amount
        if instance.buyer_region_id is None and instance.buyer_location == "city":
            instance.buyer_location = "domestic"
        if instance.office_id is None and instance.seller_region_id:
            instance.office = RegistrationOffice.objects.for_region(instance.seller_region)


class MaskedIdField(fields.Field):
    """Export the ID number masked; on import keep the stored number when the cell is masked."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = row.get(self.column_name)
        if value and "*" in str(value):
            return
        super().save(instance, row, is_m2m, **kwargs)


class BrokerResource(resources.ModelResource):
    full_name = fields.Field("full_name", "姓名")
    id_number = MaskedIdField("id_number", "居民身份证号码")
    organization_name = fields.Field("organization_name", "所在单位")
    level = fields.Field(
        "level",
        "证书等级",
        widget=LabelWidget(
            {**{str(label): code for code, label in Broker.Level.choices}, **{c: c for c in Broker.Level.values}},
            Broker.Level.JUNIOR,
            labels=_labels(Broker.Level.choices),
        ),
    )
    certificate_number = fields.Field("certificate_number", "证书编号")
    valid_from = fields.Field("valid_from", "发证日期", widget=widgets.DateWidget())
    valid_until = fields.Field("valid_until", "有效期至", widget=widgets.DateWidget())
    phone = fields.Field("phone", "联系电话")

    class Meta:
        model = Broker
        import_id_fields = ("certificate_number",)
        fields = (
            "full_name",
            "id_number",
            "organization_name",
            "level",
            "certificate_number",
            "valid_from",
            "valid_until",
            "phone",
        )
        clean_model_instances = True

    def dehydrate_id_number(self, broker):
        return mask_id_number(broker.id_number)
