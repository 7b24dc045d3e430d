"""Import of a published selection list: every bad row with line and reason, nothing or everything."""

import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from bureau.core.errors import ActionNotPermitted
from talent import services
from talent.models import TalentSelection
from talent.services import imports
from tests.factories import OrganizationFactory

from .factories import TalentProgramFactory, TalentSelectionFactory, make_id_number

HEADER = [
    "人才计划代码",
    "入选年度",
    "入选日期",
    "姓名",
    "性别",
    "身份证号",
    "工作单位",
    "统一社会信用代码",
    "所在区划代码",
    "入选类别",
    "资助金额",
]


def workbook(rows, header=HEADER) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "入选名单.xlsx"
    return buffer


@pytest.fixture
def programs(db):
    return {
        "hn-bajian": TalentProgramFactory(code="hn-bajian", name="湖南省科技领军人才"),
        "hn-hejian": TalentProgramFactory(code="hn-hejian", name="科技创新类湖南青年英才"),
        "old": TalentProgramFactory(code="old-plan", name="已停用的计划", is_active=False),
    }


def good_rows(org):
    return [
        [
            "hn-bajian",
            2026,
            date(2026, 9, 25),
            "王志刚",
            "",
            make_id_number(),
            "醴陵华鑫电瓷科技股份有限公司",
            "",
            "430281",
            "科技领军人才",
            1000000,
        ],
        ["hn-hejian", "2026年", "2026/9/25", "刘晓燕", "女", "", "", org.uscc, "", "青年英才", "300,000"],
        ["hn-hejian", 2026.0, datetime(2026, 9, 25), "张思远", "男", "", "湖南工业大学", "", "天元区", "", None],
    ]


class TestBadRows:
    def test_every_bad_row_is_reported_and_nothing_is_imported(self, officer, programs, liling, tianyuan):
        org = OrganizationFactory(region=tianyuan)
        rows = [
            *good_rows(org),
            ["nope", 2026, "2026-09-25", "甲", "", "", "某单位", "", "430281", "", ""],  # line 5
            ["old-plan", 1999, "2026-13-01", "", "男女", "430281199001011234", "某单位", "", "430281", "", "-5"],  # 6
            ["hn-bajian", 2026, "2026-09-25", "乙", "", "", "", "91430200MA4L00001X", "999999", "", "十万"],  # 7
            [
                "hn-bajian",
                2026,
                date(2026, 9, 25),
                "王志刚",
                "",
                "",
                "醴陵华鑫电瓷科技股份有限公司",
                "",
                "430281",
                "",
                "",
            ],  # 8
        ]
        report = services.import_selections(actor=officer, file=workbook(rows))
        assert not report.ok and report.rows == 7
        by_line = {}
        for e in report.errors:
            by_line.setdefault(e.line, []).append((e.column, e.message))
        assert set(by_line) == {5, 6, 7, 8}
        assert ("人才计划代码", "没有代码为“nope”的人才计划。") in by_line[5]
        columns6 = dict(by_line[6])
        assert "已停用" in columns6["人才计划代码"]
        assert "2000 至 2100" in columns6["入选年度"]
        assert "不是日期" in columns6["入选日期"]
        assert columns6["姓名"] == "姓名不能为空。"
        assert "男" in columns6["性别"] and "居民身份证号码无效" in columns6["身份证号"]
        assert columns6["资助金额"] == "资助金额不能为负数。"
        columns7 = dict(by_line[7])
        assert "统一社会信用代码" in columns7["统一社会信用代码"] and "999999" in columns7["所在区划代码"]
        assert "不是金额" in columns7["资助金额"]
        assert "与第 2 行重复" in dict(by_line[8])["姓名"]
        assert not TalentSelection.objects.exists()

    def test_missing_columns_and_not_excel(self, officer, programs):
        report = services.import_selections(actor=officer, file=workbook([], header=["姓名", "工作单位"]))
        assert "表头缺少必需的列" in report.errors[0].message and "人才计划代码" in report.errors[0].message
        report = services.import_selections(actor=officer, file=io.BytesIO(b"not a workbook"))
        assert report.errors[0].line == 1 and ".xlsx" in report.errors[0].message

    def test_too_many_rows(self, officer, programs, monkeypatch):
        monkeypatch.setattr(imports, "MAX_ROWS", 2)
        report = services.import_selections(actor=officer, file=workbook(good_rows(OrganizationFactory())))
        assert "单次最多导入 2 行" in report.errors[0].message
        assert not TalentSelection.objects.exists()

    def test_county_staff_import_their_region_only(self, liling_officer, programs, liling, tianyuan):
        org = OrganizationFactory(region=tianyuan)
        report = services.import_selections(actor=liling_officer, file=workbook(good_rows(org)))
        assert {(e.line, e.column) for e in report.errors} == {(3, "所在区划代码"), (4, "所在区划代码")}
        assert "不在您的管辖范围内" in report.errors[0].message
        assert not TalentSelection.objects.exists()

    def test_leaders_cannot_import(self, leader, programs):
        with pytest.raises(ActionNotPermitted):
            services.import_selections(actor=leader, file=workbook([]))


