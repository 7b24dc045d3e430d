"""High-tech services: self-check, application package, IP use, review, certificates, reminders."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from bureau.core.errors import ActionNotPermitted, DomainError, InvalidInput
from bureau.inbox.models import Message
from enterprises.certification.models import (
    REQUIRED_ATTACHMENTS,
    AnnualReport,
    HighTechApplication,
    HighTechCertificate,
    ReserveEntry,
    SentReminder,
)
from enterprises.certification.policy import certificate_expiry
from enterprises.certification.selectors import hightech_self_check
from enterprises.certification.services import hightech as services
from enterprises.certification.services.pipeline import add_to_reserve
from enterprises.certification.services.reminders import send_annual_report_reminders, send_expiry_reminders
from enterprises.models import IPClass, IPUse
from enterprises.rules.hightech import ConditionCode

from .factories import THIS_YEAR, CertificateFactory, HighTechApplicationFactory, pdf

pytestmark = pytest.mark.django_db
A = HighTechApplication.Status


def ready_application(member, org):
    """An application with every required file, all IP chosen and the pledge ticked."""
    application = services.start_application(actor=member, organization=org, year=THIS_YEAR)
    for kind in REQUIRED_ATTACHMENTS:
        services.add_attachment(actor=member, application=application, kind=kind, file=pdf())
    ip_ids = [item.pk for item in services.selectable_ip(application)]
    return services.save_application(actor=member, application=application, ip_ids=ip_ids, values={"declaration": True})


def submitted(member, org):
    application = ready_application(member, org)
    return services.submit_application(actor=member, application=application)


class TestSelfCheck:
    def test_every_condition_with_figures_and_innovation_ranges(self, org):
        check = hightech_self_check(org, THIS_YEAR, apply_on=date(THIS_YEAR, 6, 1))
        codes = {c.code: c for c in check.result.conditions}
        assert set(codes) == set(ConditionCode)
        # R&D 2.0 + 2.4 + 2.8 million over revenue 30 + 36 + 42 million = 6.66%.
        assert codes[ConditionCode.RD_RATIO].passed and check.result.rd_ratio > Decimal("0.066")
        assert codes[ConditionCode.INNOVATION_SCORE].passed is None  # the experts' part
        assert check.fiscal_years == [THIS_YEAR - 3, THIS_YEAR - 2, THIS_YEAR - 1]
        computed = {part.name: (part.low, part.high) for part in check.objective_parts}
        assert computed["知识产权：数量"] == (7, 8)  # a class-I item
        # Revenue grows 20% then 16.7%: about 18% -> 5-6 points.
        assert computed["企业成长性：销售收入增长率"] == (5, 6)
        assert check.estimate.low < check.estimate.high

    def test_gap_in_yuan_when_rd_falls_short(self, org):
        year = org.years.get(year=THIS_YEAR - 1)
        year.rd_total = year.rd_in_china = Decimal("100000.00")
        year.save()
        check = hightech_self_check(org, THIS_YEAR)
        rd = check.result.condition(ConditionCode.RD_RATIO)
        assert rd.passed is False and rd.unit == "yuan" and rd.shortfall > 0
        assert "万元" in rd.gap and "5.00%" in rd.gap

    def test_missing_years_are_said(self, org):
        org.years.filter(year=THIS_YEAR - 3).delete()
        check = hightech_self_check(org, THIS_YEAR)
        assert check.missing_years == [THIS_YEAR - 3]
        assert any("尚未填写" in note for note in check.notes)


class TestApplication:
    def test_submission_needs_files_ip_and_pledge(self, org, member):
        application = services.start_application(actor=member, organization=org, year=THIS_YEAR)
        with pytest.raises(InvalidInput) as exc:
            services.submit_application(actor=member, application=application)
        message = str(exc.value.message)
        assert "承诺" in message and "知识产权" in message and "研究开发费用专项审计" in message

    def test_uploads_are_checked_by_content_and_size(self, org, member, settings):
        application = services.start_application(actor=member, organization=org, year=THIS_YEAR)
        fake = SimpleUploadedFile("报告.pdf", b"just some text, not a pdf", content_type="application/pdf")
        with pytest.raises(InvalidInput, match="内容不是"):
            services.add_attachment(actor=member, application=application, kind="rd_audit", file=fake)
        empty = SimpleUploadedFile("空.pdf", b"", content_type="application/pdf")
        with pytest.raises(InvalidInput, match="空的"):
            services.add_attachment(actor=member, application=application, kind="rd_audit", file=empty)
        big = SimpleUploadedFile("大.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024), content_type="application/pdf")
        with pytest.raises(InvalidInput, match="不能超过 20 MB"):
            services.add_attachment(actor=member, application=application, kind="rd_audit", file=big)
        png = SimpleUploadedFile("证书.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
        attachment = services.add_attachment(actor=member, application=application, kind="ip_certificates", file=png)
        assert attachment.content_kind == "png" and attachment.size == 108

    def test_submit_records_the_ip_use_and_freezes_the_profile(self, org, member, liling):
        application = submitted(member, org)
        assert application.status == A.SUBMITTED and application.snapshot.purpose == "hightech"
        uses = IPUse.objects.filter(object_id=application.pk, purpose="hightech", released_at__isnull=True)
        assert uses.count() == 4
        assert application.check_passed and application.innovation_high >= 71

    def test_class2_ip_already_used_is_flagged_and_refused(self, org, member, city_officer):
        first = submitted(member, org)
        class2 = first.ip_items.filter(ip_class=IPClass.CLASS_II).first()
        later = HighTechApplicationFactory(organization=org, year=THIS_YEAR + 1)
        assert class2 not in services.selectable_ip(later)
        assert class2 in services.used_class2_items(later)
        with pytest.raises(InvalidInput, match="已用于其他高新技术企业认定申请"):
            services.save_application(actor=member, application=later, ip_ids=[class2.pk], values={})
        # Class-I items may be used again.
        class1 = first.ip_items.filter(ip_class=IPClass.CLASS_I).first()
        services.save_application(actor=member, application=later, ip_ids=[class1.pk], values={})

    def test_the_database_refuses_a_second_use_even_around_the_form(self, org, member):
        first = submitted(member, org)
        class2 = first.ip_items.filter(ip_class=IPClass.CLASS_II).first()
        later = HighTechApplicationFactory(organization=org, year=THIS_YEAR + 1)
        from enterprises.services import record_ip_use

        with pytest.raises(DomainError, match="不能再次使用"):
            record_ip_use(actor=member, ip=class2, purpose="hightech", application=later, label="x")

    def test_withdrawal_releases_the_ip(self, org, member):
        application = submitted(member, org)
        services.withdraw_application(actor=member, application=application)
        assert application.status == A.WITHDRAWN
        assert not IPUse.objects.filter(object_id=application.pk, released_at__isnull=True).exists()


class TestReviewAndResult:
    def test_recommended_then_certified(self, org, member, liling_officer, city_officer):
        application = submitted(member, org)
        entry = add_to_reserve(actor=liling_officer, organization=org, note="培育中")
        services.review_application(actor=liling_officer, application=application, level="county", decision="pass")
        assert application.status == A.COUNTY_RECOMMENDED
        services.review_application(actor=city_officer, application=application, level="city", decision="pass")
        assert application.status == A.CITY_RECOMMENDED
        issued = timezone.localdate() - timedelta(days=3)
        certificate = services.record_certificate(
            actor=city_officer, application=application, number="gr 2026 4300 1234", issued_on=issued
        )
        assert certificate.number == "GR202643001234"
        assert certificate.expires_on == certificate_expiry(issued)
        assert certificate.expires_on == issued.replace(year=issued.year + 3) - timedelta(days=1)
        application = HighTechApplication.objects.get(pk=application.pk)
        assert application.status == A.CERTIFIED and application.certificate == certificate
        assert ReserveEntry.objects.get(pk=entry.pk).status == ReserveEntry.Status.GRADUATED
        # The IP stays used by the certified application.
        assert IPUse.objects.filter(object_id=application.pk, released_at__isnull=True).count() == 4

    def test_certificate_numbers_are_checked(self, org, city_officer):
        with pytest.raises(InvalidInput, match="GR"):
            services.record_certificate(
                actor=city_officer, organization=org, number="GR2026", issued_on=date(THIS_YEAR, 1, 5)
            )
        with pytest.raises(InvalidInput, match="晚于今天"):
            services.record_certificate(
                actor=city_officer,
                organization=org,
                number="GR202643000001",
                issued_on=timezone.localdate() + timedelta(days=1),
            )
        services.record_certificate(
            actor=city_officer, organization=org, number="GR202643000001", issued_on=date(THIS_YEAR, 1, 5)
        )
        with pytest.raises(InvalidInput, match="已经登记过"):
            services.record_certificate(
                actor=city_officer, organization=org, number="GR202643000001", issued_on=date(THIS_YEAR, 1, 5)
            )

    def test_refusal_releases_the_ip(self, org, member, liling_officer):
        application = submitted(member, org)
        services.review_application(
            actor=liling_officer,
            application=application,
            level="county",
            decision="refuse",
            comment="研发费用归集不规范",
        )
        assert application.status == A.NOT_RECOMMENDED
        assert not IPUse.objects.filter(object_id=application.pk, released_at__isnull=True).exists()

    def test_not_certified_is_recorded_with_a_reason(self, org, member, liling_officer, city_officer):
        application = submitted(member, org)
        services.review_application(actor=liling_officer, application=application, level="county", decision="pass")
        services.review_application(actor=city_officer, application=application, level="city", decision="pass")
        services.record_not_certified(actor=city_officer, application=application, reason="创新能力评价 65 分")
        assert application.status == A.NOT_CERTIFIED
        assert Message.objects.filter(recipient=member, title__contains="未获认定").exists()

    @pytest.mark.parametrize("who", ["tianyuan_officer", "leader", "member"])
    def test_county_review_permissions(self, request, org, member, who):
        application = submitted(member, org)
        with pytest.raises(ActionNotPermitted):
            services.review_application(
                actor=request.getfixturevalue(who), application=application, level="county", decision="pass"
            )

    @pytest.mark.parametrize("who", ["other_city_staff", "liling_officer", "leader"])
    def test_only_the_department_records_certificates(self, request, org, who):
        with pytest.raises(ActionNotPermitted):
            services.record_certificate(
                actor=request.getfixturevalue(who),
                organization=org,
                number="GR202643000002",
                issued_on=date(THIS_YEAR, 1, 5),
            )

    def test_cancellation(self, org, member, city_officer, liling_officer):
        certificate = CertificateFactory(organization=org)
        with pytest.raises(ActionNotPermitted):
            services.cancel_certificate(actor=liling_officer, certificate=certificate, reason="x")
        services.cancel_certificate(actor=city_officer, certificate=certificate, reason="连续两年未填报年报")
        assert certificate.status == HighTechCertificate.Status.CANCELLED
        assert certificate.validity(timezone.localdate()) == "cancelled"


class TestCertificateReminders:
    def test_six_then_three_months_before_expiry_once_each(self, org, member):
        today = date(THIS_YEAR, 1, 10)
        certificate = CertificateFactory(organization=org, issued_on=date(THIS_YEAR - 3, 6, 1))
        assert certificate.expires_on == date(THIS_YEAR, 5, 31)
        # 4.7 months left: inside the 6-month window, outside the 3-month one.
        assert send_expiry_reminders(today=today) == 1
        assert send_expiry_reminders(today=today) == 0
        assert Message.objects.filter(recipient=member, title__contains="不足 6 个月").count() == 1
        # Less than three months left: the 3-month reminder, once.
        assert send_expiry_reminders(today=date(THIS_YEAR, 3, 5)) == 1
        assert send_expiry_reminders(today=date(THIS_YEAR, 3, 6)) == 0
        assert Message.objects.filter(recipient=member, title__contains="不足 3 个月").count() == 1

    def test_a_certificate_first_seen_late_gets_only_the_nearest_reminder(self, org, member):
        CertificateFactory(organization=org, issued_on=date(THIS_YEAR - 3, 3, 1))
        assert send_expiry_reminders(today=date(THIS_YEAR, 1, 10)) == 1
        assert Message.objects.filter(recipient=member, title__contains="不足 3 个月").count() == 1
        assert not Message.objects.filter(recipient=member, title__contains="不足 6 个月").exists()
        assert send_expiry_reminders(today=date(THIS_YEAR, 1, 11)) == 0

    def test_no_reminder_far_from_expiry_or_when_cancelled(self, org, other_org):
        CertificateFactory(organization=org, issued_on=date(THIS_YEAR - 1, 6, 1))
        CertificateFactory(organization=other_org, issued_on=date(THIS_YEAR - 3, 6, 1), status="cancelled")
        assert send_expiry_reminders(today=date(THIS_YEAR, 1, 10)) == 0


class TestAnnualReportReminders:
    def test_may_reminders_for_those_not_reported(self, org, member, other_org, other_member):
        CertificateFactory(organization=org, issued_on=date(THIS_YEAR - 2, 12, 1))
        reported = CertificateFactory(organization=other_org, issued_on=date(THIS_YEAR - 2, 12, 1))
        AnnualReport.objects.create(certificate=reported, year=THIS_YEAR - 1, reported_on=date(THIS_YEAR, 4, 1))
        assert send_annual_report_reminders(today=date(THIS_YEAR, 4, 30)) == 0
        assert send_annual_report_reminders(today=date(THIS_YEAR, 5, 1)) == 1
        assert send_annual_report_reminders(today=date(THIS_YEAR, 5, 2)) == 0
        assert send_annual_report_reminders(today=date(THIS_YEAR, 5, 20)) == 1  # the second round
        assert send_annual_report_reminders(today=date(THIS_YEAR, 6, 1)) == 0  # after the due date
        assert Message.objects.filter(recipient=member, title__contains="发展情况报表").count() == 2
        assert not Message.objects.filter(recipient=other_member).exists()
        assert SentReminder.objects.filter(kind="annual_report").count() == 2

    def test_recording_the_report(self, org, member, other_member):
        certificate = CertificateFactory(organization=org, issued_on=date(THIS_YEAR - 2, 12, 1))
        with pytest.raises(ActionNotPermitted):
            services.record_annual_report(actor=other_member, certificate=certificate, year=THIS_YEAR - 1)
        services.record_annual_report(actor=member, certificate=certificate, year=THIS_YEAR - 1)
        with pytest.raises(InvalidInput, match="已登记过"):
            services.record_annual_report(actor=member, certificate=certificate, year=THIS_YEAR - 1)
        with pytest.raises(InvalidInput, match="年报年度"):
            services.record_annual_report(actor=member, certificate=certificate, year=THIS_YEAR)
