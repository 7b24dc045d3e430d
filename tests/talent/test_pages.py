"""Talent pages: filters, scope (404), query bounds, exports (ID masked), forms, panel and menu."""

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from talent.models import Commissioner, Expert, TalentSelection

from .factories import (
    CommissionerFactory,
    CommissionerServiceLogFactory,
    ExpertFactory,
    TalentProgramFactory,
    TalentSelectionFactory,
    make_id_number,
)


def cells(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def selections(liling, liling_park, tianyuan):
    bajian = TalentProgramFactory(code="hn-bajian", name="湖南省科技领军人才（“拔尖”人才）", short_name="拔尖")
    hejian = TalentProgramFactory(code="hn-hejian", name="科技创新类湖南青年英才（“荷尖”人才）", short_name="荷尖")
    rows = []
    for i in range(12):
        rows.append(
            TalentSelectionFactory(
                program=bajian if i % 2 else hejian,
                year=2025 if i < 4 else 2026,
                full_name=f"醴陵人才{i}",
                region=liling_park if i == 11 else liling,
                id_number=make_id_number(),
                organization_name="醴陵华鑫电瓷科技股份有限公司",
            )
        )
    for i in range(13):
        rows.append(
            TalentSelectionFactory(
                program=bajian, year=2026, full_name=f"天元人才{i}", region=tianyuan, organization_name="湖南工业大学"
            )
        )
    return rows


class TestSelectionList:
    def test_filters_by_program_year_region_with_parks_and_keyword(
        self, client, officer, selections, liling, liling_park
    ):
        client.force_login(officer)
        url = reverse("talent:selection-list")
        assert client.get(url).context["page_obj"].paginator.count == 25
        assert client.get(url, {"program": "hn-bajian", "year": "2026"}).context["page_obj"].paginator.count == 17
        by_region = client.get(url, {"region": liling.pk}).context["page_obj"].paginator.count
        assert by_region == 12  # the county and its park
        assert client.get(url, {"region": liling_park.pk}).context["page_obj"].paginator.count == 1
        assert client.get(url, {"region": liling.parent_id}).context["page_obj"].paginator.count == 25  # the city
        assert client.get(url, {"q": "工业大学"}).context["page_obj"].paginator.count == 13
        assert client.get(url, {"q": "天元人才1"}).context["page_obj"].paginator.count == 4  # 1, 10, 11, 12

    def test_county_staff_see_their_region_only_and_others_answer_404(
        self, client, liling_officer, selections, tianyuan
    ):
        client.force_login(liling_officer)
        page = client.get(reverse("talent:selection-list"))
        assert page.context["page_obj"].paginator.count == 12
        regions = list(page.context["filter"].form.fields["region"].queryset)
        assert tianyuan not in regions
        other = TalentSelection.objects.filter(region=tianyuan).first()
        assert client.get(reverse("talent:selection-detail", args=[other.pk])).status_code == 404
        assert client.get(reverse("talent:selection-edit", args=[other.pk])).status_code == 404

    def test_query_bounds(self, client, officer, selections, django_assert_max_num_queries):
        client.force_login(officer)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("talent:selection-list"), {"year": "", "region": ""})
        assert len(response.context["page_obj"].object_list) == 20
        with django_assert_max_num_queries(12):
            response = client.get(reverse("talent:selection-detail", args=[selections[0].pk]))
        assert response.status_code == 200

    def test_export_is_filtered_and_masks_id_numbers(self, client, officer, selections, liling):
        client.force_login(officer)
        response = client.get(reverse("talent:selection-list"), {"region": liling.pk, "export": "1"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        rows = cells(response)
        assert rows[0][0] == "人才计划" and "身份证号（脱敏）" in rows[0]
        assert len(rows) == 13  # header and 12 rows
        flat = " ".join(str(c) for row in rows for c in row)
        for s in selections[:12]:
            assert s.id_number not in flat
            assert s.masked_id_number in flat
        page = client.get(reverse("talent:selection-detail", args=[selections[0].pk])).content.decode()
        assert selections[0].id_number not in page and selections[0].masked_id_number in page

    def test_applicants_and_experts_are_refused(self, client, applicant, expert_user, selections):
        for user in (applicant, expert_user):
            client.force_login(user)
            assert client.get(reverse("talent:selection-list")).status_code == 403
            assert client.get(reverse("talent:program-list")).status_code == 403

    def test_leader_reads_but_does_not_edit(self, client, leader, selections):
        client.force_login(leader)
        page = client.get(reverse("talent:selection-list"))
        assert page.status_code == 200 and "录入入选人员" not in page.content.decode()
        assert client.get(reverse("talent:selection-new")).status_code == 403
        detail = client.get(reverse("talent:selection-detail", args=[selections[0].pk])).content.decode()
        assert reverse("talent:selection-edit", args=[selections[0].pk]) not in detail


class TestSelectionForm:
    def test_create_with_a_mistake_keeps_what_was_typed_then_saves(self, client, officer, liling):
        program = TalentProgramFactory(code="hn-hejian", name="科技创新类湖南青年英才")
        client.force_login(officer)
        data = {
            "program": program.pk,
            "year": "2026",
            "selected_on": "2026-09-25",
            "full_name": "刘晓燕",
            "id_number": "430281199001011234",  # bad check digit
            "organization_name": "醴陵华鑫电瓷科技股份有限公司",
            "region": liling.pk,
            "funding": "300000",
        }
        response = client.post(reverse("talent:selection-new"), data)
        page = response.content.decode()
        assert response.status_code == 200
        assert "居民身份证号码无效" in page and 'value="刘晓燕"' in page
        data["id_number"] = make_id_number()
        response = client.post(reverse("talent:selection-new"), data)
        selection = TalentSelection.objects.get()
        assert response.status_code == 302 and response["Location"] == selection.get_absolute_url()
        assert selection.funding == 300000 and selection.region == liling

    def test_edit_keeps_the_stored_id_number_and_refuses_a_stale_copy(self, client, officer, liling):
        selection = TalentSelectionFactory(region=liling, id_number=make_id_number(), full_name="王志刚")
        client.force_login(officer)
        form = client.get(reverse("talent:selection-edit", args=[selection.pk]))
        assert selection.id_number not in form.content.decode()
        initial = form.context["form"].initial
        data = {
            "program": selection.program_id,
            "year": "2026",
            "selected_on": "2026-06-30",
            "full_name": "王志刚",
            "id_number": "",
            "organization_name": selection.organization_name,
            "region": liling.pk,
            "category": "领军人才",
            "fingerprint": initial["fingerprint"],
        }
        assert client.post(reverse("talent:selection-edit", args=[selection.pk]), data).status_code == 302
        stored = TalentSelection.objects.get()
        assert stored.id_number == selection.id_number and stored.category == "领军人才"
        data["category"] = "青年人才"  # same (now stale) fingerprint
        response = client.post(reverse("talent:selection-edit", args=[selection.pk]), data)
        assert "已被他人修改" in response.content.decode()
        assert TalentSelection.objects.get().category == "领军人才"


class TestPrograms:
    def test_counts_per_year_link_to_the_list(self, client, leader, selections, django_assert_max_num_queries):
        client.force_login(leader)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("talent:program-list"))
        rows = {row["program"].code: dict(row["cells"]) for row in response.context["rows"]}
        assert rows["hn-bajian"][2026] == 17 and rows["hn-bajian"][2025] == 2 and rows["hn-hejian"][2026] == 4
        page = response.content.decode()
        assert f"{reverse('talent:selection-list')}?program=hn-bajian&amp;year=2026" in page


@pytest.fixture
def experts(liling, tianyuan):
    made = [
        ExpertFactory(region=liling, full_name="陈学军", technical_fields=["new_materials"], specialty="电瓷材料"),
        ExpertFactory(region=liling, full_name="李文华", title=Expert.Title.ASSOCIATE, status=Expert.Status.SUSPENDED),
    ]
    made += [
        ExpertFactory(region=tianyuan, technical_fields=["electronic_information", "new_materials"]) for _ in range(22)
    ]
    return made


class TestExperts:
    def test_filters(self, client, officer, experts, liling):
        client.force_login(officer)
        url = reverse("talent:expert-list")
        count = lambda **p: client.get(url, p).context["page_obj"].paginator.count  # noqa: E731
        assert count() == 24
        assert count(region=liling.pk) == 2
        assert count(status="suspended") == 1
        assert count(title="associate") == 1
        assert count(field="new_materials") == 23
        assert count(field="electronic_information", region=liling.pk) == 0
        assert count(q="电瓷") == 1

    def test_query_bounds_and_masking(self, client, officer, experts, django_assert_max_num_queries):
        client.force_login(officer)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("talent:expert-list"))
        assert len(response.context["page_obj"].object_list) == 20
        page = response.content.decode()
        assert experts[0].id_number not in page
        with django_assert_max_num_queries(12):
            detail = client.get(reverse("talent:expert-detail", args=[experts[0].pk]))
        assert experts[0].masked_id_number in detail.content.decode()
        rows = cells(client.get(reverse("talent:expert-list"), {"export": "1", "status": "suspended"}))
        assert len(rows) == 2 and rows[1][0] == "李文华" and "*" in rows[1][1]

    def test_county_scope(self, client, tianyuan_officer, experts):
        client.force_login(tianyuan_officer)
        assert client.get(reverse("talent:expert-list")).context["page_obj"].paginator.count == 22
        assert client.get(reverse("talent:expert-detail", args=[experts[0].pk])).status_code == 404
        response = client.post(reverse("talent:expert-status", args=[experts[0].pk]), {"action": "suspend"})
        assert response.status_code == 404
        assert Expert.objects.get(pk=experts[0].pk).status == Expert.Status.ACTIVE

    def test_an_expert_sees_only_their_own_profile(self, client, expert_user, experts):
        mine = experts[0]
        mine.user = expert_user
        mine.save()
        client.force_login(expert_user)
        assert client.get(reverse("talent:expert-mine"))["Location"] == mine.get_absolute_url()
        page = client.get(mine.get_absolute_url())
        assert page.status_code == 200 and "如需更正，请联系市科技局人才科" in page.content.decode()
        assert "暂停抽取" not in page.content.decode()  # no actions for the expert
        assert client.get(experts[1].get_absolute_url()).status_code == 404
        assert client.get(reverse("talent:expert-list")).status_code == 403

    def test_status_actions(self, client, officer, experts):
        client.force_login(officer)
        expert = experts[0]
        url = reverse("talent:expert-status", args=[expert.pk])
        client.post(url, {"action": "suspend", "suspend-reason": "出国访学"})
        assert Expert.objects.get(pk=expert.pk).status == Expert.Status.SUSPENDED
        response = client.post(url, {"action": "remove", "remove-left_on": "2020-01-01"})
        assert response.status_code == 400 and "出库日期不能早于入库日期" in response.content.decode()
        client.post(url, {"action": "remove", "remove-left_on": "2026-03-01", "remove-reason": "退休"})
        expert.refresh_from_db()
        assert expert.status == Expert.Status.LEFT and expert.left_on == date(2026, 3, 1)


