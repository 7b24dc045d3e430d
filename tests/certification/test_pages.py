"""Pages: who sees what (404 outside scope), forms keep what was typed, bounded queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from enterprises.certification.models import HighTechApplication, SmeEvaluation
from enterprises.certification.services import hightech as hightech_services
from enterprises.certification.services import sme as sme_services
from enterprises.certification.services.pipeline import refresh_cultivation
from tests.enterprises.factories import VerifiedOrganizationFactory

from .factories import (
    THIS_YEAR,
    CertificateFactory,
    HighTechApplicationFactory,
    RegisteredSmeFactory,
    ReserveEntryFactory,
    pdf,
    profile_for,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def evaluation(org, member):
    evaluation = sme_services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)
    return sme_services.save_evaluation(actor=member, evaluation=evaluation, values={"declaration": True})


@pytest.fixture
def many(liling, tianyuan):
    """Thirty evaluations, certificates and applications across two counties, to count queries."""
    for _ in range(15):
        for county in (liling, tianyuan):
            org = VerifiedOrganizationFactory(region=county)
            RegisteredSmeFactory(organization=org)
            CertificateFactory(organization=org)
            HighTechApplicationFactory(organization=org, status="submitted")


class TestApplicantPages:
    def test_list_start_edit_preview_submit(self, client, org, member):
        client.force_login(member)
        page = client.get(reverse("certification:sme-list"))
        assert page.status_code == 200 and "开展新一年度评价" in page.content.decode()
        response = client.post(reverse("certification:sme-start"), {"year": THIS_YEAR})
        evaluation = SmeEvaluation.objects.get(organization=org)
        assert response.url == reverse("certification:sme-edit", args=[evaluation.pk])
        page = client.get(response.url)
        html = page.content.decode()
        assert 'data-testid="score-total">100' in html and "42000000.00" in html

        preview = client.post(
            reverse("certification:sme-preview", args=[evaluation.pk]),
            {"staff_total": "120", "sci_tech_staff": "10", "revenue": "42000000", "rd_total": "abc"},
            HTTP_HX_REQUEST="true",
        )
        text = preview.content.decode()
        assert preview.status_code == 200 and 'data-testid="score-total">30' in text
        assert "不论总分多少都不能通过评价" in text or "还需新增科技人员" in text

        data = {
            "version": evaluation.version,
            "staff_total": "120",
            "sci_tech_staff": "40",
            "revenue": "42000000",
            "total_cost": "36400000",
            "total_assets": "45000000",
            "rd_total": "2800000",
            "rd_measure": "",
            "contact_name": "李四",
            "contact_phone": "13807330000",
            "action": "submit",
        }
        page = client.post(reverse("certification:sme-edit", args=[evaluation.pk]), data)
        assert page.status_code == 200 and "请阅读并勾选承诺事项" in page.content.decode()
        assert 'value="42000000"' in page.content.decode()  # nothing typed is lost
        data.update(declaration="on", version=SmeEvaluation.objects.get(pk=evaluation.pk).version)
        response = client.post(reverse("certification:sme-edit", args=[evaluation.pk]), data)
        assert response.status_code == 302
        assert SmeEvaluation.objects.get(pk=evaluation.pk).status == "submitted"

    def test_another_organizations_evaluation_is_404(self, client, evaluation, other_member):
        client.force_login(other_member)
        for name in ("sme-detail", "sme-edit"):
            assert client.get(reverse(f"certification:{name}", args=[evaluation.pk])).status_code == 404
        assert client.post(reverse("certification:sme-preview", args=[evaluation.pk]), {}).status_code == 404

    def test_hightech_home_and_application_pages(self, client, org, member):
        client.force_login(member)
        page = client.get(reverse("certification:hightech-home"))
        html = page.content.decode()
        assert page.status_code == 200 and "研发费用占销售收入比例" in html and "预计创新能力得分" in html
        client.post(reverse("certification:hightech-start"), {"year": THIS_YEAR})
        application = HighTechApplication.objects.get(organization=org)
        page = client.get(reverse("certification:hightech-edit", args=[application.pk]))
        assert page.status_code == 200 and "申报材料清单" in page.content.decode()
        upload = client.post(
            reverse("certification:attachment-upload", args=[application.pk]),
            {"kind": "rd_audit", "file": pdf()},
        )
        assert upload.status_code == 302 and application.attachments.count() == 1
        attachment = application.attachments.get()
        download = client.get(reverse("certification:attachment-download", args=[application.pk, attachment.pk]))
        assert download.status_code == 200

    def test_staff_pages_are_refused_to_applicants(self, client, member):
        client.force_login(member)
        assert client.get(reverse("certification:sme-staff-list")).status_code == 403
        assert client.get(reverse("certification:pipeline")).status_code == 403


class TestStaffPages:
    def test_county_reviews_from_the_detail_page(self, client, evaluation, member, liling_officer):
        sme_services.submit_evaluation(actor=member, evaluation=evaluation)
        client.force_login(liling_officer)
        page = client.get(reverse("certification:sme-detail", args=[evaluation.pk]))
        assert 'data-testid="review-form"' in page.content.decode()
        version = SmeEvaluation.objects.get(pk=evaluation.pk).version
        response = client.post(
            reverse("certification:sme-review", args=[evaluation.pk]),
            {"decision": "return", "comment": "", "version": version},
        )
        assert response.status_code == 400 and "至少写明一项" in response.content.decode()
        response = client.post(
            reverse("certification:sme-review", args=[evaluation.pk]),
            {"decision": "return", "fix_rd_total": "与审计报告不一致", "version": version},
        )
        assert response.status_code == 302
        assert SmeEvaluation.objects.get(pk=evaluation.pk).status == "returned"
        client.force_login(member)
        page = client.get(reverse("certification:sme-edit", args=[evaluation.pk]))
        assert 'data-testid="fix-rd_total"' in page.content.decode()

    def test_other_county_gets_404(self, client, evaluation, member, tianyuan_officer):
        sme_services.submit_evaluation(actor=member, evaluation=evaluation)
        client.force_login(tianyuan_officer)
        assert client.get(reverse("certification:sme-detail", args=[evaluation.pk])).status_code == 404
        response = client.post(reverse("certification:sme-review", args=[evaluation.pk]), {"decision": "pass"})
        assert response.status_code == 404

    def test_batch_page(self, client, evaluation, member, liling_officer, city_officer):
        sme_services.submit_evaluation(actor=member, evaluation=evaluation)
        sme_services.review_evaluation(actor=liling_officer, evaluation=evaluation, level="county", decision="pass")
        sme_services.review_evaluation(actor=city_officer, evaluation=evaluation, level="city", decision="pass")
        client.force_login(liling_officer)
        assert client.get(reverse("certification:sme-batch-new")).status_code == 403
        client.force_login(city_officer)
        page = client.get(reverse("certification:sme-batch-new"))
        assert f"{THIS_YEAR}年第1批科技型中小企业入库公示" in page.content.decode()
        response = client.post(
            reverse("certification:sme-batch-new"),
            {"evaluations": [evaluation.pk], "title": "测试公示", "starts_on": date.today().isoformat(), "contact": ""},
        )
        assert response.status_code == 302
        assert SmeEvaluation.objects.get(pk=evaluation.pk).status == "publicizing"

    @pytest.mark.parametrize(
        "name",
        ["sme-staff-list", "hightech-staff-list", "certificate-list", "queue", "reserve-list"],
    )
    def test_lists_run_bounded_queries(self, client, many, city_officer, django_assert_max_num_queries, name):
        client.force_login(city_officer)
        client.get(reverse(f"certification:{name}"))  # warm the content-type cache
        with django_assert_max_num_queries(20):
            page = client.get(reverse(f"certification:{name}"))
        assert page.status_code == 200

    def test_county_sees_only_its_region_in_lists(self, client, many, liling_officer):
        client.force_login(liling_officer)
        page = client.get(reverse("certification:sme-staff-list"))
        assert page.context["page_obj"].paginator.count == 15
        page = client.get(reverse("certification:certificate-list"))
        assert page.context["page_obj"].paginator.count == 15

    def test_list_filters_and_sort(self, client, many, city_officer, tianyuan):
        client.force_login(city_officer)
        page = client.get(reverse("certification:sme-staff-list"), {"region": tianyuan.pk, "sort": "-name"})
        assert page.context["page_obj"].paginator.count == 15
        names = [e.organization.name for e in page.context["page_obj"]]
        assert names == sorted(names, reverse=True)

    def test_export_xlsx(self, client, many, city_officer):
        client.force_login(city_officer)
        for name in ("sme-export", "hightech-export", "certificate-export", "pipeline-export"):
            response = client.get(reverse(f"certification:{name}"))
            assert response.status_code == 200, name
            assert response["Content-Type"].startswith("application/vnd.openxmlformats")

    def test_detail_pages_run_bounded_queries(self, client, org, member, city_officer, django_assert_max_num_queries):
        evaluation = sme_services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)
        sme_services.save_evaluation(actor=member, evaluation=evaluation, values={"declaration": True})
        sme_services.submit_evaluation(actor=member, evaluation=evaluation)
        certificate = CertificateFactory(organization=org)
        client.force_login(city_officer)
        for url in (
            reverse("certification:sme-detail", args=[evaluation.pk]),
            reverse("certification:certificate-detail", args=[certificate.pk]),
        ):
            client.get(url)
            with django_assert_max_num_queries(25):
                assert client.get(url).status_code == 200

    def test_certificate_detail_for_the_enterprise(self, client, org, member, other_member):
        certificate = CertificateFactory(organization=org)
        client.force_login(member)
        page = client.get(reverse("certification:certificate-detail", args=[certificate.pk]))
        assert page.status_code == 200 and 'data-testid="annual-report-form"' in page.content.decode()
        client.force_login(other_member)
        assert client.get(reverse("certification:certificate-detail", args=[certificate.pk])).status_code == 404


class TestPipelinePage:
    def test_counts_by_county_and_candidates(
        self, client, org, other_org, liling, city_officer, django_assert_max_num_queries
    ):
        RegisteredSmeFactory(organization=org)
        CertificateFactory(organization=other_org)
        ReserveEntryFactory(organization=VerifiedOrganizationFactory(region=liling))
        weak = VerifiedOrganizationFactory(region=liling, name="醴陵弱小陶瓷有限公司")
        profile_for(weak, class1=0, class2=1, rd_total=Decimal("100000"), rd_in_china=Decimal("100000"))
        refresh_cultivation(year=THIS_YEAR)
        client.force_login(city_officer)
        client.get(reverse("certification:pipeline"))
        with django_assert_max_num_queries(20):
            page = client.get(reverse("certification:pipeline"))
        counts = page.context["counts"]
        liling_row = next(r for r in counts["rows"] if r["region"] == liling)
        assert liling_row["counts"]["sme_registered"] == 1
        assert liling_row["counts"]["hightech_reserve"] == 1
        assert counts["totals"]["hightech_certified"] == 1
        assert counts["totals"]["registered"] == 4
        html = page.content.decode()
        assert "醴陵弱小陶瓷有限公司" in html and "还需" in html

    def test_county_staff_sees_its_county_only(self, client, org, other_org, liling_officer):
        RegisteredSmeFactory(organization=org)
        RegisteredSmeFactory(organization=other_org)
        client.force_login(liling_officer)
        page = client.get(reverse("certification:pipeline"))
        assert page.context["counts"]["totals"]["sme_registered"] == 1
        assert [r["region"].name for r in page.context["counts"]["rows"]] == ["醴陵市"]


class TestWorkbench:
    def test_menu_and_panels_by_role(self, client, member, liling_officer, city_officer, leader):
        client.force_login(member)
        html = client.get(reverse("workbench")).content.decode()
        assert "科技型中小企业评价" in html and "高企自测与申报" in html and 'data-testid="panel-certification"' in html
        client.force_login(liling_officer)
        html = client.get(reverse("workbench")).content.decode()
        assert "待审核" in html and "梯度培育" in html and 'data-testid="panel-certification-review"' in html
        client.force_login(leader)
        html = client.get(reverse("workbench")).content.decode()
        assert 'data-testid="panel-pipeline"' in html and "高企后备库" in html

    def test_hightech_application_detail_for_reviewers(self, client, org, member, liling_officer):
        application = hightech_services.start_application(actor=member, organization=org, year=THIS_YEAR)
        client.force_login(liling_officer)
        assert client.get(reverse("certification:hightech-detail", args=[application.pk])).status_code == 200


class TestProgressLookup:
    def test_public_lookup_by_acceptance_number_and_code(self, client, org, member, other_org):
        from enterprises.certification.selectors import find_hightech_progress, find_sme_progress

        evaluation = sme_services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)
        assert find_sme_progress(f"KX{THIS_YEAR}{evaluation.pk:06d}", org.uscc) is None  # a draft is not public
        sme_services.save_evaluation(actor=member, evaluation=evaluation, values={"declaration": True})
        sme_services.submit_evaluation(actor=member, evaluation=evaluation)
        number = evaluation.acceptance_number
        assert find_sme_progress(number.lower(), org.uscc) == evaluation
        assert find_sme_progress(number, other_org.uscc) is None
        response = client.post(reverse("core:lookup"), {"kind": "sme", "number": number, "uscc": org.uscc})
        assert response.status_code == 200 and "待县级审核" in response.content.decode()
        assert find_hightech_progress("GQ2026000001", org.uscc) is None


class TestLargeExports:
    def test_a_large_list_is_exported_in_the_background(
        self, client, many, city_officer, monkeypatch, django_capture_on_commit_callbacks
    ):
        from bureau.core.models import Job
        from enterprises.certification.views import sme as sme_views

        monkeypatch.setattr(sme_views, "DIRECT_EXPORT_LIMIT", 5)
        client.force_login(city_officer)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.get(reverse("certification:certificate-export"), {"status": "valid"})
        job = Job.objects.get()
        assert response.url == reverse("jobs:detail", args=[job.pk])
        assert job.status == Job.Status.DONE and job.result_file and "30" in job.message
        assert job.params["filters"] == {"status": "valid"}

    def test_certificate_year_filter(self, client, many, city_officer):
        client.force_login(city_officer)
        page = client.get(reverse("certification:certificate-list"), {"year": THIS_YEAR - 1})
        assert page.context["page_obj"].paginator.count == 30
        page = client.get(reverse("certification:certificate-list"), {"year": THIS_YEAR})
        assert page.context["page_obj"].paginator.count == 0


class TestReservePages:
    def test_add_from_the_pipeline_and_remove(self, client, org, liling_officer, tianyuan_officer):
        from enterprises.certification.models import ReserveEntry

        refresh_cultivation(year=THIS_YEAR)
        client.force_login(liling_officer)
        back = reverse("certification:pipeline") + "?target=sme_registered"
        response = client.post(reverse("certification:reserve-add"), {"uscc": org.uscc, "next": back})
        assert response.url == back
        entry = ReserveEntry.objects.get(organization=org)
        response = client.post(
            reverse("certification:reserve-add"), {"uscc": org.uscc, "next": "https://evil.example/"}
        )
        assert response.url == reverse("certification:reserve-list")
        client.force_login(tianyuan_officer)
        assert client.post(reverse("certification:reserve-remove", args=[entry.pk]), {"reason": "x"}).status_code == 404
        client.force_login(liling_officer)
        client.post(
            reverse("certification:reserve-remove", args=[entry.pk]), {"reason": "迁出", "version": entry.version}
        )
        assert ReserveEntry.objects.get(pk=entry.pk).status == "removed"
