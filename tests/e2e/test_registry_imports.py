"""Browser journeys of the registry's imports and exports (issue 3, journey 6), in Chromium, in Chinese.

1. City staff import an organization list: a row with a wrong check digit is reported
   with its line and reason and nothing is imported; the fixed file imports every row.
   The directory filtered by county exports at once; filtered to a county of more than
   2,000 organizations it exports in the background, and the job's file holds exactly
   the filtered rows.
2. On the certification import page they import last year's SME list and a high-tech
   certificate list, each first with a bad row (nothing imported), then corrected; the
   SME list and the certificate list show the imported entries.
"""

import io
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from bureau.accounts.models import Role
from enterprises.certification.models import HighTechCertificate, SmeEvaluation
from enterprises.models import HighTechField, Organization
from tests.e2e.conftest import login
from tests.enterprises.factories import VerifiedOrganizationFactory, ensure_industries, industry, make_uscc
from tests.factories import CountyFactory, DepartmentFactory, UserFactory

PASSWORD = "Passw0rd!2026"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LAST_YEAR = timezone.localdate().year - 1
# Columns as the import pages document them (templates and help text).
ORG_HEADERS = [
    "统一社会信用代码",
    "单位名称",
    "县市区",
    "单位类型",
    "行业代码",
    "技术领域",
    "成立日期",
    "法定代表人",
    "注册地址",
    "联系人",
    "联系电话",
]
SME_HEADERS = ["企业名称", "统一社会信用代码", "评价年度", "入库登记编号", "入库日期"]
CERTIFICATE_HEADERS = ["企业名称", "统一社会信用代码", "证书编号", "发证日期", "认定批次"]
LARGE = 2_050  # above the 2,000 rows exported at once


