"""Imports of previous years' lists: per-row errors with line and column, all or nothing."""

import io
from datetime import date

import pytest
from django.urls import reverse
from import_export.formats.base_formats import DEFAULT_FORMATS, XLSX
from openpyxl import Workbook

from bureau.core.models import Job
from enterprises.certification.models import HighTechApplication, HighTechCertificate, SmeEvaluation
from enterprises.certification.resources import CertificateResource, SmeRegistrationResource
from enterprises.certification.services.imports import run_import
from tests.enterprises.factories import VerifiedOrganizationFactory

from .factories import THIS_YEAR, HighTechApplicationFactory, SmeEvaluationFactory

pytestmark = pytest.mark.django_db
LAST = THIS_YEAR - 1


def xlsx(rows) -> io.BytesIO:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "名单.xlsx"
    return buffer


SME_HEAD = ["企业名称", "统一社会信用代码", "评价年度", "入库登记编号", "入库日期"]
CERT_HEAD = ["企业名称", "统一社会信用代码", "证书编号", "发证日期", "认定批次"]


class TestSmeImport:
    def test_good_file_creates_registrations(self, org, other_org, city_officer):
        report = run_import(
            resource_class=SmeRegistrationResource,
            actor=city_officer,
            file=xlsx(
                [
                    SME_HEAD,
                    [org.name, org.uscc, LAST, f"{LAST}43028104000001", date(LAST, 5, 20)],
                    [other_org.name, other_org.uscc, str(LAST), f"{LAST}43021104000002", f"{LAST}/6/1"],
                ]
            ),
        )
        assert report.ok, report.errors
        assert report.rows == 2 and report.created == 2
        imported = SmeEvaluation.objects.get(organization=org, year=LAST)
        assert imported.status == "registered" and imported.source == "imported"
        assert imported.registered_on == date(LAST, 5, 20) and imported.valid_until == date(LAST, 12, 31)
        # Running the same file again changes nothing.
        again = run_import(
            resource_class=SmeRegistrationResource,
            actor=city_officer,
            file=xlsx([SME_HEAD, [org.name, org.uscc, LAST, f"{LAST}43028104000001", date(LAST, 5, 20)]]),
        )
        assert again.ok and again.created == 0
        assert SmeEvaluation.objects.count() == 2

    def test_bad_rows_are_all_reported_and_nothing_is_saved(self, org, other_org, city_officer):
        report = run_import(
            resource_class=SmeRegistrationResource,
            actor=city_officer,
            file=xlsx(
                [
                    SME_HEAD,
                    [org.name, org.uscc, LAST, f"{LAST}43028104000001", None],  # good
                    ["无名公司", "91430200MA4L99999X", LAST, f"{LAST}0002", None],  # unknown code
                    [other_org.name, other_org.uscc, LAST, "20150001", None],  # wrong year prefix
                    [other_org.name, other_org.uscc, "去年", f"{LAST}0003", None],  # bad year
                    [org.name, org.uscc, LAST, f"{LAST}43028104000001", "2099-01-01"],  # duplicate, future
                ]
            ),
        )
        assert not report.ok
        lines = {(e.line, e.column) for e in report.errors}
        assert (3, "统一社会信用代码") in lines
        assert (4, "入库登记编号") in lines
        assert (5, "评价年度") in lines
        assert (6, "入库登记编号") in lines and (6, "入库日期") in lines
        assert any("与第 2 行重复" in e.message for e in report.errors)
        assert report.created == 0
        assert not SmeEvaluation.objects.exists()

    def test_missing_headers(self, city_officer):
        report = run_import(
            resource_class=SmeRegistrationResource, actor=city_officer, file=xlsx([["企业名称", "编号"], ["甲", "1"]])
        )
        assert not report.ok and "表头缺少必需的列" in report.errors[0].message

    def test_a_publicized_evaluation_gets_its_number(self, org, city_officer):
        evaluation = SmeEvaluationFactory(organization=org, year=THIS_YEAR, status="publicized")
        report = run_import(
            resource_class=SmeRegistrationResource,
            actor=city_officer,
            file=xlsx([SME_HEAD, [org.name, org.uscc, THIS_YEAR, f"{THIS_YEAR}43028104000009", None]]),
        )
        assert report.ok, report.errors
        evaluation = SmeEvaluation.objects.get(pk=evaluation.pk)
        assert evaluation.status == "registered" and evaluation.registration_number == f"{THIS_YEAR}43028104000009"

    def test_an_evaluation_in_review_is_refused(self, org, city_officer):
        SmeEvaluationFactory(organization=org, year=THIS_YEAR, status="submitted")
        report = run_import(
            resource_class=SmeRegistrationResource,
            actor=city_officer,
            file=xlsx([SME_HEAD, [org.name, org.uscc, THIS_YEAR, f"{THIS_YEAR}0009", None]]),
        )
        assert not report.ok and "正在办理" in report.errors[0].message

    def test_only_recorders_import(self, org, liling_officer):
        from bureau.core.errors import ActionNotPermitted

        with pytest.raises(ActionNotPermitted):
            run_import(resource_class=SmeRegistrationResource, actor=liling_officer, file=xlsx([SME_HEAD]))


