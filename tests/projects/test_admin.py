"""Admin: import of historical funded projects and of calls; the counters cannot be edited."""

from datetime import date
from decimal import Decimal

import pytest
import tablib
from django.urls import reverse

from projects.models import ProjectApplication, ProjectCall, ProjectNumberCounter
from projects.resources import CallResource, FundedProjectResource

from .factories import ProjectCallFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "项目编号",
    "项目名称",
    "申报指南",
    "申报单位统一社会信用代码",
    "项目负责人",
    "项目总预算（元）",
    "申请市级资助（元）",
    "立项日期",
    "立项资助金额（元）",
]


def _row(call, org, number="ZZKJ2023-001", amount="300000", **changes):
    values = {
        "项目编号": number,
        "项目名称": "硬质合金刀片涂层关键技术研发",
        "申报指南": call.title,
        "申报单位统一社会信用代码": org.uscc,
        "项目负责人": "王工",
        "项目总预算（元）": "1500000",
        "申请市级资助（元）": "500000",
        "立项日期": "2023-07-15",
        "立项资助金额（元）": amount,
        **changes,
    }
    return [values[h] for h in HEADERS]


def test_funded_projects_import_as_approved_and_imported(db):
    call = ProjectCallFactory(title="2023年度株洲市科技成果转化项目申报指南", year=2023, category="transfer")
    org = VerifiedOrganizationFactory()
    dataset = tablib.Dataset(_row(call, org), _row(call, org, number="ZZKJ2023-002", amount="200000"), headers=HEADERS)
    result = FundedProjectResource().import_data(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors()
    project = ProjectApplication.objects.get(project_number="ZZKJ2023-001")
    assert project.status == ProjectApplication.Status.APPROVED
    assert project.source == ProjectApplication.Source.IMPORTED
    assert (project.category, project.region) == ("transfer", org.region)
    assert (project.approved_on, project.approved_amount) == (date(2023, 7, 15), Decimal("300000"))
    assert project.number is None and project.self_funding == 0
    # Re-importing the same file updates, never duplicates.
    FundedProjectResource().import_data(dataset, dry_run=False)
    assert ProjectApplication.objects.count() == 2


def test_every_bad_row_is_reported_and_nothing_is_written(db):
    call = ProjectCallFactory(year=2023)
    org = VerifiedOrganizationFactory()
    dataset = tablib.Dataset(
        _row(call, org),
        _row(call, org, number="ZZKJ2023-002", 申报指南="不存在的指南"),
        _row(call, org, number="ZZKJ2023-003", 申报单位统一社会信用代码="91430200MA4000001X"),
        _row(call, org, number="ZZKJ2023-004", amount="600000"),
        _row(call, org, number="ZZKJ2023-005", amount="0"),
        headers=HEADERS,
    )
    result = FundedProjectResource().import_data(dataset, dry_run=True)
    assert result.has_validation_errors()
    invalid = {row.number: row.error_dict for row in result.invalid_rows}
    assert set(invalid) == {2, 3, 4, 5}
    assert "找不到申报指南" in " ".join(invalid[2]["call"])
    assert "单位库中没有" in " ".join(invalid[3]["organization"])
    assert "不能超过申请市级资助" in " ".join(invalid[4]["approved_amount"])
    assert "须大于 0" in " ".join(invalid[5]["approved_amount"])
    assert not ProjectApplication.objects.exists()


def test_calls_import_by_labels(db):
    from tests.projects.factories import PlanningDepartmentFactory

    PlanningDepartmentFactory()
    headers = ["指南名称", "计划年度", "计划类别", "主管科室", "指南内容", "申报开始时间", "申报截止时间", "已发布"]
    dataset = tablib.Dataset(
        [
            "2024年度株洲市重点研发计划项目申报指南",
            2024,
            "重点研发计划",
            "发展规划科",
            "支持方向",
            "2024-03-01 09:00",
            "2024-04-15 17:30",
            "是",
        ],
        [
            "2024年度株洲市某指南",
            2024,
            "不存在的类别",
            "发展规划科",
            "支持方向",
            "2024-03-01 09:00",
            "2024-04-15 17:30",
            "否",
        ],
        headers=headers,
    )
    result = CallResource().import_data(dataset, dry_run=True)
    assert [row.number for row in result.invalid_rows] == [2]
    assert "不是计划类别" in " ".join(result.invalid_rows[0].error_dict["category"])
    result = CallResource().import_data(tablib.Dataset(dataset[0], headers=headers), dry_run=False)
    call = ProjectCall.objects.get()
    assert (call.category, call.department.name, call.is_published) == ("key_rd", "发展规划科", True)


def test_admin_pages_render_and_the_counter_is_read_only(admin_client, draft):
    assert admin_client.get(reverse("admin:projects_projectapplication_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:projects_projectcall_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:projects_projectapplication_import")).status_code == 200
    assert admin_client.get(reverse("admin:projects_projectnumbercounter_add")).status_code == 403
    ProjectNumberCounter.objects.create(series="application", year=2026, last_serial=3)
    page = admin_client.get(reverse("admin:projects_projectapplication_change", args=[draft.pk])).content.decode()
    assert 'name="status"' not in page and 'name="title"' in page
