"""Pages of the registry: registration, the applicant's profile, staff lists and scoping."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from bureau.accounts.models import Role
from bureau.core.models import Job
from enterprises.models import IntellectualProperty, Membership, Organization, OrganizationYear
from tests.enterprises.factories import (
    IntegrityRecordFactory,
    IntellectualPropertyFactory,
    MembershipFactory,
    OrganizationFactory,
    OrganizationYearFactory,
    QualificationFactory,
    VerifiedOrganizationFactory,
    industry,
    make_uscc,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _registration(region, **overrides):
    data = {
        "account-username": "xinci2026",
        "account-full_name": "刘建国",
        "account-phone": "13973300001",
        "account-email": "",
        "account-password1": "Porcelain#Kiln88",
        "account-password2": "Porcelain#Kiln88",
        "uscc": make_uscc(),
        "name": "醴陵新瓷科技有限公司",
        "kind": "enterprise",
        "region": region.pk,
        "industry": industry("30").pk,
        "hightech_field": "new_materials",
        "registered_on": "2018-05-20",
        "legal_representative": "刘建国",
        "address": "醴陵市陶瓷产业园",
        "contact_name": "刘建国",
        "contact_phone": "13973300001",
        "contact_email": "",
        "business_licence": SimpleUploadedFile("执照.pdf", PDF, content_type="application/pdf"),
    }
    data.update(overrides)
    return data


# --- Registration ------------------------------------------------------------------------------


def test_a_person_signs_up_and_registers_an_organization(client, liling):
    response = client.get(reverse("enterprises:register"))
    assert response.status_code == 200 and "统一社会信用代码" in response.content.decode()
    data = _registration(liling)
    response = client.post(reverse("enterprises:register"), data)
    assert response.status_code == 302 and response.url == reverse("enterprises:profile")
    org = Organization.objects.get(uscc=data["uscc"])
    assert org.status == Organization.Status.PENDING
    membership = Membership.objects.get(organization=org)
    assert membership.is_admin and membership.user.username == "xinci2026"
    page = client.get(reverse("enterprises:profile")).content.decode()
    assert "待核验" in page and "醴陵新瓷科技有限公司" in page


def test_a_wrong_code_is_refused_in_words_and_nothing_typed_is_lost(client, liling):
    code = make_uscc()
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.post(reverse("enterprises:register"), _registration(liling, uscc=wrong))
    assert response.status_code == 200
    body = response.content.decode()
    assert "无效" in body and "校验位" in body
    assert 'value="醴陵新瓷科技有限公司"' in body and 'value="xinci2026"' in body
    assert not Organization.objects.filter(name="醴陵新瓷科技有限公司").exists()
    assert not Membership.objects.exists()


def test_a_registered_code_names_the_administrator_to_ask(client, liling):
    existing = MembershipFactory(user__full_name="陈管理", user__phone="13800001234", organization__region=liling)
    response = client.post(reverse("enterprises:register"), _registration(liling, uscc=existing.organization.uscc))
    body = response.content.decode()
    assert response.status_code == 200
    assert "已由" in body and "陈**" in body and "138****1234" in body and "邀请您加入" in body
    from bureau.accounts.models import User

    assert not User.objects.filter(username="xinci2026").exists()  # no account was left behind


def test_a_fake_licence_is_refused_next_to_the_field(client, liling):
    fake = SimpleUploadedFile("执照.pdf", b"not a pdf at all", content_type="application/pdf")
    response = client.post(reverse("enterprises:register"), _registration(liling, business_licence=fake))
    assert response.status_code == 200
    assert "PDF、JPG 或 PNG" in response.content.decode()


def test_a_signed_in_person_registers_without_a_new_account(client, liling):
    user = UserFactory()
    client.force_login(user)
    data = {k: v for k, v in _registration(liling).items() if not k.startswith("account-")}
    assert client.post(reverse("enterprises:register"), data).status_code == 302
    assert Membership.objects.get(user=user).is_admin


# --- The applicant's profile -------------------------------------------------------------------


def test_members_see_their_profile_pages(client, org, org_admin):
    OrganizationYearFactory(organization=org, year=2025)
    IntellectualPropertyFactory(organization=org)
    QualificationFactory(organization=org)
    IntegrityRecordFactory(organization=org, source="信用中国（测试）")
    client.force_login(org_admin)
    for name in (
        "profile",
        "profile-edit",
        "years",
        "ip-list",
        "ip-new",
        "qualifications",
        "qualification-new",
        "members",
    ):
        response = client.get(reverse(f"enterprises:{name}"))
        assert response.status_code == 200, name
    assert "信用中国（测试）" in client.get(reverse("enterprises:profile")).content.decode()
    assert client.get(reverse("enterprises:year-edit", args=[2025])).status_code == 200


def test_a_person_without_an_organization_is_sent_to_register(client):
    client.force_login(UserFactory(roles=[Role.APPLICANT]))
    response = client.get(reverse("enterprises:years"))
    assert response.status_code == 302 and response.url == reverse("enterprises:register")


def test_another_organizations_records_answer_404(client, org_admin):
    other = VerifiedOrganizationFactory()
    item = IntellectualPropertyFactory(organization=other)
    qualification = QualificationFactory(organization=other)
    client.force_login(org_admin)
    assert client.get(reverse("enterprises:ip-edit", args=[item.pk])).status_code == 404
    assert client.post(reverse("enterprises:ip-delete", args=[item.pk])).status_code == 404
    assert client.get(reverse("enterprises:qualification-edit", args=[qualification.pk])).status_code == 404
    assert client.get(reverse("enterprises:org-licence", args=[other.pk])).status_code == 404
    assert client.get(reverse("enterprises:org-detail", args=[other.pk])).status_code == 403
    assert IntellectualProperty.objects.filter(pk=item.pk).exists()


def _year_post(version="", **overrides):
    data = {
        "version": version,
        "staff_total": "120",
        "sci_tech_staff": "30",
        "revenue": "30000000",
        "total_income": "30500000",
        "hightech_income": "21000000",
        "total_cost": "26000000",
        "rd_total": "1500000",
        "rd_in_china": "1500000",
        "rd_outsourced": "100000",
        "total_assets": "45000000",
        "net_assets": "20000000",
    }
    data.update(overrides)
    return data


def test_yearly_data_is_saved_and_checked_in_chinese(client, org, org_admin):
    client.force_login(org_admin)
    url = reverse("enterprises:year-edit", args=[2025])
    response = client.post(url, _year_post(sci_tech_staff="130", revenue="abc"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "请输入金额数字" in body
    assert 'value="130"' in body  # what was typed stays
    response = client.post(url, _year_post(sci_tech_staff="130"))
    assert "科技人员数不能超过职工总数" in response.content.decode()
    response = client.post(url, _year_post())
    assert response.status_code == 302
    row = OrganizationYear.objects.get(organization=org, year=2025)
    assert row.updated_by == org_admin and row.staff_total == 120


def test_a_stale_year_edit_is_refused_and_keeps_the_input(client, org, org_admin):
    row = OrganizationYearFactory(organization=org, year=2025)
    client.force_login(org_admin)
    url = reverse("enterprises:year-edit", args=[2025])
    assert client.post(url, _year_post(version=row.version, staff_total="150")).status_code == 302
    response = client.post(url, _year_post(version=row.version, staff_total="160"))
    body = response.content.decode()
    assert response.status_code == 200 and "已被同事修改过" in body and 'value="160"' in body
    assert OrganizationYear.objects.get(pk=row.pk).staff_total == 150


def test_ip_items_are_added_with_their_class(client, org, org_admin):
    client.force_login(org_admin)
    response = client.post(
        reverse("enterprises:ip-new"),
        {
            "version": "",
            "kind": "software_copyright",
            "number": "2024SR0123456",
            "title": "陶瓷窑炉温控系统V1.0",
            "applied_on": "2024-01-05",
            "granted_on": "2024-03-01",
            "status": "valid",
            "obtained_by": "own_rd",
            "note": "",
        },
    )
    assert response.status_code == 302
    item = IntellectualProperty.objects.get(organization=org)
    assert item.ip_class == 2
    assert "Ⅱ类" in client.get(reverse("enterprises:ip-list")).content.decode()


def test_the_administrator_invites_from_the_members_page(client, org, org_admin):
    client.force_login(org_admin)
    response = client.post(reverse("enterprises:members"), {"full_name": "王同事", "email": "", "phone": "13800000000"})
    body = response.content.decode()
    assert response.status_code == 200 and "/enterprises/invitations/" in body
    token = body.split("/enterprises/invitations/")[1].split("/")[0]
    colleague = UserFactory()
    client.force_login(colleague)
    assert "接受邀请" in client.get(reverse("enterprises:invitation-accept", args=[token])).content.decode()
    assert client.post(reverse("enterprises:invitation-accept", args=[token])).status_code == 302
    assert Membership.objects.filter(user=colleague, organization=org, is_admin=False).exists()


def test_an_invited_person_without_an_account_signs_up_on_the_invitation(client, org, org_admin):
    from tests.enterprises.factories import InvitationFactory

    InvitationFactory(organization=org, token="tok-123", invited_by=org_admin)
    url = reverse("enterprises:invitation-accept", args=["tok-123"])
    response = client.post(
        url,
        {
            "account-username": "wangtong",
            "account-full_name": "王同事",
            "account-phone": "13800000001",
            "account-email": "",
            "account-password1": "Wang@2026pass",
            "account-password2": "Wang@2026pass",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user__username="wangtong", organization=org).exists()


# --- Staff ------------------------------------------------------------------------------------


def test_county_staff_see_only_their_region(client, liling, tianyuan, liling_staff):
    mine = VerifiedOrganizationFactory(region=liling, name="醴陵本地公司")
    theirs = VerifiedOrganizationFactory(region=tianyuan, name="天元外地公司")
    client.force_login(liling_staff)
    body = client.get(reverse("enterprises:org-list")).content.decode()
    assert mine.name in body and theirs.name not in body
    assert client.get(reverse("enterprises:org-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("enterprises:org-detail", args=[mine.pk])).status_code == 200


def test_the_directory_searches_filters_and_sorts(client, city_staff, liling, tianyuan):
    a = VerifiedOrganizationFactory(region=liling, name="醴陵甲陶瓷有限公司", kind="enterprise")
    b = VerifiedOrganizationFactory(region=tianyuan, name="天元乙软件有限公司", industry=industry("65"))
    c = OrganizationFactory(region=tianyuan, name="天元丙研究院", kind="institute")
    client.force_login(city_staff)
    url = reverse("enterprises:org-list")

    def names(**params):
        body = client.get(url, params).content.decode()
        return [n for n in (a.name, b.name, c.name) if n in body]

    assert names(q="陶瓷") == [a.name]
    assert names(q=b.uscc.lower()) == [b.name]
    assert names(region=tianyuan.pk) == [b.name, c.name]
    assert names(kind="institute") == [c.name]
    assert names(status="pending") == [c.name]
    assert names(industry=industry("I").pk) == [b.name]
    assert names(field="advanced_manufacturing", region=liling.pk) == [a.name]
    up = client.get(url, {"sort": "name"}).content.decode()
    down = client.get(url, {"sort": "-name"}).content.decode()
    assert (up.index(a.name) < up.index(b.name)) != (down.index(a.name) < down.index(b.name))
    assert client.get(url, {"sort": "bogus"}).status_code == 200


def test_county_staff_verify_from_the_detail_page(client, liling, liling_staff):
    org = OrganizationFactory(region=liling)
    client.force_login(liling_staff)
    body = client.get(reverse("enterprises:org-detail", args=[org.pk])).content.decode()
    assert "核验通过" in body
    response = client.post(
        reverse("enterprises:org-verify", args=[org.pk]),
        {"transition": "verify", "comment": "", "version": org.version},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == Organization.Status.VERIFIED


def test_a_rejection_without_a_reason_is_refused_with_a_message(client, liling, liling_staff):
    org = OrganizationFactory(region=liling)
    client.force_login(liling_staff)
    response = client.post(
        reverse("enterprises:org-verify", args=[org.pk]),
        {"transition": "reject", "comment": "", "version": org.version},
        follow=True,
    )
    assert "请填写办理意见" in response.content.decode()
    org.refresh_from_db()
    assert org.status == Organization.Status.PENDING


def test_city_staff_see_but_do_not_verify(client, liling, city_staff):
    org = OrganizationFactory(region=liling)
    client.force_login(city_staff)
    body = client.get(reverse("enterprises:org-detail", args=[org.pk])).content.decode()
    assert 'name="transition"' not in body
    client.post(reverse("enterprises:org-verify", args=[org.pk]), {"transition": "verify", "version": org.version})
    org.refresh_from_db()
    assert org.status == Organization.Status.PENDING


def test_staff_enter_integrity_records(client, org, liling_staff):
    client.force_login(liling_staff)
    response = client.post(
        reverse("enterprises:integrity-add", args=[org.pk]),
        {
            "kind": "major_violation",
            "starts_on": "2025-03-01",
            "ends_on": "",
            "source": "生态环境局",
            "description": "",
        },
    )
    assert response.status_code == 302
    assert org.integrity_records.get().entered_by == liling_staff


def test_the_pending_list_shows_waiting_registrations(client, liling, liling_staff):
    waiting = OrganizationFactory(region=liling, name="等待核验的公司")
    VerifiedOrganizationFactory(region=liling, name="早已核验的公司")
    client.force_login(liling_staff)
    body = client.get(reverse("enterprises:org-pending")).content.decode()
    assert waiting.name in body and "早已核验的公司" not in body


def test_the_licence_is_served_to_members_and_staff_over_it(client, liling, liling_staff, tianyuan_staff):
    org = OrganizationFactory(region=liling, business_licence=SimpleUploadedFile("a.pdf", PDF))
    admin = MembershipFactory(organization=org).user
    for user, status in ((admin, 200), (liling_staff, 200), (tianyuan_staff, 404)):
        client.force_login(user)
        response = client.get(reverse("enterprises:org-licence", args=[org.pk]))
        assert response.status_code == status
        if status == 200:
            assert response["Content-Type"] == "application/pdf"


def test_a_small_export_downloads_at_once(client, city_staff, liling):
    VerifiedOrganizationFactory.create_batch(3, region=liling)
    client.force_login(city_staff)
    response = client.get(reverse("enterprises:org-export"), {"region": liling.pk})
    assert response.status_code == 200
    sheet = load_workbook(
        io.BytesIO(b"".join(response.streaming_content if response.streaming else [response.content]))
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "统一社会信用代码" and len(rows) == 4


def test_a_large_export_runs_in_the_background(
    client, city_staff, liling, monkeypatch, django_capture_on_commit_callbacks
):
    from enterprises.views import staff

    monkeypatch.setattr(staff, "DIRECT_EXPORT_LIMIT", 2)
    VerifiedOrganizationFactory.create_batch(3, region=liling)
    client.force_login(city_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("enterprises:org-export"), {"region": liling.pk})
    job = Job.objects.get(owner=city_staff)
    assert response.status_code == 302 and response.url == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.total == 3
    rows = list(load_workbook(job.result_file.open("rb")).active.iter_rows(values_only=True))
    assert len(rows) == 4


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("名录.xlsx", buffer.getvalue())


def test_an_import_with_a_bad_row_imports_nothing_and_reports_every_row(
    client, city_staff, liling, django_capture_on_commit_callbacks
):
    good, other = make_uscc(), make_uscc()
    bad = other[:-1] + ("0" if other[-1] != "0" else "1")
    upload = _xlsx(
        [
            ["统一社会信用代码", "单位名称", "县市区", "行业代码", "成立日期"],
            [good, "醴陵导入一号公司", "醴陵市", "C30", "2015-06-01"],
            [bad, "醴陵导入二号公司", "不存在县", "Z99", "去年"],
        ]
    )
    client.force_login(city_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("enterprises:org-import"), {"kind": "organizations", "file": upload})
    job = Job.objects.get(owner=city_staff)
    assert response.url == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    lines = {(e["line"], e["column"]) for e in job.result["errors"]}
    assert {(3, "统一社会信用代码"), (3, "县市区"), (3, "行业代码"), (3, "成立日期")} <= lines
    assert (2, "统一社会信用代码") not in lines
    assert not Organization.objects.filter(name__startswith="醴陵导入").exists()
    assert "未导入任何数据" in client.get(reverse("jobs:detail", args=[job.pk])).content.decode()


def test_a_clean_import_creates_verified_organizations_and_ip(
    client, city_staff, liling, django_capture_on_commit_callbacks
):
    code = make_uscc()
    client.force_login(city_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("enterprises:org-import"),
            {
                "kind": "organizations",
                "file": _xlsx(
                    [["统一社会信用代码", "单位名称", "县市区", "行业代码"], [code, "醴陵导入公司", "430281", "C3415"]]
                ),
            },
        )
    org = Organization.objects.get(uscc=code)
    assert org.status == Organization.Status.VERIFIED and org.industry.code == "34" and org.region == liling
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("enterprises:org-import"),
            {
                "kind": "ip",
                "file": _xlsx(
                    [
                        ["统一社会信用代码", "知识产权类型", "登记号/专利号", "名称", "授权日期"],
                        [code, "发明专利", "ZL201910000001.1", "一种陶瓷釉料", date(2021, 5, 1)],
                    ]
                ),
            },
        )
    assert org.ip_items.get().ip_class == 1
    assert Job.objects.filter(owner=city_staff, status=Job.Status.DONE).count() == 2


def test_a_county_cannot_import_into_another_county(client, liling_staff, tianyuan, django_capture_on_commit_callbacks):
    client.force_login(liling_staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("enterprises:org-import"),
            {
                "kind": "organizations",
                "file": _xlsx([["统一社会信用代码", "单位名称", "县市区"], [make_uscc(), "外县公司", "天元区"]]),
            },
        )
    job = Job.objects.get(owner=liling_staff)
    assert job.status == Job.Status.FAILED and "管辖" in job.result["errors"][0]["message"]


def test_applicants_cannot_open_staff_pages(client, org_admin):
    client.force_login(org_admin)
    for name in ("org-list", "org-pending", "org-import", "org-export"):
        assert client.get(reverse(f"enterprises:{name}")).status_code == 403