@pytest.fixture
def commissioners(liling, tianyuan):
    made = [CommissionerFactory(region=liling, name=f"醴陵特派员{i}") for i in range(3)]
    made.append(
        CommissionerFactory(
            region=liling, kind="legal_person", id_number="", member_count=4, leader_name="陈志强", name="株洲市农科所"
        )
    )
    made.append(CommissionerFactory(region=liling, year=2025, name="往年特派员"))
    made += [CommissionerFactory(region=tianyuan) for _ in range(20)]
    for c in made[:3]:
        CommissionerServiceLogFactory.create_batch(2, commissioner=c)
    return made


class TestCommissioners:
    def test_filters_and_counts(self, client, officer, commissioners, liling):
        client.force_login(officer)
        url = reverse("talent:commissioner-list")
        count = lambda **p: client.get(url, p).context["page_obj"].paginator.count  # noqa: E731
        assert count() == 25
        assert count(region=liling.pk) == 5
        assert count(kind="legal_person") == 1
        assert count(year="2025") == 1
        assert count(q="农科所") == 1
        assert count(state="ended") == 0

    def test_query_bounds_and_export(self, client, officer, commissioners, django_assert_max_num_queries):
        client.force_login(officer)
        with django_assert_max_num_queries(12):
            response = client.get(reverse("talent:commissioner-list"))
        assert len(response.context["page_obj"].object_list) == 20
        with django_assert_max_num_queries(14):
            detail = client.get(reverse("talent:commissioner-detail", args=[commissioners[0].pk]))
        assert len(detail.context["page_obj"].object_list) == 2
        rows = cells(client.get(reverse("talent:commissioner-list"), {"export": "1", "kind": "individual"}))
        flat = " ".join(str(c) for row in rows for c in row)
        assert commissioners[0].id_number not in flat and commissioners[0].masked_id_number in flat
        header = rows[0]
        assert rows[1][header.index("服务日志（条）")] is not None

    def test_county_officer_sees_only_its_commissioners(self, client, tianyuan_officer, commissioners):
        client.force_login(tianyuan_officer)
        assert client.get(reverse("talent:commissioner-list")).context["page_obj"].paginator.count == 20
        assert client.get(commissioners[0].get_absolute_url()).status_code == 404
        response = client.post(
            reverse("talent:commissioner-log-add", args=[commissioners[0].pk]),
            {"log-served_on": "2026-05-01", "log-place": "x", "log-content": "x", "log-people_served": "1"},
        )
        assert response.status_code == 404

    def test_add_log_and_end_service(self, client, liling_officer, commissioners):
        commissioner = commissioners[3]
        client.force_login(liling_officer)
        url = reverse("talent:commissioner-log-add", args=[commissioner.pk])
        bad = client.post(url, {"log-served_on": "2025-01-01", "log-place": "王仙镇", "log-content": "培训"})
        assert bad.status_code == 400 and "服务日期应在服务期内" in bad.content.decode()
        assert 'value="王仙镇"' in bad.content.decode()
        good = client.post(
            url,
            {"log-served_on": "2026-05-01", "log-place": "王仙镇", "log-content": "培训", "log-people_served": "30"},
        )
        assert good.status_code == 302 and commissioner.service_logs.count() == 1
        end = reverse("talent:commissioner-end", args=[commissioner.pk])
        client.post(end, {"end-ended_on": "2026-08-31", "end-reason": "工作调动"})
        assert Commissioner.objects.get(pk=commissioner.pk).ended_on == date(2026, 8, 31)


class TestWorkbench:
    def test_menu_and_talent_panel(self, client, officer, other_city_staff, liling_officer, commissioners, experts):
        client.force_login(officer)
        page = client.get(reverse("workbench")).content.decode()
        assert 'data-testid="panel-talent"' in page
        assert reverse("talent:commissioner-list") in page and "专家库" in page
        figures = client.get(reverse("workbench")).context["panels"]
        talent = next(p for p in figures if p["key"] == "talent.figures")["context"]
        assert talent["experts"] == 23 and talent["suspended"] == 1 and talent["commissioners"] >= 20
        client.force_login(other_city_staff)
        page = client.get(reverse("workbench")).content.decode()
        assert 'data-testid="panel-talent"' not in page and reverse("talent:expert-list") in page
        client.force_login(liling_officer)
        assert reverse("talent:commissioner-list") in client.get(reverse("workbench")).content.decode()
