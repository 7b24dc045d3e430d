"""Browser journeys of contract registration in Chromium, in Chinese.

1. The seller files a contract, first with an error (技术交易额 above 成交额), then correctly.
2. The registrar sees it in the queue with its working-day clock and registers it.
3. The seller downloads the registration certificate (PDF) and files an income verification,
   which the registrar confirms.
Plus the brokers and statistics pages.
"""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from bureau.accounts.models import Role
from contracts.models import TechnologyContract
from enterprises.models import Membership
from tests.contracts.factories import BrokerFactory, OfficeFactory, VerifiedOrganizationFactory, registrar
from tests.e2e.conftest import login
from tests.factories import UserFactory

PASSWORD = "Passw0rd!2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def people(db, tmp_path):
    OfficeFactory()
    org = VerifiedOrganizationFactory(name="株洲智造科技有限公司")
    seller = UserFactory(username="seller", roles=[Role.APPLICANT], full_name="李明")
    Membership.objects.create(user=seller, organization=org, is_admin=True)
    clerk = registrar(username="clerk", full_name="刘洋")
    broker = BrokerFactory(full_name="王建国")
    scan = tmp_path / "合同扫描件.pdf"
    scan.write_bytes(PDF)
    return {"seller": seller, "clerk": clerk, "broker": broker, "scan": scan, "org": org}


def fill_contract(page, scan: Path, technical: str):
    signed = (timezone.localdate() - timedelta(days=5)).isoformat()
    page.get_by_label("合同名称").fill("轨道交通牵引变流器散热系统委托开发合同")
    page.get_by_label("合同类别").select_option(label="技术开发")
    page.get_by_label("合同子类").select_option(label="委托开发")
    page.get_by_label("买方名称").fill("长沙智能装备有限公司")
    page.get_by_label("买方所在地", exact=True).select_option(label="本省其他市州")
    page.get_by_label("买方所在地区").fill("湖南省长沙市")
    page.get_by_label("签订日期").fill(signed)
    page.get_by_label("履行期限起").fill(signed)
    page.get_by_label("履行期限止").fill((timezone.localdate() + timedelta(days=360)).isoformat())
    page.get_by_label("合同成交额（元）").fill("1200000")
    page.get_by_label("技术交易额（元）").fill(technical)
    page.get_by_label("设备、仪器费用（元）").fill("200000")
    page.get_by_label("技术领域").select_option(label="现代交通")
    page.get_by_label("技术经纪人").select_option(index=0)
    page.get_by_label("合同扫描件").set_input_files(str(scan))


def test_file_register_download_and_verify_income(page, screenshot, people):
    login(page, "seller", PASSWORD)
    page.goto("/contracts/new/")
    fill_contract(page, people["scan"], technical="1300000")
    screenshot("contracts-01-filing-form")
    page.get_by_role("button", name="提交登记申请").click()
    errors = page.get_by_test_id("form-errors")
    assert "大于合同成交额" in errors.inner_text()
    assert page.get_by_label("合同名称").input_value() == "轨道交通牵引变流器散热系统委托开发合同"  # nothing lost
    screenshot("contracts-02-filing-error")
    page.get_by_label("技术交易额（元）").fill("1000000")
    page.get_by_label("合同扫描件").set_input_files(str(people["scan"]))
    page.get_by_role("button", name="提交登记申请").click()
    page.get_by_text("登记申请已提交").wait_for()
    assert "审查中" in page.get_by_test_id("step-bar").inner_text()
    screenshot("contracts-03-submitted")
    contract = TechnologyContract.objects.get()
    assert contract.status == TechnologyContract.Status.SUBMITTED
    assert list(contract.brokers.all()) == [people["broker"]]

    page.context.clear_cookies()
    login(page, "clerk", PASSWORD)
    page.goto("/contracts/queue/")
    row = page.get_by_test_id("queue-table").get_by_role("row").nth(1)
    assert "还剩 15 个工作日" in row.inner_text()
    screenshot("contracts-04-queue")
    row.get_by_role("link").click()
    screenshot("contracts-05-registrar-detail")
    page.get_by_role("button", name="准予登记").click()
    page.get_by_text("已准予登记").wait_for()
    number = page.get_by_test_id("registration-number").inner_text()
    assert len(number) == 16

    page.context.clear_cookies()
    login(page, "seller", PASSWORD)
    page.goto(f"/contracts/{contract.pk}/")
    screenshot("contracts-06-registered")
    with page.expect_download() as info:
        page.get_by_test_id("certificate-link").click()
    download = info.value
    assert download.suggested_filename == f"技术合同登记证明_{number}.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")

    page.get_by_role("link", name="申报技术性收入核定").click()
    page.get_by_label("收入期间起").fill(timezone.localdate().isoformat())
    page.get_by_label("收入期间止").fill(timezone.localdate().isoformat())
    page.get_by_label("本期实际到账金额（元）").fill("600000")
    page.get_by_label("本期技术性收入（元）").fill("500000")
    screenshot("contracts-07-income-form")
    page.get_by_role("button", name="提交核定申请").click()
    page.get_by_text("技术性收入核定申请已提交").wait_for()

    page.context.clear_cookies()
    login(page, "clerk", PASSWORD)
    page.goto("/contracts/income/")
    page.get_by_role("link", name="轨道交通牵引变流器散热系统委托开发合同").click()
    screenshot("contracts-08-income-confirm")
    page.get_by_role("button", name="确认核定").click()
    assert "500,000.00" in page.get_by_test_id("confirmed-amount").inner_text()


def test_brokers_and_statistics_pages(page, screenshot, people):
    from contracts import services
    from tests.contracts.conftest import scan_file

    seller, clerk = people["seller"], people["clerk"]
    contract = services.save_draft(
        actor=seller,
        organization=people["org"],
        data={
            "name": "硬质合金刀具涂层技术服务合同",
            "contract_type": "service",
            "subtype": "technical_service",
            "buyer_name": "湘潭钢铁集团有限公司",
            "buyer_location": "province",
            "buyer_region_name": "湖南省湘潭市",
            "signed_on": timezone.localdate() - timedelta(days=3),
            "starts_on": timezone.localdate(),
            "ends_on": timezone.localdate() + timedelta(days=90),
            "total_amount": 360000,
            "technical_amount": 360000,
            "technical_field": "advanced_manufacturing",
        },
        brokers=[people["broker"]],
        scans=[scan_file()],
    )
    services.submit_contract(actor=seller, contract=contract)
    services.register_contract(actor=clerk, contract=contract)

    login(page, "clerk", PASSWORD)
    page.goto("/contracts/brokers/")
    table = page.get_by_test_id("broker-table")
    assert people["broker"].masked_id_number in table.inner_text()
    assert people["broker"].id_number not in page.content()
    screenshot("contracts-09-brokers")
    page.get_by_role("link", name="王建国").click()
    assert "36.00" in page.get_by_test_id("broker-performance").inner_text()
    screenshot("contracts-10-broker-detail")
    page.goto("/contracts/statistics/")
    assert "1 份" in page.get_by_test_id("stat-tiles").inner_text()
    page.get_by_role("tab", name="按技术领域").click()
    assert "先进制造" in page.get_by_test_id("stat-table-technical_field").inner_text()
    screenshot("contracts-11-statistics")
    page.goto("/contracts/import/")
    screenshot("contracts-12-import")
