"""Browser journey of the historical contract import and the list export (issue 4, journey 4).

A registrar of the city's registration office opens the import page from the menu,
downloads the template (an .xlsx with the documented columns), uploads a file with two
bad rows: the background job's page lists each bad row with its line and reason in
Chinese and nothing is imported. The corrected file imports every row; the contracts
show in the list with their amounts; the list filtered by county exports to Excel with
exactly the filtered rows.
"""

import io
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from contracts.models import TechnologyContract
from tests.contracts.factories import OfficeFactory, registrar
from tests.e2e.conftest import login
from tests.factories import CountyFactory

PASSWORD = "Passw0rd!2026"
YEAR = 2025
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The columns documented in contracts/import_columns.py, in order; "*" marks a required one.
DOCUMENTED = [
    "* 登记编号",
    "* 合同名称",
    "* 合同类别",
    "* 合同子类",
    "* 卖方名称",
    "卖方统一社会信用代码",
    "卖方性质",
    "* 卖方所在地区代码",
    "* 买方名称",
    "买方统一社会信用代码",
    "买方性质",
    "买方所在地区代码",
    "买方所在地",
    "* 签订日期",
    "履行期限起",
    "履行期限止",
    "* 登记日期",
    "* 合同成交额（元）",
    "* 技术交易额（元）",
    "* 技术领域",
    "知识产权类型",
    "计划来源",
    "社会经济目标",
    "支付方式",
    "关联交易",
    "技术经纪人证书编号",
]

# Line in the sheet (header = 1) -> the row's values; lines 3 and 5 are made bad first.
ROWS = {
    2: ("醴陵华鑫电瓷有限公司", "430281", "技术开发", "委托开发", 1_200_000, 1_000_000, "先进制造"),
    3: ("株洲天元软件有限公司", "430211", "技术开发", "合作开发", 800_000, 750_000, "电子信息"),
    4: ("株洲天元软件有限公司", "430211", "技术服务", "一般技术服务", 360_000, 360_000, "电子信息"),
    5: ("醴陵新瓷材料有限公司", "430281", "技术转让", "专利权转让", 2_500_000, 2_300_000, "新材料及其应用"),
    6: ("醴陵华鑫电瓷有限公司", "430281", "技术咨询", "可行性论证", 150_000, 150_000, "先进制造"),
}
LILING_LINES = (2, 5, 6)


def number(line: int) -> str:
    return f"{YEAR}430200{line:06d}"


def contract_row(line: int, **overrides) -> dict:
    seller, county, kind, subtype, total, technical, field = ROWS[line]
    values = {
        "登记编号": number(line),
        "合同名称": f"历史技术合同第{line}号",
        "合同类别": kind,
        "合同子类": subtype,
        "卖方名称": seller,
        "卖方所在地区代码": county,
        "买方名称": "长沙智能装备有限公司",
        "买方所在地区代码": "430102",
        "签订日期": date(YEAR, 3, line),
        "履行期限起": date(YEAR, 3, line),
        "履行期限止": date(YEAR + 1, 2, 28),
        "登记日期": date(YEAR, 4, line),
        "合同成交额（元）": total,
        "技术交易额（元）": technical,
        "技术领域": field,
    }
    values.update(overrides)
    return values


def workbook(headers: list[str], rows: list[dict]) -> bytes:
    """Write ``rows`` under the template's own header row (stars and all)."""
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append([row.get(h.removeprefix("* ")) for h in headers])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(page, name: str, content: bytes):
    page.get_by_label("Excel 文件").set_input_files(files=[{"name": name, "mimeType": XLSX, "buffer": content}])
    page.get_by_role("button", name="上传并导入").click()
    page.wait_for_url("**/jobs/*/")
    # The job ran inline (Celery eager in tests); the page still shows how it ended.
    page.locator("[data-testid=job-status]:is([data-status=done], [data-status=failed])").wait_for()
    return page.get_by_test_id("job-status")


@pytest.fixture
def clerk(transactional_db):
    OfficeFactory()
    CountyFactory()
    CountyFactory(code="430211", name="天元区")
    return registrar(username="clerk", full_name="刘洋")


