"""Targets, entered values and their imports (reports/services/indicators.py, reports/jobs.py)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from bureau.accounts.models import Role
from bureau.core.errors import ActionNotPermitted, InvalidInput, StaleObject
from bureau.core.jobs import start_job
from bureau.core.models import Job
from bureau.inbox.models import Message
from reports.models import EnteredValue, Indicator, Rollup, Target
from reports.periods import Period
from reports.services import imports
from reports.services import indicators as services
from tests.factories import UserFactory
from tests.reports.factories import indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(roles=[Role.CITY_STAFF])


def xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    buffer.name = "import.xlsx"
    return buffer


# --- The catalogue ------------------------------------------------------------------


def test_the_catalogue_is_seeded_and_syncing_again_keeps_admin_edits(db):
    gdp = Indicator.objects.get(code="gdp")
    gdp.name = "地区生产总值（现价）"
    gdp.unit = "万元"
    gdp.save()
    assert services.sync_indicators() == []
    gdp.refresh_from_db()
    assert (gdp.name, gdp.unit) == ("地区生产总值（现价）", "万元")
    intensity = Indicator.objects.get(code="rd.intensity")
    assert (intensity.numerator.code, intensity.denominator.code) == ("rd.spending", "gdp")
    assert intensity.source == Indicator.Source.DERIVED
    assert Indicator.objects.get(code="org.verified").source == Indicator.Source.COMPUTED


@pytest.mark.parametrize(
    ("code", "typed", "stored"),
    [
        ("gdp", "50", Decimal("5000000000")),  # 亿元
        ("rd.intensity", "3.27", Decimal("0.0327")),  # %
        ("org.verified", "550", Decimal("550")),  # 家
    ],
)
def test_values_are_typed_in_the_indicators_unit_and_stored_in_base_units(code, typed, stored):
    assert indicator(code).from_display(Decimal(typed)) == stored


# --- Targets ------------------------------------------------------------------------


def test_city_staff_set_a_target_in_the_indicators_unit(city, staff):
    target = services.set_target(
        actor=staff, indicator=indicator("gdp"), region=city["liling"], year=2026, value=Decimal("50")
    )
    assert target.value == Decimal("5000000000")
    assert target.updated_by == staff


def test_county_staff_cannot_set_targets(city):
    county = UserFactory(roles=[Role.COUNTY_STAFF], region=city["liling"])
    with pytest.raises(ActionNotPermitted):
        services.set_target(actor=county, indicator=indicator("gdp"), region=city["liling"], year=2026, value=1)


def test_a_stale_target_edit_is_refused(city, staff):
    first = services.set_target(actor=staff, indicator=indicator("gdp"), region=city["city"], year=2026, value=50)
    services.set_target(
        actor=staff, indicator=indicator("gdp"), region=city["city"], year=2026, value=55, expected_version=1
    )
    with pytest.raises(StaleObject):
        services.set_target(
            actor=staff,
            indicator=indicator("gdp"),
            region=city["city"],
            year=2026,
            value=60,
            expected_version=first.version,
        )
    assert Target.objects.get().value == Decimal("5500000000")


def test_the_targets_page_saves_and_keeps_what_was_typed_on_error(client, city, staff):
    client.force_login(staff)
    url = reverse("reports:targets") + "?indicator=gdp&year=2026"
    bad = client.post(url, {f"value_{city['city'].pk}": "50", f"value_{city['liling'].pk}": "五十"})
    assert bad.status_code == 200
    assert "五十" in bad.content.decode()
    assert not Target.objects.exists()

    good = client.post(url, {f"value_{city['city'].pk}": "50", f"value_{city['liling'].pk}": "8.5"})
    assert good.status_code == 302
    assert Target.objects.get(region=city["liling"]).value == Decimal("850000000")
    page = client.get(url).content.decode()
    assert 'value="8.5"' in page and 'value="50"' in page


def test_county_staff_see_targets_but_cannot_post(client, city):
    client.force_login(UserFactory(roles=[Role.COUNTY_STAFF], region=city["liling"]))
    url = reverse("reports:targets")
    assert client.get(url).status_code == 200
    assert client.post(url, {f"value_{city['liling'].pk}": "1"}).status_code == 403


# --- Entered values -----------------------------------------------------------------


def test_a_computed_indicator_cannot_be_entered(city, staff):
    with pytest.raises(InvalidInput):
        services.set_entered_value(
            actor=staff,
            indicator=indicator("org.verified"),
            region=city["city"],
            period=Period.parse("2024-Y"),
            value=1,
        )


def test_saving_entered_values_refreshes_their_rollups_after_commit(city, staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.save_entered_values(
            actor=staff,
            indicator=indicator("gdp"),
            period=Period.parse("2024-H1"),
            rows=[{"region": city["city"], "value": Decimal("1500"), "note": "市统计局"}],
        )
    row = Rollup.objects.get(indicator__code="gdp", region=city["city"])
    assert (row.period, row.year, row.number, row.value) == ("half", 2024, 1, Decimal("150000000000"))


# --- Imports ------------------------------------------------------------------------

TARGET_HEAD = ["指标代码", "区划代码", "年度", "目标值", "单位", "备注"]


def test_a_target_import_saves_every_row(city, staff):
    file = xlsx(
        [
            TARGET_HEAD,
            ["gdp", "430200", 2026, 50, "亿元", "全市"],
            ["gdp", "醴陵市", "2026年", "8.5", "", ""],
            ["org.verified", 430281, 2026, 120, "家", ""],
        ]
    )
    report = imports.import_targets(actor=staff, file=file)
    assert report.ok, report.errors
    assert (report.rows, report.created, report.updated) == (3, 3, 0)
    assert Target.objects.get(indicator__code="gdp", region=city["city"]).value == Decimal("5000000000")
    assert Target.objects.get(indicator__code="org.verified").value == 120


def test_a_target_import_with_a_bad_row_saves_nothing_and_names_every_bad_row(city, staff):
    file = xlsx(
        [
            TARGET_HEAD,
            ["gdp", "430200", 2026, 50, "亿元", ""],
            ["nope", "430200", 2026, 1, "", ""],
            ["gdp", "999999", 2026, 1, "", ""],
            ["gdp", "430281", 2026, 5, "万元", ""],
            ["gdp", "430200", 2026, 51, "", ""],
            ["gdp", "430223", "明年", -3, "", ""],
        ]
    )
    report = imports.import_targets(actor=staff, file=file)
    assert not report.ok
    assert not Target.objects.exists()
    found = {(e.line, e.column) for e in report.errors}
    assert (3, "指标代码") in found
    assert (4, "区划代码") in found
    assert (5, "单位") in found
    assert (6, "") in found  # duplicate of line 2
    assert (7, "年度") in found and (7, "目标值") in found


def test_a_file_that_is_not_excel_is_reported_on_line_one(staff):
    report = imports.import_targets(actor=staff, file=io.BytesIO(b"not a workbook"))
    assert [(e.line, e.message[:7]) for e in report.errors] == [(1, "无法读取该文件")]


def test_an_entered_import_reads_periods_as_bureaus_write_them(city, staff, django_capture_on_commit_callbacks):
    file = xlsx(
        [
            ["指标代码", "区划代码", "统计期", "数值", "单位", "备注"],
            ["gdp", "430200", "2023年", 3000, "亿元", ""],
            ["rd.spending", "430200", "2023-Y", "98.1", "亿元", ""],
            ["gdp", "430281", "2024年上半年", 500, "", ""],
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = imports.import_entered_values(actor=staff, file=file)
    assert report.ok, report.errors
    assert EnteredValue.objects.get(region=city["liling"]).period_label == "2024年上半年"
    intensity = Rollup.objects.get(indicator__code="rd.intensity", region=city["city"], period="year", year=2023)
    assert intensity.value == Decimal("0.0327")


def test_the_import_page_runs_a_job_that_lists_every_bad_row(client, city, staff, django_capture_on_commit_callbacks):
    client.force_login(staff)
    content = xlsx([TARGET_HEAD, ["nope", "430200", 2026, 1, "", ""]]).getvalue()
    upload = SimpleUploadedFile("目标.xlsx", content)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:import", args=["targets"]), {"file": upload})
    job = Job.objects.get()
    assert response.url == reverse("jobs:detail", args=[job.pk])
    assert job.status == Job.Status.FAILED
    assert job.message == "发现 1 处错误，未导入任何数据。"
    page = client.get(response.url).content.decode()
    assert "没有代码为“nope”的指标" in page


def test_the_import_page_refuses_a_file_that_is_not_xlsx(client, staff):
    client.force_login(staff)
    upload = SimpleUploadedFile("目标.xlsx", b"hello")
    response = client.post(reverse("reports:import", args=["targets"]), {"file": upload})
    assert response.status_code == 200
    assert "请上传 Excel 2007 及以上格式" in response.content.decode()
    assert not Job.objects.exists()


def test_the_import_template_lists_indicators_and_regions(client, city, staff):
    client.force_login(staff)
    response = client.get(reverse("reports:import-template", args=["entered"]))
    book = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in book.worksheets[0][2]] == ["指标代码", "区划代码", "统计期", "数值", "单位", "备注"]
    codes = [r[0] for r in book.worksheets[1].iter_rows(min_row=2, values_only=True)]
    assert "gdp" in codes and "org.verified" not in codes


# --- The work-summary pack ----------------------------------------------------------


def test_the_summary_pack_is_built_in_the_background_and_arrives_in_the_inbox(city, django_capture_on_commit_callbacks):
    leader = UserFactory(roles=[Role.LEADER])
    staff = UserFactory(roles=[Role.CITY_STAFF])
    services.set_target(actor=staff, indicator=indicator("gdp"), region=city["city"], year=2024, value=100)
    with django_capture_on_commit_callbacks(execute=True):
        services.set_entered_value(
            actor=staff, indicator=indicator("gdp"), region=city["city"], period=Period.parse("2024-H1"), value=60
        )
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(
            actor=leader, kind="reports.summary", title="上半年", params={"region": "430200", "period": "2024-H1"}
        )
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.message
    book = load_workbook(job.result_file)
    assert book.sheetnames[0] == "主要指标完成情况"
    rows = {r[0]: r for r in book.worksheets[0].iter_rows(min_row=3, values_only=True)}
    assert rows["地区生产总值（GDP）"][2] == 60 and rows["地区生产总值（GDP）"][4] == pytest.approx(0.6)
    assert "地区生产总值（GDP）" in book.sheetnames
    assert Message.objects.filter(recipient=leader, url=reverse("jobs:detail", args=[job.pk])).exists()


def test_county_staff_cannot_build_another_regions_pack(city, django_capture_on_commit_callbacks):
    county = UserFactory(roles=[Role.COUNTY_STAFF], region=city["liling"])
    with django_capture_on_commit_callbacks(execute=True):
        params = {"region": "430223", "period": "2024-Y"}
        job = start_job(actor=county, kind="reports.summary", title="x", params=params)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
