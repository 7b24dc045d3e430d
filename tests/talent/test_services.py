"""Talent services: who may write, region from the registry unit, rules in Chinese, stale edits."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from stdnum.cn import ric

from bureau.core.errors import ActionNotPermitted, InvalidInput, InvalidTransition, StaleObject
from talent import services
from talent.models import Commissioner, CommissionerServiceLog, Expert, TalentSelection
from tests.factories import OrganizationFactory, UserFactory

from .factories import (
    CommissionerFactory,
    ExpertFactory,
    TalentProgramFactory,
    TalentSelectionFactory,
    make_id_number,
)


def selection_data(region=None, **extra):
    data = {
        "program": TalentProgramFactory(code="hn-bajian", name="湖南省科技领军人才"),
        "year": 2026,
        "selected_on": date(2026, 9, 25),
        "full_name": "王志刚",
        "organization_name": "醴陵华鑫电瓷科技股份有限公司",
        "region": region,
        "funding": Decimal("1000000"),
    }
    return {**data, **extra}


def expert_data(region=None, **extra):
    data = {
        "full_name": "陈学军",
        "id_number": make_id_number(),
        "organization_name": "湖南工业大学",
        "region": region,
        "title": Expert.Title.SENIOR,
        "technical_fields": ["new_materials", "advanced_manufacturing"],
        "joined_on": date(2025, 3, 1),
    }
    return {**data, **extra}


def commissioner_data(region=None, **extra):
    data = {
        "kind": Commissioner.Kind.INDIVIDUAL,
        "name": "谭建军",
        "id_number": make_id_number(),
        "member_count": 1,
        "organization_name": "株洲市农业科学研究所",
        "region": region,
        "service_target": "醴陵市王仙镇",
        "service_from": date(2026, 3, 1),
        "service_until": date(2027, 2, 28),
    }
    return {**data, **extra}


class TestWhoMayWrite:
    def test_city_staff_of_any_department_and_administrators_write_everywhere(
        self, officer, other_city_staff, administrator, liling, tianyuan
    ):
        services.create_selection(actor=officer, data=selection_data(liling))
        services.create_selection(actor=other_city_staff, data=selection_data(tianyuan, full_name="李海涛"))
        services.create_expert(actor=administrator, data=expert_data(tianyuan))
        assert TalentSelection.objects.count() == 2 and Expert.objects.count() == 1

    def test_county_staff_write_their_region_and_its_parks_only(self, liling_officer, liling, liling_park, tianyuan):
        services.create_commissioner(actor=liling_officer, data=commissioner_data(liling))
        services.create_commissioner(actor=liling_officer, data=commissioner_data(liling_park, name="彭志勇"))
        with pytest.raises(ActionNotPermitted) as exc:
            services.create_commissioner(actor=liling_officer, data=commissioner_data(tianyuan, name="罗晓红"))
        assert "不在您的管辖范围内" in str(exc.value.message)
        assert Commissioner.objects.count() == 2

    def test_county_staff_cannot_move_a_record_out_of_their_region(self, liling_officer, liling, tianyuan):
        selection = TalentSelectionFactory(region=liling)
        with pytest.raises(ActionNotPermitted):
            services.update_selection(actor=liling_officer, selection=selection, data={"region": tianyuan})
        selection.refresh_from_db()
        assert selection.region == liling

    def test_county_staff_cannot_touch_another_region(self, liling_officer, tianyuan):
        expert = ExpertFactory(region=tianyuan)
        with pytest.raises(ActionNotPermitted):
            services.suspend_expert(actor=liling_officer, expert=expert)
        with pytest.raises(ActionNotPermitted):
            services.add_service_log(
                actor=liling_officer,
                commissioner=CommissionerFactory(region=tianyuan),
                data={"served_on": date(2026, 5, 1), "place": "x", "content": "x"},
            )

    @pytest.mark.parametrize("who", ["leader", "applicant", "expert_user"])
    def test_leaders_applicants_and_experts_do_not_write(self, request, who, liling):
        actor = request.getfixturevalue(who)
        with pytest.raises(ActionNotPermitted):
            services.create_selection(actor=actor, data=selection_data(liling))
        with pytest.raises(ActionNotPermitted):
            services.create_expert(actor=actor, data=expert_data(liling))
        with pytest.raises(ActionNotPermitted):
            services.end_commissioner_service(
                actor=actor, commissioner=CommissionerFactory(region=liling), ended_on=date(2026, 6, 1), reason="x"
            )
        assert not TalentSelection.objects.exists()

    def test_read_permission(self, officer, liling_officer, leader, applicant, expert_user):
        assert all(services.can_view(u) for u in (officer, liling_officer, leader))
        assert not any(services.can_view(u) for u in (applicant, expert_user))


class TestRegionFromOrganization:
    def test_region_and_name_come_from_the_registered_unit_when_left_empty(self, officer, tianyuan):
        org = OrganizationFactory(region=tianyuan, name="株洲中车时代电气股份有限公司")
        selection = services.create_selection(
            actor=officer, data=selection_data(None, organization_name="", organization_code=org.uscc.lower())
        )
        assert selection.organization == org
        assert selection.region == tianyuan
        assert selection.organization_name == "株洲中车时代电气股份有限公司"

    def test_a_region_chosen_is_kept(self, officer, liling, tianyuan):
        org = OrganizationFactory(region=tianyuan)
        expert = services.create_expert(actor=officer, data=expert_data(liling, organization_code=org.uscc))
        assert expert.region == liling and expert.organization == org

    def test_an_unknown_code_is_refused_in_chinese(self, officer, liling):
        with pytest.raises(InvalidInput) as exc:
            services.create_selection(
                actor=officer, data=selection_data(liling, organization_code="91430200MA4L00001X")
            )
        assert "统一社会信用代码" in exc.value.fields["organization_code"]

    def test_no_region_and_no_unit_says_what_to_do(self, officer):
        with pytest.raises(InvalidInput) as exc:
            services.create_commissioner(actor=officer, data=commissioner_data(None))
        assert "请选择服务的县市区" in exc.value.fields["region"]

    def test_a_commissioner_is_never_placed_where_its_unit_is(self, officer, tianyuan):
        # Counted where it serves, which is seldom where the dispatching unit sits.
        org = OrganizationFactory(region=tianyuan)
        with pytest.raises(InvalidInput) as exc:
            services.create_commissioner(actor=officer, data=commissioner_data(None, organization_code=org.uscc))
        assert "按服务地统计" in exc.value.fields["region"]

    def test_county_staff_cannot_reach_another_region_through_a_unit(self, liling_officer, tianyuan):
        org = OrganizationFactory(region=tianyuan)
        with pytest.raises(ActionNotPermitted):
            services.create_selection(actor=liling_officer, data=selection_data(None, organization_code=org.uscc))


class TestRulesInChinese:
    def test_duplicate_selection(self, officer, liling):
        services.create_selection(actor=officer, data=selection_data(liling))
        with pytest.raises(InvalidInput) as exc:
            services.create_selection(actor=officer, data=selection_data(liling))
        assert "该人员已录入同一计划同一年度的入选记录" in str(exc.value.fields)

    def test_gender_from_the_id_number(self, officer, liling):
        number = make_id_number()
        selection = services.create_selection(actor=officer, data=selection_data(liling, id_number=number))
        assert selection.gender == ("male" if int(number[16]) % 2 else "female")

    def test_bad_id_number(self, officer, liling):
        with pytest.raises(InvalidInput) as exc:
            services.create_expert(actor=officer, data=expert_data(liling, id_number="430281199001011234"))
        assert "居民身份证号码无效" in exc.value.fields["id_number"]
        # A division code python-stdnum's table fails on (KeyError), held by someone born before
        # their county's present code existed: a real number, accepted.
        body = "43020519650101123"
        expert = services.create_expert(
            actor=officer, data=expert_data(liling, id_number=body + ric.calc_check_digit(body + "0"))
        )
        assert expert.pk is not None

    def test_expert_once_in_the_pool_and_account_must_hold_the_role(self, officer, liling, expert_user):
        first = services.create_expert(actor=officer, data=expert_data(liling, user=expert_user))
        with pytest.raises(InvalidInput) as exc:
            services.create_expert(actor=officer, data=expert_data(liling, id_number=first.id_number))
        assert "已有该身份证号码的专家" in exc.value.fields["id_number"]
        with pytest.raises(InvalidInput) as exc:
            services.create_expert(actor=officer, data=expert_data(liling, user=expert_user))
        assert "已关联其他专家" in exc.value.fields["user"]
        with pytest.raises(InvalidInput) as exc:
            services.create_expert(actor=officer, data=expert_data(liling, user=UserFactory()))
        assert "没有评审专家角色" in exc.value.fields["user"]

    def test_commissioner_kinds(self, officer, liling):
        with pytest.raises(InvalidInput) as exc:
            services.create_commissioner(actor=officer, data=commissioner_data(liling, id_number=""))
        assert exc.value.fields["id_number"] == "个人科技特派员须填写居民身份证号码。"
        with pytest.raises(InvalidInput) as exc:
            services.create_commissioner(
                actor=officer,
                data=commissioner_data(liling, kind="legal_person", id_number="", member_count=2, leader_name=""),
            )
        assert exc.value.fields["member_count"] == "法人科技特派员须派出不少于3名专业技术人员。"
        assert "负责人" in exc.value.fields["leader_name"]
        legal = services.create_commissioner(
            actor=officer,
            data=commissioner_data(liling, kind="legal_person", id_number="", member_count=3, leader_name="陈志强"),
        )
        assert legal.year == 2026  # from the term's start

    def test_term_order(self, officer, liling):
        with pytest.raises(InvalidInput) as exc:
            services.create_commissioner(actor=officer, data=commissioner_data(liling, service_until=date(2026, 2, 1)))
        assert exc.value.fields["service_until"] == "服务期止不能早于服务期起。"


class TestStaleEdits:
    def test_an_edit_on_a_stale_copy_is_refused(self, officer, other_city_staff, liling):
        selection = TalentSelectionFactory(region=liling, full_name="王志刚")
        loaded = services.fingerprint(selection)
        services.update_selection(
            actor=other_city_staff, selection=selection, data={"category": "青年英才"}, expected=loaded
        )
        with pytest.raises(StaleObject) as exc:
            services.update_selection(
                actor=officer, selection=selection, data={"category": "领军人才"}, expected=loaded
            )
        assert "已被他人修改" in str(exc.value.message)
        selection.refresh_from_db()
        assert selection.category == "青年英才"

    def test_the_fingerprint_does_not_reveal_the_id_number(self, liling):
        expert = ExpertFactory(region=liling)
        assert expert.id_number not in services.fingerprint(expert)
        assert len(services.fingerprint(expert)) == 32


class TestExpertStatus:
    def test_suspend_resume_and_remove(self, officer, liling):
        expert = ExpertFactory(region=liling, joined_on=date(2025, 3, 1))
        expert = services.suspend_expert(actor=officer, expert=expert, reason="本人申请")
        assert expert.status == Expert.Status.SUSPENDED and "本人申请" in expert.note
        with pytest.raises(InvalidTransition):
            services.suspend_expert(actor=officer, expert=expert)
        expert = services.resume_expert(actor=officer, expert=expert)
        assert expert.status == Expert.Status.ACTIVE
        with pytest.raises(InvalidInput) as exc:
            services.remove_expert(actor=officer, expert=expert, left_on=date(2025, 1, 1))
        assert "出库日期不能早于入库日期" in exc.value.fields["left_on"]
        expert = services.remove_expert(actor=officer, expert=expert, left_on=date(2026, 3, 1), reason="退休")
        assert expert.status == Expert.Status.LEFT and expert.left_on == date(2026, 3, 1)
        assert not Expert.objects.in_pool_on(date(2026, 3, 2)).exists()
        with pytest.raises(InvalidTransition):
            services.remove_expert(actor=officer, expert=expert, left_on=date(2026, 4, 1))


class TestCommissionerService:
    def test_service_logs_within_the_term(self, officer, liling):
        commissioner = CommissionerFactory(
            region=liling, service_from=date(2026, 3, 1), service_until=date(2027, 2, 28)
        )
        log = services.add_service_log(
            actor=officer,
            commissioner=commissioner,
            data={"served_on": date(2026, 5, 10), "place": "王仙镇", "content": "技术培训", "people_served": 30},
        )
        assert log.recorded_by == officer
        with pytest.raises(InvalidInput) as exc:
            services.add_service_log(
                actor=officer,
                commissioner=commissioner,
                data={"served_on": date(2026, 1, 10), "place": "王仙镇", "content": "技术培训"},
            )
        assert "服务日期应在服务期内" in exc.value.fields["served_on"]
        with pytest.raises(InvalidInput) as exc:
            services.add_service_log(
                actor=officer,
                commissioner=commissioner,
                data={"served_on": timezone.localdate() + timedelta(days=1), "place": "x", "content": "x"},
            )
        assert "不能晚于今天" in exc.value.fields["served_on"]
        assert CommissionerServiceLog.objects.count() == 1

    def test_end_service_early(self, officer, liling):
        commissioner = CommissionerFactory(
            region=liling, service_from=date(2026, 3, 1), service_until=date(2027, 2, 28)
        )
        with pytest.raises(InvalidInput) as exc:
            services.end_commissioner_service(
                actor=officer, commissioner=commissioner, ended_on=date(2027, 6, 1), reason="调动"
            )
        assert "终止日期应在服务期内" in exc.value.fields["ended_on"]
        with pytest.raises(InvalidInput) as exc:
            services.end_commissioner_service(
                actor=officer, commissioner=commissioner, ended_on=date(2026, 8, 31), reason=" "
            )
        assert "原因" in exc.value.fields["reason"]
        ended = services.end_commissioner_service(
            actor=officer, commissioner=commissioner, ended_on=date(2026, 8, 31), reason="工作调动"
        )
        assert ended.ended_on == date(2026, 8, 31) and "工作调动" in ended.note
        assert not Commissioner.objects.in_service_on(date(2026, 9, 1)).exists()
        with pytest.raises(InvalidTransition):
            services.end_commissioner_service(actor=officer, commissioner=ended, ended_on=date(2026, 9, 1), reason="x")
        with pytest.raises(InvalidInput) as exc:
            services.add_service_log(
                actor=officer, commissioner=ended, data={"served_on": date(2026, 9, 10), "place": "x", "content": "x"}
            )
        assert "2026-08-31" in exc.value.fields["served_on"]
