"""Services: the window, who may apply and act, the numbers, the approval limits, stale edits."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput, InvalidTransition, StaleObject
from bureau.core.models import TransitionLog
from bureau.core.workflow import progress_log
from bureau.inbox.models import Message, Todo
from enterprises.models import Organization
from projects import services
from projects.models import ProjectApplication, ProjectCall, ProjectCategory
from tests.factories import DepartmentFactory, UserFactory

from .factories import (
    COMPLETE,
    OpenCallFactory,
    ProjectCallFactory,
    VerifiedOrganizationFactory,
    applicant_of,
    reviewer,
)

pytestmark = pytest.mark.django_db

S = ProjectApplication.Status
YEAR = timezone.localdate().year


def create(applicant, org, call, **changes):
    return services.create_application(actor=applicant, call=call, organization=org, data={**COMPLETE, **changes})


def submitted(draft, applicant):
    services.submit_application(actor=applicant, application=draft)
    draft.refresh_from_db()
    return draft


def accepted(draft, applicant, staff):
    submitted(draft, applicant)
    services.accept(actor=staff, application=draft)
    draft.refresh_from_db()
    return draft


# --- Creating: window and eligibility ---------------------------------------------------


def test_create_copies_region_and_category_and_records_the_filer(applicant, org, open_call):
    open_call.category = ProjectCategory.AGRICULTURE
    open_call.save()
    application = create(applicant, org, open_call)
    assert application.status == S.DRAFT
    assert application.region == org.region
    assert application.category == ProjectCategory.AGRICULTURE
    assert application.created_by == applicant
    assert application.number is None


@pytest.mark.parametrize(
    ("opens", "closes", "published"),
    [
        (timedelta(days=1), timedelta(days=10), True),  # not yet open
        (timedelta(days=-10), timedelta(seconds=-1), True),  # closed a second ago
        (timedelta(days=-10), timedelta(days=10), False),  # not published
    ],
    ids=["upcoming", "closed", "unpublished"],
)
def test_create_only_while_the_call_is_open(applicant, org, opens, closes, published):
    now = timezone.now()
    call = OpenCallFactory(opens_at=now + opens, closes_at=now + closes, is_published=published)
    with pytest.raises(InvalidInput, match="不在申报时间内"):
        create(applicant, org, call)
    assert not ProjectApplication.objects.exists()


def test_unverified_organization_cannot_apply(open_call):
    org = VerifiedOrganizationFactory(status=Organization.Status.PENDING, verified_at=None)
    user = applicant_of(org)
    with pytest.raises(ActionNotPermitted, match="尚未通过核验"):
        create(user, org, open_call)


def test_only_users_of_the_organization_may_apply_for_it(other_applicant, org, open_call, staff):
    with pytest.raises(ActionNotPermitted):
        create(other_applicant, org, open_call)
    # A member without the applicant role (say, a staff account added by mistake) neither.
    org.memberships.create(user=staff)
    with pytest.raises(ActionNotPermitted):
        create(staff, org, open_call)


def test_amounts_are_checked_even_in_a_draft(applicant, org, open_call):
    with pytest.raises(InvalidInput) as exc:
        create(applicant, org, open_call, requested_amount=Decimal("3000000"), total_budget=Decimal("2000000"))
    assert "不能超过项目总预算" in exc.value.fields["requested_amount"]
    open_call.max_funding = Decimal("300000")
    open_call.save()
    with pytest.raises(InvalidInput) as exc:
        create(applicant, org, open_call, requested_amount=Decimal("400000"))
    assert "单项资助上限（30.00 万元）" in exc.value.fields["requested_amount"]
    with pytest.raises(InvalidInput) as exc:
        create(applicant, org, open_call, ends_on=COMPLETE["starts_on"] - timedelta(days=1))
    assert "ends_on" in exc.value.fields


# --- Editing --------------------------------------------------------------------------------


def test_update_keeps_what_was_typed_and_bumps_the_version(draft, applicant):
    version = draft.version
    services.update_application(
        actor=applicant, application=draft, data={"title": "新的名称"}, expected_version=version
    )
    draft.refresh_from_db()
    assert draft.title == "新的名称"
    assert draft.version == version + 1


def test_a_stale_edit_is_refused_and_the_newer_one_kept(draft, applicant):
    first = ProjectApplication.objects.get(pk=draft.pk)
    second = ProjectApplication.objects.get(pk=draft.pk)
    services.update_application(actor=applicant, application=first, data={"title": "甲的修改"}, expected_version=1)
    # The second copy was loaded before the first save: by its version, or by the row's.
    with pytest.raises(StaleObject):
        services.update_application(actor=applicant, application=second, data={"title": "乙的修改"}, expected_version=1)
    with pytest.raises(StaleObject):
        services.update_application(actor=applicant, application=second, data={"title": "乙的修改"})
    draft.refresh_from_db()
    assert draft.title == "甲的修改"


def test_submitted_applications_cannot_be_edited(draft, applicant):
    submitted(draft, applicant)
    with pytest.raises(InvalidInput, match="不能修改"):
        services.update_application(actor=applicant, application=draft, data={"title": "x"})


def test_another_organization_cannot_edit(draft, other_applicant):
    with pytest.raises(ActionNotPermitted):
        services.update_application(actor=other_applicant, application=draft, data={"title": "x"})


# --- Submitting -------------------------------------------------------------------------------


def test_submit_numbers_the_application_logs_it_and_tells_the_staff(draft, applicant, staff):
    submitted(draft, applicant)
    assert draft.status == S.SUBMITTED
    assert draft.number == f"XM{YEAR}-0001"
    assert draft.submitted_at is not None
    log = progress_log(draft)
    assert [(e.transition, e.actor) for e in log] == [("submit", applicant)]
    todo = Todo.objects.open().get()
    assert todo.role == Role.CITY_STAFF
    # The call's department has staff, so the to-do goes to them.
    assert todo.department == draft.call.department
    assert Todo.objects.open().for_user(staff).count() == 1
    assert (
        Todo.objects.open().for_user(UserFactory(roles=[Role.CITY_STAFF], department=DepartmentFactory())).count() == 0
    )


def test_a_department_without_staff_sends_the_todo_to_all_city_staff(draft, applicant):
    submitted(draft, applicant)
    todo = Todo.objects.open().get()
    assert todo.department is None
    other = UserFactory(roles=[Role.CITY_STAFF], department=DepartmentFactory())
    assert Todo.objects.open().for_user(other).count() == 1


def test_submit_lists_every_missing_field(applicant, org, open_call):
    application = create(applicant, org, open_call, summary="", leader_phone="", starts_on=None, ends_on=None)
    with pytest.raises(InvalidInput) as exc:
        services.submit_application(actor=applicant, application=application)
    assert set(exc.value.fields) == {"summary", "leader_phone", "starts_on", "ends_on"}
    application.refresh_from_db()
    assert application.status == S.DRAFT
    assert application.number is None


def test_submit_after_the_deadline_is_refused(draft, applicant, open_call):
    ProjectCall.objects.filter(pk=open_call.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    draft.call.refresh_from_db()
    with pytest.raises(InvalidInput, match="申报已截止"):
        services.submit_application(actor=applicant, application=draft)


def test_submit_refuses_a_stale_copy(draft, applicant):
    services.update_application(actor=applicant, application=draft, data={"title": "改过"})
    with pytest.raises(StaleObject):
        services.submit_application(actor=applicant, application=draft, expected_version=1)


def test_staff_cannot_submit_for_an_applicant(draft, staff):
    with pytest.raises(ActionNotPermitted):
        services.submit_application(actor=staff, application=draft)


# --- Return, resubmit, withdraw --------------------------------------------------------------


def test_send_back_needs_a_reason_and_reaches_the_applicant(draft, applicant, staff):
    submitted(draft, applicant)
    with pytest.raises(InvalidInput, match="退回原因"):
        services.send_back(actor=staff, application=draft, reason="  ")
    services.send_back(actor=staff, application=draft, reason="请补充成果来源证明。")
    draft.refresh_from_db()
    assert draft.status == S.RETURNED
    assert draft.return_reason == "请补充成果来源证明。"
    message = Message.objects.get(recipient=applicant)
    assert "退回修改" in message.title and message.body == "请补充成果来源证明。"
    # The staff's to-do is closed; the applicant has one to correct.
    assert Todo.objects.open().for_user(staff).count() == 0
    assert Todo.objects.open().for_user(applicant).count() == 1


def test_resubmit_keeps_the_number_and_first_submission_time(draft, applicant, staff):
    submitted(draft, applicant)
    number, first = draft.number, draft.submitted_at
    services.send_back(actor=staff, application=draft, reason="预算不合理。")
    services.update_application(actor=applicant, application=draft, data={"self_funding": Decimal("1600000")})
    ProjectCall.objects.filter(pk=draft.call_id).update(closes_at=timezone.now() - timedelta(days=1))
    draft.call.refresh_from_db()
    # Allowed after the deadline: the application itself was on time.
    services.resubmit_application(actor=applicant, application=draft, comment="已调整预算")
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED
    assert (draft.number, draft.submitted_at, draft.return_reason) == (number, first, "")
    assert [e.transition for e in progress_log(draft)] == ["submit", "send_back", "resubmit"]
    assert Todo.objects.open().for_user(applicant).count() == 0
    assert Todo.objects.open().for_user(staff).count() == 1


def test_withdraw_by_the_applicant_only_before_acceptance(draft, applicant, staff):
    submitted(draft, applicant)
    with pytest.raises(ActionNotPermitted):
        services.withdraw_application(actor=staff, application=draft)
    services.withdraw_application(actor=applicant, application=draft, comment="另行申报")
    draft.refresh_from_db()
    assert draft.status == S.WITHDRAWN
    assert Todo.objects.open().count() == 0
    other = create(applicant, draft.organization, draft.call)
    accepted(other, applicant, staff)
    with pytest.raises(InvalidTransition):
        services.withdraw_application(actor=applicant, application=other)


# --- Review: permissions and approval limits -------------------------------------------------


@pytest.mark.parametrize("who", ["applicant", "county_staff", "leader"])
def test_only_city_staff_review(draft, applicant, who, request):
    submitted(draft, applicant)
    actor = request.getfixturevalue(who) if who != "leader" else UserFactory(roles=[Role.LEADER])
    with pytest.raises(ActionNotPermitted):
        services.accept(actor=actor, application=draft)
    with pytest.raises(ActionNotPermitted):
        services.send_back(actor=actor, application=draft, reason="x")
    draft.refresh_from_db()
    assert draft.status == S.SUBMITTED


def test_accept_then_approve_gives_the_plan_years_project_number(draft, applicant, staff):
    accepted(draft, applicant, staff)
    assert Message.objects.filter(recipient=applicant, title__contains="已受理").exists()
    services.approve(actor=staff, application=draft, amount=Decimal("450000"))
    draft.refresh_from_db()
    assert draft.status == S.APPROVED
    assert draft.approved_amount == Decimal("450000")
    assert draft.approved_on == timezone.localdate()
    assert draft.project_number == f"ZZKJ{draft.call.year}-001"
    assert draft.decided_by == staff
    assert progress_log(draft)[-1].comment == f"批准立项，资助 45.00 万元，项目编号 ZZKJ{draft.call.year}-001"
    assert Message.objects.filter(recipient=applicant, title__contains="已立项").exists()


@pytest.mark.parametrize(
    ("amount", "ceiling", "field", "words"),
    [
        (Decimal("0"), None, "amount", "须大于 0"),
        (Decimal("-1"), None, "amount", "须大于 0"),
        (Decimal("500000.01"), None, "amount", "不能超过申请的市级资助（50.00 万元）"),
        (Decimal("400000"), Decimal("300000"), "amount", "单项资助上限（30.00 万元）"),
    ],
)
def test_approve_limits(draft, applicant, staff, amount, ceiling, field, words):
    accepted(draft, applicant, staff)
    # The ceiling may be lowered after the application was made; the approval still respects it.
    ProjectCall.objects.filter(pk=draft.call_id).update(max_funding=ceiling)
    draft.call.refresh_from_db()
    with pytest.raises(InvalidInput) as exc:
        services.approve(actor=staff, application=draft, amount=amount)
    assert words in exc.value.fields[field]
    draft.refresh_from_db()
    assert draft.status == S.ACCEPTED and draft.project_number is None


def test_approve_at_the_limits_is_allowed(draft, applicant, staff):
    accepted(draft, applicant, staff)
    ProjectCall.objects.filter(pk=draft.call_id).update(max_funding=Decimal("500000"))
    draft.call.refresh_from_db()
    services.approve(actor=staff, application=draft, amount=Decimal("500000.00"))
    draft.refresh_from_db()
    assert draft.approved_amount == Decimal("500000.00")


def test_approve_date_may_not_be_in_the_future_or_before_submission(draft, applicant, staff):
    accepted(draft, applicant, staff)
    today = timezone.localdate()
    with pytest.raises(InvalidInput) as exc:
        services.approve(actor=staff, application=draft, amount=Decimal(1), approved_on=today + timedelta(days=1))
    assert "不能晚于今天" in exc.value.fields["approved_on"]
    with pytest.raises(InvalidInput) as exc:
        services.approve(actor=staff, application=draft, amount=Decimal(1), approved_on=today - timedelta(days=1))
    assert "不能早于提交申报的日期" in exc.value.fields["approved_on"]


def test_a_typed_project_number_must_be_unique_and_outside_the_automatic_series(open_call, applicant, org, staff):
    first, second = create(applicant, org, open_call), create(applicant, org, open_call)
    for application in (first, second):
        accepted(application, applicant, staff)
    with pytest.raises(InvalidInput, match="系统按年度连续编号"):
        services.approve(actor=staff, application=first, amount=Decimal(1), project_number=f"ZZKJ{YEAR}-009")
    services.approve(actor=staff, application=first, amount=Decimal(1), project_number="株科计〔2026〕12号")
    with pytest.raises(InvalidInput, match="已被其他项目使用"):
        services.approve(actor=staff, application=second, amount=Decimal(1), project_number="株科计〔2026〕12号")
    services.approve(actor=staff, application=second, amount=Decimal(1))
    second.refresh_from_db()
    # The typed number took no serial of the automatic series.
    assert second.project_number == f"ZZKJ{open_call.year}-001"


def test_reject_needs_a_reason(draft, applicant, staff):
    accepted(draft, applicant, staff)
    with pytest.raises(InvalidInput):
        services.reject(actor=staff, application=draft, reason="")
    services.reject(actor=staff, application=draft, reason="创新性不足。")
    draft.refresh_from_db()
    assert draft.status == S.REJECTED
    assert progress_log(draft)[-1].comment == "创新性不足。"


def test_transitions_refused_in_the_wrong_state(draft, applicant, staff):
    with pytest.raises(InvalidTransition):
        services.accept(actor=staff, application=draft)
    with pytest.raises(InvalidTransition):
        services.approve(actor=staff, application=draft, amount=Decimal(1))
    with pytest.raises(InvalidTransition):
        services.resubmit_application(actor=applicant, application=draft)
    assert TransitionLog.objects.count() == 0


def test_a_stale_review_is_refused(draft, applicant, staff):
    submitted(draft, applicant)
    stale = ProjectApplication.objects.get(pk=draft.pk)
    services.accept(actor=staff, application=draft)
    with pytest.raises((StaleObject, InvalidTransition)):
        services.send_back(actor=reviewer(), application=stale, reason="x", expected_version=stale.version)


# --- Calls ---------------------------------------------------------------------------------------


CALL_DATA = {
    "title": "2027年度株洲市重点研发计划项目申报指南",
    "year": 2027,
    "category": ProjectCategory.KEY_RD,
    "summary": "支持方向……",
    "opens_at": timezone.now() + timedelta(days=30),
    "closes_at": timezone.now() + timedelta(days=60),
    "max_funding": Decimal("1000000"),
}


def test_city_staff_and_administrators_manage_calls(staff, applicant, county_staff):
    call = services.create_call(actor=staff, data=CALL_DATA)
    assert call.department == staff.department and not call.is_published
    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    services.update_call(actor=admin, call=call, data={"summary": "新的支持方向"})
    services.publish_call(actor=admin, call=call)
    call.refresh_from_db()
    assert call.is_published and call.summary == "新的支持方向"
    for outsider in (applicant, county_staff, UserFactory(roles=[Role.LEADER])):
        with pytest.raises(ActionNotPermitted):
            services.create_call(actor=outsider, data=CALL_DATA)
        with pytest.raises(ActionNotPermitted):
            services.publish_call(actor=outsider, call=call)


def test_call_checks(staff):
    with pytest.raises(InvalidInput) as exc:
        services.create_call(actor=staff, data={**CALL_DATA, "closes_at": CALL_DATA["opens_at"]})
    assert "closes_at" in exc.value.fields
    with pytest.raises(InvalidInput) as exc:
        services.create_call(actor=staff, data={**CALL_DATA, "max_funding": Decimal(0)})
    assert "max_funding" in exc.value.fields
    admin_without_department = UserFactory(roles=[Role.ADMINISTRATOR])
    with pytest.raises(InvalidInput, match="主管科室"):
        services.create_call(actor=admin_without_department, data=CALL_DATA)


def test_a_closed_call_cannot_be_published(staff):
    call = ProjectCallFactory(is_published=False, year=2020)
    with pytest.raises(InvalidInput, match="截止时间已过"):
        services.publish_call(actor=staff, call=call)


def test_the_category_is_fixed_once_applications_exist(draft, staff):
    with pytest.raises(InvalidInput, match="计划类别"):
        services.update_call(actor=staff, call=draft.call, data={"category": ProjectCategory.SOCIAL})
    services.update_call(actor=staff, call=draft.call, data={"closes_at": timezone.now() + timedelta(days=40)})