def test_import_history_then_filter_and_export(page, screenshot, clerk):
    login(page, "clerk", PASSWORD)
    page.wait_for_url("**/workbench/")
    page.get_by_role("link", name="历史合同导入").first.click()
    assert page.locator("h1").inner_text() == "导入历史技术合同"
    assert "技术交易额（元）" in page.get_by_test_id("import-columns").inner_text()

    # The template: an .xlsx with the documented columns, an example row and the notes.
    with page.expect_download() as info:
        page.get_by_role("link", name="下载导入模板").click()
    assert info.value.suggested_filename == "技术合同导入模板.xlsx"
    template = Path(info.value.path()).read_bytes()
    assert template.startswith(b"PK\x03\x04")
    book = load_workbook(io.BytesIO(template))
    assert book.sheetnames == ["技术合同", "填写说明"]
    sheet_rows = list(book["技术合同"].iter_rows(values_only=True))
    headers = list(sheet_rows[0])
    assert headers == DOCUMENTED
    assert len(sheet_rows) == 2 and sheet_rows[1][1] == "轨道交通牵引变流器散热系统委托开发合同"

    # A file with two bad rows: each reported with its line and reason, nothing imported.
    bad = [
        contract_row(2),
        contract_row(3, **{"技术交易额（元）": 900_000}),
        contract_row(4),
        contract_row(5, **{"技术领域": "量子计算"}),
        contract_row(6),
    ]
    status = upload(page, "2025年技术合同.xlsx", workbook(headers, bad))
    assert status.get_attribute("data-status") == "failed"
    assert "发现 2 处错误，未导入任何合同" in status.inner_text()
    lines = [
        [cell.inner_text().strip() for cell in row.locator("td").all()]
        for row in page.get_by_test_id("job-errors").locator("tbody tr").all()
    ]
    assert lines == [
        ["3", "技术交易额（元）", "技术交易额大于合同成交额"],
        ["5", "技术领域", "“量子计算”不是可选值"],
    ]
    screenshot("contracts-import-errors")
    assert TechnologyContract.objects.count() == 0

    # The corrected file, from the job page's way back: every row imported, as the job's page says.
    page.get_by_test_id("job-origin").click()
    expect(page).to_have_url(re.compile(r"/contracts/import/$"))
    good = [contract_row(line) for line in ROWS]
    status = upload(page, "2025年技术合同（改正）.xlsx", workbook(headers, good))
    assert status.get_attribute("data-status") == "done"
    assert "已导入 5 份历史技术合同" in status.inner_text()
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "100"
    assert not page.get_by_test_id("job-errors").count()
    screenshot("contracts-import-done")
    imported = TechnologyContract.objects.filter(source=TechnologyContract.Source.IMPORTED)
    assert sorted(imported.values_list("registration_number", flat=True)) == [number(n) for n in ROWS]

    # The list shows them with their amounts.
    page.get_by_role("link", name="技术合同查询").first.click()
    assert page.get_by_test_id("result-count").inner_text() == "共 5 条"
    table = page.get_by_test_id("contract-table")
    for line, (_seller, _county, _kind, _sub, total, technical, _field) in ROWS.items():
        row = table.get_by_role("row").filter(has_text=number(line))
        assert f"{total:,.2f}" in row.inner_text() and f"{technical:,.2f}" in row.inner_text(), line

    # Filtered by county, exported: the file holds exactly the filtered rows.
    page.get_by_label("卖方所在县市区").select_option(label="醴陵市")
    page.get_by_label("登记年度").select_option(label=f"{YEAR}年")
    page.get_by_role("button", name="查询").click()
    assert page.get_by_test_id("result-count").inner_text() == "共 3 条"
    assert "株洲天元软件有限公司" not in table.inner_text()
    screenshot("contracts-import-filtered")
    with page.expect_download() as info:
        page.get_by_test_id("export-link").click()
    assert info.value.suggested_filename.startswith("技术合同_")
    exported = list(load_workbook(io.BytesIO(Path(info.value.path()).read_bytes())).active.iter_rows(values_only=True))
    head, body = exported[0], exported[1:]
    wanted = [head.index(name) for name in ("登记编号", "卖方所在县市区", "合同成交额（元）", "技术交易额（元）")]
    got = {r[wanted[0]]: tuple(r[i] for i in wanted[1:]) for r in body}
    assert len(body) == 3
    assert got == {number(line): ("醴陵市", Decimal(ROWS[line][4]), Decimal(ROWS[line][5])) for line in LILING_LINES}
