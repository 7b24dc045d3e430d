"""Cultivation: the reserve pool, the stage rollup and its candidates, the reminders task."""

from decimal import Decimal

import pytest

from bureau.core.errors import ActionNotPermitted, InvalidInput
from enterprises.certification.models import CultivationStatus, ReserveEntry
from enterprises.certification.services.pipeline import add_to_reserve, refresh_cultivation, remove_from_reserve
from enterprises.models import Organization
from tests.enterprises.factories import VerifiedOrganizationFactory

from .factories import THIS_YEAR, CertificateFactory, RegisteredSmeFactory, profile_for

pytestmark = pytest.mark.django_db


class TestReserve:
    def test_county_adds_and_removes(self, org, liling_officer):
        entry = add_to_reserve(actor=liling_officer, organization=org, note="研发投入不足")
        assert entry.status == ReserveEntry.Status.ACTIVE and entry.year == THIS_YEAR
        with pytest.raises(InvalidInput, match="已在高企后备库中"):
            add_to_reserve(actor=liling_officer, organization=org)
        remove_from_reserve(actor=liling_officer, entry=entry, reason="已迁出本市")
        assert entry.status == ReserveEntry.Status.REMOVED and entry.end_reason == "已迁出本市"

    def test_other_county_and_leaders_cannot(self, org, tianyuan_officer, leader):
        for actor in (tianyuan_officer, leader):
            with pytest.raises(ActionNotPermitted):
                add_to_reserve(actor=actor, organization=org)

    def test_a_certified_enterprise_is_not_added(self, org, city_officer):
        CertificateFactory(organization=org)
        with pytest.raises(InvalidInput, match="有效的高新技术企业证书"):
            add_to_reserve(actor=city_officer, organization=org)


class TestRollup:
    def test_stages_targets_and_gaps(self, liling, org, other_org):
        RegisteredSmeFactory(organization=org)
        CertificateFactory(organization=other_org)
        weak = VerifiedOrganizationFactory(region=liling)
        profile_for(
            weak, class1=0, class2=1, sci_tech_staff=5, rd_total=Decimal("100000"), rd_in_china=Decimal("100000")
        )
        nodata = VerifiedOrganizationFactory(region=liling)
        VerifiedOrganizationFactory(region=liling, kind=Organization.Kind.UNIVERSITY)
        assert refresh_cultivation(year=THIS_YEAR) == 4
        rows = {row.organization_id: row for row in CultivationStatus.objects.filter(year=THIS_YEAR)}
        assert rows[org.pk].stage == "sme_registered" and rows[org.pk].target_stage == "hightech_reserve"
        assert rows[org.pk].candidate  # good figures: meets the reserve criteria
        assert rows[other_org.pk].stage == "hightech_certified" and rows[other_org.pk].target_stage == "little_giant"
        assert rows[weak.pk].stage == "registered" and not rows[weak.pk].candidate
        assert any("科技人员" in gap["text"] for gap in rows[weak.pk].gaps)
        assert rows[nodata.pk].gaps[0]["code"] == "missing_data"

    def test_rerun_replaces_rows(self, org):
        refresh_cultivation(year=THIS_YEAR)
        first = CultivationStatus.objects.get(organization=org).computed_at
        RegisteredSmeFactory(organization=org)
        refresh_cultivation(year=THIS_YEAR)
        row = CultivationStatus.objects.get(organization=org)
        assert row.computed_at > first and row.stage == "sme_registered"
        assert CultivationStatus.objects.count() == 1

    def test_tasks_run(self, org):
        from enterprises.certification.tasks import refresh_cultivation as task
        from enterprises.certification.tasks import send_reminders

        assert task.delay(THIS_YEAR).get() == 1
        assert set(send_reminders.delay().get()) == {"expiry", "annual_report", "sme"}

    def test_beat_schedules_are_declared(self):
        from bureau.core.schedules import declared_schedules

        schedules = declared_schedules()
        assert schedules["certification-reminders"]["task"] == "enterprises.certification.tasks.send_reminders"
        assert "certification-cultivation-rollup" in schedules
