"""Browser journeys of the talent app in Chromium, in Chinese.

1. A 人才科 officer puts an expert into the pool (first forgetting the ID number), registers
   a legal-person commissioner (first with too few professionals), records a service log,
   filters the lists and imports a selection list with a bad row.
2. A county officer sees only the commissioners serving its own region.
"""

import io
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import Workbook

from bureau.accounts.models import Role
from talent.models import Commissioner, Expert
from tests.e2e.conftest import login
from tests.factories import UserFactory
from tests.talent.factories import (
    CommissionerFactory,
    CommissionerServiceLogFactory,
    ExpertFactory,
    TalentProgramFactory,
    TalentSelectionFactory,
    county,
    make_id_number,
    talent_officer,
)

PASSWORD = "Passw0rd!2026"


@pytest.fixture
def city(db):
    liling = county("430281", "醴陵市")
    tianyuan = county("430211", "天元区")
    officer = talent_officer(username="rencai", full_name="孙丽")
    UserFactory(username="tianyuan", full_name="周强", roles=[Role.COUNTY_STAFF], region=tianyuan)
    bajian = TalentProgramFactory(code="hn-bajian", name="湖南省科技领军人才（“拔尖”人才）", short_name="拔尖")
    hejian = TalentProgramFactory(code="hn-hejian", name="科技创新类湖南青年英才（“荷尖”人才）", short_name="荷尖")
    for i, (name, unit, region) in enumerate(
        [
            ("王志刚", "株洲中车时代电气股份有限公司", tianyuan),
            ("刘晓燕", "醴陵华鑫电瓷科技股份有限公司", liling),
            ("张思远", "湖南工业大学", tianyuan),
            ("陈海涛", "醴陵华鑫电瓷科技股份有限公司", liling),
        ]
    ):
        TalentSelectionFactory(
            program=bajian if i % 2 == 0 else hejian,
            year=2026 if i < 3 else 2025,
            full_name=name,
            organization_name=unit,
            region=region,
            funding=1000000 if i % 2 == 0 else 300000,
            category="科技领军人才" if i % 2 == 0 else "青年英才",
            id_number=make_id_number(),
        )
    ExpertFactory(full_name="李文华", region=liling, technical_fields=["new_materials"], specialty="电瓷材料")
    ExpertFactory(full_name="黄建华", region=tianyuan, technical_fields=["electronic_information"])
    CommissionerFactory(name="罗晓红", region=liling, service_target="醴陵市王仙镇烟花原料基地")
    served = CommissionerFactory(name="谭建军", region=tianyuan, service_target="天元区群丰镇蔬菜基地")
    CommissionerServiceLogFactory(commissioner=served, place="群丰镇", content="设施蔬菜技术指导")
    CommissionerFactory(
        name="天元区农技服务团队",
        kind="team",
        id_number="",
        member_count=4,
        leader_name="邓明",
        region=tianyuan,
        service_target="天元区三门镇农业合作社",
    )
    return {"liling": liling, "tianyuan": tianyuan, "officer": officer}