class TestGoodFile:
    def test_all_rows_saved_then_a_corrected_file_updates(self, officer, programs, liling, tianyuan):
        org = OrganizationFactory(region=tianyuan, name="株洲中车时代电气股份有限公司")
        rows = good_rows(org)
        report = services.import_selections(actor=officer, file=workbook(rows))
        assert report.ok and (report.rows, report.created, report.updated) == (3, 3, 0)
        wang = TalentSelection.objects.get(full_name="王志刚")
        assert wang.region == liling and wang.funding == 1000000 and wang.gender in ("male", "female")
        liu = TalentSelection.objects.get(full_name="刘晓燕")
        assert liu.organization == org and liu.region == tianyuan and liu.organization_name == org.name
        assert liu.funding == 300000 and liu.year == 2026
        assert TalentSelection.objects.get(full_name="张思远").region == tianyuan
        rows[0][5] = ""  # a list without the ID number keeps the one recorded
        rows[0][9] = "领军人才（更正）"
        report = services.import_selections(actor=officer, file=workbook(rows))
        assert (report.created, report.updated) == (0, 3)
        updated = TalentSelection.objects.get(full_name="王志刚")
        assert updated.category == "领军人才（更正）" and updated.id_number == wang.id_number

    def test_a_record_of_another_county_is_not_overwritten_by_a_county(self, liling_officer, programs, tianyuan):
        TalentSelectionFactory(
            program=programs["hn-bajian"], year=2026, full_name="王志刚", organization_name="某单位", region=tianyuan
        )
        rows = [["hn-bajian", 2026, "2026-09-25", "王志刚", "", "", "某单位", "", "430281", "", ""]]
        report = services.import_selections(actor=liling_officer, file=workbook(rows))
        assert "天元区" in report.errors[0].message
        assert TalentSelection.objects.get().region == tianyuan


class TestImportPage:
    def test_template_then_errors_then_success(self, client, officer, programs, liling):
        client.force_login(officer)
        template = client.get(reverse("talent:selection-import-template"))
        wb = load_workbook(io.BytesIO(template.content))
        assert [c.value for c in wb.worksheets[0][1]] == HEADER
        assert wb.sheetnames == ["入选名单", "填写说明", "人才计划代码", "区划代码"]
        codes = [row[0] for row in wb["人才计划代码"].iter_rows(min_row=2, values_only=True)]
        assert "hn-bajian" in codes

        bad = workbook([["hn-bajian", 2026, "2026-09-25", "", "", "", "某单位", "", "430281", "", ""]])
        upload = SimpleUploadedFile("名单.xlsx", bad.getvalue())
        response = client.post(reverse("talent:selection-import"), {"file": upload})
        page = response.content.decode()
        assert response.status_code == 200 and "整份名单未导入" in page and "姓名不能为空" in page
        assert not TalentSelection.objects.exists()

        good = workbook([["hn-bajian", 2026, "2026-09-25", "王志刚", "", "", "某单位", "", "430281", "", ""]])
        response = client.post(
            reverse("talent:selection-import"), {"file": SimpleUploadedFile("名单.xlsx", good.getvalue())}, follow=True
        )
        assert "入选名单已导入：共 1 行，新增 1 条" in response.content.decode()
        assert TalentSelection.objects.count() == 1

    def test_a_file_that_is_not_xlsx_is_refused_by_content(self, client, officer):
        client.force_login(officer)
        fake = SimpleUploadedFile("名单.xlsx", b"%PDF-1.4 not excel")
        response = client.post(reverse("talent:selection-import"), {"file": fake})
        assert "请上传 Excel 2007 及以上格式" in response.content.decode()