class TestCertificateImport:
    def test_good_file_links_the_recommended_application(self, org, other_org, city_officer):
        application = HighTechApplicationFactory(organization=org, status="city_recommended")
        report = run_import(
            resource_class=CertificateResource,
            actor=city_officer,
            file=xlsx(
                [
                    CERT_HEAD,
                    [org.name, org.uscc, "GR202643000101", date(THIS_YEAR, 1, 10), "湖南省第一批"],
                    [other_org.name, other_org.uscc, "gr202343000102", date(THIS_YEAR - 3, 12, 5), ""],
                ]
            ),
        )
        assert report.ok, report.errors
        assert HighTechCertificate.objects.count() == 2
        cert = HighTechCertificate.objects.get(number="GR202643000101")
        assert cert.source == "imported" and cert.batch == "湖南省第一批" and cert.application == application
        assert HighTechApplication.objects.get(pk=application.pk).status == "certified"
        assert HighTechCertificate.objects.filter(number="GR202343000102").exists()

    def test_all_or_nothing(self, org, other_org, city_officer):
        report = run_import(
            resource_class=CertificateResource,
            actor=city_officer,
            file=xlsx(
                [
                    CERT_HEAD,
                    [org.name, org.uscc, "GR202643000101", date(THIS_YEAR, 1, 10), ""],
                    [other_org.name, other_org.uscc, "GR2026", date(THIS_YEAR, 1, 10), ""],
                    [other_org.name, other_org.uscc, "GR202643000103", "not a date", ""],
                ]
            ),
        )
        assert not report.ok
        assert {(e.line, e.column) for e in report.errors} == {(3, "证书编号"), (4, "发证日期")}
        assert not HighTechCertificate.objects.exists()


class TestImportPageAndAdmin:
    def test_staff_page_runs_a_job_with_the_report(self, client, org, city_officer, django_capture_on_commit_callbacks):
        client.force_login(city_officer)
        file = xlsx([SME_HEAD, [org.name, org.uscc, LAST, "bad", None]])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("certification:import"), {"kind": "sme", "file": file})
        job = Job.objects.get()
        assert response.url == reverse("jobs:detail", args=[job.pk])
        assert job.status == Job.Status.FAILED and job.result["errors"][0]["line"] == 2
        page = client.get(response.url)
        assert "未导入任何数据" in page.content.decode()

    def test_county_staff_cannot_import(self, client, liling_officer):
        client.force_login(liling_officer)
        assert client.get(reverse("certification:import")).status_code == 403

    def test_admin_import_shows_row_errors_and_imports_a_clean_file(self, client, org, administrator):
        VerifiedOrganizationFactory()
        client.force_login(administrator)
        url = reverse("admin:certification_smeevaluation_import")
        fmt = DEFAULT_FORMATS.index(XLSX)
        bad = xlsx([SME_HEAD, [org.name, org.uscc, LAST, "19990001", None]])
        page = client.post(url, {"resource": 0, "format": fmt, "import_file": bad})
        html = page.content.decode()
        assert "前 4 位应为评价年度" in html
        assert page.context.get("confirm_form") is None
        assert not SmeEvaluation.objects.exists()
        good = xlsx([SME_HEAD, [org.name, org.uscc, LAST, f"{LAST}0001", None]])
        page = client.post(url, {"resource": 0, "format": fmt, "import_file": good})
        confirm = page.context["confirm_form"]
        client.post(reverse("admin:certification_smeevaluation_process_import"), confirm.initial)
        assert SmeEvaluation.objects.get().registration_number == f"{LAST}0001"


def test_templates_round_trip(client, org, city_officer, django_capture_on_commit_callbacks):
    """A downloaded template, filled in, imports cleanly."""
    from openpyxl import load_workbook

    client.force_login(city_officer)
    response = client.get(reverse("certification:import-template", args=["certificates"]))
    book = load_workbook(io.BytesIO(response.content))
    ws = book.worksheets[0]
    assert [c.value for c in ws[1]] == CERT_HEAD
    filled = Workbook()
    filled.active.append(CERT_HEAD)
    filled.active.append([org.name, org.uscc, "GR202643009999", date(THIS_YEAR, 2, 1), ""])
    buffer = io.BytesIO()
    filled.save(buffer)
    buffer.seek(0)
    buffer.name = "认定名单.xlsx"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("certification:import"), {"kind": "certificates", "file": buffer})
    assert HighTechCertificate.objects.filter(number="GR202643009999").exists()


def test_resources_export_what_they_import(org, city_officer):
    from .factories import CertificateFactory, RegisteredSmeFactory

    RegisteredSmeFactory(organization=org, registration_number=f"{THIS_YEAR}0042")
    CertificateFactory(organization=org, number="GR202543000042")
    sme = SmeRegistrationResource().export()
    assert sme.headers[:5] == ["统一社会信用代码", "企业名称", "所在县市区", "评价年度", "入库登记编号"]
    assert sme.dict[0]["入库登记编号"] == f"{THIS_YEAR}0042" and sme.dict[0]["状态"] == "已入库"
    certificates = CertificateResource().export()
    assert certificates.dict[0]["证书编号"] == "GR202543000042" and certificates.dict[0]["企业名称"] == org.name