def test_officer_adds_an_expert_and_a_commissioner_with_a_log(page, screenshot, city):
    login(page, "rencai", PASSWORD)
    page.goto("/workbench/")
    panel = page.get_by_test_id("panel-talent")
    assert panel.get_by_test_id("panel-experts").inner_text() == "2"
    assert panel.get_by_test_id("panel-selections").inner_text() == str(3 if timezone.localdate().year == 2026 else 0)
    screenshot("talent-01-workbench")

    page.get_by_test_id("workbench-menu").get_by_role("link", name="专家库").click()
    screenshot("talent-02-expert-list")
    page.get_by_role("link", name="专家入库").click()
    page.get_by_label("姓名", exact=True).fill("陈学军")
    page.get_by_label("工作单位", exact=True).fill("湖南工业大学")
    page.get_by_label("所在县市区").select_option(label="天元区")
    page.get_by_label("职称", exact=True).select_option(label="正高级")
    page.get_by_label("新材料").check()
    page.get_by_label("先进制造与自动化").check()
    page.get_by_label("研究方向").fill("硬质合金与粉末冶金")
    page.get_by_role("button", name="保存").click()
    errors = page.get_by_test_id("form-errors")
    assert "居民身份证号码" in errors.inner_text()
    assert page.get_by_label("姓名", exact=True).input_value() == "陈学军"  # nothing lost
    assert page.get_by_label("新材料").is_checked()
    screenshot("talent-03-expert-form-error")
    number = make_id_number()
    page.get_by_label("居民身份证号码").fill(number)
    page.get_by_role("button", name="保存").click()
    page.get_by_text("专家信息已保存").wait_for()
    facts = page.get_by_test_id("expert-facts").inner_text()
    assert number not in page.content() and "新材料、先进制造与自动化" in facts
    screenshot("talent-04-expert-detail")
    assert Expert.objects.get(full_name="陈学军").technical_fields == ["advanced_manufacturing", "new_materials"]

    page.goto("/talent/experts/")
    page.get_by_label("专业领域").select_option(label="新材料")
    page.get_by_role("button", name="查询").click()
    table = page.get_by_test_id("expert-table").inner_text()
    assert "陈学军" in table and "李文华" in table and "黄建华" not in table
    screenshot("talent-05-expert-filtered")

    page.get_by_test_id("workbench-menu").get_by_role("link", name="科技特派员").click()
    page.get_by_role("link", name="登记科技特派员").click()
    page.get_by_label("法人科技特派员").check()
    page.get_by_label("名称", exact=True).fill("株洲市农业科学研究所")
    page.get_by_label("负责人").fill("陈志强")
    page.get_by_label("派出专业人员数").fill("2")
    page.get_by_label("派出单位", exact=True).fill("株洲市农业科学研究所")
    page.get_by_label("服务县市区").select_option(label="醴陵市")
    page.get_by_label("服务对象").fill("醴陵市王仙镇农业合作社")
    page.get_by_label("服务领域").fill("粮油作物")
    page.get_by_label("服务期起").fill("2026-03-01")
    page.get_by_label("服务期止").fill("2027-02-28")
    screenshot("talent-06-commissioner-form")
    page.get_by_role("button", name="保存").click()
    assert "法人科技特派员须派出不少于3名专业技术人员" in page.get_by_test_id("form-errors").inner_text()
    assert page.get_by_label("服务对象").input_value() == "醴陵市王仙镇农业合作社"
    screenshot("talent-07-commissioner-form-error")
    page.get_by_label("派出专业人员数").fill("3")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("科技特派员信息已保存").wait_for()

    form = page.get_by_test_id("log-form")
    form.get_by_label("服务日期").fill("2026-05-12")
    form.get_by_label("服务地点").fill("王仙镇农业合作社")
    form.get_by_label("服务人次").fill("35")
    form.get_by_label("服务内容").fill("开展水稻绿色高效种植技术培训")
    form.get_by_role("button", name="保存服务日志").click()
    page.get_by_text("服务日志已记录").wait_for()
    logs = page.get_by_test_id("service-logs").inner_text()
    assert "2026-05-12" in logs and "开展水稻绿色高效种植技术培训" in logs and "孙丽" in logs
    screenshot("talent-08-commissioner-detail")
    commissioner = Commissioner.objects.get(name="株洲市农业科学研究所")
    assert commissioner.member_count == 3 and commissioner.service_logs.count() == 1

    page.goto("/talent/commissioners/")
    page.get_by_label("类型").select_option(label="法人科技特派员")
    page.get_by_role("button", name="查询").click()
    table = page.get_by_test_id("commissioner-table").inner_text()
    assert "株洲市农业科学研究所" in table and "罗晓红" not in table
    assert page.get_by_test_id("result-count").inner_text() == "共 1 条"
    page.goto("/talent/commissioners/")
    screenshot("talent-09-commissioner-list")

    page.goto("/talent/selections/")
    page.get_by_label("人才计划").select_option(label="湖南省科技领军人才（“拔尖”人才）")
    page.get_by_label("入选年度").select_option(label="2026年")
    page.get_by_role("button", name="查询").click()
    table = page.get_by_test_id("selection-table").inner_text()
    assert "王志刚" in table and "张思远" in table and "刘晓燕" not in table
    screenshot("talent-10-selection-list")
    page.get_by_role("link", name="王志刚").click()
    screenshot("talent-11-selection-detail")
    page.goto("/talent/programs/")
    assert "拔尖" in page.get_by_test_id("program-table").inner_text()
    screenshot("talent-12-programs")
    page.goto("/talent/selections/")
    page.get_by_role("link", name="录入入选人员").click()
    page.get_by_label("人才计划").select_option(label="科技创新类湖南青年英才（“荷尖”人才）")
    page.get_by_label("姓名").fill("蒋雪梅")
    page.get_by_label("入选日期").fill("2026-09-25")
    page.get_by_label("资助金额（元）").fill("300000")
    page.get_by_label("工作单位", exact=True).fill("醴陵华鑫电瓷科技股份有限公司")
    page.get_by_label("所在县市区").select_option(label="醴陵市")
    screenshot("talent-15-selection-form")
    page.get_by_role("button", name="保存").click()
    page.get_by_text("入选记录已保存").wait_for()
    assert "300,000.00 元" in page.get_by_test_id("selection-facts").inner_text()


