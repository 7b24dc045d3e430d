"""Demo data: realistic, idempotent, and harmless without the registry's organizations."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from bureau.core import demo as core_demo
from bureau.publicity.models import Publicity
from enterprises import demo as registry_demo
from enterprises.certification import demo
from enterprises.certification.models import CultivationStatus, HighTechCertificate, ReserveEntry, SmeEvaluation

pytestmark = pytest.mark.django_db


def test_without_organizations_it_does_nothing(db):
    out = io.StringIO()
    demo.seed(out)
    assert "跳过" in out.getvalue()
    assert not SmeEvaluation.objects.exists()


def test_seed_once_then_only_refresh(django_capture_on_commit_callbacks):
    out = io.StringIO()
    core_demo.seed(out)
    core_demo.seed_accounts()
    registry_demo.seed(out)
    with django_capture_on_commit_callbacks(execute=True):
        demo.seed(out)
    today = timezone.localdate()
    S = SmeEvaluation.Status
    assert SmeEvaluation.objects.filter(status=S.REGISTERED, year=today.year).count() >= 10
    assert SmeEvaluation.objects.filter(status=S.SUBMITTED, organization__region__code="430281").exists()
    assert SmeEvaluation.objects.filter(status=S.COUNTY_PASSED).exists()
    assert SmeEvaluation.objects.filter(status=S.PUBLICIZED).exists()
    notice = Publicity.objects.get(source="sme", status=Publicity.Status.OPEN)
    assert notice.starts_on <= today <= notice.ends_on
    assert HighTechCertificate.objects.count() >= 30
    soon = today + timedelta(days=183)
    assert HighTechCertificate.objects.expiring_between(today, soon).exists()
    assert ReserveEntry.objects.active().count() >= 10
    assert CultivationStatus.objects.filter(year=today.year).exists()
    counts = (SmeEvaluation.objects.count(), HighTechCertificate.objects.count())
    demo.seed(out)
    assert (SmeEvaluation.objects.count(), HighTechCertificate.objects.count()) == counts
