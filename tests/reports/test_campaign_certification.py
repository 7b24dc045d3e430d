"""Campaign targets by certification status (reports/campaign_filters.py): high-tech, SME, reserve pool."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bureau.accounts.models import Role
from enterprises.certification.models import HighTechCertificate, ReserveEntry, SmeEvaluation
from enterprises.certification.policy import certificate_expiry
from enterprises.models import Organization
from reports import campaign_filters, selectors
from reports.forms import campaign_form_class
from reports.models import Answer
from reports.services import campaigns as services
from tests.certification.factories import CertificateFactory, RegisteredSmeFactory, ReserveEntryFactory
from tests.factories import UserFactory, make_uscc
from tests.reports.factories import CampaignFieldFactory, VerifiedOrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(db):
    return UserFactory(roles=[Role.CITY_STAFF])


def _certificates(orgs, issued_on, start=0, **kwargs):
    HighTechCertificate.objects.bulk_create(
        [
            HighTechCertificate(
                organization=org,
                number=f"GR{issued_on.year}43{start + n:06d}",
                issued_on=issued_on,
                expires_on=certificate_expiry(issued_on),
                **kwargs,
            )
            for n, org in enumerate(orgs)
        ]
    )


def test_the_survey_of_550_high_tech_enterprises_in_force_shows_470_resumed(client, city, staff):
    """Zhuzhou, February 2020: 550 high-tech enterprises, 470 of them back at work (85.45%)."""
    today = timezone.localdate()
    orgs = Organization.objects.bulk_create(
        [Organization(uscc=make_uscc(), name=f"高企{n}", region=city["liling"]) for n in range(555)]
    )
    in_force, expired, cancelled, future, uncertified = orgs[:550], orgs[550], orgs[551], orgs[552], orgs[553]
    _certificates(in_force, today - timedelta(days=400))
    _certificates(in_force[:1], today - timedelta(days=10), start=600)  # re-certified: still one enterprise
    _certificates([expired], today - timedelta(days=3 * 366), start=700)
    _certificates([cancelled], today - timedelta(days=30), start=800, status=HighTechCertificate.Status.CANCELLED)
    _certificates([future], today + timedelta(days=5), start=900)
    assert uncertified.hightech_certificates.count() == 0

    survey = services.save_campaign(
        actor=staff,
        title="高新技术企业复工复产情况调查",
        kind="survey",
        opens_on=today,
        deadline=today + timedelta(days=10),
        target_filter={"certification": ["hightech"]},
    )
    CampaignFieldFactory(campaign=survey, key="resumed", label="是否已复工复产")
    assert campaign_filters.describe(survey.target_filter) == ["认定情况：有效期内的高新技术企业"]

    assert services.publish_campaign(actor=staff, campaign=survey) == 550

    answers = list(Answer.objects.filter(campaign=survey).order_by("pk").values_list("pk", flat=True))
    now = timezone.now()
    Answer.objects.filter(pk__in=answers[:470]).update(data={"resumed": True}, submitted_at=now)
    Answer.objects.filter(pk__in=answers[470:]).update(data={"resumed": False}, submitted_at=now)
    stats = selectors.campaign_stats(survey, Answer.objects.filter(campaign=survey))
    assert (stats.targeted, stats.fields[0].yes) == (550, 470)

    client.force_login(staff)
    page = client.get(reverse("reports:campaign", args=[survey.pk])).content.decode()
    assert "550 家中 470 家回答“是”" in page and "85.45%" in page
    assert "有效期内的高新技术企业" in page


def test_smes_registered_this_year_and_the_reserve_pool(city):
    year = timezone.localdate().year
    sme = RegisteredSmeFactory(organization=VerifiedOrganizationFactory(region=city["liling"]), year=year).organization
    RegisteredSmeFactory(
        organization=VerifiedOrganizationFactory(region=city["liling"]),
        year=year - 1,
        registration_number=f"{year - 1}43028199999",
        registered_on=date(year - 1, 5, 1),
        valid_until=date(year - 1, 12, 31),
    )  # last year's registration
    RegisteredSmeFactory(
        organization=VerifiedOrganizationFactory(region=city["youxian"]), year=year, status=SmeEvaluation.Status.REVOKED
    )
    pooled = ReserveEntryFactory(organization=VerifiedOrganizationFactory(region=city["youxian"])).organization
    ReserveEntryFactory(
        organization=VerifiedOrganizationFactory(region=city["youxian"]), status=ReserveEntry.Status.REMOVED
    )
    hightech = VerifiedOrganizationFactory(region=city["youxian"])
    CertificateFactory(organization=hightech, issued_on=timezone.localdate() - timedelta(days=1))

    def chosen(data):
        return set(campaign_filters.matching_organizations(data))

    assert chosen({"certification": ["sme"]}) == {sme}
    assert chosen({"certification": ["reserve"]}) == {pooled}
    assert chosen({"certification": ["sme", "reserve", "hightech"]}) == {sme, pooled, hightech}
    assert chosen({"certification": ["sme", "reserve"], "region": [city["youxian"].code]}) == {pooled}
    assert campaign_filters.describe({"certification": ["sme", "reserve"]}) == [
        "认定情况：本年度已入库的科技型中小企业、高企后备库在库企业"
    ]


def test_the_campaign_form_offers_the_certification_filter(staff):
    form = campaign_form_class()(
        {
            "title": "科技型中小企业研发投入填报",
            "kind": "rd_filing",
            "data_year": "2025",
            "opens_on": "2026-01-05",
            "deadline": "2026-03-31",
            "target_certification": ["sme"],
        }
    )
    assert form.is_valid(), form.errors
    assert form.target_filter()["certification"] == ["sme"]
