"""Excel export and import helpers (bureau/core/excel.py)."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from bureau.core.excel import MONEY, BadWorkbook, Column, Sheet, build_xlsx, read_rows, xlsx_response


def _workbook(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return buffer


def test_build_xlsx_writes_header_rows_and_money():
    rows = [{"name": "株洲智造科技有限公司", "amount": Decimal("1234.50"), "on": date(2026, 3, 1)}]
    content = build_xlsx(
        [
            Sheet(
                "合同",
                [
                    Column("单位名称", "name", width=30),
                    Column("金额（元）", "amount", number_format=MONEY),
                    Column("日期", "on"),
                ],
                rows,
                note="导出时间：2026-11-23",
            )
        ]
    )
    ws = load_workbook(io.BytesIO(content)).active
    assert ws.title == "合同"
    assert ws["A1"].value == "导出时间：2026-11-23"
    assert [c.value for c in ws[2]] == ["单位名称", "金额（元）", "日期"]
    assert ws["A3"].value == "株洲智造科技有限公司"
    assert ws["B3"].value == 1234.5
    assert ws["B3"].number_format == MONEY
    assert ws.freeze_panes == "A3"


def test_column_follows_attribute_paths_and_callables():
    class Org:
        name = "醴陵陶瓷"

    class Row:
        organization = Org()
        amount = 3

    assert Column("x", "organization__name").get(Row()) == "醴陵陶瓷"
    assert Column("x", "organization__missing__deeper").get(Row()) is None
    assert Column("x", lambda r: r.amount * 2).get(Row()) == 6


def test_xlsx_response_keeps_a_chinese_file_name():
    response = xlsx_response(b"x", "技术合同 2026.xlsx")
    assert "filename*=UTF-8''%E6%8A%80" in response["Content-Disposition"]


def test_read_rows_maps_headers_in_any_order_and_skips_blank_rows():
    book = _workbook(
        [["备注", "合同成交额（元）", " 合同名称 "], ["x", 100, "甲"], [None, None, None], ["", 200, "乙"]]
    )
    rows = list(read_rows(book, {"合同名称": "name", "合同成交额(元)": "amount"}, required=["name"]))
    assert rows == [(2, {"name": "甲", "amount": 100}), (4, {"name": "乙", "amount": 200})]


def test_read_rows_reports_missing_required_columns():
    book = _workbook([["合同名称"], ["甲"]])
    with pytest.raises(BadWorkbook, match="合同成交额"):
        list(read_rows(book, {"合同名称": "name", "合同成交额": "amount"}, required=["name", "amount"]))


def test_read_rows_refuses_a_file_that_is_not_xlsx():
    with pytest.raises(BadWorkbook, match="xlsx"):
        list(read_rows(io.BytesIO(b"not a workbook"), {"a": "a"}))
