"""Data-collection campaigns (reports/services/campaigns.py, reports/views/campaigns.py)."""

import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput, InvalidTransition, StaleObject
from bureau.inbox.models import Message, Todo
from enterprises.models import Organization
from reports import campaign_filters, selectors
from reports.models import Answer, Campaign, CampaignField
from reports.services import campaigns as services
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, make_uscc
from tests.reports.factories import CampaignFactory, CampaignFieldFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(roles=[Role.CITY_STAFF])


@pytest.fixture
def survey(staff):
    """A draft resumption-of-work survey with a yes/no and a money question."""
    campaign = CampaignFactory(title="高新技术企业复工复产情况调查", created_by=staff)
    CampaignFieldFactory(campaign=campaign, key="resumed", label="是否已复工复产", order=1)
    CampaignFieldFactory(
        campaign=campaign, key="loss", label="预计损失", field_type=CampaignField.Type.MONEY, required=False, order=2
    )
    return campaign


def member_of(organization):
    return MembershipFactory(organization=organization).user


def answer_of(campaign, organization) -> Answer:
    return Answer.objects.get(campaign=campaign, organization=organization)


# --- Targets ------------------------------------------------------------------------


def test_the_filter_chooses_organizations_by_kind_region_and_verification(city):
    now = timezone.now()
    wanted = VerifiedOrganizationFactory(region=city["liling"], verified_at=now)
    OrganizationFactory(region=city["liling"])  # not verified
    VerifiedOrganizationFactory(region=city["youxian"], verified_at=now)  # other county
    VerifiedOrganizationFactory(region=city["liling"], verified_at=now, kind=Organization.Kind.UNIVERSITY)
    data = {"kind": ["enterprise"], "region": ["430281"], "verified": "yes"}
    assert list(campaign_filters.matching_organizations(data)) == [wanted]
    assert campaign_filters.describe(data) == ["单位类型：企业", "所在区划：醴陵市", "核验状态：仅已核验的单位"]
    # A filter key this version does not know (added later, or removed) is ignored.
    assert campaign_filters.matching_organizations({"hightech": "yes", "region": ["430281"]}).count() == 3


def test_a_city_filter_includes_its_counties(city):
    OrganizationFactory(region=city["liling"])
    OrganizationFactory(region=city["park"])
    assert campaign_filters.matching_organizations({"region": ["430200"]}).count() == 2


# --- Publishing ---------------------------------------------------------------------


def test_publishing_creates_one_answer_and_one_todo_per_organization(city, staff, survey):
    first, second = OrganizationFactory(region=city["liling"]), OrganizationFactory(region=city["park"])
    alice, bob = member_of(first), member_of(first)
    carol = member_of(second)

    assert services.publish_campaign(actor=staff, campaign=survey) == 2

    survey.refresh_from_db()
    assert survey.status == Campaign.Status.OPEN
    assert Answer.objects.filter(campaign=survey).count() == 2
    todo = Todo.objects.open().for_user(alice).get()
    assert todo.url == reverse("reports:answer", args=[answer_of(survey, first).pk])
    assert todo.due_on == survey.deadline
    assert Todo.objects.open().for_user(bob).get() == todo
    assert Todo.objects.open().for_user(carol).count() == 1


def test_a_campaign_without_questions_or_organizations_is_not_published(city, staff):
    empty = CampaignFactory()
    OrganizationFactory(region=city["liling"])
    with pytest.raises(InvalidInput, match="至少一个填报项目"):
        services.publish_campaign(actor=staff, campaign=empty)
    nobody = CampaignFieldFactory(campaign=CampaignFactory(target_filter={"region": ["430223"]})).campaign
    with pytest.raises(InvalidInput, match="没有符合条件的填报单位"):
        services.publish_campaign(actor=staff, campaign=nobody)


def test_county_staff_cannot_run_campaigns(city, survey):
    OrganizationFactory(region=city["liling"])
    county = UserFactory(roles=[Role.COUNTY_STAFF], region=city["liling"])
    with pytest.raises(ActionNotPermitted):
        services.publish_campaign(actor=county, campaign=survey)


