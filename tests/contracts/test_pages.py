"""Pages and API: scoping (another seller's contract is 404), bounded queries, the journeys' pages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from bureau.accounts.models import Role
from contracts import services
from contracts.models import ContractAttachment, TechnologyContract
from tests.factories import UserFactory

from .conftest import scan_file
from .factories import BrokerFactory, ContractFactory

pytestmark = pytest.mark.django_db


def many_contracts(seller_org, office, n=25, **kwargs):
    for i in range(n):
        c = ContractFactory(
            seller=seller_org,
            office=office,
            total_amount=Decimal(1000 + i),
            technical_amount=Decimal(900 + i),
            equipment_amount=Decimal(100),
            **kwargs,
        )
        ContractAttachment.objects.create(contract=c, file=scan_file(), original_name="a.pdf", kind="pdf", size=10)


@pytest.fixture
def registered(draft, seller, city_registrar):
    services.submit_contract(actor=seller, contract=draft)
    services.register_contract(actor=city_registrar, contract=draft)
    draft.refresh_from_db()
    return draft


def test_another_sellers_contract_answers_404(client, draft, other_seller):
    client.force_login(other_seller)
    for name in ("contracts:detail", "contracts:edit", "contracts:certificate"):
        assert client.get(reverse(name, args=[draft.pk])).status_code == 404
    assert client.post(reverse("contracts:act", args=[draft.pk]), {"action": "withdraw"}).status_code == 404
    assert client.get(f"/api/v1/contracts/{draft.pk}/").status_code == 404
    assert client.get("/api/v1/contracts/").json()["count"] == 0


def test_seller_files_through_the_form_with_an_error_then_correctly(client, seller, seller_org, office):
    client.force_login(seller)
    page = client.get(reverse("contracts:new"))
    assert page.status_code == 200
    form = {
        "org-organization": seller_org.pk,
        "name": "工业机器人视觉系统委托开发合同",
        "contract_type": "development",
        "subtype": "commissioned",
        "buyer_name": "长沙某某有限公司",
        "buyer_location": "province",
        "buyer_region_name": "湖南省长沙市",
        "buyer_nature": "enterprise",
        "signed_on": "2026-01-05",
        "starts_on": "2026-01-05",
        "ends_on": "2026-12-31",
        "payment_method": "instalments",
        "total_amount": "800000",
        "technical_amount": "900000",
        "technical_field": "advanced_manufacturing",
        "ip_type": "none",
        "plan_source": "none",
        "objective": "industry",
        "scans": scan_file(),
        "action": "submit",
    }
    response = client.post(reverse("contracts:new"), form)
    assert response.status_code == 200
    assert "技术交易额（900,000.00 元）大于合同成交额（800,000.00 元）" in response.content.decode()
    assert not TechnologyContract.objects.exists()
    form.update(technical_amount="700000", equipment_amount="100000", scans=scan_file())
    response = client.post(reverse("contracts:new"), form)
    contract = TechnologyContract.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("contracts:detail", args=[contract.pk])
    assert contract.status == TechnologyContract.Status.SUBMITTED


def test_problems_of_a_failed_submit_show_next_to_their_fields_on_the_edit_page(client, draft, seller):
    # What _after_save keeps when submit_contract refuses the draft, then redirects here.
    client.force_login(seller)
    session = client.session
    session[f"contract-errors-{draft.pk}"] = {"buyer_name": "请填写买方名称。", "other": "请上传合同文本扫描件。"}
    session.save()

    page = client.get(reverse("contracts:edit", args=[draft.pk]))

    assert page.status_code == 200
    assert page.context["form"].errors["buyer_name"] == ["请填写买方名称。"]
    assert "请上传合同文本扫描件。" in page.context["form"].non_field_errors()
    assert page.context["form"]["name"].value() == draft.name  # what was stored is still there
    assert client.get(reverse("contracts:edit", args=[draft.pk])).context["form"].errors == {}  # shown once


def test_registrar_registers_and_seller_downloads_the_certificate(client, draft, seller, city_registrar):
    services.submit_contract(actor=seller, contract=draft)
    client.force_login(city_registrar)
    queue = client.get(reverse("contracts:queue"))
    assert "还剩 15 个工作日" in queue.content.decode()
    draft.refresh_from_db()
    response = client.post(reverse("contracts:act", args=[draft.pk]), {"action": "register", "version": draft.version})
    assert response.status_code == 302
    client.force_login(seller)
    pdf = client.get(reverse("contracts:certificate", args=[draft.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_certificate_states_both_amounts_in_chinese(registered):
    import io

    from pypdf import PdfReader

    from contracts.certificate import build_certificate

    # Text extraction of CID fonts may interleave NULs; the glyphs themselves are right.
    text = PdfReader(io.BytesIO(build_certificate(registered))).pages[0].extract_text().replace("\x00", "")
    assert "技术合同登记证明" in text
    assert "1,200,000.00" in text and "1,000,000.00" in text
    assert registered.registration_number in text


def test_missing_cjk_font_fails_with_a_clear_message(registered, settings):
    from contracts.certificate import CjkFontMissing, build_certificate, find_cjk_font

    settings.CONTRACTS_CJK_FONT = "/nonexistent/font.ttc"
    find_cjk_font.cache_clear()
    try:
        with pytest.raises(CjkFontMissing) as err:
            build_certificate(registered)
        assert "字体" in str(err.value.message)
    finally:
        find_cjk_font.cache_clear()


def test_contract_list_queries_are_bounded(client, seller, seller_org, office, django_assert_max_num_queries):
    many_contracts(seller_org, office)
    client.force_login(seller)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("contracts:list"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 25


def test_staff_list_filters_and_queue_queries_are_bounded(
    client, seller, seller_org, office, city_registrar, django_assert_max_num_queries
):
    many_contracts(seller_org, office)
    for c in TechnologyContract.objects.all()[:22]:
        services.submit_contract(actor=seller, contract=c)
    client.force_login(city_registrar)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("contracts:queue"))
    assert len(response.context["rows"]) == 20
    with django_assert_max_num_queries(14):
        response = client.get(reverse("contracts:list"), {"status": "submitted", "contract_type": "development"})
    assert response.context["page_obj"].paginator.count == 22
    with django_assert_max_num_queries(10):
        response = client.get("/api/v1/contracts/", {"status": "submitted"})
    assert response.json()["count"] == 22


def test_detail_queries_are_bounded(client, registered, seller, django_assert_max_num_queries):
    registered.brokers.add(BrokerFactory(), BrokerFactory())
    client.force_login(seller)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("contracts:detail", args=[registered.pk]))
    assert response.status_code == 200
    assert "下载技术合同登记证明" in response.content.decode()


def test_county_staff_see_only_their_county(client, draft, seller, office):
    services.submit_contract(actor=seller, contract=draft)
    from bureau.regions.models import Region

    youxian = Region.objects.create(code="430223", name="攸县", kind="county", parent=draft.seller_region.parent)
    other_county = UserFactory(roles=[Role.COUNTY_STAFF], region=youxian)
    client.force_login(other_county)
    assert client.get(reverse("contracts:detail", args=[draft.pk])).status_code == 404
    own = UserFactory(roles=[Role.COUNTY_STAFF], region=draft.seller_region)
    client.force_login(own)
    assert client.get(reverse("contracts:detail", args=[draft.pk])).status_code == 200


def test_broker_id_numbers_are_masked_in_list_export_and_api(client, city_registrar, registered):
    broker = BrokerFactory()
    registered.brokers.add(broker)
    client.force_login(city_registrar)
    page = client.get(reverse("contracts:broker-list")).content.decode()
    assert broker.id_number not in page
    assert broker.masked_id_number in page
    api = client.get("/api/v1/contract-brokers/").json()
    assert api["results"][0]["id_number"] == broker.masked_id_number
    assert api["results"][0]["year_count"] == 1
    export = client.get(reverse("contracts:broker-list"), {"export": "1"})
    import io

    from openpyxl import load_workbook

    cells = [c for row in load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True) for c in row]
    assert broker.id_number not in cells
    assert broker.masked_id_number in cells
    detail = client.get(reverse("contracts:broker-detail", args=[broker.pk])).content.decode()
    assert broker.id_number not in detail
    edit = client.get(reverse("contracts:broker-edit", args=[broker.pk])).content.decode()
    assert broker.id_number not in edit


def test_broker_form_validates_the_id_number(client, city_registrar):
    client.force_login(city_registrar)
    response = client.post(
        reverse("contracts:broker-new"),
        {
            "full_name": "张三",
            "id_number": "430202198001011234",
            "organization_name": "中心",
            "level": "junior",
            "certificate_number": "C1",
            "valid_from": "2025-01-01",
            "valid_until": "2027-01-01",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "居民身份证号码无效" in response.content.decode()


def test_statistics_page_and_api(client, registered, city_registrar, leader, django_assert_max_num_queries):
    client.force_login(leader)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("contracts:statistics"))
    assert response.status_code == 200
    stats = response.context["stats"]
    assert stats.total.current.count == 1
    assert stats.total.current.total == Decimal("1200000")
    api = client.get("/api/v1/contract-statistics/", {"view": "absorb"}).json()
    assert api["view"] == "absorb"
    assert api["total"]["current"]["count"] == 0  # the buyer is outside the city
    assert client.get(reverse("contracts:statistics"), {"export": "1"})["Content-Type"].startswith("application/vnd")


def test_seller_cannot_see_statistics_or_queue(client, seller):
    client.force_login(seller)
    assert client.get(reverse("contracts:statistics")).status_code == 403
    assert client.get(reverse("contracts:queue")).status_code == 403
    assert client.get("/api/v1/contract-statistics/").status_code == 403


def test_export_small_list_inline(client, registered, city_registrar):
    client.force_login(city_registrar)
    response = client.get(reverse("contracts:export"), {"status": "registered"})
    assert response.status_code == 200
    import io

    from openpyxl import load_workbook

    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == registered.registration_number


def test_import_page_runs_a_background_job(client, city_registrar, office, django_capture_on_commit_callbacks):
    from bureau.core.models import Job

    client.force_login(city_registrar)
    page = client.get(reverse("contracts:import"))
    assert "登记编号" in page.content.decode()
    template = client.get(reverse("contracts:import-template"))
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("history.xlsx", template.content)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contracts:import"), {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302
    assert job.status in (Job.Status.DONE, Job.Status.FAILED)  # eager Celery in tests
    assert "导入" in job.message or "错误" in job.message


def test_leader_overdue_view(client, draft, seller, leader):
    services.submit_contract(actor=seller, contract=draft)
    TechnologyContract.objects.filter(pk=draft.pk).update(due_on="2020-01-02")
    client.force_login(leader)
    response = client.get(reverse("contracts:overdue"))
    assert "已逾期" in response.content.decode()


def test_workbench_panels_render(client, seller, city_registrar, draft):
    client.force_login(seller)
    assert "技术合同登记" in client.get(reverse("workbench")).content.decode()
    client.force_login(city_registrar)
    assert "待审查的登记申请" in client.get(reverse("workbench")).content.decode()


def test_public_progress_lookup_finds_a_filing_by_number_and_credit_code(client, draft, seller, city_registrar):
    from bureau.core.progress import find_progress

    assert find_progress("contract", draft.receipt_number, draft.seller_code) is None  # drafts are private
    services.submit_contract(actor=seller, contract=draft)
    assert find_progress("contract", draft.receipt_number, draft.seller_code) == draft
    assert find_progress("contract", draft.receipt_number, "91430200MA4000001X") is None
    services.register_contract(actor=city_registrar, contract=draft)
    draft.refresh_from_db()
    assert find_progress("contract", draft.registration_number, draft.seller_code) == draft


def test_drafts_stay_private_to_the_seller(client, draft, city_registrar, leader):
    for user in (city_registrar, leader):
        client.force_login(user)
        assert client.get(reverse("contracts:detail", args=[draft.pk])).status_code == 404
        assert client.get(reverse("contracts:list")).context["page_obj"].paginator.count == 0


def test_the_seller_sees_the_registrars_request_for_papers_on_the_form(client, draft, seller, city_registrar):
    services.submit_contract(actor=seller, contract=draft)
    services.request_papers(actor=city_registrar, contract=draft, comment="请补充双方盖章页。")
    client.force_login(seller)
    page = client.get(reverse("contracts:edit", args=[draft.pk]))
    assert page.status_code == 200
    assert "请补充双方盖章页。" in page.content.decode()


def test_a_refused_contract_shows_the_reason_and_the_comment(client, draft, seller, city_registrar):
    services.submit_contract(actor=seller, contract=draft)
    services.refuse_contract(actor=city_registrar, contract=draft, reason="oral", comment="未提交书面合同。")
    client.force_login(seller)
    html = client.get(reverse("contracts:detail", args=[draft.pk])).content.decode()
    assert "未提交书面合同。" in html


def test_the_form_keeps_its_amount_check_in_english(client, seller):
    client.force_login(seller)
    client.cookies["django_language"] = "en"
    html = client.get(reverse("contracts:new")).content.decode()
    assert 'id="amount-check"' in html