def test_import_a_selection_list_with_a_bad_row_then_corrected(page, screenshot, city, tmp_path):
    def write(rows):
        wb = Workbook()
        ws = wb.active
        ws.append(
            ["人才计划代码", "入选年度", "入选日期", "姓名", "性别", "身份证号", "工作单位", "所在区划代码", "资助金额"]
        )
        for row in rows:
            ws.append(row)
        path = tmp_path / "2026年拔尖人才入选名单.xlsx"
        buffer = io.BytesIO()
        wb.save(buffer)
        path.write_bytes(buffer.getvalue())
        return path

    rows = [
        ["hn-bajian", 2026, "2026-09-25", "彭志勇", "男", "", "湖南工业大学", "430211", 1000000],
        ["hn-bajian", 2026, "2026-13-25", "", "男", "", "醴陵陶瓷研究所", "430299", ""],
    ]
    login(page, "rencai", PASSWORD)
    page.goto("/talent/selections/import/")
    page.get_by_label("Excel 文件").set_input_files(str(write(rows)))
    page.get_by_test_id("upload-button").click()
    errors = page.get_by_test_id("import-errors").inner_text()
    assert "整份名单未导入" in errors and "不是日期" in errors and "姓名不能为空" in errors and "430299" in errors
    screenshot("talent-13-import-errors")
    rows[1] = ["hn-bajian", 2026, "2026-09-25", "蒋东", "男", "", "醴陵陶瓷研究所", "430281", 1000000]
    page.get_by_label("Excel 文件").set_input_files(str(write(rows)))
    page.get_by_test_id("upload-button").click()
    page.get_by_text("入选名单已导入：共 2 行，新增 2 条").wait_for()
    assert "蒋东" in page.get_by_test_id("selection-table").inner_text()


def test_county_officer_sees_only_its_commissioners(page, screenshot, city):
    login(page, "tianyuan", PASSWORD)
    page.goto("/workbench/")
    assert page.get_by_test_id("panel-talent").count() == 0
    page.get_by_test_id("workbench-menu").get_by_role("link", name="科技特派员").click()
    table = page.get_by_test_id("commissioner-table").inner_text()
    assert "谭建军" in table and "天元区农技服务团队" in table and "罗晓红" not in table
    options = page.get_by_label("县市区").locator("option").all_inner_texts()
    assert "醴陵市" not in options
    screenshot("talent-14-county-commissioners")
    other = Commissioner.objects.get(name="罗晓红")
    response = page.goto(f"/talent/commissioners/{other.pk}/")
    assert response.status == 404
    page.goto("/talent/commissioners/")
    page.get_by_role("link", name="谭建军").click()
    assert "设施蔬菜技术指导" in page.get_by_test_id("service-logs").inner_text()
    assert date(2026, 3, 1).isoformat() in page.get_by_test_id("commissioner-facts").inner_text()


def test_an_expert_sees_their_own_profile(page, screenshot, city):
    user = UserFactory(username="zhuanjia", full_name="陈教授", roles=[Role.EXPERT])
    ExpertFactory(full_name="陈学军", user=user, region=city["tianyuan"], specialty="硬质合金与粉末冶金")
    login(page, "zhuanjia", PASSWORD)
    page.goto("/workbench/")
    page.get_by_test_id("workbench-menu").get_by_role("link", name="我的专家信息").click()
    assert "陈学军" in page.get_by_role("heading", level=1).inner_text()
    assert "如需更正，请联系市科技局人才科" in page.content()
    assert page.get_by_test_id("expert-actions").count() == 0
    screenshot("talent-16-expert-own-profile")
    assert page.goto("/talent/experts/").status == 403