def test_a_published_campaign_keeps_its_questions(city, staff, survey):
    OrganizationFactory(region=city["liling"])
    services.publish_campaign(actor=staff, campaign=survey)
    with pytest.raises(InvalidTransition):
        services.save_fields(actor=staff, campaign=survey, fields=[{"label": "新问题", "field_type": "text"}])


def test_a_choice_question_needs_two_options(staff, survey):
    with pytest.raises(InvalidInput):
        services.save_fields(
            actor=staff, campaign=survey, fields=[{"label": "规模", "field_type": "choice", "choices": "大型"}]
        )


def test_saving_questions_keeps_existing_keys_so_answers_stay_readable(staff, survey):
    fields = services.save_fields(
        actor=staff,
        campaign=survey,
        fields=[
            {"key": "resumed", "label": "是否已全面复工", "field_type": "yes_no"},
            {"label": "Staff back", "field_type": "number"},
        ],
    )
    assert [f.key for f in fields] == ["resumed", "staff-back1"]
    assert not survey.fields.filter(key="loss").exists()


# --- Answering ----------------------------------------------------------------------


@pytest.fixture
def published(city, staff, survey):
    organization = OrganizationFactory(region=city["liling"])
    user = member_of(organization)
    services.publish_campaign(actor=staff, campaign=survey)
    return survey, organization, user


def test_an_organization_answers_and_its_todo_closes(published):
    survey, organization, user = published
    answer = answer_of(survey, organization)
    services.submit_answer(actor=user, answer=answer, data={"resumed": True}, expected_version=answer.version)
    answer.refresh_from_db()
    assert answer.data == {"resumed": True}
    assert answer.submitted_by == user
    assert not Todo.objects.open().for_user(user).exists()


def test_a_stale_edit_is_refused(published):
    survey, organization, user = published
    colleague = member_of(organization)
    loaded = answer_of(survey, organization)
    mine = answer_of(survey, organization)
    services.submit_answer(actor=colleague, answer=loaded, data={"resumed": True}, expected_version=loaded.version)
    with pytest.raises(StaleObject):
        services.submit_answer(actor=user, answer=mine, data={"resumed": False}, expected_version=mine.version)
    assert answer_of(survey, organization).data == {"resumed": True}


def test_no_answer_after_the_deadline(published):
    survey, organization, user = published
    Campaign.objects.filter(pk=survey.pk).update(deadline=timezone.localdate() - timedelta(days=1))
    answer = answer_of(survey, organization)
    with pytest.raises(InvalidTransition, match="已截止"):
        services.submit_answer(actor=user, answer=answer, data={"resumed": True}, expected_version=answer.version)


def test_an_outsider_cannot_answer_for_an_organization(published):
    survey, organization, _user = published
    answer = answer_of(survey, organization)
    stranger = UserFactory(roles=[Role.APPLICANT])
    with pytest.raises(ActionNotPermitted):
        services.submit_answer(actor=stranger, answer=answer, data={}, expected_version=answer.version)


def test_the_answer_page_saves_and_keeps_typed_text_on_error(client, published):
    survey, organization, user = published
    answer = answer_of(survey, organization)
    client.force_login(user)
    url = reverse("reports:answer", args=[answer.pk])
    bad = client.post(url, {"version": answer.version, "loss": "一百万"})
    assert bad.status_code == 200
    page = bad.content.decode()
    assert "一百万" in page and "该字段是必填项" in page
    good = client.post(url, {"version": answer.version, "resumed": "yes", "loss": "1000000"})
    assert good.status_code == 302
    assert answer_of(survey, organization).data == {"resumed": True, "loss": "1000000.00"}
    stale = client.post(url, {"version": answer.version, "resumed": "no"})
    assert stale.status_code == 200
    assert "被同事修改" in stale.content.decode()


def test_another_organizations_answer_is_not_found(client, published):
    survey, organization, _user = published
    client.force_login(UserFactory(roles=[Role.APPLICANT]))
    assert client.get(reverse("reports:answer", args=[answer_of(survey, organization).pk])).status_code == 404