def xlsx(headers: list[str], rows: list[list]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(headers)
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def read_xlsx(download) -> list[tuple]:
    return list(load_workbook(io.BytesIO(Path(download.path()).read_bytes())).active.iter_rows(values_only=True))


def download(page, locator):
    with page.expect_download() as info:
        locator.click()
    return info.value


def finished_job(page):
    """Wait on the job page the import sent us to until the job has ended; return its status block."""
    page.wait_for_url("**/jobs/*/")
    page.locator("[data-testid=job-status]:is([data-status=done], [data-status=failed])").wait_for()
    return page.get_by_test_id("job-status")


def error_rows(page) -> list[list[str]]:
    return [
        [cell.inner_text().strip() for cell in row.locator("td").all()]
        for row in page.get_by_test_id("job-errors").locator("tbody tr").all()
    ]


@pytest.fixture
def city(transactional_db):
    ensure_industries()
    liling = CountyFactory()
    tianyuan = CountyFactory(code="430211", name="天元区")
    staff = UserFactory(username="zhangwei", roles=[Role.CITY_STAFF], department=DepartmentFactory(), full_name="张伟")
    return {"staff": staff, "liling": liling, "tianyuan": tianyuan}


def org_rows(codes: list[str]) -> list[list]:
    return [
        [codes[0], "醴陵华鑫电瓷有限公司", "醴陵市", "企业", "C30", "新材料", "2012-04-18", "陈华", "", "陈华", ""],
        [codes[1], "醴陵陶瓷研究所", "430281", "科研院所", "", "", date(1985, 9, 1), "", "", "", ""],
        [codes[2], "醴陵新瓷材料有限公司", "醴陵市", "", "C3071", "", "2019/06/30", "", "", "", "13973300002"],
    ]


def test_organization_import_then_exports(page, screenshot, city):
    login(page, "zhangwei", PASSWORD)
    page.wait_for_url("**/workbench/")
    page.get_by_role("link", name="创新主体名录").first.click()
    page.get_by_role("link", name="导入历史名录").click()
    template = download(page, page.locator("a[href='?template=organizations']"))
    assert template.suggested_filename == "创新主体导入模板.xlsx"
    assert read_xlsx(template) == [tuple(ORG_HEADERS)]

    codes = [make_uscc() for _ in range(3)]
    wrong = codes[1][:-1] + ("0" if codes[1][-1] != "0" else "1")
    rows = org_rows(codes)
    rows[1][0] = wrong
    page.get_by_label("创新主体名录").check()
    page.get_by_label("Excel 文件").set_input_files(
        files=[{"name": "历史名录.xlsx", "mimeType": XLSX, "buffer": xlsx(ORG_HEADERS, rows)}]
    )
    page.get_by_role("button", name="开始导入").click()
    status = finished_job(page)
    assert status.get_attribute("data-status") == "failed"
    assert "共 3 行，发现 1 处错误，未导入任何数据" in status.inner_text()
    assert "3 / 3" in status.inner_text()  # every row was checked, not just the first
    assert error_rows(page) == [["3", "统一社会信用代码", f"统一社会信用代码“{wrong}”无效：应为18位，且校验位正确。"]]
    screenshot("registry-import-orgs-errors")
    assert not Organization.objects.exists()

    page.go_back()
    page.get_by_label("Excel 文件").set_input_files(
        files=[{"name": "历史名录（改正）.xlsx", "mimeType": XLSX, "buffer": xlsx(ORG_HEADERS, org_rows(codes))}]
    )
    page.get_by_role("button", name="开始导入").click()
    status = finished_job(page)
    assert status.get_attribute("data-status") == "done"
    assert "共 3 行：新增 3 条，更新 0 条" in status.inner_text() and "3 / 3" in status.inner_text()
    screenshot("registry-import-orgs-done")
    imported = {o.uscc: o for o in Organization.objects.select_related("region", "industry")}
    assert set(imported) == set(codes)
    assert all(o.status == Organization.Status.VERIFIED and o.region == city["liling"] for o in imported.values())
    assert imported[codes[1]].kind == Organization.Kind.INSTITUTE
    assert imported[codes[2]].industry.code == "30" and imported[codes[0]].hightech_field == HighTechField.NEW_MATERIALS

    # Many organizations in 天元区 (more than an export sends at once), one in 醴陵 not imported.
    machinery = industry("34")
    Organization.objects.bulk_create(
        [
            Organization(
                uscc=make_uscc(),
                name=f"天元区企业{n:04d}",
                region=city["tianyuan"],
                industry=machinery,
                status=Organization.Status.VERIFIED,
            )
            for n in range(LARGE)
        ]
    )
    VerifiedOrganizationFactory(region=city["liling"], name="醴陵釉下五彩瓷业有限公司", industry=industry("65"))

    # Small filtered list: 醴陵市, manufacturing -> sent at once, exactly those rows.
    page.goto("/enterprises/orgs/")
    page.select_option("#id_region", label="醴陵市")
    page.select_option("#id_industry", label="C 制造业")
    page.get_by_test_id("apply-filters").click()
    assert page.get_by_test_id("result-count").inner_text() == "共 2 条"
    screenshot("registry-directory-filtered")
    small = read_xlsx(download(page, page.get_by_test_id("export-link")))
    assert small[0][:3] == ("统一社会信用代码", "单位名称", "县市区")
    assert sorted(r[:3] for r in small[1:]) == sorted(
        [(codes[0], "醴陵华鑫电瓷有限公司", "醴陵市"), (codes[2], "醴陵新瓷材料有限公司", "醴陵市")]
    )

    # Large filtered list: 天元区 -> a background job with its progress, then its file.
    page.select_option("#id_region", label="天元区")
    page.select_option("#id_industry", label="全部")
    page.get_by_test_id("apply-filters").click()
    assert page.get_by_test_id("result-count").inner_text() == f"共 {LARGE} 条"
    assert "超过 2000 条时在后台导出" in page.locator("main").inner_text()
    page.get_by_test_id("export-link").click()
    status = finished_job(page)
    assert "已转为后台导出" in page.locator(".messages").inner_text()
    assert status.get_attribute("data-status") == "done"
    assert f"{LARGE} / {LARGE}" in status.inner_text() and f"已导出 {LARGE} 条" in status.inner_text()
    assert page.get_by_role("progressbar").get_attribute("aria-valuenow") == "100"
    screenshot("registry-export-job")
    large = read_xlsx(download(page, page.get_by_test_id("job-download")))
    assert len(large) == LARGE + 1
    assert {r[0] for r in large[1:]} == set(
        Organization.objects.filter(region=city["tianyuan"]).values_list("uscc", flat=True)
    )
    assert {r[2] for r in large[1:]} == {"天元区"}


def test_certification_lists_import(page, screenshot, city):
    orgs = [
        VerifiedOrganizationFactory(region=city["liling"], name="醴陵华鑫电瓷有限公司"),
        VerifiedOrganizationFactory(region=city["tianyuan"], name="株洲天元硬质合金有限公司"),
        VerifiedOrganizationFactory(region=city["tianyuan"], name="株洲天元软件有限公司"),
    ]
    login(page, "zhangwei", PASSWORD)
    page.wait_for_url("**/workbench/")
    page.get_by_role("link", name="导入历史名单").first.click()
    assert page.locator("h1").inner_text() == "导入历史名单"
    assert read_xlsx(download(page, page.get_by_test_id("template-sme"))) == [tuple(SME_HEADERS)]
    assert read_xlsx(download(page, page.get_by_test_id("template-certificates"))) == [tuple(CERTIFICATE_HEADERS)]

    def upload(kind: str, name: str, content: bytes):
        page.goto("/certification/staff/import/")
        page.get_by_label(kind).check()
        page.get_by_label("Excel 文件").set_input_files(files=[{"name": name, "mimeType": XLSX, "buffer": content}])
        page.get_by_role("button", name="检查并导入").click()
        return finished_job(page)

    # Last year's SME list: one number does not start with the year.
    numbers = [f"{LAST_YEAR}4302{n:08d}" for n in (101, 102, 103)]
    sme = [[o.name, o.uscc, LAST_YEAR, n, date(LAST_YEAR, 6, 30)] for o, n in zip(orgs, numbers, strict=True)]
    sme[1][3] = f"{LAST_YEAR - 1}430200000102"
    status = upload("科技型中小企业入库名单", "入库名单.xlsx", xlsx(SME_HEADERS, sme))
    assert status.get_attribute("data-status") == "failed"
    assert "发现 1 处错误，未导入任何数据" in status.inner_text()
    assert error_rows(page) == [
        ["3", "入库登记编号", f"入库登记编号的前 4 位应为评价年度 {LAST_YEAR}，而不是 {LAST_YEAR - 1}"]
    ]
    screenshot("registry-import-sme-errors")
    assert not SmeEvaluation.objects.exists()
    sme[1][3] = numbers[1]
    status = upload("科技型中小企业入库名单", "入库名单（改正）.xlsx", xlsx(SME_HEADERS, sme))
    assert status.get_attribute("data-status") == "done", status.inner_text()
    assert "共 3 行：新增 3 条" in status.inner_text()
    screenshot("registry-import-sme-done")

    # The province's certificate list: one number is not "GR" + 12 digits.
    certificates = [f"GR{LAST_YEAR}430001{n:02d}" for n in (1, 2)]
    rows = [
        [orgs[1].name, orgs[1].uscc, certificates[0], date(LAST_YEAR, 12, 1), f"{LAST_YEAR}年第二批"],
        [orgs[2].name, orgs[2].uscc, f"GR{LAST_YEAR}4300", date(LAST_YEAR, 12, 1), f"{LAST_YEAR}年第二批"],
    ]
    status = upload("高新技术企业认定名单", "认定名单.xlsx", xlsx(CERTIFICATE_HEADERS, rows))
    assert status.get_attribute("data-status") == "failed"
    assert error_rows(page) == [["3", "证书编号", "证书编号应为“GR”加 12 位数字，如 GR202343001234。"]]
    screenshot("registry-import-certificates-errors")
    assert not HighTechCertificate.objects.exists()
    rows[1][2] = certificates[1]
    status = upload("高新技术企业认定名单", "认定名单（改正）.xlsx", xlsx(CERTIFICATE_HEADERS, rows))
    assert status.get_attribute("data-status") == "done", status.inner_text()
    assert "共 2 行：新增 2 条" in status.inner_text()

    # The lists show what was imported.
    page.get_by_role("link", name="科技型中小企业名单").first.click()
    table = page.get_by_test_id("sme-table").inner_text()
    for org, number in zip(orgs, numbers, strict=True):
        assert org.name in table and number in table
    screenshot("registry-sme-list-imported")
    page.get_by_role("link", name="高新技术企业证书").first.click()
    table = page.get_by_test_id("certificate-table").inner_text()
    assert certificates[0] in table and certificates[1] in table and orgs[0].name not in table
    screenshot("registry-certificate-list-imported")
    assert set(HighTechCertificate.objects.values_list("number", "organization__name", "source", "expires_on")) == {
        (certificates[0], orgs[1].name, "imported", date(LAST_YEAR + 3, 11, 30)),
        (certificates[1], orgs[2].name, "imported", date(LAST_YEAR + 3, 11, 30)),
    }
