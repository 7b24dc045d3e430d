"""Import of historical contracts: every bad row reported with its line, nothing imported."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from contracts.imports import COLUMNS, import_contracts, template_xlsx
from contracts.models import NumberCounter, TechnologyContract
from tests.factories import CountyFactory

from .factories import BrokerFactory

pytestmark = pytest.mark.django_db

HEADERS = [c.header for c in COLUMNS]


def row(n=1, **overrides):
    values = {
        "登记编号": f"2025430200{n:06d}",
        "合同名称": f"历史合同{n}",
        "合同类别": "技术开发",
        "合同子类": "委托开发",
        "卖方名称": "株洲某某科技有限公司",
        "卖方统一社会信用代码": "",
        "卖方性质": "企业",
        "卖方所在地区代码": "430281",
        "买方名称": "长沙某某有限公司",
        "买方统一社会信用代码": "",
        "买方性质": "企业",
        "买方所在地区代码": "430102",
        "买方所在地": "",
        "签订日期": date(2025, 3, 1),
        "履行期限起": date(2025, 3, 1),
        "履行期限止": date(2026, 2, 28),
        "登记日期": date(2025, 3, 12),
        "合同成交额（元）": 1200000,
        "技术交易额（元）": 1000000.5,
        "技术领域": "先进制造",
        "知识产权类型": "技术秘密",
        "计划来源": "计划外",
        "社会经济目标": "工商业发展",
        "支付方式": "分期支付",
        "关联交易": "否",
        "技术经纪人证书编号": "",
    }
    values.update(overrides)
    return values


def workbook(rows, headers=HEADERS) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for r in rows:
        ws.append([r.get(h) for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def liling(office):
    return CountyFactory()


def test_good_file_is_imported_as_registered_history(liling, office):
    broker = BrokerFactory()
    rows = [row(1), row(2, **{"技术经纪人证书编号": broker.certificate_number, "买方所在地区代码": "430281"})]
    report = import_contracts(workbook(rows))
    assert report.ok, report.errors
    assert report.created == 2
    first = TechnologyContract.objects.get(registration_number="2025430200000001")
    assert first.status == TechnologyContract.Status.REGISTERED
    assert first.source == TechnologyContract.Source.IMPORTED
    assert first.technical_amount == Decimal("1000000.50")
    assert first.other_non_technical_amount == Decimal("199999.50")
    assert first.buyer_location == "province"
    assert first.office == office
    second = TechnologyContract.objects.get(registration_number="2025430200000002")
    assert second.buyer_location == "city" and second.buyer_region == liling
    assert list(second.brokers.all()) == [broker]
    # The office's 2025 counter continues after the imported numbers.
    assert NumberCounter.objects.get(office=office, year=2025).last_serial == 2


def test_bad_rows_are_reported_with_line_and_reason_and_nothing_is_imported(liling):
    rows = [
        row(1),
        row(2, **{"技术交易额（元）": 1300000}),
        row(3, **{"合同子类": "专利权转让"}),
        row(4, **{"签订日期": "2025-13-01"}),
        row(1),  # duplicate number in the file
        row(6, **{"卖方所在地区代码": "110101"}),
        row(7, **{"技术领域": "量子"}),
        row(8, **{"技术经纪人证书编号": "NOPE"}),
        row(9, **{"合同名称": ""}),
    ]
    report = import_contracts(workbook(rows))
    assert not report.ok
    found = {(e.line, e.column) for e in report.errors}
    assert (3, "技术交易额（元）") in found
    assert (4, "合同子类") in found
    assert (5, "签订日期") in found
    assert (6, "登记编号") in found
    assert (7, "卖方所在地区代码") in found
    assert (8, "技术领域") in found
    assert (9, "技术经纪人证书编号") in found
    assert (10, "合同名称") in found
    assert report.created == 0
    assert not TechnologyContract.objects.exists()


def test_reimport_reports_existing_numbers(liling):
    assert import_contracts(workbook([row(1)])).ok
    report = import_contracts(workbook([row(1), row(2)]))
    assert [(e.line, e.message) for e in report.errors] == [(2, "该登记编号已在系统中")]
    assert TechnologyContract.objects.count() == 1


def test_missing_required_header_is_refused(liling):
    from bureau.core.excel import BadWorkbook

    headers = [h for h in HEADERS if h != "登记日期"]
    with pytest.raises(BadWorkbook) as err:
        import_contracts(workbook([row(1)], headers))
    assert "登记日期" in str(err.value)


def test_template_round_trips(liling):
    content = template_xlsx()
    report = import_contracts(io.BytesIO(content))
    assert report.ok, report.errors
    assert report.created == 1