def test_my_campaigns_lists_what_to_answer(client, published):
    survey, _organization, user = published
    client.force_login(user)
    page = client.get(reverse("reports:my-campaigns")).content.decode()
    assert survey.title in page and "去填报" in page


# --- Watching completion ------------------------------------------------------------


def test_staff_see_470_of_550_answered_that_they_resumed_work(city, staff, survey):
    Organization.objects.bulk_create(
        [Organization(uscc=make_uscc(), name=f"高企{n}", region=city["liling"]) for n in range(550)]
    )
    services.publish_campaign(actor=staff, campaign=survey)
    answers = list(Answer.objects.filter(campaign=survey).order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    Answer.objects.filter(pk__in=answers[:470]).update(data={"resumed": True, "loss": "1000.50"}, submitted_at=now)
    Answer.objects.filter(pk__in=answers[470:520]).update(data={"resumed": False}, submitted_at=now)

    stats = selectors.campaign_stats(survey, Answer.objects.filter(campaign=survey))

    assert (stats.targeted, stats.answered) == (550, 520)
    resumed, loss = stats.fields
    assert (resumed.yes, resumed.no) == (470, 50)
    assert f"{resumed.yes / stats.targeted * 100:.2f}%" == "85.45%"
    assert loss.total == 470 * 1000.50 and loss.filled == 470


def test_the_campaign_page_shows_live_completion(client, published, staff):
    survey, organization, user = published
    answer = answer_of(survey, organization)
    services.submit_answer(actor=user, answer=answer, data={"resumed": True}, expected_version=answer.version)
    client.force_login(staff)
    page = client.get(reverse("reports:campaign", args=[survey.pk])).content.decode()
    assert "1 / 1" in page
    assert "1 家中 1 家回答“是”" in page and "100.00%" in page


def test_county_staff_watch_their_own_regions_organizations(client, city, staff, survey):
    OrganizationFactory(region=city["liling"])
    OrganizationFactory(region=city["youxian"])
    services.publish_campaign(actor=staff, campaign=survey)
    client.force_login(UserFactory(roles=[Role.COUNTY_STAFF], region=city["liling"]))
    response = client.get(reverse("reports:campaign", args=[survey.pk]))
    assert response.context["stats"].targeted == 1


def test_reminders_reach_only_organizations_that_have_not_answered(city, staff, survey):
    done, late = OrganizationFactory(region=city["liling"]), OrganizationFactory(region=city["liling"])
    diligent, slow = member_of(done), member_of(late)
    services.publish_campaign(actor=staff, campaign=survey)
    answer = answer_of(survey, done)
    services.submit_answer(actor=diligent, answer=answer, data={"resumed": True}, expected_version=answer.version)
    mail.outbox.clear()

    OrganizationFactory(region=city["liling"])  # published after: not targeted
    assert services.remind(actor=staff, campaign=survey) == services.Reminded(sent=1, without_account=0)

    assert Message.objects.filter(recipient=slow, title__startswith="催报").count() == 1
    assert not Message.objects.filter(recipient=diligent, title__startswith="催报").exists()
    survey.refresh_from_db()
    assert survey.last_reminded_at is not None


def test_answers_export_to_excel_with_money_as_numbers(client, published, staff):
    survey, organization, user = published
    answer = answer_of(survey, organization)
    services.submit_answer(
        actor=user, answer=answer, data={"resumed": True, "loss": "1234.50"}, expected_version=answer.version
    )
    client.force_login(staff)
    response = client.get(reverse("reports:campaign-export", args=[survey.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, row = list(sheet.iter_rows(min_row=2, max_row=3, values_only=True))
    assert header[-2:] == ("是否已复工复产", "预计损失（元）")
    assert row[0] == organization.name and row[3] == "已填报"
    assert row[-2:] == ("是", 1234.5)


def test_closing_ends_answers_and_todos(published, staff):
    survey, organization, user = published
    services.close_campaign(actor=staff, campaign=survey)
    assert not Todo.objects.open().for_user(user).exists()
    answer = answer_of(survey, organization)
    with pytest.raises(InvalidTransition):
        services.submit_answer(actor=user, answer=answer, data={"resumed": True}, expected_version=answer.version)


@pytest.fixture
def rd_filing(city, staff):
    """A published 2025 R&D filing whose two money questions fill the organization's year."""
    filing = CampaignFactory(kind=Campaign.Kind.RD_FILING, data_year=2025, title="2025年度研发投入数据填报")
    services.save_fields(
        actor=staff,
        campaign=filing,
        fields=[
            {"label": "研发费用总额", "field_type": "money", "maps_to": "rd_total"},
            {"label": "境内研发费用", "field_type": "money", "maps_to": "rd_in_china"},
            {"label": "研发人员数", "field_type": "number"},
        ],
    )
    organization = VerifiedOrganizationFactory(region=city["liling"])
    user = member_of(organization)
    services.publish_campaign(actor=staff, campaign=filing)
    return filing, organization, user


def _answer_rd(filing, organization, user, total="3200000.00", china="3000000.00"):
    keys = {f.label: f.key for f in filing.fields.all()}
    answer = answer_of(filing, organization)
    data = {keys["研发费用总额"]: total, keys["境内研发费用"]: china, keys["研发人员数"]: "12"}
    return services.submit_answer(actor=user, answer=answer, data=data, expected_version=answer.version)


def test_confirming_an_rd_filing_writes_the_organizations_year_and_locks_the_answer(rd_filing, staff):
    from enterprises.models import OrganizationYear
    from tests.enterprises.factories import OrganizationYearFactory

    filing, organization, user = rd_filing
    OrganizationYearFactory(organization=organization, year=2025)
    _answer_rd(filing, organization, user)

    services.confirm_answer(actor=staff, answer=answer_of(filing, organization))

    year = OrganizationYear.objects.get(organization=organization, year=2025)
    assert (year.rd_total, year.rd_in_china) == (Decimal("3200000.00"), Decimal("3000000.00"))
    assert year.updated_by == staff  # written by the confirmer, not in the filer's name
    answer = answer_of(filing, organization)
    assert answer.confirmed_by == staff
    context = year.events.order_by("-pgh_id").first().pgh_context.metadata
    assert context["confirmed_by"] == staff.pk
    assert context["filing"] == {"campaign": filing.pk, "answer": answer.pk, "title": filing.title, "filed_by": user.pk}
    with pytest.raises(InvalidTransition, match="已由市局确认"):
        services.submit_answer(actor=user, answer=answer, data={}, expected_version=answer.version)


def test_figures_still_reach_the_year_when_the_filer_has_left(rd_filing, staff):
    from enterprises.models import Membership, OrganizationYear
    from tests.enterprises.factories import OrganizationYearFactory

    filing, organization, user = rd_filing
    OrganizationYearFactory(organization=organization, year=2025)
    _answer_rd(filing, organization, user)
    Membership.objects.filter(user=user).delete()

    services.confirm_answer(actor=staff, answer=answer_of(filing, organization))

    assert OrganizationYear.objects.get(organization=organization, year=2025).rd_total == Decimal("3200000.00")


def test_an_answer_or_a_year_changed_since_the_page_was_read_is_not_confirmed(rd_filing, staff):
    from enterprises.models import OrganizationYear
    from tests.enterprises.factories import OrganizationYearFactory

    filing, organization, user = rd_filing
    year = OrganizationYearFactory(organization=organization, year=2025)
    _answer_rd(filing, organization, user)
    seen = answer_of(filing, organization)
    _answer_rd(filing, organization, user, total="3300000.00")  # the member changes it meanwhile

    with pytest.raises(StaleObject):
        services.confirm_answer(actor=staff, answer=answer_of(filing, organization), expected_version=seen.version)
    OrganizationYear.objects.filter(pk=year.pk).update(version=year.version + 1)
    answer = answer_of(filing, organization)
    with pytest.raises(StaleObject):
        services.confirm_answer(actor=staff, answer=answer, expected_version=answer.version, year_version=year.version)
    assert answer_of(filing, organization).confirmed_at is None


def test_staff_compare_and_confirm_on_the_answer_page(client, rd_filing, staff):
    from enterprises.models import OrganizationYear
    from tests.enterprises.factories import OrganizationYearFactory

    filing, organization, user = rd_filing
    year = OrganizationYearFactory(organization=organization, year=2025)
    _answer_rd(filing, organization, user)
    answer = answer_of(filing, organization)
    client.force_login(staff)

    page = client.get(reverse("reports:answer", args=[answer.pk])).content.decode()
    assert 'data-testid="year-comparison"' in page
    assert "3,200,000.00 元" in page and "1,500,000.00 元" in page  # filed, and recorded now

    response = client.post(
        reverse("reports:answer-confirm", args=[answer.pk]),
        {"version": answer.version, "year_version": year.version},
        follow=True,
    )
    assert "已确认" in response.content.decode()
    assert OrganizationYear.objects.get(pk=year.pk).rd_total == Decimal("3200000.00")


def test_figures_that_cannot_be_written_are_not_confirmed(rd_filing, staff):
    filing, organization, user = rd_filing
    # No 2025 row yet, and the filing lacks the other yearly figures a new row needs.
    _answer_rd(filing, organization, user)
    with pytest.raises(InvalidInput, match="不能写入 2025 年度数据"):
        services.confirm_answer(actor=staff, answer=answer_of(filing, organization))
    assert answer_of(filing, organization).confirmed_at is None


def test_only_numbers_map_to_yearly_figures(staff):
    from reports.forms import CampaignFieldForm

    form = CampaignFieldForm({"label": "是否有研发机构", "field_type": "yes_no", "maps_to": "rd_total"})
    assert not form.is_valid() and "maps_to" in form.errors


def test_staff_build_a_campaign_on_the_page(client, city, staff):
    OrganizationFactory(region=city["liling"])
    client.force_login(staff)
    response = client.post(
        reverse("reports:campaign-new"),
        {
            "title": "复工复产情况调查",
            "kind": "survey",
            "opens_on": "2026-02-01",
            "deadline": "2099-02-24",
            "description": "",
            "target_region": ["430281"],
            "target_verified": "",
            "fields-TOTAL_FORMS": "3",
            "fields-INITIAL_FORMS": "0",
            "fields-0-label": "是否已复工复产",
            "fields-0-field_type": "yes_no",
            "fields-0-required": "on",
            "fields-1-label": "复工人数",
            "fields-1-field_type": "number",
            "fields-2-label": "",
            "fields-2-field_type": "text",
        },
    )
    campaign = Campaign.objects.get()
    assert response.url == reverse("reports:campaign", args=[campaign.pk])
    assert campaign.target_filter == {"region": ["430281"]}
    assert [(f.label, f.field_type, f.required) for f in campaign.fields.all()] == [
        ("是否已复工复产", "yes_no", True),
        ("复工人数", "number", False),
    ]
    assert campaign.opens_on == date(2026, 2, 1)


def test_the_campaign_page_keeps_typed_values_on_error(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("reports:campaign-new"),
        {
            "title": "年度研发投入填报",
            "kind": "rd_filing",
            "opens_on": "2026-03-31",
            "deadline": "2026-01-01",
            "fields-TOTAL_FORMS": "1",
            "fields-INITIAL_FORMS": "0",
            "fields-0-label": "规模",
            "fields-0-field_type": "choice",
            "fields-0-choices": "大型",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "年度研发投入填报" in page and "截止日期不能早于开始日期" in page and "至少需要两个选项" in page
    assert not Campaign.objects.exists()


def test_the_filter_grows_with_the_registry_technical_field_and_tier(city):
    wanted = VerifiedOrganizationFactory(region=city["liling"], hightech_field="new_materials", tier="little_giant")
    VerifiedOrganizationFactory(region=city["liling"], hightech_field="new_materials")
    VerifiedOrganizationFactory(region=city["liling"], hightech_field="aerospace", tier="little_giant")
    data = {"field": ["new_materials"], "tier": ["little_giant"]}
    assert list(campaign_filters.matching_organizations(data)) == [wanted]
    assert campaign_filters.describe(data) == ["技术领域：新材料", "培育层级：科技小巨人"]
