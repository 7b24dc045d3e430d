"""SME evaluation services: every transition and its permission, history, snapshots, batches, numbers."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from bureau.core.errors import ActionNotPermitted, InvalidInput, InvalidTransition, StaleObject
from bureau.core.models import TransitionLog
from bureau.inbox.models import Message, Todo
from bureau.publicity.models import Objection, Publicity, PublicityItem
from bureau.publicity.services import close_publicity, file_objection, handle_objection
from enterprises.certification.models import SentReminder, SmeEvaluation, SmeSubmission
from enterprises.certification.services import sme as services
from enterprises.certification.services.reminders import send_reevaluation_reminders
from enterprises.models import Organization
from enterprises.services import NotYetVerified, save_year
from tests.enterprises.factories import IntegrityRecordFactory, MembershipFactory, QualificationFactory

from .factories import THIS_YEAR, RegisteredSmeFactory

pytestmark = pytest.mark.django_db
S = SmeEvaluation.Status


def start(member, org):
    evaluation = services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)
    return services.save_evaluation(actor=member, evaluation=evaluation, values={"declaration": True})


def submitted(member, org):
    evaluation = start(member, org)
    return services.submit_evaluation(actor=member, evaluation=evaluation)


def county_passed(member, org, liling_officer):
    evaluation = submitted(member, org)
    return services.review_evaluation(actor=liling_officer, evaluation=evaluation, level="county", decision="pass")


def city_passed(member, org, liling_officer, city_officer):
    evaluation = county_passed(member, org, liling_officer)
    return services.review_evaluation(actor=city_officer, evaluation=evaluation, level="city", decision="pass")


class TestStart:
    def test_prefills_the_figures_of_the_year_before_and_scores_them(self, org, member):
        evaluation = services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)
        assert evaluation.status == S.DRAFT
        assert evaluation.staff_total == 120 and evaluation.sci_tech_staff == 40
        # The last of three growing years: 30 million x 1.4.
        assert evaluation.revenue == Decimal("42000000.00")
        assert evaluation.rd_total == Decimal("2800000.00")
        assert (evaluation.class1_ip, evaluation.class2_ip) == (1, 3)
        # 33% staff -> 20; R&D 6.67% of revenue -> 50; a class-I item -> 30.
        assert (evaluation.staff_score, evaluation.rd_score, evaluation.ip_score) == (20, 50, 30)
        assert evaluation.total_score == 100 and evaluation.qualified

    def test_only_members_may_start(self, org, other_member):
        with pytest.raises(ActionNotPermitted):
            services.start_evaluation(actor=other_member, organization=org, year=THIS_YEAR)

    def test_one_live_evaluation_per_year(self, org, member):
        services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)
        with pytest.raises(InvalidInput, match="已经创建"):
            services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)

    def test_only_this_years_evaluation(self, org, member):
        with pytest.raises(InvalidInput):
            services.start_evaluation(actor=member, organization=org, year=THIS_YEAR - 1)

    def test_direct_grounds_come_from_the_profile(self, org, member):
        QualificationFactory(organization=org, kind="rd_institution", level="provincial", year=THIS_YEAR - 3)
        evaluation = services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)
        assert evaluation.facts["provincial_rd_institution"] is True
        assert evaluation.direct

    def test_a_violation_this_year_makes_it_ineligible(self, org, member):
        IntegrityRecordFactory(organization=org, kind="major_violation", starts_on=date(THIS_YEAR, 2, 1))
        evaluation = services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)
        assert not evaluation.eligible and not evaluation.qualified


class TestSaveAndSubmit:
    def test_save_rescores_and_refuses_a_stale_version(self, org, member):
        evaluation = services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)
        old_version = evaluation.version
        services.save_evaluation(
            actor=member, evaluation=evaluation, values={"sci_tech_staff": 10}, expected_version=old_version
        )
        assert evaluation.staff_score == 0 and not evaluation.qualified
        with pytest.raises(StaleObject):
            services.save_evaluation(actor=member, evaluation=evaluation, values={}, expected_version=old_version)

    def test_sync_writes_the_changed_figures_to_the_profile(self, org, member):
        evaluation = services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)
        services.save_evaluation(actor=member, evaluation=evaluation, values={"staff_total": 130}, sync_profile=True)
        assert org.years.get(year=THIS_YEAR - 1).staff_total == 130

    def test_submit_needs_a_verified_organization(self, org, member):
        evaluation = start(member, org)
        Organization.objects.filter(pk=org.pk).update(status=Organization.Status.PENDING)
        evaluation.organization.refresh_from_db()
        with pytest.raises(NotYetVerified):
            services.submit_evaluation(actor=member, evaluation=evaluation)

    def test_submit_needs_the_declaration(self, org, member):
        evaluation = services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)
        with pytest.raises(InvalidInput, match="承诺"):
            services.submit_evaluation(actor=member, evaluation=evaluation)

    def test_submit_refuses_a_score_below_the_standard(self, org, member):
        evaluation = start(member, org)
        services.save_evaluation(actor=member, evaluation=evaluation, values={"rd_total": Decimal("100000")})
        with pytest.raises(InvalidInput, match="未达到"):
            services.submit_evaluation(actor=member, evaluation=evaluation)

    def test_submit_freezes_the_profile_and_hands_to_the_county(self, org, member, liling):
        evaluation = submitted(member, org)
        assert evaluation.status == S.SUBMITTED and evaluation.submission_count == 1
        assert evaluation.snapshot.purpose == "sme" and evaluation.snapshot.year == THIS_YEAR - 1
        todo = Todo.objects.open().get(object_id=evaluation.pk)
        assert todo.role == "county_staff" and todo.region == liling and todo.due_on is not None
        assert SmeSubmission.objects.filter(evaluation=evaluation, round=1).exists()

    def test_later_profile_edits_do_not_change_what_was_submitted(self, org, member):
        evaluation = submitted(member, org)
        save_year(actor=member, organization=org, year=THIS_YEAR - 1, values={"staff_total": 300, "sci_tech_staff": 10})
        evaluation = SmeEvaluation.objects.get(pk=evaluation.pk)
        assert evaluation.staff_total == 120 and evaluation.total_score == 100
        snapshot_year = next(y for y in evaluation.snapshot.data["years"] if y["year"] == THIS_YEAR - 1)
        assert snapshot_year["staff_total"] == 120

    def test_withdraw_frees_the_year(self, org, member):
        evaluation = submitted(member, org)
        services.withdraw_evaluation(actor=member, evaluation=evaluation)
        assert evaluation.status == S.WITHDRAWN
        assert not Todo.objects.open().filter(object_id=evaluation.pk).exists()
        services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)


class TestReview:
    def test_county_then_city_pass(self, org, member, liling_officer, city_officer):
        evaluation = county_passed(member, org, liling_officer)
        assert evaluation.status == S.COUNTY_PASSED and evaluation.county_reviewed_by == liling_officer
        todo = Todo.objects.open().get(object_id=evaluation.pk)
        assert todo.role == "city_staff" and todo.department.code == "hightech"
        services.review_evaluation(actor=city_officer, evaluation=evaluation, level="city", decision="pass")
        assert evaluation.status == S.CITY_PASSED
        assert Message.objects.filter(recipient=member, title__contains="市级审核").exists()

    def test_return_with_reasons_then_resubmit_keeps_history(self, org, member, liling_officer):
        evaluation = submitted(member, org)
        services.review_evaluation(
            actor=liling_officer,
            evaluation=evaluation,
            level="county",
            decision="return",
            comment="请核对数据",
            corrections={"rd_total": "研发费用与审计报告不一致", "staff_total": "", "contact": "请留手机号"},
        )
        assert evaluation.status == S.RETURNED
        assert evaluation.corrections == {"rd_total": "研发费用与审计报告不一致", "contact": "请留手机号"}
        log = TransitionLog.objects.for_object(evaluation).last()
        assert "研发费用总额：研发费用与审计报告不一致" in log.comment
        assert Todo.objects.open().get(object_id=evaluation.pk).users.filter(pk=member.pk).exists()

        services.save_evaluation(actor=member, evaluation=evaluation, values={"rd_total": Decimal("2900000")})
        services.submit_evaluation(actor=member, evaluation=evaluation)
        assert evaluation.status == S.SUBMITTED and evaluation.corrections == {}
        rounds = list(evaluation.submissions.order_by("round"))
        assert [r.round for r in rounds] == [1, 2]
        assert rounds[0].corrections["rd_total"] and rounds[0].returned_by == liling_officer
        assert rounds[1].figures["rd_total"] == "2900000.00"
        assert [entry.transition for entry in TransitionLog.objects.for_object(evaluation)] == [
            "submit",
            "county_return",
            "submit",
        ]

    def test_return_needs_at_least_one_field(self, org, member, liling_officer):
        evaluation = submitted(member, org)
        with pytest.raises(InvalidInput, match="至少写明一项"):
            services.review_evaluation(
                actor=liling_officer, evaluation=evaluation, level="county", decision="return", comment="不行"
            )

    def test_refuse_needs_a_reason(self, org, member, liling_officer):
        evaluation = submitted(member, org)
        with pytest.raises(InvalidTransition):
            services.review_evaluation(actor=liling_officer, evaluation=evaluation, level="county", decision="refuse")
        services.review_evaluation(
            actor=liling_officer, evaluation=evaluation, level="county", decision="refuse", comment="属于限制类行业"
        )
        assert evaluation.status == S.NOT_PASSED and evaluation.decision_reason == "属于限制类行业"

    @pytest.mark.parametrize("who", ["tianyuan_officer", "city_officer", "leader", "member", "other_city_staff"])
    def test_only_the_county_of_the_region_passes_the_first_review(self, request, org, member, who):
        evaluation = submitted(member, org)
        actor = request.getfixturevalue(who)
        with pytest.raises(ActionNotPermitted):
            services.review_evaluation(actor=actor, evaluation=evaluation, level="county", decision="pass")

    @pytest.mark.parametrize("who", ["liling_officer", "other_city_staff", "leader", "member"])
    def test_only_the_hightech_department_passes_the_city_review(self, request, org, member, liling_officer, who):
        evaluation = county_passed(member, org, liling_officer)
        actor = request.getfixturevalue(who)
        with pytest.raises(ActionNotPermitted):
            services.review_evaluation(actor=actor, evaluation=evaluation, level="city", decision="pass")

    def test_a_review_of_the_wrong_step_is_refused(self, org, member, city_officer):
        evaluation = submitted(member, org)
        with pytest.raises(InvalidTransition):
            services.review_evaluation(actor=city_officer, evaluation=evaluation, level="city", decision="pass")


class TestBatchNumberRevoke:
    def test_batch_public_notice_cleared_number_valid(self, org, member, liling_officer, city_officer, on_commit):
        evaluation = city_passed(member, org, liling_officer, city_officer)
        today = timezone.localdate()
        publicity = services.open_batch(actor=city_officer, evaluation_ids=[evaluation.pk])
        evaluation = SmeEvaluation.objects.get(pk=evaluation.pk)
        assert evaluation.status == S.PUBLICIZING and evaluation.publicity == publicity
        assert publicity.source == "sme" and publicity.working_days == 10 and publicity.status == Publicity.Status.OPEN
        assert publicity.title == f"{THIS_YEAR}年第1批科技型中小企业入库公示"
        assert list(publicity.items.values_list("name", flat=True)) == [org.name]

        on_commit(close_publicity, publicity=publicity)
        evaluation = SmeEvaluation.objects.get(pk=evaluation.pk)
        assert evaluation.status == S.PUBLICIZED
        assert Todo.objects.open().get(object_id=evaluation.pk).title.startswith("公示期满无异议")

        with pytest.raises(InvalidInput, match="前 4 位"):
            services.record_number(actor=city_officer, evaluation=evaluation, number="20194302810001")
        services.record_number(
            actor=city_officer, evaluation=evaluation, number=f"{THIS_YEAR}43028104000123", today=today
        )
        assert evaluation.status == S.REGISTERED
        assert evaluation.valid_until == date(THIS_YEAR, 12, 31)
        assert evaluation.is_valid_on(today)
        assert not evaluation.is_valid_on(date(THIS_YEAR + 1, 1, 1))
        assert not Todo.objects.open().filter(object_id=evaluation.pk).exists()

    def test_an_upheld_objection_refuses_the_line(self, org, member, liling_officer, city_officer, on_commit):
        evaluation = city_passed(member, org, liling_officer, city_officer)
        publicity = services.open_batch(actor=city_officer, evaluation_ids=[evaluation.pk])
        item = publicity.items.get()
        objection = file_objection(publicity=publicity, item=item, name="王五", phone="13900000000", content="数据造假")
        handle_objection(actor=city_officer, objection=objection, upheld=True, reply="经核查属实")
        on_commit(close_publicity, publicity=publicity)
        evaluation = SmeEvaluation.objects.get(pk=evaluation.pk)
        assert evaluation.status == S.NOT_PASSED
        assert PublicityItem.objects.get(pk=item.pk).outcome == PublicityItem.Outcome.REJECTED
        assert Objection.objects.get(pk=objection.pk).status == Objection.Status.UPHELD

    def test_the_cleared_signal_is_idempotent(self, org, member, liling_officer, city_officer, on_commit):
        evaluation = city_passed(member, org, liling_officer, city_officer)
        services.open_batch(actor=city_officer, evaluation_ids=[evaluation.pk])
        assert services.publicity_cleared(evaluation_id=evaluation.pk) is not None
        assert services.publicity_cleared(evaluation_id=evaluation.pk) is None

    def test_only_city_passed_evaluations_go_in_a_batch(self, org, member, liling_officer, city_officer):
        evaluation = county_passed(member, org, liling_officer)
        with pytest.raises(InvalidInput, match="待公示"):
            services.open_batch(actor=city_officer, evaluation_ids=[evaluation.pk])

    def test_county_staff_cannot_open_a_batch(self, org, member, liling_officer, city_officer):
        evaluation = city_passed(member, org, liling_officer, city_officer)
        with pytest.raises(ActionNotPermitted):
            services.open_batch(actor=liling_officer, evaluation_ids=[evaluation.pk])

    def test_a_number_is_unique(self, org, other_org, city_officer):
        RegisteredSmeFactory(organization=other_org, registration_number=f"{THIS_YEAR}0001")
        evaluation = RegisteredSmeFactory(organization=org, status=S.PUBLICIZED, registration_number="")
        with pytest.raises(InvalidInput, match="已登记给其他企业"):
            services.record_number(actor=city_officer, evaluation=evaluation, number=f"{THIS_YEAR}0001")

    def test_revocation_bars_the_year(self, org, member, city_officer):
        evaluation = RegisteredSmeFactory(organization=org, year=THIS_YEAR)
        with pytest.raises(ActionNotPermitted):
            services.revoke_registration(actor=member, evaluation=evaluation, reason="自行申请")
        services.revoke_registration(actor=city_officer, evaluation=evaluation, reason="提供虚假材料")
        assert evaluation.status == S.REVOKED and evaluation.barred_year == timezone.localdate().year
        with pytest.raises(InvalidInput, match="不得再次申请"):
            services.start_evaluation(actor=member, organization=org, year=THIS_YEAR)
        services.ensure_not_barred(org, THIS_YEAR + 1)  # the next year is open again
        assert Message.objects.filter(recipient=member, title__contains="撤销").exists()


class TestReminders:
    def test_last_years_smes_are_reminded_once(self, org, member, other_org, other_member):
        RegisteredSmeFactory(organization=org, year=THIS_YEAR - 1, registration_number=f"{THIS_YEAR - 1}01")
        RegisteredSmeFactory(organization=other_org, year=THIS_YEAR - 1, registration_number=f"{THIS_YEAR - 1}02")
        services.start_evaluation(actor=other_member, organization=other_org, year=THIS_YEAR)
        today = date(THIS_YEAR, 3, 1)
        assert send_reevaluation_reminders(today=today) == 1
        assert send_reevaluation_reminders(today=today + timedelta(days=1)) == 0
        assert SentReminder.objects.get().organization == org
        assert Message.objects.filter(recipient=member, title__contains=f"{THIS_YEAR} 年度科技型中小企业评价").exists()
        assert not Message.objects.filter(recipient=other_member, title__contains="评价").exists()

    def test_members_of_the_organization_all_hear(self, org, member):
        colleague = MembershipFactory(organization=org, is_admin=False).user
        RegisteredSmeFactory(organization=org, year=THIS_YEAR - 1, registration_number=f"{THIS_YEAR - 1}01")
        send_reevaluation_reminders(today=date(THIS_YEAR, 1, 2))
        assert Message.objects.filter(recipient__in=[member, colleague]).count() == 2
