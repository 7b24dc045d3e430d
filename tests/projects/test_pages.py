"""Pages: public calls, the applicant's form, the staff list's filters and export, scoping, query bounds."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bureau.accounts.models import Role
from bureau.regions.models import Region
from projects import services
from projects.models import ProjectApplication, ProjectCall, ProjectCategory
from tests.factories import CountyFactory, UserFactory

from .factories import (
    COMPLETE,
    OpenCallFactory,
    ProjectApplicationFactory,
    ProjectCallFactory,
    VerifiedOrganizationFactory,
    applicant_of,
)

pytestmark = pytest.mark.django_db

S = ProjectApplication.Status


def html(response) -> str:
    return response.content.decode()


def form_data(**changes):
    data = {k: ("" if v is None else str(v)) for k, v in COMPLETE.items()}
    data.update({k: str(v) for k, v in changes.items()})
    return data


# --- Public call pages ------------------------------------------------------------------------


def test_public_call_list_shows_open_calls_first_with_their_state(client, django_assert_max_num_queries):
    now = timezone.now()
    closed = ProjectCallFactory(
        title="已截止的指南", opens_at=now - timedelta(days=90), closes_at=now - timedelta(days=60)
    )
    upcoming = ProjectCallFactory(
        title="未开始的指南", opens_at=now + timedelta(days=5), closes_at=now + timedelta(days=50)
    )
    late = OpenCallFactory(title="晚截止的指南", closes_at=now + timedelta(days=30))
    soon = OpenCallFactory(title="早截止的指南", closes_at=now + timedelta(days=3))
    ProjectCallFactory(
        title="未发布的指南", is_published=False, opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=9)
    )
    with django_assert_max_num_queries(4):
        response = client.get(reverse("projects:call-list"))
    assert [c.pk for c in response.context["page_obj"]] == [soon.pk, late.pk, upcoming.pk, closed.pk]
    page = html(response)
    assert "未发布的指南" not in page
    assert page.count('data-state="open"') >= 2 and "申报中" in page and "未开始" in page and "已截止" in page
    response = client.get(reverse("projects:call-list"), {"category": ProjectCategory.SOCIAL})
    assert response.context["page_obj"].paginator.count == 0


def test_call_detail_offers_apply_to_applicants_while_open(client, open_call, applicant):
    url = reverse("projects:call-detail", args=[open_call.pk])
    assert "登录后申报" in html(client.get(url))
    client.force_login(applicant)
    page = html(client.get(url))
    assert reverse("projects:application-create", args=[open_call.pk]) in page and "我要申报" in page
    ProjectCall.objects.filter(pk=open_call.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    page = html(client.get(url))
    assert "我要申报" not in page and "已截止" in page


def test_unpublished_call_is_hidden_except_from_call_managers(client, applicant, staff):
    call = OpenCallFactory(is_published=False)
    url = reverse("projects:call-detail", args=[call.pk])
    assert client.get(url).status_code == 404
    client.force_login(applicant)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert "预览" in html(client.get(url))


# --- The applicant's pages ------------------------------------------------------------------------


def test_applicant_saves_then_submits_through_the_form(client, applicant, org, open_call, staff):
    client.force_login(applicant)
    url = reverse("projects:application-create", args=[open_call.pk])
    page = client.get(url)
    assert page.status_code == 200 and org.name in html(page)
    data = {**form_data(summary="", requested_amount="3000000"), "org-organization": org.pk, "action": "save"}
    response = client.post(url, data)
    # Nothing lost: the typed title comes back with the problem next to the field.
    assert response.status_code == 200
    assert "不能超过项目总预算" in html(response) and COMPLETE["title"] in html(response)
    assert not ProjectApplication.objects.exists()
    data["requested_amount"] = "500000"
    response = client.post(url, {**data, "action": "submit"})
    application = ProjectApplication.objects.get()
    # Saved as a draft, but the submission wants the summary: back on the form with the reason.
    assert response.url == reverse("projects:application-edit", args=[application.pk])
    page = html(client.get(response.url))
    assert "请填写项目简介" in page and application.status == S.DRAFT
    response = client.post(response.url, {**form_data(), "version": application.version, "action": "submit"})
    application.refresh_from_db()
    assert response.url == reverse("projects:application-detail", args=[application.pk])
    assert application.status == S.SUBMITTED and application.number.startswith("XM")
    page = html(client.get(response.url))
    assert application.number in page and 'data-testid="step-bar"' in page and "提交申报" in page


def test_a_closed_call_sends_the_applicant_back(client, applicant):
    call = ProjectCallFactory(year=2020)
    client.force_login(applicant)
    response = client.get(reverse("projects:application-create", args=[call.pk]), follow=True)
    assert "不在申报时间内" in html(response)


def test_unverified_organization_is_told_why(client, open_call):
    from enterprises.models import Organization

    user = applicant_of(VerifiedOrganizationFactory(status=Organization.Status.PENDING, verified_at=None))
    client.force_login(user)
    page = html(client.get(reverse("projects:application-create", args=[open_call.pk])))
    assert "尚未通过核验" in page and "保存并提交申报" not in page


def test_a_stale_edit_is_refused_on_the_form_and_keeps_what_was_typed(client, draft, applicant):
    client.force_login(applicant)
    url = reverse("projects:application-edit", args=[draft.pk])
    services.update_application(actor=applicant, application=draft, data={"title": "另一页面保存的名称"})
    response = client.post(url, {**form_data(title="我刚输入的名称"), "version": 1, "action": "save"})
    assert response.status_code == 200
    assert "已被他人修改" in html(response) and "我刚输入的名称" in html(response)
    draft.refresh_from_db()
    assert draft.title == "另一页面保存的名称"


def test_the_return_reason_is_shown_prominently_and_resubmission_works(client, draft, applicant, staff):
    services.submit_application(actor=applicant, application=draft)
    services.send_back(actor=staff, application=draft, reason="请补充成果来源证明。")
    client.force_login(applicant)
    detail = html(client.get(reverse("projects:application-detail", args=[draft.pk])))
    assert 'data-testid="return-reason"' in detail and "请补充成果来源证明。" in detail
    edit_url = reverse("projects:application-edit", args=[draft.pk])
    assert "请补充成果来源证明。" in html(client.get(edit_url))
    draft.refresh_from_db()
    response = client.post(edit_url, {**form_data(), "version": draft.version, "action": "submit", "comment": "已补充"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_my_applications_lists_own_organizations_only(client, draft, applicant, other_applicant, other_org, open_call):
    theirs = services.create_application(
        actor=other_applicant, call=open_call, organization=other_org, data={**COMPLETE, "title": "别人的申报"}
    )
    client.force_login(applicant)
    response = client.get(reverse("projects:my-applications"))
    assert [a.pk for a in response.context["page_obj"]] == [draft.pk]
    assert theirs.title not in html(response)
    assert (
        client.get(reverse("projects:my-applications"), {"status": "approved"}).context["page_obj"].paginator.count == 0
    )
    # An applicant who opens the staff list is sent to their own.
    assert client.get(reverse("projects:application-list")).url == reverse("projects:my-applications")


def test_applicant_submits_and_withdraws_from_the_detail_page(client, draft, applicant):
    client.force_login(applicant)
    client.post(reverse("projects:application-submit", args=[draft.pk]), {"version": draft.version})
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    client.post(reverse("projects:application-withdraw", args=[draft.pk]), {"version": draft.version})
    draft.refresh_from_db()
    assert draft.status == S.WITHDRAWN


# --- Scoping -------------------------------------------------------------------------------------------


def test_another_organizations_application_answers_404(client, draft, other_applicant):
    client.force_login(other_applicant)
    for name in ("application-detail", "application-edit"):
        assert client.get(reverse(f"projects:{name}", args=[draft.pk])).status_code == 404
    for name in ("application-submit", "application-withdraw", "application-act", "application-approve"):
        assert client.post(reverse(f"projects:{name}", args=[draft.pk]), {"transition": "accept"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == S.DRAFT
    assert client.get(f"/api/v1/project-applications/{draft.pk}/").status_code == 404


def test_a_draft_is_private_even_from_city_staff_and_leaders(client, draft, staff):
    for user in (staff, UserFactory(roles=[Role.LEADER])):
        client.force_login(user)
        assert client.get(reverse("projects:application-detail", args=[draft.pk])).status_code == 404
        assert client.get(reverse("projects:application-list")).context["page_obj"].paginator.count == 0


def test_county_staff_see_only_their_county(client, draft, applicant, county_staff):
    services.submit_application(actor=applicant, application=draft)
    elsewhere = UserFactory(roles=[Role.COUNTY_STAFF], region=CountyFactory(code="430223", name="攸县"))
    client.force_login(county_staff)
    assert client.get(reverse("projects:application-detail", args=[draft.pk])).status_code == 200
    client.force_login(elsewhere)
    assert client.get(reverse("projects:application-detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("projects:application-list")).context["page_obj"].paginator.count == 0
    # County staff read, but the actions are the city's.
    assert (
        client.post(reverse("projects:application-act", args=[draft.pk]), {"transition": "accept"}).status_code == 404
    )
    client.force_login(county_staff)
    client.post(reverse("projects:application-act", args=[draft.pk]), {"transition": "accept"})
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


# --- The staff list: filters, bounds, export ----------------------------------------------------------


@pytest.fixture
def spread(db, city):
    """Applications in two counties and a park, two years and two categories, not drafts."""
    liling = CountyFactory()
    youxian = CountyFactory(code="430223", name="攸县")
    park = Region.objects.create(code="430271", name="株洲高新技术产业开发区", kind=Region.Kind.PARK, parent=city)
    this_year, last_year = OpenCallFactory(), ProjectCallFactory(year=2025, category=ProjectCategory.TRANSFER)
    made = {}
    for key, region, call, status in [
        ("liling_submitted", liling, this_year, S.SUBMITTED),
        ("liling_approved", liling, last_year, S.APPROVED),
        ("youxian_submitted", youxian, this_year, S.SUBMITTED),
        ("park_accepted", park, this_year, S.ACCEPTED),
    ]:
        org = VerifiedOrganizationFactory(region=region, name=f"{region.name}某某公司")
        extra = {"approved_on": timezone.localdate(), "approved_amount": Decimal(1)} if status == S.APPROVED else {}
        made[key] = ProjectApplicationFactory(
            call=call, organization=org, status=status, number=f"XM-{key}", title=f"项目{key}", **extra
        )
    return {"apps": made, "liling": liling, "youxian": youxian, "park": park, "city": city, "this": this_year}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"liling_submitted", "liling_approved", "youxian_submitted", "park_accepted"}),
        ({"status": "submitted"}, {"liling_submitted", "youxian_submitted"}),
        ({"category": "transfer"}, {"liling_approved"}),
        ({"year": "2025"}, {"liling_approved"}),
        ({"region": "liling"}, {"liling_submitted", "liling_approved"}),
        ({"region": "park"}, {"park_accepted"}),
        ({"region": "city"}, {"liling_submitted", "liling_approved", "youxian_submitted", "park_accepted"}),
        ({"call": "this"}, {"liling_submitted", "youxian_submitted", "park_accepted"}),
        ({"q": "youxian"}, {"youxian_submitted"}),
        ({"q": "XM-park"}, {"park_accepted"}),
        ({"q": "攸县某某"}, {"youxian_submitted"}),
        ({"year": "1999"}, set()),  # a drill-down value that matches nothing shows nothing
        ({"region": "999999"}, set()),
    ],
)
def test_staff_list_filters(client, staff, spread, params, expected):
    resolved = {}
    for key, value in params.items():
        if key == "region" and value in spread:
            value = spread[value].pk
        if key == "call":
            value = spread[value].pk
        resolved[key] = value
    client.force_login(staff)
    response = client.get(reverse("projects:application-list"), resolved)
    assert response.status_code == 200
    by_pk = {a.pk: k for k, a in spread["apps"].items()}
    assert {by_pk[a.pk] for a in response.context["page_obj"]} == expected


def test_a_county_parent_includes_its_parks(client, staff, city):
    county = CountyFactory()
    park = Region.objects.create(code="430299", name="醴陵经开区", kind=Region.Kind.PARK, parent=county)
    app = ProjectApplicationFactory(organization=VerifiedOrganizationFactory(region=park), status=S.SUBMITTED)
    client.force_login(staff)
    response = client.get(reverse("projects:application-list"), {"region": county.pk})
    assert [a.pk for a in response.context["page_obj"]] == [app.pk]


def test_list_and_detail_queries_are_bounded(client, staff, applicant, org, draft, django_assert_max_num_queries):
    for i in range(25):
        ProjectApplicationFactory(
            call=draft.call, organization=VerifiedOrganizationFactory(), status=S.SUBMITTED, number=f"XM-{i}"
        )
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("projects:application-list"), {"status": "submitted", "year": draft.call.year})
    assert response.context["page_obj"].paginator.count == 25
    assert len(response.context["page_obj"].object_list) == 20
    services.submit_application(actor=applicant, application=draft)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("projects:application-detail", args=[draft.pk]))
    assert "受理" in html(response)
    client.force_login(applicant)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("projects:my-applications"))
    assert response.context["page_obj"].paginator.count == 1
    with django_assert_max_num_queries(20):
        assert client.get(reverse("projects:application-detail", args=[draft.pk])).status_code == 200


def test_export_follows_the_filters(client, staff, spread):
    client.force_login(staff)
    response = client.get(reverse("projects:application-export"), {"status": "submitted"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("申报编号", "项目编号", "项目名称")
    assert sorted(r[0] for r in rows[1:]) == ["XM-liling_submitted", "XM-youxian_submitted"]


def test_export_is_for_staff_only(client, applicant, spread):
    assert client.get(reverse("projects:application-export")).status_code == 302  # to the login page
    client.force_login(applicant)
    assert client.get(reverse("projects:application-export")).status_code == 404


# --- The staff's actions ---------------------------------------------------------------------------------


def test_staff_accepts_returns_and_approves_from_the_detail_page(client, draft, applicant, staff):
    services.submit_application(actor=applicant, application=draft)
    client.force_login(staff)
    url = reverse("projects:application-detail", args=[draft.pk])
    page = html(client.get(url))
    assert 'value="accept"' in page and 'value="send_back"' in page and 'value="approve"' not in page
    act = reverse("projects:application-act", args=[draft.pk])
    response = client.post(act, {"transition": "send_back", "comment": "", "version": 2}, HTTP_REFERER=url)
    assert response.url == url
    assert "退回原因" in html(client.get(url))  # the message shown after the redirect
    client.post(act, {"transition": "accept", "version": 2})
    draft.refresh_from_db()
    assert draft.status == S.ACCEPTED
    approve = reverse("projects:application-approve", args=[draft.pk])
    response = client.post(
        approve,
        {"approve-amount": "600000", "approve-approved_on": timezone.localdate().isoformat(), "version": draft.version},
    )
    # The typed amount stays on the form with the limit explained.
    assert response.status_code == 200
    assert "不能超过申请的市级资助（50.00 万元）" in html(response) and 'value="600000"' in html(response)
    response = client.post(
        approve,
        {"approve-amount": "450000", "approve-approved_on": timezone.localdate().isoformat(), "version": draft.version},
    )
    assert response.url == url
    draft.refresh_from_db()
    assert (draft.status, draft.approved_amount) == (S.APPROVED, Decimal("450000"))
    client.force_login(applicant)
    page = html(client.get(url))
    assert "已立项" in page and draft.project_number in page and "45.00 万元" in page


def test_a_stale_staff_action_is_refused_with_a_message(client, draft, applicant, staff):
    services.submit_application(actor=applicant, application=draft)
    client.force_login(staff)
    url = reverse("projects:application-detail", args=[draft.pk])
    client.post(reverse("projects:application-act", args=[draft.pk]), {"transition": "accept", "version": 1})
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert "已被他人修改" in html(client.get(url))


# --- Call management, panels, lookup ---------------------------------------------------------------------


def test_city_staff_create_edit_and_publish_a_call(client, staff, applicant):
    client.force_login(applicant)
    assert client.get(reverse("projects:call-manage-list")).status_code == 404
    client.force_login(staff)
    opens = (timezone.localtime() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "title": "2027年度株洲市社会发展科技项目申报指南",
        "year": "2027",
        "category": "social",
        "department": staff.department_id,
        "summary": "支持方向",
        "eligibility": "",
        "opens_at": opens,
        "closes_at": opens,
        "max_funding": "",
    }
    response = client.post(reverse("projects:call-create"), data)
    assert response.status_code == 200 and "申报截止时间须晚于开始时间" in html(response)
    data["closes_at"] = (timezone.localtime() + timedelta(days=40)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("projects:call-create"), data)
    call = ProjectCall.objects.get()
    assert response.url == reverse("projects:call-edit", args=[call.pk]) and not call.is_published
    client.post(reverse("projects:call-edit", args=[call.pk]), {**data, "max_funding": "200000"})
    client.post(reverse("projects:call-publish", args=[call.pk]))
    call.refresh_from_db()
    assert call.is_published and call.max_funding == Decimal("200000")
    page = html(client.get(reverse("projects:call-manage-list")))
    assert call.title in page and "已发布" in page


def test_workbench_panels_and_menu(client, draft, applicant, staff):
    services.submit_application(actor=applicant, application=draft)
    client.force_login(applicant)
    page = html(client.get(reverse("workbench")))
    assert 'data-testid="panel-projects-applicant"' in page and reverse("projects:my-applications") in page
    client.force_login(staff)
    response = client.get(reverse("workbench"))
    assert 'data-testid="panel-projects-staff"' in html(response)
    assert reverse("projects:call-manage-list") in html(response)
    panel = next(p for p in response.context["panels"] if p["key"] == "projects-staff")
    assert panel["context"]["waiting"] == 1


def test_public_progress_lookup_finds_an_application(draft, applicant, staff):
    from bureau.core.progress import find_progress

    uscc = draft.organization.uscc
    assert find_progress("project", "", uscc) is None
    services.submit_application(actor=applicant, application=draft)
    assert find_progress("project", draft.number, uscc) == draft
    assert find_progress("project", draft.number, "91430200MA4000001X") is None
    services.accept(actor=staff, application=draft)
    services.approve(actor=staff, application=draft, amount=Decimal(1000))
    assert find_progress("project", draft.project_number.lower(), uscc) == draft


def test_the_panels_in_review_link_lists_submitted_and_accepted(client, draft, applicant, staff, open_call, org):
    other = services.create_application(actor=applicant, call=open_call, organization=org, data=dict(COMPLETE))
    for application in (draft, other):
        services.submit_application(actor=applicant, application=application)
    services.accept(actor=staff, application=other)
    client.force_login(applicant)
    response = client.get(reverse("projects:my-applications"), {"status": "reviewing"})
    assert {a.pk for a in response.context["page_obj"]} == {draft.pk, other.pk}
    assert "?status=reviewing" in html(client.get(reverse("workbench")))


def test_a_long_export_runs_as_a_background_job(client, staff, spread, monkeypatch, django_capture_on_commit_callbacks):
    from bureau.core.models import Job
    from projects.views import staff as staff_views

    monkeypatch.setattr(staff_views, "EXPORT_INLINE_LIMIT", 1)
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("projects:application-export"), {"status": "submitted"})
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.DONE and job.message == "已导出 2 条项目申报。"
    rows = list(load_workbook(job.result_file.open("rb")).active.iter_rows(values_only=True))
    assert len(rows) == 3


def test_call_pages_queries_are_bounded(client, staff, org, django_assert_max_num_queries):
    for i in range(25):
        call = OpenCallFactory(title=f"指南{i}")
        ProjectApplicationFactory(call=call, organization=org, status=S.SUBMITTED, number=f"XM-c{i}")
    client.force_login(staff)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("projects:call-manage-list"))
    assert len(response.context["page_obj"].object_list) == 20
    assert all(c.submitted_count == 1 for c in response.context["page_obj"])
    with django_assert_max_num_queries(8):
        assert client.get(reverse("projects:call-detail", args=[call.pk])).status_code == 200
